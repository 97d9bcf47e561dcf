package cpd

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/cpdkit/cpdkit/budget"
)

// Funding is the money side of an activity. Whoever requests the activity
// says which budget pays, what it will cost (itemised costs and any supply
// cover), whether it needs an overnight stay and whether it is relevant to
// the person's job role; the Service keeps the rest: the line charged, the
// approval chain the budget policy gives it, the approvals so far and who
// is still needed, an authorised override, and the money committed.
//
// The Service works out the rest from the activity: training whose Source
// is Required is mandatory (charged to the mandatory-training line, and
// always fundable), and learning marked Necessary counts as relevant to the
// job role.
type Funding struct {
	// Budget is the ID of the budget that pays.
	Budget string `json:"budget"`
	// Line is the line charged; the Service chooses the mandatory-training
	// line for mandatory training (budget.Budget.LineFor).
	Line  string       `json:"line,omitzero"`
	Costs budget.Costs `json:"costs"`
	// Overnight is set when the activity needs an overnight stay.
	Overnight bool `json:"overnight,omitzero"`
	// RelevantToRole says the learning is relevant to the job role, for
	// aspirational learning (necessary learning always is).
	RelevantToRole bool `json:"relevant_to_role,omitzero"`

	// Chain, Approvals and Waiting are kept by the Service: the approvals
	// the request needs, has, and still waits for.
	Chain     budget.Chain      `json:"chain"`
	Approvals []budget.Approval `json:"approvals,omitzero"`
	Waiting   []budget.Role     `json:"waiting,omitzero"`
	// Override is an overspend authorised for the request (see
	// Activities.AuthoriseOverride).
	Override *budget.Override `json:"override,omitzero"`
	// Commitment is the money committed to it once approved.
	Commitment *budget.Commitment `json:"commitment,omitzero"`
}

// clone returns a deep copy, so that the Service never changes a caller's
// Funding.
func (f *Funding) clone() *Funding {
	if f == nil {
		return nil
	}
	c := *f
	c.Costs.Items = slices.Clone(f.Costs.Items)
	if f.Costs.Cover != nil {
		cv := *f.Costs.Cover
		c.Costs.Cover = &cv
	}
	c.Chain.Steps = slices.Clone(f.Chain.Steps)
	c.Approvals, c.Waiting = slices.Clone(f.Approvals), slices.Clone(f.Waiting)
	if f.Override != nil {
		o := *f.Override
		c.Override = &o
	}
	if f.Commitment != nil {
		cm := *f.Commitment
		c.Commitment = &cm
	}
	return &c
}

// relevantToRole is the policies' relevance of learning to the job role,
// which both funding (budget.Request.RelevantToRole) and the hours that
// count (compliance.HoursRule.RelevantOnly) read: learning necessary for
// the role always is; aspirational learning is when its requester marked
// it so (Funding.RelevantToRole). Training whose Source is Required is in
// scope besides, as required by the organisation.
func relevantToRole(n Necessity, marked bool) bool { return n == Necessary || marked }

// budgetRequest builds the budget package's view of a funded activity:
// the line it is charged to and its holder, and the person's line manager
// and roles, and its requester's, by the Directory (a role either holds
// goes to the budget policy's alternate for it, as neither may approve;
// see budget.Policy.Alternates).
func (s *kernel) budgetRequest(c *work, a *Activity, b *budget.Budget) (budget.Request, error) {
	f := a.Funding
	r := budget.Request{
		ID: a.ID, Person: a.Person, RequestedBy: a.RequestedBy, Line: f.Line, Kind: a.Kind.String(), Necessity: a.Necessity,
		Mandatory: a.Source == Required, RelevantToRole: relevantToRole(a.Necessity, f.RelevantToRole),
		Overnight: f.Overnight, Start: a.Start, Costs: f.Costs,
	}
	line, err := b.LineFor(&r)
	if err != nil {
		return budget.Request{}, fmt.Errorf("funding: %w", err)
	}
	r.Line, r.LineHolder = line.ID, line.Holder
	id, _, err := s.colleague(c.ctx, c.Org, a.Person)
	if err != nil {
		return budget.Request{}, err
	}
	// None for a person the Directory cannot answer for.
	r.LineManager, r.PersonRoles = id.LineManager, budgetRoles(id.Roles)
	if a.RequestedBy != "" && a.RequestedBy != a.Person {
		by, _, err := s.colleague(c.ctx, c.Org, a.RequestedBy)
		if err != nil {
			return budget.Request{}, err
		}
		r.RequesterRoles = budgetRoles(by.Roles)
	}
	return r, nil
}

