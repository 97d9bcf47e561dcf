package cpd

import (
	"context"
	"fmt"
	"slices"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
)

// step is one transition of an activity's life: the states it may start
// from and the rule for who may take it.
type step struct {
	name   string
	from   []State
	decide bool // approver's decision (line manager or head of education), not the person's
}

var (
	stepApprove  = step{name: "approved", from: []State{Requested}, decide: true}
	stepDecline  = step{name: "declined", from: []State{Requested}, decide: true}
	stepBook     = step{name: "booked", from: []State{Approved}}
	stepComplete = step{name: "completed", from: []State{Approved, Booked}}
	stepEvaluate = step{name: "evaluated", from: []State{Completed}}
	stepCancel   = step{name: "cancelled", from: []State{Requested, Approved, Booked}}
	stepDelegate = step{name: "delegated", from: []State{Requested, Approved, Booked}, decide: true}
	stepAmend    = step{name: "amended", from: []State{Completed, Evaluated}}
)

// Request asks for an activity for a person (themself, a report, or anyone
// for administrators and the head of education). It is stored as
// Requested with a new ID and returned.
//
// The fields that have their own use case are not the caller's to set:
// an ExternalRef, which only ImportCompletions records, is ErrInvalid;
// the rest of what the Service keeps (who approved or recorded it, why it
// was declined, cancelled or delegated, what it was delegated from or to,
// its history, and the funding's chain, approvals and commitment) is
// ignored, as is what only happens later (a completion day and an
// impact).
func (s *Activities) Request(ctx context.Context, a Activity) (Activity, error) {
	a.State = Requested
	a.Completed, a.Impact = 0, ""
	return s.create(ctx, a, "activity.request")
}

// RecordCompleted enters an activity that has already happened (self-
// recorded), with its completion date and evidence. The completion may not
// be in the future nor before the person started. The Service's own
// fields are refused or ignored as for Request.
func (s *Activities) RecordCompleted(ctx context.Context, a Activity) (Activity, error) {
	a.State = Completed
	if a.Evidence == "" {
		return Activity{}, fmt.Errorf("record activity: %w", invalid("evidence", "is required for a self-recorded activity"))
	}
	return s.create(ctx, a, "activity.record")
}

func (s *kernel) create(ctx context.Context, a Activity, action string) (Activity, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return Activity{}, fmt.Errorf("%s: %w", action, err)
	}
	if err := permit(s.canRecord(c, a.Person))(action); err != nil {
		return Activity{}, err
	}
	if a.ExternalRef != "" {
		return Activity{}, fmt.Errorf("%s: %w", action, invalid("external_ref", "is recorded by ImportCompletions only"))
	}
	a.clearKept()
	a.ID, a.Version, a.RequestedBy = s.newID(), 0, c.Person
	if a.State.Done() {
		a.RecordedBy = c.Person
	}
	a.Topics, a.Targets = slices.Clone(a.Topics), slices.Clone(a.Targets)
	if err := a.Validate(); err != nil {
		return Activity{}, fmt.Errorf("%s: %w", action, err)
	}
	err = s.update(c, func(tx Tx) error {
		p, err := getPerson(ctx, tx, a.Person)
		if err != nil {
			return err
		}
		if err := s.fits(c.today, &p, &a); err != nil {
			return err
		}
		if err := s.fundRequest(c, &a); err != nil {
			return err
		}
		ch := c.act(action)
		if err := putActivity(ctx, tx, &a, ch); err != nil {
			return err
		}
		if a.State.Done() {
			return s.refreshStatus(c, &p)
		}
		return nil
	})
	if err != nil {
		return Activity{}, hide(action, c, err)
	}
	return a, nil
}

// clearKept clears what the Service alone records on an activity: who
// approved or recorded it, why it was declined, cancelled or delegated,
// what it was delegated from or to, and its history. (fundRequest clears the
// Service's part of Funding.)
func (a *Activity) clearKept() {
	a.ApprovedBy, a.RecordedBy, a.Reason, a.DelegatedTo, a.DelegatedFrom, a.History = "", "", "", "", "", nil
}

// meetRequirements checks that each topic meets some requirement of the
// policy: evidence of any other topic would evidence nothing, silently.
func (s *kernel) meetRequirements(topics []string) error {
	for i, t := range topics {
		if !s.topics[t] {
			return invalid(fmt.Sprintf("topics[%d]", i), "%q meets no requirement of the policy", t)
		}
	}
	return nil
}

// fits checks an activity against the policy, its person and the call's
// day (today): each
// topic must meet some requirement of the policy (a misspelt topic would
// otherwise evidence nothing, silently), a completion must not be in the
// future nor before the person started, and a leaver gets no new requests.
func (s *kernel) fits(today date.Date, p *Person, a *Activity) error {
	if err := s.meetRequirements(a.Topics); err != nil {
		return err
	}
	if a.State.Done() {
		switch {
		case a.Completed == 0:
			return invalid("completed", "is required")
		case a.Completed > today:
			return invalid("completed", "%s is in the future", a.Completed)
		case a.Completed < p.Start:
			return invalid("completed", "%s is before %s started on %s", a.Completed, p.ID, p.Start)
		case p.Leaving != 0 && a.Completed > p.Leaving:
			return invalid("completed", "%s is after %s left on %s", a.Completed, p.ID, p.Leaving)
		}
	}
	if a.State.Open() && p.Leaving != 0 && p.Leaving < today {
		return invalid("person", "%s left on %s", p.ID, p.Leaving)
	}
	return nil
}

