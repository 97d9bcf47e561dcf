package cpd

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/cpdkit/cpdkit/appraisal"
)

// RecordReview records an appraisal review (the annual appraisal or an
// interim review) of one of the actor's reports: the appraiser is the
// person's line manager, by the Directory, and is set to the actor. The
// academic year is the one the review was held in. The targets it lists
// must be the person's own open targets (set them first with SetTarget),
// its needs must name cpd activity kinds and aspects, and a person has one
// annual appraisal a year (a second is ErrConflict). It is stored
// unsigned. It returns the stored review, or ErrInvalid (naming the field),
// ErrForbidden or ErrNoActor.
func (s *Appraisals) RecordReview(ctx context.Context, r appraisal.Review) (appraisal.Review, error) {
	const op = "record review"
	c, err := s.begin(ctx)
	if err != nil {
		return appraisal.Review{}, fmt.Errorf("%s: %w", op, err)
	}
	if err := permit(s.appraises(c, r.Person))(op); err != nil {
		return appraisal.Review{}, err
	}
	year := s.yearOf(r.Held)
	switch {
	case r.Held > c.today:
		return appraisal.Review{}, fmt.Errorf("%s: %w", op, invalid("held", "%s is in the future", r.Held))
	case r.Year != "" && r.Year != year:
		return appraisal.Review{}, fmt.Errorf("%s: %w", op, invalid("year", "%s is not the academic year of %s (%s)", r.Year, r.Held, year))
	}
	r.ID, r.Appraiser, r.Year, r.AppraiserSigned, r.AppraiseeSigned = s.newID(), c.Person, year, nil, nil
	r.Targets, r.Plan = slices.Clone(r.Targets), slices.Clone(r.Plan)
	for i := range r.Plan {
		r.Plan[i].Activity = ""
	}
	if err := s.validReview(&r); err != nil {
		return appraisal.Review{}, fmt.Errorf("%s: %w", op, err)
	}
	err = s.update(c, func(tx Tx) error {
		if err := s.reviewFits(c, &r); err != nil {
			return err
		}
		others, err := listAs[appraisal.Review](ctx, tx, KindReview, Query{Owner: r.Person})
		if err != nil {
			return err
		}
		cycle := appraisal.Cycle{Person: r.Person, Year: r.Year}
		for _, o := range others {
			if o.Year == r.Year {
				cycle.Reviews = append(cycle.Reviews, o)
			}
		}
		if err := cycle.Add(r); err != nil {
			return fromAppraisal(op, err)
		}
		return putReview(ctx, tx, &r, 0, c.change("review.record"))
	})
	if err != nil {
		return appraisal.Review{}, fmt.Errorf("%s: %w", op, err)
	}
	return r, nil
}

// AmendReview replaces what a review not yet signed off records (its day,
// targets, plan and summary); only its appraiser may, and any signature
// already given is cleared so that both sign the amended review. A
// signed-off review is ErrInvalid (matching appraisal.ErrSignedOff).
func (s *Appraisals) AmendReview(ctx context.Context, id string, next appraisal.Review) (appraisal.Review, error) {
	return s.changeReview(ctx, id, "review.amend", func(tx Tx, c *work, r *appraisal.Review) error {
		if c.Person != r.Appraiser {
			return deny("amend review")
		}
		next.Targets, next.Plan = slices.Clone(next.Targets), slices.Clone(next.Plan)
		for i := range next.Plan {
			next.Plan[i].Activity = ""
		}
		if next.Held > c.today || s.yearOf(next.Held) != r.Year {
			return invalid("held", "%s is not a past day of the review's academic year %s", next.Held, r.Year)
		}
		if err := r.Amend(next); err != nil {
			return fromAppraisal("amend review", err)
		}
		if err := s.validReview(r); err != nil {
			return err
		}
		return s.reviewFits(c, r)
	}, nil)
}

// SignReview records the actor's sign-off of a review: as its appraiser or
// as its appraisee, whichever they are; nobody signs for someone else
// (ErrForbidden), and signing twice is ErrConflict. When the second
// signature makes the review signed off, each need of its plan becomes a
// requested activity in the same transaction: for the person, linked to
// its target (Activity.Targets), necessary or aspirational as the need
// says, its source the target's (appraisal for aspirational needs), and
// requested in the person's name so that their line manager may approve
// it. The review records each need's activity. A signed-off review is
// evidence for the policy's appraisal cadences (AppraisalTopic,
// InterimReviewTopic), and the person's status is refreshed with it.
func (s *Appraisals) SignReview(ctx context.Context, id string) (appraisal.Review, error) {
	return s.changeReview(ctx, id, "review.sign", func(tx Tx, c *work, r *appraisal.Review) error {
		if c.Person != r.Person && c.Person != r.Appraiser {
			return deny("sign review")
		}
		if err := r.Sign(c.Person, c.today); err != nil {
			return fromAppraisal("sign review", err)
		}
		c.act("activity.request")
		return s.requestPlan(c, r)
	}, func(tx Tx, c *work, r *appraisal.Review) error {
		if !r.SignedOff() || !(s.topics[AppraisalTopic] || s.topics[InterimReviewTopic]) {
			return nil
		}
		// The signed-off review, now written, is evidence for the
		// policy's appraisal cadence: the person's status follows it.
		p, err := getPerson(ctx, tx, r.Person)
		if err != nil {
			return err
		}
		c.act("review.sign")
		return s.refreshStatus(c, &p)
	})
}

