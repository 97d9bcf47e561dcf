package cpd

// The facets of a Service. Each is a view of the same kernel, so a facet
// is as safe for concurrent use as the Service, and every call follows the
// rules written on Service: the actor from the context, one transaction
// per call, the same errors, nothing written when a call fails. A
// facet's zero value is not usable; take it from a Service.

// Staff keeps the people of the organisation: adding and updating their
// records (usually from an HR system's import), recording that someone
// leaves, the exemptions and extensions the policy allows, planned
// qualifications, pen portraits, and a person's subject access request.
// Reach it as Service.Staff.
type Staff struct{ *kernel }

// Activities runs the life cycle of a CPD activity: a request, its
// approval (with the money it commits, when a budget policy is set),
// booking, completion and evaluation; or a completion recorded or
// imported directly, and an import's withdrawal. Every change re-evaluates
// the person's compliance in the same transaction. Reach it as
// Service.Activities.
type Activities struct{ *kernel }

// Compliance reads where people stand against the compliance policy, for
// one person or the whole organisation, keeps the stored statuses fresh,
// and raises alerts and reminders of what falls due. Reach it as
// Service.Compliance.
type Compliance struct{ *kernel }

// Budgets holds the money for CPD: budgets proposed, agreed and
// allocated, transfers between their lines, expense claims and their
// approval, the report and the books' check, the spending forecast and
// decisions on support. Its calls are ErrInvalid unless the Service has a
// budget policy (Options.Budget). Reach it as Service.Budgets.
type Budgets struct{ *kernel }

// Appraisals runs performance management: the yearly cycle and its
// reviews, targets and how effective activities were against them,
// one-to-one meetings and their agenda, performance improvement plans and
// the improvement plan's review, and CPD log submissions. Reach it as
// Service.Appraisals.
type Appraisals struct{ *kernel }

// Development plans the organisation's development days, gathers and
// reports feedback on activities, and sends sector updates that staff
// acknowledge. Reach it as Service.Development.
type Development struct{ *kernel }