// Approve approves a requested activity. The person's line manager or the
// head of education may; nobody approves their own request. An activity
// with Funding is approved by its budget approval chain instead: each call
// records the actor's approval in a role the chain waits for (others get
// ErrForbidden), the activity stays Requested until the last one, and that
// one's transaction also commits the cost from the budget line
// (ErrInsufficientFunds if the line cannot afford it). A conflict with
// another writer is retried.
func (s *Activities) Approve(ctx context.Context, id string) (Activity, error) {
	return retry(ctx, func() (Activity, error) {
		return s.advance(ctx, id, stepApprove, func(a *Activity, c *work) error {
			a.State, a.ApprovedBy = Approved, c.Person
			return nil
		})
	})
}

// Decline declines a requested activity, with a reason.
func (s *Activities) Decline(ctx context.Context, id, reason string) (Activity, error) {
	return s.advance(ctx, id, stepDecline, func(a *Activity, _ *work) error {
		if reason == "" {
			return invalid("reason", "is required to decline")
		}
		a.State, a.Reason = Declined, reason
		return nil
	})
}

// Booking is what booking an approved activity records.
type Booking struct {
	Start    date.Date
	End      date.Date
	Provider string
}

// Book records that an approved activity is booked.
func (s *Activities) Book(ctx context.Context, id string, b Booking) (Activity, error) {
	return s.advance(ctx, id, stepBook, func(a *Activity, _ *work) error {
		if b.Start == 0 {
			return invalid("start", "is required to book")
		}
		a.State, a.Start, a.End = Booked, b.Start, b.End
		if b.Provider != "" {
			a.Provider = b.Provider
		}
		return nil
	})
}

// Completion is what completing an activity records.
type Completion struct {
	On         date.Date
	Hours      decimal.Decimal
	Evidence   string
	ValidUntil date.Date
	Reflection string
}

// Complete records that an approved or booked activity happened.
func (s *Activities) Complete(ctx context.Context, id string, done Completion) (Activity, error) {
	return s.advance(ctx, id, stepComplete, func(a *Activity, c *work) error {
		a.State, a.Completed, a.ValidUntil, a.RecordedBy = Completed, done.On, done.ValidUntil, c.Person
		if !done.Hours.IsZero() {
			a.Hours = done.Hours
		}
		if done.Evidence != "" {
			a.Evidence = done.Evidence
		}
		if a.Evidence == "" {
			return invalid("evidence", "is required to complete an activity")
		}
		if done.Reflection != "" {
			a.Reflection = done.Reflection
		}
		return nil
	})
}

// Evaluate records the impact of a completed activity.
func (s *Activities) Evaluate(ctx context.Context, id, impact string) (Activity, error) {
	return s.advance(ctx, id, stepEvaluate, func(a *Activity, _ *work) error {
		if impact == "" {
			return invalid("impact", "is required to evaluate")
		}
		a.State, a.Impact = Evaluated, impact
		return nil
	})
}

// Cancel cancels an activity that has not happened, with a reason.
func (s *Activities) Cancel(ctx context.Context, id, reason string) (Activity, error) {
	return s.advance(ctx, id, stepCancel, func(a *Activity, _ *work) error {
		if reason == "" {
			return invalid("reason", "is required to cancel")
		}
		a.State, a.Reason = Cancelled, reason
		return nil
	})
}

// Amend changes a completed record, keeping the previous version in its
// history with the reason. Only descriptive fields change: title, topics,
// hours, dates, provider, accreditation, evidence, reflection, impact and
// targets.
//
// What the person recorded themself is theirs to amend, as it is their
// line manager's and the administrators'. A record that came from an
// import, or that someone else recorded for them (Activity.RecordedBy),
// is amended only by an administrator, the head of education or whoever
// recorded it, and never by the person it is about (ErrForbidden): an
// official record is not its subject's to change.
func (s *Activities) Amend(ctx context.Context, id string, changed Activity, reason string) (Activity, error) {
	return s.advance(ctx, id, stepAmend, func(a *Activity, c *work) error {
		if !a.selfRecorded() && (c.Person == a.Person || !c.canAdminister() && c.Person != a.recorder()) {
			return deny("activity amend")
		}
		if reason == "" {
			return invalid("reason", "is required to amend a completed record")
		}
		prev := *a
		prev.History, prev.Version = nil, 0
		a.Title, a.Topics, a.Hours, a.Completed, a.ValidUntil = changed.Title, slices.Clone(changed.Topics), changed.Hours, changed.Completed, changed.ValidUntil
		a.Provider, a.Accreditation, a.Evidence = changed.Provider, changed.Accreditation, changed.Evidence
		a.Reflection, a.Impact, a.Targets = changed.Reflection, changed.Impact, slices.Clone(changed.Targets)
		a.History = append(a.History, Revision{At: c.now.UTC(), By: c.Person, Reason: reason, Previous: prev})
		return nil
	})
}

