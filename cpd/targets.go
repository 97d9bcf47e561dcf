package cpd

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/appraisal"
)

// SetTarget records a new improvement target for its owner, set by the
// actor today (unless t.Set gives an earlier day) and open. The owner's
// line manager, the head of education and the IQA may set targets; the
// owner may not set their own. An improvement-planning (SAR/QIP) target
// belongs to an area, which defaults to the owner's team. It returns the
// stored target, or ErrInvalid (naming the field), ErrForbidden or
// ErrNoActor.
func (s *Appraisals) SetTarget(ctx context.Context, t appraisal.Target) (appraisal.Target, error) {
	const op = "set target"
	c, err := s.begin(ctx)
	if err != nil {
		return appraisal.Target{}, fmt.Errorf("%s: %w", op, err)
	}
	if err := permit(s.setsTargets(c, t.Owner))(op); err != nil {
		return appraisal.Target{}, err
	}
	today := c.today
	t.ID, t.SetBy, t.Status, t.Evaluation, t.Ratings, t.Reason, t.Withdrawn = s.newID(), c.Person, appraisal.Open, nil, nil, "", 0
	if t.Set == 0 || t.Set > today {
		t.Set = today
	}
	err = s.update(c, func(tx Tx) error {
		p, err := getPerson(ctx, tx, t.Owner)
		if err != nil {
			return notOwn("owner", t.Owner, err)
		}
		if t.Area == "" {
			t.Area = p.Team
		}
		if err := t.Validate(); err != nil {
			return fromAppraisal(op, err)
		}
		return putTarget(ctx, tx, &t, 0, c.change("target.set"))
	})
	if err != nil {
		return appraisal.Target{}, fmt.Errorf("%s: %w", op, err)
	}
	return t, nil
}

// WithdrawTarget stops pursuing an open target today, with a reason; whoever
// may set the owner's targets may withdraw them.
func (s *Appraisals) WithdrawTarget(ctx context.Context, id, reason string) (appraisal.Target, error) {
	return s.changeTarget(ctx, id, "target.withdraw", s.setsTargets, func(c *work, t *appraisal.Target, _ []string) error {
		return t.Withdraw(reason, c.today)
	})
}

// EvaluateTarget records today whether an open target was achieved,
// partly achieved or not achieved, with a note. The owner's line manager
// or the head of education may; the owner may not evaluate their own. A
// target is evaluated once (again is ErrConflict).
func (s *Appraisals) EvaluateTarget(ctx context.Context, id string, outcome appraisal.Outcome, note string) (appraisal.Target, error) {
	return s.changeTarget(ctx, id, "target.evaluate", s.evaluatesTargets, func(c *work, t *appraisal.Target, _ []string) error {
		return t.Evaluate(appraisal.Evaluation{Outcome: outcome, On: c.today, By: c.Person, Note: note})
	})
}

// RateEffectiveness records, once a target is evaluated, how effective
// one of its linked development activities was in reaching it, with a
// comment. The owner rates as the person and their line manager (by the
// Directory) as the line manager; nobody else, and nobody for someone
// else. The activity must be one of the owner's completed activities
// linked to the target: any other is ErrInvalid matching
// appraisal.ErrNotLinked. Rating the same activity twice is ErrConflict.
func (s *Appraisals) RateEffectiveness(ctx context.Context, id, activity string, e appraisal.Effectiveness, comment string) (appraisal.Target, error) {
	return s.changeTarget(ctx, id, "target.rate", s.ratesTargets, func(c *work, t *appraisal.Target, linked []string) error {
		rater := appraisal.ByLineManager
		if c.Person == t.Owner {
			rater = appraisal.ByPerson
		}
		return t.Rate(appraisal.Rating{Activity: activity, Rater: rater, By: c.Person, Effectiveness: e,
			Comment: comment, On: c.today}, linked)
	})
}

// Target returns one target to anyone who may read its owner's records.
func (s *Appraisals) Target(ctx context.Context, id string) (appraisal.Target, error) {
	const op = "get target"
	c, err := s.begin(ctx)
	if err != nil {
		return appraisal.Target{}, fmt.Errorf("%s: %w", op, err)
	}
	var t appraisal.Target
	err = s.view(c, func(tx Tx) error {
		if t, _, err = getAs[appraisal.Target](ctx, tx, KindTarget, id); err != nil {
			return err
		}
		return permit(s.canRead(c, t.Owner))(op)
	})
	if err != nil {
		return appraisal.Target{}, hide(op+" "+id, c, err)
	}
	return t, nil
}

// Targets returns every target a person owns, in ID order, to anyone who
// may read their records.
func (s *Appraisals) Targets(ctx context.Context, person string) ([]appraisal.Target, error) {
	return readOwned[appraisal.Target](ctx, s.kernel, KindTarget, person, "list targets")
}

// ImprovementPlanReview is the monthly improvement-plan review for the
// month containing on: per target (of one area, or all for ""), its
// development needs (every activity serving it, and the needs of plans not
// yet signed off) and their progress. The roles that read everyone may
// review any area; a line manager may review their own team's area. It
// reads the organisation's targets and, for those in the review, the
// activities linked to them (see KindTargetNeed), so its cost grows with
// the targets, not with the organisation's history of activities.
func (s *Appraisals) ImprovementPlanReview(ctx context.Context, on date.Date, area string) (appraisal.PlanReview, error) {
	const op = "improvement plan review"
	c, err := s.begin(ctx)
	if err != nil {
		return appraisal.PlanReview{}, fmt.Errorf("%s: %w", op, err)
	}
	var pr appraisal.PlanReview
	err = s.view(c, func(tx Tx) error {
		if err := s.reviewsArea(c, area); err != nil {
			return err
		}
		targets, err := listAs[appraisal.Target](ctx, tx, KindTarget, Query{})
		if err != nil {
			return err
		}
		needs, err := needsServing(ctx, tx, on, area, targets)
		pr = appraisal.ReviewPlan(on, area, targets, needs)
		return err
	})
	if err != nil {
		return appraisal.PlanReview{}, fmt.Errorf("%s: %w", op, err)
	}
	return pr, nil
}