// fundedBudget reads the budget a funded activity names, which must be in
// force.
func fundedBudget(ctx context.Context, tx Tx, f *Funding) (budget.Budget, error) {
	b, _, err := getBudget(ctx, tx, f.Budget)
	switch {
	case errors.Is(err, ErrNotFound):
		return b, invalid("funding.budget", "there is no budget %q", f.Budget)
	case err != nil:
		return b, err
	}
	return b, inForce(&b)
}

// inForce is ErrInvalid for a budget that is not in force.
func inForce(b *budget.Budget) error {
	if !b.InForce() {
		return invalid("funding.budget", "budget %s is %s, not in force", b.ID, b.State)
	}
	return nil
}

// fundRequest prepares a new activity's Funding when it is requested: it
// checks the budget and the costs, chooses the line, and works out the
// approval chain, which is refused if the policy does not fund the
// learning. Only a requested activity may ask for money.
func (s *kernel) fundRequest(c *work, a *Activity) error {
	if a.Funding == nil {
		return nil
	}
	if a.State != Requested {
		return invalid("funding", "only a requested activity asks for money; record its cost as a request")
	}
	p, err := s.budgetPolicy()
	if err != nil {
		return err
	}
	f := a.Funding.clone()
	f.Chain, f.Approvals, f.Waiting, f.Override, f.Commitment = budget.Chain{}, nil, nil, nil, nil
	a.Funding = f
	b, err := fundedBudget(c.ctx, c.tx, f)
	if err != nil {
		return err
	}
	r, err := s.budgetRequest(c, a, &b)
	if err != nil {
		return err
	}
	chain, err := p.Chain(&r)
	if err != nil {
		return fmt.Errorf("funding: %w", err)
	}
	f.Line, f.Chain, f.Waiting = r.Line, chain, chain.Progress(nil).Waiting
	return nil
}

// charged reports whether an activity asks for money under an approval
// chain of its own.
func (a *Activity) charged() bool { return a.Funding != nil && len(a.Funding.Chain.Steps) > 0 }

// fundedCase is what the steps of one call need to decide on a funded
// activity: the budget it names, as read, and the budget package's view of
// the request (its line and holder, and the person's and requester's line
// managers and roles, from the Directory). It is read once per call,
// however many steps need it: authorising the decision, running the chain
// and committing the money.
type fundedCase struct {
	read    bool
	budget  budget.Budget
	request budget.Request
}

// load reads the case the first time a step of the call needs it.
func (s *kernel) load(c *work, a *Activity, fc *fundedCase) error {
	if fc.read {
		return nil
	}
	b, _, err := getBudget(c.ctx, c.tx, a.Funding.Budget)
	if err != nil {
		return err
	}
	r, err := s.budgetRequest(c, a, &b)
	if err != nil {
		return err
	}
	*fc = fundedCase{read: true, budget: b, request: r}
	return nil
}

// mayDecideFunded authorises an approval or a refusal of a funded
// request: whoever acts now in one of the roles its chain waits for may,
// and (to refuse) so may whoever may decide any request.
func (s *kernel) mayDecideFunded(c *work, a *Activity, st step, fc *fundedCase) error {
	op := "activity " + st.name
	if c.readOnly() {
		return deny(op)
	}
	if st.name == stepDecline.name {
		if ok, err := s.canDecide(c, a); err != nil || ok {
			return permit(ok, err)(op)
		}
	}
	if err := s.load(c, a, fc); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if !a.Funding.Chain.MayDecide(&fc.request, a.Funding.Approvals, c.approver()) {
		return fmt.Errorf("%w: %s may not %s: it is %s", ErrForbidden, c.Person, op, a.Funding.Chain.Progress(a.Funding.Approvals))
	}
	return nil
}

