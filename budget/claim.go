package budget

import (
	"errors"
	"fmt"
	"slices"

	"github.com/cpdkit/cpdkit/internal/calendar"
	"github.com/cpdkit/cpdkit/internal/enum"

	"github.com/rickb777/date/v2"
)

// ClaimState is where an expense claim is in its life. The zero value is
// unset.
type ClaimState uint8

// The claim states.
const (
	// ClaimSubmitted: waiting for approval.
	ClaimSubmitted ClaimState = iota + 1
	// ClaimApproved: approved; the money is spent.
	ClaimApproved
	// ClaimRejected: refused, with a reason.
	ClaimRejected
)

var claimStateNames = enum.New(enumError, "submitted", "approved", "rejected")

// String returns the stable lowercase name used in JSON and storage.
func (s ClaimState) String() string { return claimStateNames.String(uint8(s)) }

// MarshalText writes the stable name.
func (s ClaimState) MarshalText() ([]byte, error) {
	return claimStateNames.Text(uint8(s), "claim state")
}

// UnmarshalText reads the stable name.
func (s *ClaimState) UnmarshalText(b []byte) error {
	return claimStateNames.Parse((*uint8)(s), b, "claim state")
}

// Claim is an expense claim for a completed piece of learning: itemised,
// made after completion, due within the policy's period of it (a later
// claim is accepted but Late), and approved by the policy's role, with the
// excess roles too when it is above the commitment.
type Claim struct {
	ID string `json:"id"`
	// Request is the request (activity) the claim is for; Person the
	// claimant; Line the line it is charged to.
	Request string `json:"request"`
	Person  string `json:"person"`
	Line    string `json:"line"`
	// SubmittedBy is who submitted it: the claimant, or someone who
	// claimed for them. They may not approve it.
	SubmittedBy string `json:"submitted_by,omitzero"`
	Items       []Cost `json:"items"`
	// Final claims release whatever of the commitment they leave unspent.
	Final bool `json:"final,omitzero"`
	// Completed is the day the learning was completed; Submitted the day
	// the claim was made; DueBy the last day it was due; Late is set when
	// it was submitted after DueBy.
	Completed date.Date `json:"completed"`
	Submitted date.Date `json:"submitted"`
	DueBy     date.Date `json:"due_by,omitzero"`
	Late      bool      `json:"late,omitzero"`
	// Outstanding is the commitment outstanding when the claim was made;
	// Excess how much the claim is above it (zero if not).
	Outstanding Money `json:"outstanding"`
	Excess      Money `json:"excess"`
	// Chain and Approvals are the approvals it needs and has.
	Chain     Chain      `json:"chain"`
	Approvals []Approval `json:"approvals,omitzero"`
	State     ClaimState `json:"state"`
	// DecidedOn is the day it was approved or rejected; Reason why it
	// was rejected, and RejectedBy by whom.
	DecidedOn  date.Date `json:"decided_on,omitzero"`
	RejectedBy string    `json:"rejected_by,omitzero"`
	Reason     string    `json:"reason,omitzero"`
}

// Total returns the sum of the claim's items.
func (c *Claim) Total() Money {
	t := zeroIn(c.Outstanding.currency)
	for _, it := range c.Items {
		t.amount = t.amount.Add(it.Amount.amount)
	}
	return t
}

// NewClaim makes claim id for request r: items claimed on the day on, for
// learning completed on completed, when outstanding is still committed to
// it. It works out when the claim was due, whether it is late, any excess
// over the commitment, and the approvals it needs: the policy's claim
// approver, and its excess approvers when there is an excess (each
// replaced by its stand-in for a claimant who cannot be approved for in
// it; see Policy.StandIn).
//
// Errors match ErrInvalid: no items, an item without a kind or with an
// amount that is not positive or not in the policy's currency, learning
// not completed (completed is zero), or a claim dated before completion.
func (p *Policy) NewClaim(id string, r *Request, items []Cost, completed, on date.Date, outstanding Money) (Claim, error) {
	if err := p.checkClaim(id, r, items, completed, on, outstanding); err != nil {
		return Claim{}, err
	}
	c := Claim{
		ID: id, Request: r.ID, Person: r.Person, Line: r.Line, Items: slices.Clone(items),
		Completed: completed, Submitted: on, Outstanding: outstanding, Excess: zeroIn(p.Currency), State: ClaimSubmitted,
	}
	if !p.Claims.DueWithin.IsZero() {
		c.DueBy = calendar.AddClamped(completed, p.Claims.DueWithin)
		c.Late = on > c.DueBy
	}
	c.Chain = Chain{Distinct: p.DistinctApprovers, Steps: []Step{{Rule: "claim", Roles: p.standIns([]Role{p.Claims.Approver}, r)}}}
	p.judgeExcess(&c, r, outstanding)
	return c, nil
}

// excessRule is the rule of the step an excess adds to a claim's chain.
const excessRule = "excess"

// Rejudge judges a submitted claim for request r again against outstanding,
// what is still committed to its request now: other claims approved
// since it was made have spent some of the commitment. It sets
// Outstanding and Excess and adds the excess approvers' step to the
// chain, or takes it away, as the excess now needs. A caller approves
// or rejects the claim after Rejudge with the same outstanding and, to
// be sure that racing claims do not each count the same commitment,
// spends it under the same lock (in one transaction that also rewrites
// the commitment). Errors: ErrTransition (not submitted), ErrInvalid
// (outstanding not in the policy's currency or negative).
func (p *Policy) Rejudge(c *Claim, r *Request, outstanding Money) error {
	if c.State != ClaimSubmitted {
		return &TransitionError{What: "claim", ID: c.ID, From: c.State.String(), Action: "judge"}
	}
	if err := checkAmount(outstanding, p.Currency, "outstanding"); err != nil {
		return err
	}
	if outstanding.IsNegative() {
		return invalid("outstanding", "%s is negative", outstanding)
	}
	p.judgeExcess(c, r, outstanding)
	return nil
}

