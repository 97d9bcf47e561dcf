package cpd

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/compliance"
)

// The evidence topics of the reviews cpd records, for a policy's cadence
// requirements (compliance.Submission, such as an annual appraisal every
// P1Y). A submission requirement whose topics include one of them is met
// by those records, not by CPD log submissions.
const (
	// AppraisalTopic is met by a signed-off annual appraisal, dated the
	// day it was held.
	AppraisalTopic = "appraisal"
	// InterimReviewTopic is met by a signed-off interim review, dated the
	// day it was held.
	InterimReviewTopic = "interim-review"
	// PlanReviewTopic is met by the organisation's recorded review of its
	// improvement plan (Appraisals.RecordPlanReview for the whole
	// organisation), dated the day it was held: one record, evidence for
	// everyone a requirement with this topic applies to (the head of
	// education, say).
	PlanReviewTopic = "plan-review"
)

// KindPlanReview is a recorded review of the improvement plan; its Owner
// is "" (the organisation's) and its State the area reviewed.
const KindPlanReview Kind = "plan_review"

// PlanReviewRecord records that a review of the improvement plan was held:
// AVCT's "monthly review of quality improvement planning".
type PlanReviewRecord struct {
	ID string `json:"id"`
	// Area is the area reviewed, or "" for the whole organisation (only
	// those meet PlanReviewTopic).
	Area string `json:"area,omitzero"`
	// Month is the first day of the month reviewed.
	Month date.Date `json:"month"`
	// Held is the day it was held, and HeldBy who held it.
	Held   date.Date `json:"held"`
	HeldBy string    `json:"held_by"`
	// Notes are what was agreed.
	Notes string `json:"notes,omitzero"`
}

// isCadenceTopic reports whether t is met by cpd's own records (reviews
// and the pen portrait), not by CPD log submissions.
func isCadenceTopic(t string) bool {
	return t == AppraisalTopic || t == InterimReviewTopic || t == PlanReviewTopic || t == PenPortraitUpdateTopic
}

// isLogRequirement reports whether a requirement is a CPD log cadence: a
// submission that cpd's review records do not meet.
func isLogRequirement(r *compliance.Requirement) bool {
	return r.Kind == compliance.Submission && !slices.ContainsFunc(r.Topics, isCadenceTopic) && (len(r.Topics) > 0 || !isCadenceTopic(r.ID))
}

// RecordPlanReview records that the actor held the review of the
// improvement plan for an area ("" for the whole organisation) today, for
// the month containing today; whoever may see that review
// (ImprovementPlanReview) may record it. A whole-organisation review is
// evidence for the policy's requirements with PlanReviewTopic, and the
// statuses of the people they apply to are refreshed in the same
// transaction. It returns the stored record, or ErrForbidden or ErrNoActor.
func (s *Appraisals) RecordPlanReview(ctx context.Context, area, notes string) (PlanReviewRecord, error) {
	const op = "record plan review"
	c, err := s.begin(ctx)
	if err != nil {
		return PlanReviewRecord{}, fmt.Errorf("%s: %w", op, err)
	}
	if c.readOnly() {
		return PlanReviewRecord{}, deny(op)
	}
	today := c.today
	pr := PlanReviewRecord{ID: s.newID(), Area: area, Month: appraisal.MonthOf(today), Held: today, HeldBy: c.Person, Notes: notes}
	err = s.update(c, func(tx Tx) error {
		if err := s.reviewsArea(c, area); err != nil {
			return err
		}
		ch := c.act("plan_review.record")
		if _, err := planReviewRecords.put(ctx, tx, &pr, 0, ch); err != nil {
			return err
		}
		if area != "" || !s.topics[PlanReviewTopic] {
			return nil
		}
		return s.refreshApplicable(c, PlanReviewTopic)
	})
	if err != nil {
		return PlanReviewRecord{}, hide(op, c, err)
	}
	return pr, nil
}

