package cpd

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/cpdkit/cpdkit/internal/enum"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/budget"
)

// LeaverAction is what happens to a leaver's open activity.
type LeaverAction uint8

// The leaver actions.
const (
	// CancelActivity cancels the activity.
	CancelActivity LeaverAction = iota + 1
	// DelegateActivity passes it to a colleague, so the benefit stays in
	// the organisation.
	DelegateActivity
)

var leaverActionNames = enum.New(enumError, "cancel", "delegate")

// String returns the stable lowercase name used in JSON.
func (l LeaverAction) String() string { return leaverActionNames.String(uint8(l)) }

// MarshalText writes the stable name.
func (l LeaverAction) MarshalText() ([]byte, error) {
	return leaverActionNames.Text(uint8(l), "action")
}

// UnmarshalText reads the stable name.
func (l *LeaverAction) UnmarshalText(b []byte) error {
	return leaverActionNames.Parse((*uint8)(l), b, "action")
}

// Decision is what to do with one open activity: cancel it, or delegate
// it To a colleague.
type Decision struct {
	Action LeaverAction
	To     string
}

// Resignation records a resignation and what happens to the leaver's open
// activities: Decisions by activity ID, and Default for the rest.
type Resignation struct {
	ResignedOn date.Date
	// Leaving is the last day in post.
	Leaving   date.Date
	Default   Decision
	Decisions map[string]Decision
	Reason    string
}

// Outcome is what happened to one open activity.
type Outcome struct {
	Activity string       `json:"activity"`
	Title    string       `json:"title"`
	Action   LeaverAction `json:"action"`
	// DelegatedTo and NewActivity are set when it was delegated.
	DelegatedTo string `json:"delegated_to,omitzero"`
	NewActivity string `json:"new_activity,omitzero"`
}

// Resign records that a person is leaving and, in the same transaction,
// cancels or delegates every open activity (requested, approved or booked)
// as decided; completed history is kept. Administrators, the head of
// education and the person's line manager may. Nobody delegates an
// activity to themself or to someone who approved it (ErrForbidden). A
// decision for an activity that is not one of the person's open ones, or
// a delegation to someone who is not a current colleague, is ErrInvalid
// and changes nothing.
func (s *Staff) Resign(ctx context.Context, person string, r Resignation) ([]Outcome, error) {
	const op = "resign"
	c, err := s.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if err := permit(s.canOverride(c, person))(op + " " + person); err != nil {
		return nil, err
	}
	if err := r.validate(); err != nil {
		return nil, fmt.Errorf("%s %s: %w", op, person, err)
	}
	setIdentity, err := s.identityOf(ctx, c.Org, person)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", op, person, err)
	}
	var out []Outcome
	err = s.update(c, func(tx Tx) error {
		ch := c.act("person.resign")
		p, err := getPerson(ctx, tx, person)
		if err != nil {
			return err
		}
		if p.ResignedOn != 0 {
			return invalid("resigned_on", "%s already resigned on %s", p.ID, p.ResignedOn)
		}
		if r.ResignedOn < p.Start {
			return invalid("resigned_on", "%s is before %s started on %s", r.ResignedOn, p.ID, p.Start)
		}
		p.ResignedOn, p.Leaving = r.ResignedOn, r.Leaving
		setIdentity(&p)
		if err := putPerson(ctx, tx, &p, ch); err != nil {
			return err
		}
		open, err := activitiesOf(ctx, tx, person, Requested, Approved, Booked)
		if err != nil {
			return err
		}
		if err := r.decisionsMatch(open); err != nil {
			return err
		}
		for i := range open {
			o, err := s.release(c, &p, &open[i], r)
			if err != nil {
				return err
			}
			out = append(out, o)
		}
		return s.refreshStatus(c, &p)
	})
	if err != nil {
		return nil, hide(op+" "+person, c, err)
	}
	return out, nil
}

