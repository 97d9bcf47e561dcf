package cpd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/compliance"
)

// SubmitLog records a submission of the actor's own CPD log (nobody
// submits someone else's), dated today, and in the same transaction
// re-evaluates them: each submission is evidence, dated the day it was
// made, for every submission requirement of the policy (the CPD log every
// two months, say), so the cadence requirement and its LogDue alert follow
// it. The activities it lists must be the person's own. It returns the
// stored submission, or ErrInvalid, ErrForbidden or ErrNoActor.
func (s *Appraisals) SubmitLog(ctx context.Context, sub appraisal.LogSubmission) (appraisal.LogSubmission, error) {
	const op = "submit cpd log"
	c, err := s.who(ctx)
	if err != nil {
		return appraisal.LogSubmission{}, fmt.Errorf("%s: %w", op, err)
	}
	if c.readOnly() || sub.Person != c.Person {
		return appraisal.LogSubmission{}, deny(op)
	}
	sub.ID, sub.Submitted = s.newID(), s.today()
	if err := sub.Validate(); err != nil {
		return appraisal.LogSubmission{}, fmt.Errorf("%s: %w", op, fromAppraisal(op, err))
	}
	err = s.store.Update(ctx, c.Org, func(tx Tx) error {
		p, err := getPerson(ctx, tx, sub.Person)
		if err != nil {
			return err
		}
		switch {
		case sub.Submitted < p.Start:
			return invalid("submitted", "%s is before %s started on %s", sub.Submitted, p.ID, p.Start)
		case p.Leaving != 0 && sub.Submitted > p.Leaving:
			return invalid("submitted", "%s is after %s left on %s", sub.Submitted, p.ID, p.Leaving)
		}
		for i, id := range sub.Activities {
			a, err := getActivity(ctx, tx, id)
			if err == nil && a.Person != sub.Person {
				err = ErrNotFound
			}
			if err != nil {
				return notOwn(fmt.Sprintf("activities[%d]", i), id, err)
			}
		}
		ch := s.change(c.Actor, "log.submit")
		if _, err := save(ctx, tx, Record{Kind: KindLogSubmission, ID: sub.ID, Owner: sub.Person}, sub, ch); err != nil {
			return err
		}
		return s.refreshStatus(ctx, tx, &p, ch)
	})
	if err != nil {
		return appraisal.LogSubmission{}, hide(op, c, err)
	}
	return sub, nil
}

// LogSubmissions returns a person's CPD log submissions, in ID order, to
// anyone who may read their records.
func (s *Appraisals) LogSubmissions(ctx context.Context, person string) ([]appraisal.LogSubmission, error) {
	return readOwned[appraisal.LogSubmission](ctx, s.kernel, KindLogSubmission, person, "list cpd log submissions")
}

// logEvidence is a person's log submissions as compliance evidence: one
// record per submission and submission topic. A policy without a
// submission requirement reads nothing.
func (s *kernel) logEvidence(ctx context.Context, tx Tx, person string) ([]compliance.Evidence, error) {
	if len(s.logTopics) == 0 {
		return nil, nil
	}
	subs, err := listAs[appraisal.LogSubmission](ctx, tx, KindLogSubmission, Query{Owner: person})
	if err != nil {
		return nil, err
	}
	return s.submissionEvidence(subs), nil
}

// logEvidenceOf is logEvidence from the person's submission records, read
// already.
func (s *kernel) logEvidenceOf(rs []Record) ([]compliance.Evidence, error) {
	if len(s.logTopics) == 0 {
		return nil, nil
	}
	subs := make([]appraisal.LogSubmission, len(rs))
	for i, r := range rs {
		if err := json.Unmarshal(r.Data, &subs[i]); err != nil {
			return nil, fmt.Errorf("decode %s %s: %w", KindLogSubmission, r.ID, err)
		}
	}
	return s.submissionEvidence(subs), nil
}

// submissionEvidence is the evidence that CPD log submissions give: each
// meets every topic of the policy's submission requirements.
func (s *kernel) submissionEvidence(subs []appraisal.LogSubmission) []compliance.Evidence {
	out := make([]compliance.Evidence, 0, len(subs)*len(s.logTopics))
	for _, sub := range subs {
		for _, t := range s.logTopics {
			out = append(out, compliance.Evidence{ID: "log:" + sub.ID, Topic: t, Date: sub.Submitted})
		}
	}
	return out
}

// notOwn turns a failed look-up of a record the input names into a
// validation error on that field, so that it reveals no more than "not
// yours"; other errors pass through.
func notOwn(field, id string, err error) error {
	if errors.Is(err, ErrNotFound) {
		return invalid(field, "%s is not one of the person's", id)
	}
	return err
}

// readOwned returns every record of a kind owned by a person, for anyone
// who may read that person's records.
func readOwned[T any](ctx context.Context, s *kernel, kind Kind, person, op string) ([]T, error) {
	c, err := s.who(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if err := permit(s.canRead(ctx, c, person))(op); err != nil {
		return nil, err
	}
	var out []T
	err = s.store.View(ctx, c.Org, func(tx Tx) error {
		if err := personExists(ctx, tx, person); err != nil {
			return err
		}
		out, err = listAs[T](ctx, tx, kind, Query{Owner: person})
		return err
	})
	if err != nil {
		return nil, hide(op+" of "+person, c, err)
	}
	return out, nil
}

// personExists is ErrNotFound for a person who does not exist: a list of
// their records is not an empty list.
func personExists(ctx context.Context, tx Tx, person string) error {
	_, err := tx.Get(ctx, KindPerson, person)
	return err
}
