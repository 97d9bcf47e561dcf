package cpd

import (
	"context"
	"encoding/json"
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
	c, err := s.begin(ctx)
	if err != nil {
		return appraisal.LogSubmission{}, fmt.Errorf("%s: %w", op, err)
	}
	if c.readOnly() || sub.Person != c.Person {
		return appraisal.LogSubmission{}, deny(op)
	}
	sub.ID, sub.Submitted = s.newID(), c.today
	if err := sub.Validate(); err != nil {
		return appraisal.LogSubmission{}, fmt.Errorf("%s: %w", op, fromAppraisal(op, err))
	}
	err = s.update(c, func(tx Tx) error {
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
		ch := c.act("log.submit")
		if _, err := logRecords.put(ctx, tx, &sub, 0, ch); err != nil {
			return err
		}
		return s.refreshStatus(c, &p)
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
func (s *kernel) logEvidence(c *work, person string) ([]compliance.Evidence, error) {
	if len(s.logTopics) == 0 {
		return nil, nil
	}
	subs, err := listAs[appraisal.LogSubmission](c.ctx, c.tx, KindLogSubmission, Query{Owner: person})
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
