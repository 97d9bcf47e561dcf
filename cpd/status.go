package cpd

import (
	"context"
	"errors"
	"fmt"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/compliance"
)

// Status is a person's maintained compliance status: rewritten in the same
// transaction as every change to their records, so that organisation-wide
// views read one small record per person instead of re-evaluating every
// activity. It stays true until NextChange, the first day on which the
// passage of time alone could change an item (a renewal window opening,
// evidence expiring, a deadline passing); a view on or after that day
// re-evaluates the person instead.
type Status struct {
	Person      string    `json:"person"`
	Name        string    `json:"name"`
	Team        string    `json:"team,omitzero"`
	JobRole     string    `json:"job_role,omitzero"`
	LineManager string    `json:"line_manager,omitzero"`
	Leaving     date.Date `json:"leaving,omitzero"`
	// On is the day it was evaluated; NextChange the first day it may be
	// stale (zero: never, by time alone).
	On         date.Date `json:"on"`
	NextChange date.Date `json:"next_change,omitzero"`
	// Policy fingerprints the policy it was evaluated against.
	Policy string       `json:"policy"`
	Items  []StatusItem `json:"items"`
}

// StatusItem is one requirement's status for a person. Why it stands so
// (compliance.Item.Reason) is worked out when asked for, by
// Service.Compliance and the alerts, not stored.
type StatusItem struct {
	Requirement string            `json:"requirement"`
	Status      compliance.Status `json:"status"`
	ValidUntil  date.Date         `json:"valid_until,omitzero"`
	DueBy       date.Date         `json:"due_by,omitzero"`
}

// evaluate works out a person's compliance on a day from their records.
func (s *Service) evaluate(ctx context.Context, tx Tx, p *Person, on date.Date) (compliance.Result, error) {
	acts, err := activitiesOf(ctx, tx, p.ID, Completed, Evaluated)
	if err != nil {
		return compliance.Result{}, err
	}
	evs := p.evidence()
	for i := range acts {
		evs = append(evs, acts[i].evidence()...)
	}
	return s.eval.Evaluate(p.subject(), evs, on)
}

// statusOf builds the Status record for a result.
func (s *Service) statusOf(p *Person, res compliance.Result) Status {
	st := Status{
		Person: p.ID, Name: p.Name, Team: p.Team, JobRole: p.JobRole, LineManager: p.LineManager,
		Leaving: p.Leaving, On: res.On, Policy: s.policy, Items: make([]StatusItem, len(res.Items)),
	}
	for i, it := range res.Items {
		st.Items[i] = StatusItem{
			Requirement: it.Requirement.ID, Status: it.Status, ValidUntil: it.ValidUntil, DueBy: it.DueBy,
		}
	}
	st.NextChange = s.nextChange(p, res)
	return st
}

// nextChange is the first day after res.On on which time alone could
// change the result. It errs early, never late: an early day only costs a
// re-evaluation.
func (s *Service) nextChange(p *Person, res compliance.Result) date.Date {
	var next date.Date
	consider := func(d date.Date) {
		if d > res.On && (next == 0 || d < next) {
			next = d
		}
	}
	for _, it := range res.Items {
		if it.ValidUntil != 0 {
			consider(it.ValidUntil + 1)
			consider(compliance.AddClamped(it.ValidUntil+1, it.Requirement.RenewalWindow.Negate()))
		}
		if it.DueBy != 0 {
			consider(it.DueBy)
			consider(it.DueBy + 1)
		}
	}
	for _, ev := range res.Ignored {
		consider(ev.Date)
	}
	consider(p.Start)
	if p.Leaving != 0 {
		consider(p.Leaving + 1)
	}
	pol := s.eval.Policy()
	year := compliance.AcademicYearOf(pol.AcademicYearStart, res.On)
	consider(year.End - 1)
	consider(year.End)
	return next
}

// refreshStatus re-evaluates a person today and writes their status.
func (s *Service) refreshStatus(ctx context.Context, tx Tx, p *Person, c Change) error {
	res, err := s.evaluate(ctx, tx, p, s.today())
	if err != nil {
		return fmt.Errorf("evaluate %s: %w", p.ID, err)
	}
	st := s.statusOf(p, res)
	version := int64(0)
	switch old, err := tx.Get(ctx, KindStatus, p.ID); {
	case err == nil:
		version = old.Version
	case !errors.Is(err, ErrNotFound):
		return err
	}
	_, err = save(ctx, tx, Record{Kind: KindStatus, ID: p.ID, Version: version, Owner: p.ID}, recordOf(&st), Change{Actor: c.Actor, Action: "status.refresh", At: c.At})
	return err
}

// statusOn returns a person's status on a day: the stored one while it is
// fresh, otherwise re-evaluated from their records (without writing, so
// that it works inside a View).
func (s *Service) statusOn(ctx context.Context, tx Tx, r Record, on date.Date) (Status, error) {
	sr, err := decodeStatusRecord(r)
	if err != nil {
		return Status{}, err
	}
	if sr.fresh(on, s.policy) {
		return sr.status(s.reqs)
	}
	p, err := getPerson(ctx, tx, r.ID)
	if err != nil {
		return Status{}, err
	}
	res, err := s.evaluate(ctx, tx, &p, on)
	if err != nil {
		return Status{}, fmt.Errorf("evaluate %s: %w", p.ID, err)
	}
	return s.statusOf(&p, res), nil
}