// reviewsArea authorises a plan review: everyone's readers for any area,
// a line manager for their own team's.
func (s *kernel) reviewsArea(c *work, area string) error {
	if c.readsEveryone() {
		return nil
	}
	if area == "" || !c.id.Has(RoleLineManager) {
		return deny("improvement plan review")
	}
	me, err := getPerson(c.ctx, c.tx, c.Person)
	if err != nil || me.Team != area {
		return deny("improvement plan review")
	}
	return nil
}

// needsServing gathers the activities that serve the targets the review
// of the month containing on (for area) holds, and the needs of plans not
// yet signed off, as proposed needs. It reads each of those targets'
// activities through their links (KindTargetNeed), not every activity of
// the organisation, so that its cost grows with the targets reviewed and
// their activities. A link whose activity no longer names its target is
// left out.
func needsServing(ctx context.Context, tx Tx, on date.Date, area string, targets []appraisal.Target) ([]appraisal.Activity, error) {
	ids := map[string]bool{}
	for _, row := range appraisal.ReviewPlan(on, area, targets, nil).Rows {
		ids[row.Target.ID] = true
	}
	serves := func(ts []string) bool { return slices.ContainsFunc(ts, func(id string) bool { return ids[id] }) }
	var out []appraisal.Activity
	seen := map[string]bool{}
	for _, t := range slices.Sorted(maps.Keys(ids)) {
		rs, err := needsOf(ctx, tx, t)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			if seen[r.ID] {
				continue
			}
			seen[r.ID] = true
			// The targets first, so that an activity serving none of them
			// never concerns the review, however it is stored.
			var head struct {
				Targets []string `json:"targets"`
			}
			if err := decodeRecord(r, &head); err != nil {
				return nil, err
			}
			if !serves(head.Targets) {
				continue
			}
			a, err := decodeActivity(r)
			if err != nil {
				return nil, err
			}
			out = append(out, a.view())
		}
	}
	drafts, err := listAs[appraisal.Review](ctx, tx, KindReview, Query{States: []string{"draft", "appraiser_signed", "appraisee_signed"}})
	for _, r := range drafts {
		for _, n := range r.Plan {
			if n.Target != "" && ids[n.Target] {
				out = append(out, appraisal.Activity{Person: r.Person, Title: n.Title, Kind: n.Kind, Aspect: n.Aspect,
					Targets: []string{n.Target}, Progress: appraisal.Proposed, Hours: n.Hours})
			}
		}
	}
	return out, err
}

// changeTarget reads a target, authorises the actor against its owner,
// applies change (given the IDs of the owner's completed activities
// linked to it) and writes it, in one transaction.
func (s *kernel) changeTarget(ctx context.Context, id, action string, allowed func(*work, string) (bool, error),
	change func(*work, *appraisal.Target, []string) error) (appraisal.Target, error) {
	op := action + " " + id
	c, err := s.begin(ctx)
	if err != nil {
		return appraisal.Target{}, fmt.Errorf("%s: %w", op, err)
	}
	var t appraisal.Target
	err = s.update(c, func(tx Tx) error {
		var version int64
		if t, version, err = getAs[appraisal.Target](ctx, tx, KindTarget, id); err != nil {
			return err
		}
		if err := permit(allowed(c, t.Owner))(op); err != nil {
			return err
		}
		acts, err := activitiesOf(ctx, tx, t.Owner, Completed, Evaluated)
		if err != nil {
			return err
		}
		if err := change(c, &t, appraisal.Linked(t.ID, views(acts))); err != nil {
			return fromAppraisal(op, err)
		}
		return putTarget(ctx, tx, &t, version, c.change(action))
	})
	if err != nil {
		return appraisal.Target{}, hide(op, c, err)
	}
	return t, nil
}

func putTarget(ctx context.Context, tx Tx, t *appraisal.Target, version int64, ch Change) error {
	_, err := targetRecords.put(ctx, tx, t, version, ch)
	return err
}

// setsTargets reports whether the caller may set or withdraw a person's
// targets: their line manager, the head of education or the IQA, never
// for themself.
func (s *kernel) setsTargets(c *work, owner string) (bool, error) {
	switch {
	case c.readOnly(), owner == c.Person:
		return false, nil
	case c.id.Has(RoleHeadOfEducation, RoleIQA):
		return true, nil
	}
	return s.manages(c, owner)
}

// evaluatesTargets reports whether the caller may evaluate a person's
// target: their line manager or the head of education, never their own.
func (s *kernel) evaluatesTargets(c *work, owner string) (bool, error) {
	switch {
	case c.readOnly(), owner == c.Person:
		return false, nil
	case c.id.Has(RoleHeadOfEducation):
		return true, nil
	}
	return s.manages(c, owner)
}

// ratesTargets reports whether the caller may rate a target's activities:
// the owner, or their line manager.
func (s *kernel) ratesTargets(c *work, owner string) (bool, error) {
	switch {
	case c.readOnly():
		return false, nil
	case owner == c.Person:
		return true, nil
	}
	return s.manages(c, owner)
}

// decodeActivity decodes a stored activity.
func decodeActivity(r Record) (Activity, error) {
	var a Activity
	if err := decodeActivityData(r, &a); err != nil {
		return Activity{}, err
	}
	a.Version = r.Version
	return a, nil
}