// approveFunded records the actor's approval in a charged activity's
// chain, before anything else of the step changes, and reports whether it
// completes the chain. While the chain still waits for others the
// activity stays requested: the step records the approval and no more
// (audited as "activity.approval_recorded").
func (s *kernel) approveFunded(c *work, a *Activity, fc *fundedCase) (complete bool, err error) {
	if err := s.load(c, a, fc); err != nil {
		return false, err
	}
	if err := inForce(&fc.budget); err != nil {
		return false, err
	}
	f := a.Funding.clone()
	approvals, prog, err := f.Chain.Approve(&fc.request, f.Approvals, c.approver(), c.today)
	if err != nil {
		return false, err
	}
	f.Approvals, f.Waiting = approvals, prog.Waiting
	a.Funding = f
	return prog.Complete, nil
}

// fund applies the money side of one step of a funded activity, in the
// step's transaction, before the activity is written: a final approval
// commits the cost from the line (the chain, if any, was run before the
// step; see approveFunded); cancelling an approved activity releases its
// commitment; completing it spends the cost of cover; declining or
// cancelling a request stops it waiting. fc is the call's case (see
// fundedCase); nil for a step that cannot approve.
func (s *kernel) fund(c *work, prev State, a *Activity, fc *fundedCase) error {
	if a.Funding == nil {
		return nil
	}
	a.Funding = a.Funding.clone()
	switch {
	case prev == Requested && a.State == Approved:
		return s.commitFunding(c, a, fc)
	case prev == Requested:
		a.Funding.Waiting = nil
		return nil
	case a.State == Cancelled:
		return s.releaseFunding(c, a, "activity.cancelled", a.Reason)
	case a.State == Completed && (prev == Approved || prev == Booked):
		return s.spendCover(c, a)
	}
	return nil
}

// commitFunding commits an approved activity's cost from its line.
func (s *kernel) commitFunding(c *work, a *Activity, fc *fundedCase) error {
	if fc == nil {
		fc = &fundedCase{}
	}
	f := a.Funding
	p, err := s.budgetPolicy()
	if err != nil {
		return err
	}
	if err := s.load(c, a, fc); err != nil {
		if errors.Is(err, ErrNotFound) {
			return invalid("funding.budget", "there is no budget %q", f.Budget)
		}
		return err
	}
	if err := inForce(&fc.budget); err != nil {
		return err
	}
	total := fc.request.Total(p.Currency)
	if !total.IsPositive() {
		return nil
	}
	acct, err := getAccount(c.ctx, c.tx, fc.budget.ID, fc.request.Line)
	if err != nil {
		return err
	}
	comm := budget.NewCommitment(a.ID, fc.request.Line, p.Currency)
	if f.Commitment != nil {
		comm = *f.Commitment
	}
	e, err := acct.Commit(&comm, total, s.causeOf(c, "activity.approved", a.ID, ""), f.Override)
	if err != nil {
		return err
	}
	f.Commitment = &comm
	return acct.post(c.ctx, c.tx, c.ch, posting{entry: e, owner: a.Person})
}

// releaseFunding returns whatever is still committed to an activity to
// its line.
func (s *kernel) releaseFunding(c *work, a *Activity, action, reason string) error {
	f := a.Funding
	if f == nil || f.Commitment == nil || !f.Commitment.Outstanding.IsPositive() {
		return nil
	}
	acct, err := getAccount(c.ctx, c.tx, f.Budget, f.Commitment.Line)
	if err != nil {
		return err
	}
	e, err := acct.Release(f.Commitment, f.Commitment.Outstanding, s.causeOf(c, action, a.ID, reason))
	if err != nil {
		return err
	}
	return acct.post(c.ctx, c.tx, c.ch, posting{entry: e, owner: a.Person})
}