func (r *Resignation) validate() error {
	switch {
	case r.ResignedOn == 0:
		return invalid("resigned_on", "is required")
	case r.Leaving == 0:
		return invalid("leaving", "is required")
	case r.Leaving < r.ResignedOn:
		return invalid("leaving", "%s is before the resignation %s", r.Leaving, r.ResignedOn)
	}
	for id, d := range r.Decisions {
		if err := d.validate("decisions[" + id + "]"); err != nil {
			return err
		}
	}
	if r.Default.Action == 0 {
		r.Default.Action = CancelActivity
	}
	return r.Default.validate("default")
}

func (d Decision) validate(field string) error {
	switch {
	case d.Action != CancelActivity && d.Action != DelegateActivity:
		return invalid(field+".action", "must be cancel or delegate")
	case d.Action == DelegateActivity && d.To == "":
		return invalid(field+".to", "is required to delegate")
	case d.Action == CancelActivity && d.To != "":
		return invalid(field+".to", "is only for delegate")
	}
	return nil
}

// decisionsMatch checks every decision names one of the open activities.
func (r *Resignation) decisionsMatch(open []Activity) error {
	for id := range r.Decisions {
		if !slices.ContainsFunc(open, func(a Activity) bool { return a.ID == id }) {
			return invalid("decisions["+id+"]", "is not an open activity of this person")
		}
	}
	return nil
}

// release cancels or delegates one open activity.
func (s *kernel) release(c *work, leaver *Person, a *Activity, r Resignation) (Outcome, error) {
	d, ok := r.Decisions[a.ID]
	if !ok {
		d = r.Default
	}
	o := Outcome{Activity: a.ID, Title: a.Title, Action: d.Action}
	reason := r.Reason
	if reason == "" {
		reason = fmt.Sprintf("%s leaves on %s", leaver.ID, r.Leaving)
	}
	if d.Action == CancelActivity {
		prev := a.State
		a.State, a.Reason = Cancelled, reason
		if err := s.fund(c, prev, a, nil); err != nil {
			return Outcome{}, err
		}
		return o, putActivity(c.ctx, c.tx, a, c.ch)
	}
	n, err := s.delegate(c, a, d.To, reason)
	if err != nil {
		return Outcome{}, err
	}
	o.DelegatedTo, o.NewActivity = n.Person, n.ID
	return o, nil
}

// delegate passes an open activity to a colleague: a copy in the same
// state is created for them, and the original becomes Delegated. The
// colleague may be neither the actor nor anyone who approved the
// activity, who would otherwise hold learning that nobody independent of
// them approved (ErrForbidden).
func (s *kernel) delegate(c *work, a *Activity, colleague, reason string) (Activity, error) {
	if colleague == c.Person || a.approvedBy(colleague) {
		return Activity{}, deny("delegate to " + colleague)
	}
	if err := permit(s.canRecord(c, colleague))("delegate to " + colleague); err != nil {
		return Activity{}, err
	}
	to, err := getPerson(c.ctx, c.tx, colleague)
	if errors.Is(err, ErrNotFound) {
		return Activity{}, invalid("to", "%s is not a colleague", colleague)
	}
	if err != nil {
		return Activity{}, fmt.Errorf("delegate %s to %s: %w", a.ID, colleague, err)
	}
	if to.ID == a.Person || to.Leaving != 0 {
		return Activity{}, invalid("to", "%s is not a colleague who is staying", to.ID)
	}
	n := *a
	n.ID, n.Version, n.Person, n.DelegatedFrom, n.History = s.newID(), 0, to.ID, a.ID, nil
	if err := s.moveFunding(c, a, &n); err != nil {
		return Activity{}, err
	}
	if err := putActivity(c.ctx, c.tx, &n, c.ch); err != nil {
		return Activity{}, err
	}
	a.State, a.Reason, a.DelegatedTo = Delegated, reason, n.ID
	return n, putActivity(c.ctx, c.tx, a, c.ch)
}

// approvedBy reports whether the person approved the activity, alone or
// as one of its funding chain's approvers.
func (a *Activity) approvedBy(person string) bool {
	switch {
	case person == "":
		return false
	case a.ApprovedBy == person:
		return true
	}
	return a.Funding != nil && slices.ContainsFunc(a.Funding.Approvals, func(ap budget.Approval) bool { return ap.By == person })
}