// Delegate passes an open activity to a colleague, with a reason: the
// colleague gets a copy in the same state and the original becomes
// Delegated, in one transaction. The person's line manager or the head of
// education may, but not to themself nor to anyone who approved the
// activity (ErrForbidden): an approval is for the person it was given
// for. It returns the colleague's new activity.
func (s *Activities) Delegate(ctx context.Context, id, colleague, reason string) (Activity, error) {
	const op = "activity delegate"
	c, err := s.begin(ctx)
	if err != nil {
		return Activity{}, fmt.Errorf("%s: %w", op, err)
	}
	if reason == "" {
		return Activity{}, fmt.Errorf("%s %s: %w", op, id, invalid("reason", "is required to delegate"))
	}
	var n Activity
	err = s.update(c, func(tx Tx) error {
		a, err := getActivity(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.mayTake(c, &a, stepDelegate, nil); err != nil {
			return err
		}
		if !slices.Contains(stepDelegate.from, a.State) {
			return &TransitionError{Activity: a.ID, From: a.State, Action: stepDelegate.name}
		}
		c.act("activity.delegated")
		n, err = s.delegate(c, &a, colleague, reason)
		return err
	})
	if err != nil {
		return Activity{}, hide(op+" "+id, c, err)
	}
	return n, nil
}

// Activity returns one activity to anyone who may read its person's records.
func (s *Activities) Activity(ctx context.Context, id string) (Activity, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return Activity{}, fmt.Errorf("get activity: %w", err)
	}
	op := "get activity " + id
	var a Activity
	err = s.view(c, func(tx Tx) error {
		if a, err = getActivity(ctx, tx, id); err != nil {
			return err
		}
		return permit(s.canRead(c, a.Person))(op)
	})
	if err != nil {
		return Activity{}, hide(op, c, err)
	}
	return a, nil
}

// Activities returns every activity of a person, in ID order.
func (s *Activities) Activities(ctx context.Context, person string) ([]Activity, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("list activities: %w", err)
	}
	op := "list activities of " + person
	if err := permit(s.canRead(c, person))(op); err != nil {
		return nil, err
	}
	var out []Activity
	err = s.view(c, func(tx Tx) error {
		if err := personExists(ctx, tx, person); err != nil {
			return err
		}
		out, err = activitiesOf(ctx, tx, person)
		return err
	})
	if err != nil {
		return nil, hide(op, c, err)
	}
	return out, nil
}

// advance takes one step of an activity's life in one transaction:
// authorise, check the state allows it, decide the money, apply, validate,
// write, and refresh the person's status when the step touches a completed
// record. An approval of a charged activity runs its chain first: while
// the chain waits for others, the step records the approval and leaves the
// activity requested, so the state changes only when it is final.
func (s *kernel) advance(ctx context.Context, id string, st step, apply func(*Activity, *work) error) (Activity, error) {
	op := "activity " + st.name
	c, err := s.begin(ctx)
	if err != nil {
		return Activity{}, fmt.Errorf("%s: %w", op, err)
	}
	var a Activity
	err = s.update(c, func(tx Tx) error {
		var fc fundedCase // read at most once per attempt
		if a, err = getActivity(ctx, tx, id); err != nil {
			return err
		}
		if err := s.mayTake(c, &a, st, &fc); err != nil {
			return err
		}
		if !slices.Contains(st.from, a.State) {
			return &TransitionError{Activity: a.ID, From: a.State, Action: st.name}
		}
		prev, action, final := a.State, "activity."+st.name, true
		if st.name == stepApprove.name && a.charged() {
			if final, err = s.approveFunded(c, &a, &fc); err != nil {
				return err
			}
			if !final {
				action = "activity.approval_recorded"
			}
		}
		if final {
			if err := apply(&a, c); err != nil {
				return err
			}
		}
		if err := a.Validate(); err != nil {
			return err
		}
		p, err := getPerson(ctx, tx, a.Person)
		if err != nil {
			return err
		}
		if err := s.fits(c.today, &p, &a); err != nil {
			return err
		}
		ch := c.act(action)
		if final {
			if err := s.fund(c, prev, &a, &fc); err != nil {
				return err
			}
		}
		if err := putActivity(ctx, tx, &a, ch); err != nil {
			return err
		}
		if a.State.Done() {
			return s.refreshStatus(c, &p)
		}
		return nil
	})
	if err != nil {
		return Activity{}, hide(op+" "+id, c, err)
	}
	return a, nil
}

// mayTake authorises a step on an activity. The approval chain of a
// funded activity decides who approves or refuses it.
func (s *kernel) mayTake(c *work, a *Activity, st step, fc *fundedCase) error {
	if a.charged() && (st.name == stepApprove.name || st.name == stepDecline.name) {
		return s.mayDecideFunded(c, a, st, fc)
	}
	if st.decide {
		return permit(s.canDecide(c, a))("activity " + st.name)
	}
	return permit(s.canRecord(c, a.Person))("activity " + st.name)
}
