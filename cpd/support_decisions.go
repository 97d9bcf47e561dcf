package cpd

import (
	"context"
	"fmt"
	"slices"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/budget"
)

// SupportDecision is a decision, at the discretion of the role the budget
// policy names (the managing director in AVCT's policy), on financial
// support for a leaver's CPD.
type SupportDecision struct {
	ID string `json:"id"`
	// Person is the leaver.
	Person string `json:"person"`
	// Activities are the leaver's activities the decision is about, if
	// any in particular.
	Activities []string `json:"activities,omitzero"`
	Granted    bool     `json:"granted"`
	// Amount is the support granted, if it is a sum of money; nil if not.
	Amount *budget.Money `json:"amount,omitempty"`
	Reason string        `json:"reason"`
	// DecidedBy and On are set by the Service.
	DecidedBy string    `json:"decided_by"`
	On        date.Date `json:"on"`
}

// DecideSupport records a decision on financial support for a person who
// has resigned. Only the budget policy's SupportBy role may decide, never
// for themself; a reason is required, and an amount must be positive and
// in the policy's currency. Errors: ErrInvalid (including someone who has
// not resigned), ErrForbidden, ErrNotFound, ErrNoActor.
func (s *Budgets) DecideSupport(ctx context.Context, d SupportDecision) (SupportDecision, error) {
	const op = "support decide"
	c, p, err := s.budgetCaller(ctx, op)
	if err != nil {
		return SupportDecision{}, err
	}
	if !p.MayDecideSupport(c.approver()) || d.Person == c.Person {
		return SupportDecision{}, deny(op)
	}
	switch {
	case d.Reason == "":
		return SupportDecision{}, fmt.Errorf("%s: %w", op, invalid("reason", "is required"))
	case d.Amount != nil && (d.Amount.Currency() != p.Currency || !d.Amount.IsPositive()):
		return SupportDecision{}, fmt.Errorf("%s: %w", op, invalid("amount", "%s: want a positive amount in %s", d.Amount, p.Currency))
	case d.Amount != nil && !d.Granted:
		return SupportDecision{}, fmt.Errorf("%s: %w", op, invalid("amount", "only support granted has an amount"))
	}
	d.ID, d.DecidedBy, d.On, d.Activities = s.newID(), c.Person, c.today, slices.Clone(d.Activities)
	err = s.update(c, func(tx Tx) error {
		person, err := getPerson(ctx, tx, d.Person)
		if err != nil {
			return err
		}
		if person.ResignedOn == 0 {
			return invalid("person", "%s has not resigned", person.ID)
		}
		for i, id := range d.Activities {
			a, err := getActivity(ctx, tx, id)
			if err != nil || a.Person != d.Person {
				return invalid(fmt.Sprintf("activities[%d]", i), "%s is not an activity of %s", id, d.Person)
			}
		}
		_, err = supportRecords.put(ctx, tx, &d, 0, c.change("support.decided"))
		return err
	})
	if err != nil {
		return SupportDecision{}, hide(op+" for "+d.Person, c, err)
	}
	return d, nil
}

func supportState(granted bool) string {
	if granted {
		return "granted"
	}
	return "refused"
}