// judgeExcess sets how much the claim is above outstanding and whether
// its chain needs the excess approvers (or their stand-ins for the
// request): the one home of the rule, used when a claim is made and again
// when it is approved.
func (p *Policy) judgeExcess(c *Claim, r *Request, outstanding Money) {
	c.Outstanding, c.Excess = outstanding, zeroIn(p.Currency)
	if over := c.Total().amount.Sub(outstanding.amount); over.IsPositive() {
		c.Excess.amount = over
	}
	c.Chain.Steps = slices.DeleteFunc(slices.Clone(c.Chain.Steps), func(s Step) bool { return s.Rule == excessRule })
	if c.Excess.IsPositive() && len(p.Claims.ExcessApprovers) > 0 {
		c.Chain.Steps = append(c.Chain.Steps, Step{Rule: excessRule, Roles: p.standIns(p.Claims.ExcessApprovers, r)})
	}
}

func (p *Policy) checkClaim(id string, r *Request, items []Cost, completed, on date.Date, outstanding Money) error {
	var errs []error
	add := func(field, format string, args ...any) { errs = append(errs, invalid(field, format, args...)) }
	switch {
	case id == "":
		add("id", "is required")
	case r.ID == "" || r.Person == "" || r.Line == "":
		add("request", "the request's ID, person and line are required")
	case completed == 0:
		add("completed", "a claim is made only after the learning is completed")
	case on < completed:
		add("submitted", "%s is before the learning was completed on %s", on, completed)
	}
	if err := checkAmount(outstanding, p.Currency, "outstanding"); err != nil {
		errs = append(errs, err)
	}
	if len(items) == 0 {
		add("items", "a claim needs at least one item")
	}
	for i, it := range items {
		path := fmt.Sprintf("items[%d]", i)
		if it.Kind < Fee || it.Kind > Accommodation {
			add(path+".kind", "want fee, travel, subsistence or accommodation")
		}
		if err := checkAmount(it.Amount, p.Currency, path+".amount"); err != nil {
			errs = append(errs, err)
		} else if !it.Amount.IsPositive() {
			add(path+".amount", "%s: an item claims more than zero", it.Amount)
		}
	}
	if len(errs) == 0 {
		if err := (Costs{Items: items}).Total(p.Currency).Validate(); err != nil {
			add("items", "the total: %v", err)
		}
	}
	return errors.Join(errs...)
}

// ApproveClaim records by's approval of a submitted claim on the day (see
// Chain.Approve; r is the claim's request, which says who the line
// manager and line holder are). When the last approval is given the claim
// becomes ClaimApproved. Neither the claimant nor whoever submitted the
// claim (SubmittedBy) approves it. The claim's excess is as last judged
// (see Rejudge). Errors: ErrForbidden, ErrTransition (not submitted),
// ErrInvalid (a day before the claim was made).
func (p *Policy) ApproveClaim(c *Claim, r *Request, by Approver, on date.Date) (Progress, error) {
	if err := c.decidable(r, on, "approve"); err != nil {
		return c.Chain.Progress(c.Approvals), err
	}
	if c.SubmittedBy != "" && by.Person == c.SubmittedBy {
		return c.Chain.Progress(c.Approvals), forbidden(by.Person, "approve claim "+c.ID, "they submitted it")
	}
	approvals, prog, err := c.Chain.Approve(r, c.Approvals, by, on)
	if err != nil {
		return prog, fmt.Errorf("claim %s: %w", c.ID, err)
	}
	c.Approvals = approvals
	if prog.Complete {
		c.State, c.DecidedOn = ClaimApproved, on
	}
	return prog, nil
}

// RejectClaim records that by refused a submitted claim, with a reason.
// Anyone who may approve it now may refuse it. Errors as ApproveClaim,
// and ErrInvalid for a missing reason.
func (p *Policy) RejectClaim(c *Claim, r *Request, by Approver, reason string, on date.Date) error {
	if err := c.decidable(r, on, "reject"); err != nil {
		return err
	}
	switch {
	case reason == "":
		return invalid("reason", "is required to reject a claim")
	case !c.Chain.MayDecide(r, c.Approvals, by):
		return forbidden(by.Person, "reject claim "+c.ID, "only the roles it is %s may", c.Chain.Progress(c.Approvals))
	}
	c.State, c.DecidedOn, c.RejectedBy, c.Reason = ClaimRejected, on, by.Person, reason
	return nil
}

// decidable checks a claim can be decided on the day for its request.
func (c *Claim) decidable(r *Request, on date.Date, action string) error {
	switch {
	case c.State != ClaimSubmitted:
		return &TransitionError{What: "claim", ID: c.ID, From: c.State.String(), Action: action}
	case r.ID != c.Request:
		return invalid("request", "%s is not the request of claim %s", r.ID, c.ID)
	case on < c.Submitted:
		return invalid("on", "%s is before the claim was made on %s", on, c.Submitted)
	}
	return nil
}
