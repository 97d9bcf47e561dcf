package cpd

import (
	"context"
	"fmt"
	"slices"

	"github.com/cpdkit/cpdkit/appraisal"
)

// StartPIP records a performance improvement plan for a person, set by
// the actor (their line manager, by the Directory, or the head of
// education), and in the same transaction requests an activity for the
// need of each professional-learning action (source
// performance_improvement_plan, linked to its target, requested in the
// person's name). A plan must include professional learning: one without
// is ErrInvalid matching appraisal.ErrNoProfessionalLearning, and nothing
// is stored. The targets it lists must be the person's own open targets.
func (s *Appraisals) StartPIP(ctx context.Context, p appraisal.PIP) (appraisal.PIP, error) {
	const op = "start performance improvement plan"
	c, err := s.begin(ctx)
	if err != nil {
		return appraisal.PIP{}, fmt.Errorf("%s: %w", op, err)
	}
	if err := permit(s.evaluatesTargets(c, p.Person))(op); err != nil {
		return appraisal.PIP{}, err
	}
	p.ID, p.Manager = s.newID(), c.Person
	p.Targets, p.Actions = slices.Clone(p.Targets), slices.Clone(p.Actions)
	for i, a := range p.Actions {
		if a.Need != nil {
			n := *a.Need
			n.Activity = ""
			p.Actions[i].Need = &n
		}
	}
	if err := p.Validate(); err != nil {
		return appraisal.PIP{}, fmt.Errorf("%s: %w", op, fromAppraisal(op, err))
	}
	for i, a := range p.Actions {
		if a.Need != nil {
			if err := checkNeedNames(fmt.Sprintf("actions[%d].need", i), *a.Need); err != nil {
				return appraisal.PIP{}, fmt.Errorf("%s: %w", op, err)
			}
		}
	}
	err = s.update(c, func(tx Tx) error {
		person, err := getPerson(ctx, tx, p.Person)
		if err != nil {
			return notOwn("person", p.Person, err)
		}
		if err := s.ownOpenTargets(c, p.Person, p.Targets, "targets"); err != nil {
			return err
		}
		ch := c.act("pip.start")
		for i, a := range p.Actions {
			if a.Need == nil {
				continue
			}
			act, err := s.request(p.Person, *a.Need, PerformanceImprovementPlan)
			if err == nil {
				err = s.fits(c.today, &person, &act)
			}
			if err == nil {
				err = putActivity(ctx, tx, &act, ch)
			}
			if err != nil {
				return fmt.Errorf("actions[%d]: %w", i, err)
			}
			a.Need.Activity = act.ID
		}
		_, err = pipRecords.put(ctx, tx, &p, 0, ch)
		return err
	})
	if err != nil {
		return appraisal.PIP{}, fmt.Errorf("%s: %w", op, err)
	}
	return p, nil
}

// PIPs returns a person's performance improvement plans, in ID order, to
// anyone who may read their records.
func (s *Appraisals) PIPs(ctx context.Context, person string) ([]appraisal.PIP, error) {
	return readOwned[appraisal.PIP](ctx, s.kernel, KindPIP, person, "list performance improvement plans")
}
