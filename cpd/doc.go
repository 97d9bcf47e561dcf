// Package cpd is the heart an HR system embeds: people, their CPD
// activities and the Service that applies the use cases, through two ports
// the embedding system plugs into.
//
// # Ports
//
// A [Store] persists records (adapters/memory keeps them in memory,
// adapters/sqlstore in SQLite or PostgreSQL); every transaction belongs to
// one organisation, is all-or-nothing, checks versions so that two writers
// cannot both win, and appends an audit [Event] for every change. A
// [Directory] answers who holds which organisational [Role] and who
// manages whom, from the embedding system's own accounts; a standalone use
// with no HR system of its own uses [StoredDirectory], which answers from
// the stored people's Roles and LineManager.
//
// The Directory is the one source of identity. With [StoredDirectory] over
// the Service's store, a person's record is that source: setting their line
// manager with [Staff.UpdatePerson] is what lets that manager read their
// records and approve their requests. With any other Directory, a person's
// [Person.Roles] and [Person.LineManager] are a copy of the Directory's
// answer, overwritten from it on every write of the person (AddPerson,
// UpdatePerson, ImportPeople, Resign, UpdatePenPortrait and the like), so
// that a stored person cannot be written disagreeing with it (a later
// change in the HR system reaches the record on its next write; rights
// follow the Directory at once).
//
// # The Service and its facets
//
// [New] builds a [Service] over a Store, a Directory and a compliance
// policy. Its use cases are grouped by bounded context, each group a facet
// reached as a field of the Service, so that `go doc` of one group is one
// screen and a newcomer finds a use case by what it is about:
//
//   - people and their activities: [Staff] (svc.Staff: records, leaving,
//     subject access), [Activities] (svc.Activities: the activity life
//     cycle, imports and withdrawals) and [Compliance] (svc.Compliance:
//     statuses, exemptions and extensions, the forecast, alerts and
//     reminders);
//   - money: [Budgets] (svc.Budgets: budgets, transfers, claims, support);
//   - performance management: [Appraisals] (svc.Appraisals: reviews,
//     targets, one-to-ones, improvement plans, CPD logs) and [Development]
//     (svc.Development: development days, feedback, sector updates).
//
// The facets are typed views of one Service rather than sibling packages:
// the three contexts share one transaction per call, one authorisation and
// one audit trail, and a step in one context is often a rule of another
// (approving an activity commits money; completing it changes compliance
// and may meet an appraisal target), so a package boundary between them
// would have to export the kernel they share. [Service.AuditTrail] and
// [Service.Evaluator] serve every context and stay on the Service.
//
// # Identity and authorisation
//
// The acting person comes from the context ([WithActor]). Every Service
// method authorises before it reads or writes: staff see and record their
// own CPD; line managers their reports'; administrators maintain training
// records for everyone; the head of education, IQA and managing director
// read everyone's; auditors read and change nothing; nobody approves their
// own request. A refusal is [ErrForbidden] and reveals nothing about the
// target.
//
// # Activities
//
// An [Activity] lives requested → approved → booked → completed →
// evaluated, or is declined, cancelled or delegated to a colleague; a
// completed record can also be entered directly ([Activities.RecordCompleted]),
// or many at once from an LMS or HR system ([Activities.ImportCompletions],
// all or nothing by default, through the Store's [BulkTx] where it has one,
// reading for many people at once through its [ReadManyTx] and rewriting
// their statuses together through its [UpdateManyTx] where it has those). An imported record its source later retracts (a voided xAPI
// statement) is withdrawn by its external reference
// ([Activities.WithdrawImported]): kept, but counting for nothing.
// Any other step is [ErrTransition]. Amending a completed record keeps the
// previous version in its history; only what a person recorded themself is
// theirs to amend, while an imported record or one recorded for them
// ([Activity.RecordedBy]) is amended by an administrator. Fields that have
// their own use case (approvals, delegation, an ExternalRef, a person's
// extensions, exemptions and plans) are set there and nowhere else.
// [Staff.Resign] cancels or delegates a
// leaver's open activities in the same transaction as the resignation.
//
// # Audit trail
//
// Every change appends an audit Event in its transaction. Service.AuditTrail
// reads them back, filtered by person, record, kind, actor, action and time,
// a page at a time, with the fields each change altered (before and after);
// Service.AuditTrailAll yields every page, and WriteAuditCSV and
// WriteAuditJSONLines export them for an auditor. The roles that read
// everyone read the whole trail, anyone else the events about their own
// records; Staff.SubjectAccess includes the events about the person.
//
// # Compliance
//
// Completed activities (with their relevance to the job role, for hours
// rules that count only learning in the policy's scope), qualifications,
// memberships (valid from their last renewal to their card's own expiry,
// at their Level), CPD log submissions ([Appraisals.SubmitLog]), signed-off
// appraisals and interim reviews ([AppraisalTopic], [InterimReviewTopic]),
// the organisation's plan reviews ([Appraisals.RecordPlanReview],
// [PlanReviewTopic]) and the pen portrait, captured and kept up to date
// ([PenPortraitTopic], [PenPortraitUpdateTopic]), become
// compliance.Evidence, so that a policy's cadences (an annual appraisal, a
// monthly plan review) are requirements like any other; each change re-evaluates only the person it
// touches and stores their [Status], so [Compliance.OrgCompliance] reads one
// small record per person. Statuses record the next day on which time alone could
// change them, and views re-evaluate only people whose status has gone
// stale. A stored status names its requirements only by position; the
// record of kind [KindCompliancePolicy], written with the first status
// under a policy, lists them, for readers of the database such as
// adapters/sqlstore's cpdkit_compliance view.
//
// Compliance.ComplianceOn and Compliance.OrgComplianceOn evaluate a person or the
// organisation on another day, past or future, from the records as they
// stand now. Compliance.Forecast walks a window of days (today to an
// inspection, say) and lists who falls out of compliance with what and
// when, by team and requirement: a booked course that completes in time
// covers an item, and a requested one is shown as its at-risk fix.
//
// # Reminders
//
// The alerts ([Compliance.Alerts], [Compliance.TeamAlerts]) say what is due;
// reminders say who has been told. Options.Reminders holds the rules, as
// policy data ([ReminderRule], read from JSON by its stable names): remind
// the person 30 and 7 days before an item lapses, their line manager on
// the day it lapses and weekly while it stays lapsed, the line manager
// when a starter's induction item is still pending halfway to its
// deadline. [Compliance.Reminders] lists those due today and not yet sent;
// [Compliance.RecordSent] records one as sent, once: a reminder's ID is
// worked out from the person, requirement, rule and occurrence, and its
// record ([KindReminder]) can be created only once, so two runs racing
// both try and one wins. [Compliance.SendReminders] does both, recording each
// reminder in its own transaction before handing it to a [Notifier], so a
// run that dies part-way leaves the rest to the next. Delivery is the
// embedder's: [WriterNotifier] writes a line per reminder to a log, and
// [SMTPNotifier] sends e-mail with net/smtp. The roles that read everyone
// list the reminders due; of those, all but auditors record and send them.
//
// # Performance management
//
// The rules of package appraisal are stored as their own record kinds
// ([AppraisalKinds]) with the same authorisation: the appraiser is the line
// manager, a person sees their own, nobody signs or acts for someone else.
// [Appraisals.SignReview] turns a signed-off plan's needs into requested
// activities linked to their targets; [Appraisals.EvaluateTarget] and
// [Appraisals.RateEffectiveness] judge targets and the development done for
// them; [Development.GiveFeedback] and [Development.FeedbackReport] collect and
// monitor feedback; [Appraisals.OneToOneAgenda] builds a 1-to-1's
// professional-learning item; [Appraisals.SubmitLog] records CPD log
// submissions as evidence for the policy's CPD log cadence;
// [Appraisals.RecordPlanReview] records the monthly improvement-plan review;
// [Appraisals.StartPIP], [Activities.RecordAttendance] (development days) and
// [Development.AcknowledgeUpdate] (sector updates) write their activities in
// the same transaction as their own records.
//
// # What is stored reads back
//
// Every record the Service writes is bounded before it is encoded, in one
// place, whichever use case writes it: every string is valid UTF-8 with no
// NUL byte and at most [MaxTextLen] bytes (a title or name [MaxTitleLen],
// an evidence reference [MaxEvidenceLen], an ID [MaxIDLen], with no "/");
// hours have at most [HoursPlaces] digits after the point and are below
// [MaxHours]; an FTE has at most four places, days of cover two, and any
// other decimal four places and a magnitude below a thousand million;
// money is within budget.MaxAmount; days and times fall in the years 1 to
// 9999; and a record's data is at most [MaxRecordSize]. A value out of
// bounds is refused with a [ValidationError] (ErrInvalid) naming its field,
// and nothing is written; an import rejects it by its index. A Store's own
// arguments are checked once, by [CheckName] and the functions beside it,
// which every adapter calls, so that memory, SQLite and PostgreSQL accept
// and refuse exactly the same names.
//
// # One vocabulary
//
// Where cpd and budget, appraisal or compliance mean the same thing, there
// is one type, owned by the leaf package: [Necessity] is budget.Necessity.
// Where they differ the conversion is total and written out value by
// value: an organisational [Role] acts as the budget.Role of its name
// (staff, the IQA and auditors take no part in spending), and a target's
// appraisal.Source is the activity [Source] of its name. Names a policy
// gives as text (a scope's roles, an hours rule's aspects and activity
// kinds, a budget rule's kinds) must be cpd's, or [New] refuses the
// policy naming the field; an update's audience roles are checked when it
// is sent, and a Directory identity with a role that has no name is the
// Directory's failure. Nothing is dropped silently for want of a name.
//
// # Money
//
// With a budget policy (Options.Budget, a budget.Policy) the Service keeps
// academic-year budgets: [Budgets.ProposeBudget] and [Budgets.AgreeBudget],
// or [Budgets.AllocateBudget], by the roles the policy names, open a
// budget.Account per line. An Activity with [Funding] is approved by its
// approval chain: each [Activities.Approve] records one approval and the last
// commits the cost from the line in the same transaction, so two
// approvals racing for the last pound cannot both succeed
// ([ErrInsufficientFunds]). Cancelling releases the money, delegating moves
// it, completing spends the cost of cover, and [Budgets.SubmitClaim] and
// [Budgets.ApproveClaim] spend the rest. [Budgets.BudgetReport] reports
// on a budget and [Budgets.CheckBooks] proves its books balance; both read
// the budget's ledger, the activities it names and the open requests
// charged to the budget (through the store's state index), never the
// organisation's whole history of activities.
//
// # Reports at scale
//
// Organisation-wide reports read what they report on, not everything the
// organisation ever recorded. Beside the per-person [Status], the Service
// keeps, in the same transaction as the activity, a link from each
// improvement target to each activity serving it ([KindTargetNeed]), so
// that [Appraisals.ImprovementPlanReview] reads the activities of the targets
// it reviews, and links from each day to the activities completed on it
// ([KindCompletion]), so that [Development.FeedbackReport] for a window
// reads the activities completed in it. Links are only ever added; a stale
// one is ignored when read. After upgrading from a cpdkit that did not keep
// them, run [Appraisals.RebuildTargetNeeds] and
// [Development.RebuildCompletions] once.
package cpd