// refreshApplicable refreshes the statuses of the people to whom some
// requirement met by topic applies, by their stored statuses.
func (s *kernel) refreshApplicable(c *work, topic string) error {
	var reqs []string
	for _, r := range s.reqs {
		if slices.Contains(r.Topics, topic) || (len(r.Topics) == 0 && r.ID == topic) {
			reqs = append(reqs, r.ID)
		}
	}
	var ids []string
	err := each(c.ctx, c.tx, KindStatus, Query{Limit: MaxLimit}, func(r Record) error {
		sr, err := decodeStatusRecord(r)
		if err != nil {
			return err
		}
		if sr.Policy != s.policy { // another policy's: refresh it anyway
			ids = append(ids, sr.Person)
			return nil
		}
		st, err := sr.status(s.reqs)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(st.Items, func(it StatusItem) bool {
			return slices.Contains(reqs, it.Requirement) && it.Status != compliance.NotApplicable
		}) {
			ids = append(ids, st.Person)
		}
		return nil
	})
	if err != nil {
		return err
	}
	stored, err := getMany(c.ctx, c.tx, KindPerson, ids)
	if err != nil {
		return err
	}
	people := make([]*Person, 0, len(ids))
	for _, id := range ids {
		if r, ok := stored[id]; ok {
			p, err := personOf(r)
			if err != nil {
				return err
			}
			people = append(people, p)
		}
	}
	return s.refreshStatuses(c, people)
}

// reviewEvidence is a person's signed-off appraisal reviews as evidence of
// AppraisalTopic (annual) or InterimReviewTopic (interim), dated the day
// each was held.
func reviewEvidence(rs []appraisal.Review) []compliance.Evidence {
	out := make([]compliance.Evidence, 0, len(rs))
	for _, r := range rs {
		if !r.SignedOff() {
			continue
		}
		topic := AppraisalTopic
		if r.Kind == appraisal.Interim {
			topic = InterimReviewTopic
		}
		out = append(out, compliance.Evidence{ID: "review:" + r.ID, Topic: topic, Date: r.Held})
	}
	return out
}

// planReviewEvidence is the organisation's whole-organisation plan
// reviews as evidence of PlanReviewTopic.
func planReviewEvidence(prs []PlanReviewRecord) []compliance.Evidence {
	var out []compliance.Evidence
	for _, pr := range prs {
		if pr.Area == "" {
			out = append(out, compliance.Evidence{ID: "plan-review:" + pr.ID, Topic: PlanReviewTopic, Date: pr.Held})
		}
	}
	return out
}

// cadenceEvidence reads the review records a person's evaluation needs:
// their signed-off reviews when the policy has a requirement they meet,
// and the organisation's plan reviews likewise; from pre when it is not nil.
func (s *kernel) cadenceEvidence(c *work, pre *prefetched, person string) ([]compliance.Evidence, error) {
	var out []compliance.Evidence
	if s.topics[AppraisalTopic] || s.topics[InterimReviewTopic] {
		var rs []appraisal.Review
		var err error
		if pre != nil {
			rs, err = decodeAll[appraisal.Review](KindReview, pre.reviews[person])
		} else {
			rs, err = listAs[appraisal.Review](c.ctx, c.tx, KindReview, Query{Owner: person, States: []string{signedOff}})
		}
		if err != nil {
			return nil, err
		}
		out = append(out, reviewEvidence(rs)...)
	}
	if s.topics[PlanReviewTopic] {
		if pre != nil {
			return append(out, pre.planReviews...), nil
		}
		prs, err := listAs[PlanReviewRecord](c.ctx, c.tx, KindPlanReview, Query{})
		if err != nil {
			return nil, err
		}
		out = append(out, planReviewEvidence(prs)...)
	}
	return out, nil
}

// signedOff is the State of a signed-off review (appraisal.Review.Stage).
const signedOff = "signed_off"

// prefetchCadence reads, for many people at once, what cadenceEvidence needs.
func (s *kernel) prefetchCadence(c *work, ids []string, pre *prefetched) error {
	if s.topics[AppraisalTopic] || s.topics[InterimReviewTopic] {
		rs, err := listOwners(c.ctx, c.tx, KindReview, ids, []string{signedOff})
		if err != nil {
			return err
		}
		pre.reviews = make(map[string][]Record)
		for _, r := range rs {
			pre.reviews[r.Owner] = append(pre.reviews[r.Owner], r)
		}
	}
	if s.topics[PlanReviewTopic] {
		rs, err := listOwners(c.ctx, c.tx, KindPlanReview, []string{""}, nil)
		if err != nil {
			return err
		}
		prs, err := decodeAll[PlanReviewRecord](KindPlanReview, rs)
		if err != nil {
			return err
		}
		pre.planReviews = planReviewEvidence(prs)
	}
	return nil
}

// decodeAll decodes records of a kind.
func decodeAll[T any](kind Kind, rs []Record) ([]T, error) {
	out := make([]T, len(rs))
	for i, r := range rs {
		if err := json.Unmarshal(r.Data, &out[i]); err != nil {
			return nil, fmt.Errorf("decode %s %s: %w", kind, r.ID, err)
		}
	}
	return out, nil
}