// Review returns one review to anyone who may read its person's records.
func (s *Appraisals) Review(ctx context.Context, id string) (appraisal.Review, error) {
	const op = "get review"
	c, err := s.begin(ctx)
	if err != nil {
		return appraisal.Review{}, fmt.Errorf("%s: %w", op, err)
	}
	var r appraisal.Review
	err = s.view(c, func(tx Tx) error {
		if r, _, err = getAs[appraisal.Review](ctx, tx, KindReview, id); err != nil {
			return err
		}
		return permit(s.canRead(c, r.Person))(op)
	})
	if err != nil {
		return appraisal.Review{}, hide(op+" "+id, c, err)
	}
	return r, nil
}

// Cycle returns a person's appraisal cycle for an academic year ("2026/27"):
// their annual appraisal and interim reviews, to anyone who may read their
// records.
func (s *Appraisals) Cycle(ctx context.Context, person, year string) (appraisal.Cycle, error) {
	all, err := readOwned[appraisal.Review](ctx, s.kernel, KindReview, person, "appraisal cycle")
	if err != nil {
		return appraisal.Cycle{}, err
	}
	c := appraisal.Cycle{Person: person, Year: year, Reviews: []appraisal.Review{}}
	for _, r := range all {
		if r.Year == year {
			c.Reviews = append(c.Reviews, r)
		}
	}
	slices.SortStableFunc(c.Reviews, func(a, b appraisal.Review) int { return cmp.Compare(a.Held, b.Held) })
	return c, nil
}

// validReview checks a review and the activity kinds and aspects its
// needs name.
func (s *kernel) validReview(r *appraisal.Review) error {
	if err := r.Validate(); err != nil {
		return fromAppraisal("review", err)
	}
	for i, n := range r.Plan {
		if err := checkNeedNames(fmt.Sprintf("plan[%d]", i), n); err != nil {
			return err
		}
	}
	return nil
}

// reviewFits checks a review against the store: the person exists and was
// in post when it was held, and every target it lists is theirs and open.
func (s *kernel) reviewFits(c *work, r *appraisal.Review) error {
	p, err := getPerson(c.ctx, c.tx, r.Person)
	if err != nil {
		return notOwn("person", r.Person, err)
	}
	if r.Held < p.Start || (p.Leaving != 0 && r.Held > p.Leaving) {
		return invalid("held", "%s is outside %s's time in post", r.Held, p.ID)
	}
	return s.ownOpenTargets(c, r.Person, r.Targets, "targets")
}

// ownOpenTargets checks that every target listed is the person's and open.
func (s *kernel) ownOpenTargets(c *work, person string, ids []string, field string) error {
	for i, id := range ids {
		t, _, err := getAs[appraisal.Target](c.ctx, c.tx, KindTarget, id)
		if err == nil && t.Owner != person {
			err = ErrNotFound
		}
		if err != nil {
			return notOwn(fmt.Sprintf("%s[%d]", field, i), id, err)
		}
		if t.Status != appraisal.Open {
			return invalid(fmt.Sprintf("%s[%d]", field, i), "target %s is %s, not open", id, t.Status)
		}
	}
	return nil
}

// requestPlan turns the needs of a signed-off review into requested
// activities, recording each one's ID in the review.
func (s *kernel) requestPlan(c *work, r *appraisal.Review) error {
	if !r.SignedOff() {
		return nil
	}
	p, err := getPerson(c.ctx, c.tx, r.Person)
	if err != nil {
		return err
	}
	for i, n := range r.Plan {
		src := Appraisal
		if n.Target != "" {
			t, _, err := getAs[appraisal.Target](c.ctx, c.tx, KindTarget, n.Target)
			if err != nil {
				return err
			}
			if src, err = targetSource(t.Source); err != nil {
				return fmt.Errorf("plan[%d]: target %s: %w", i, t.ID, err)
			}
		}
		a, err := s.request(r.Person, n, src)
		if err == nil {
			err = s.fits(s.dayOf(c.ch.At), &p, &a)
		}
		if err == nil {
			err = putActivity(c.ctx, c.tx, &a, c.ch)
		}
		if err != nil {
			return fmt.Errorf("plan[%d]: %w", i, err)
		}
		r.Plan[i].Activity = a.ID
	}
	return nil
}

// changeReview reads a review, lets change alter it (change authorises
// the actor and may write other records), and writes it, in one
// transaction.
// changeReview reads a review, applies change, writes it and then runs
// after (when not nil), in one transaction.
func (s *kernel) changeReview(ctx context.Context, id, action string, change, after func(Tx, *work, *appraisal.Review) error) (appraisal.Review, error) {
	op := action + " " + id
	c, err := s.begin(ctx)
	if err != nil {
		return appraisal.Review{}, fmt.Errorf("%s: %w", op, err)
	}
	if c.readOnly() {
		return appraisal.Review{}, deny(op)
	}
	var r appraisal.Review
	err = s.update(c, func(tx Tx) error {
		var version int64
		if r, version, err = getAs[appraisal.Review](ctx, tx, KindReview, id); err != nil {
			return err
		}
		if err := change(tx, c, &r); err != nil {
			return err
		}
		if err := putReview(ctx, tx, &r, version, c.change(action)); err != nil || after == nil {
			return err
		}
		return after(tx, c, &r)
	})
	if err != nil {
		return appraisal.Review{}, hide(op, c, err)
	}
	return r, nil
}

func putReview(ctx context.Context, tx Tx, r *appraisal.Review, version int64, ch Change) error {
	_, err := reviewRecords.put(ctx, tx, r, version, ch)
	return err
}

// appraises reports whether the caller may hold a person's review: their
// line manager, by the Directory. Auditors may not.
func (s *kernel) appraises(c *work, person string) (bool, error) {
	if c.readOnly() {
		return false, nil
	}
	return s.manages(c, person)
}