// spendCover records the cost of cover as spent when the activity is
// completed: the cover has been provided.
func (s *kernel) spendCover(c *work, a *Activity) error {
	f := a.Funding
	if f.Commitment == nil || f.Costs.Cover == nil {
		return nil
	}
	cover := f.Costs.Cover.Cost()
	if !cover.IsPositive() {
		return nil
	}
	acct, err := getAccount(c.ctx, c.tx, f.Budget, f.Commitment.Line)
	if err != nil {
		return err
	}
	e, err := acct.Spend(f.Commitment, cover, s.causeOf(c, "activity.completed", a.ID, "supply cover provided"), nil)
	if err != nil {
		return err
	}
	return acct.post(c.ctx, c.tx, c.ch, posting{entry: e, owner: a.Person})
}

// moveFunding passes a delegated activity's money to the colleague's new
// activity n: its outstanding commitment moves to n on the same line, and
// a request still waiting for approval starts its chain again for the
// colleague (whose line manager may differ).
func (s *kernel) moveFunding(c *work, from, n *Activity) error {
	if from.Funding == nil {
		return nil
	}
	from.Funding = from.Funding.clone()
	n.Funding = from.Funding.clone()
	n.Funding.Commitment = nil
	if n.State == Requested {
		p, err := s.budgetPolicy()
		if err != nil {
			return err
		}
		b, err := fundedBudget(c.ctx, c.tx, n.Funding)
		if err != nil {
			return err
		}
		r, err := s.budgetRequest(c, n, &b)
		if err != nil {
			return err
		}
		chain, err := p.Chain(&r)
		if err != nil {
			return fmt.Errorf("funding: %w", err)
		}
		n.Funding.Chain, n.Funding.Approvals, n.Funding.Waiting = chain, nil, chain.Progress(nil).Waiting
		from.Funding.Waiting = nil
	}
	fc := from.Funding.Commitment
	if fc == nil {
		return nil
	}
	acct, err := getAccount(c.ctx, c.tx, from.Funding.Budget, fc.Line)
	if err != nil {
		return err
	}
	to := budget.NewCommitment(n.ID, fc.Line, fc.Outstanding.Currency())
	entries, err := acct.Move(fc, &to, s.causeOf(c, "activity.delegated", from.ID, "delegated to "+n.Person))
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	n.Funding.Commitment = &to
	return acct.post(c.ctx, c.tx, c.ch, posting{entry: entries[0], owner: from.Person}, posting{entry: entries[1], owner: n.Person})
}

// AuthoriseOverride records the actor's authority for a requested
// activity's cost to overspend its line, with a reason: the approval that
// commits the cost will use it on a line whose enforcement is
// budget.AllowOverride (budget.Warn lines need none; budget.Stop lines
// refuse it). The actor must hold one of the budget policy's OverrideBy
// roles and may not authorise an override of their own request. Errors:
// ErrForbidden, ErrInvalid, ErrTransition (not requested), ErrNotFound,
// ErrNoActor.
func (s *Activities) AuthoriseOverride(ctx context.Context, id, reason string) (Activity, error) {
	const op = "activity override"
	c, p, err := s.budgetCaller(ctx, op)
	if err != nil {
		return Activity{}, err
	}
	if reason == "" {
		return Activity{}, fmt.Errorf("%s %s: %w", op, id, invalid("reason", "is required to authorise an overspend"))
	}
	var a Activity
	err = s.update(c, func(tx Tx) error {
		if a, err = getActivity(ctx, tx, id); err != nil {
			return err
		}
		switch {
		case !p.MayOverride(c.approver()) || a.Person == c.Person || a.RequestedBy == c.Person:
			return deny(op)
		case a.State != Requested:
			return &TransitionError{Activity: a.ID, From: a.State, Action: "authorise an override of"}
		case a.Funding == nil:
			return invalid("funding", "activity %s asks for no money", a.ID)
		}
		a.Funding = a.Funding.clone()
		a.Funding.Override = &budget.Override{By: c.Person, Reason: reason}
		return putActivity(ctx, tx, &a, c.change("activity.override_authorised"))
	})
	if err != nil {
		return Activity{}, hide(op+" "+id, c, err)
	}
	return a, nil
}
