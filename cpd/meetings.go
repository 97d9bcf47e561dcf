package cpd

import (
	"cmp"
	"context"
	"fmt"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/compliance"
)

// OneToOneAgenda builds the professional-learning item of a 1-to-1
// supervision meeting with a person on a day, from their records: the
// activities they completed since their last recorded meeting, activities
// completed this academic year still without their feedback, their open
// targets due within
// appraisal.DefaultHorizonDays or overdue, compliance items expiring
// within that horizon or lapsed, and whether their CPD log is up to date
// (by the policy's submission requirement). The person themself and
// anyone who may read their records may ask; it writes nothing.
func (s *Appraisals) OneToOneAgenda(ctx context.Context, person string, on date.Date) (appraisal.LearningItem, error) {
	const op = "1-to-1 agenda"
	c, err := s.begin(ctx)
	if err != nil {
		return appraisal.LearningItem{}, fmt.Errorf("%s: %w", op, err)
	}
	if err := permit(s.canRead(c, person))(op); err != nil {
		return appraisal.LearningItem{}, err
	}
	var it appraisal.LearningItem
	err = s.view(c, func(tx Tx) error {
		it, err = s.learningItem(c, person, on)
		return err
	})
	if err != nil {
		return appraisal.LearningItem{}, hide(op+" for "+person, c, err)
	}
	return it, nil
}

// RecordOneToOne records a 1-to-1 supervision meeting held by the actor
// with one of their reports (by the Directory), on m.On (today when zero;
// never in the future). The professional-learning item is a standing item:
// cpd builds it from the person's records as OneToOneAgenda does, whatever
// m.Learning held. It returns the stored meeting, or ErrInvalid,
// ErrForbidden or ErrNoActor.
func (s *Appraisals) RecordOneToOne(ctx context.Context, m appraisal.Meeting) (appraisal.Meeting, error) {
	const op = "record 1-to-1"
	c, err := s.begin(ctx)
	if err != nil {
		return appraisal.Meeting{}, fmt.Errorf("%s: %w", op, err)
	}
	if err := permit(s.appraises(c, m.Person))(op); err != nil {
		return appraisal.Meeting{}, err
	}
	if m.On == 0 {
		m.On = c.today
	}
	if m.On > c.today {
		return appraisal.Meeting{}, fmt.Errorf("%s: %w", op, invalid("on", "%s is in the future", m.On))
	}
	m.ID, m.Manager = s.newID(), c.Person
	err = s.update(c, func(tx Tx) error {
		it, err := s.learningItem(c, m.Person, m.On)
		if err != nil {
			return err
		}
		m.Learning = &it
		if err := m.Validate(); err != nil {
			return fromAppraisal(op, err)
		}
		_, err = meetingRecords.put(ctx, tx, &m, 0, c.change("meeting.record"))
		return err
	})
	if err != nil {
		return appraisal.Meeting{}, fmt.Errorf("%s: %w", op, err)
	}
	return m, nil
}

// OneToOnes returns a person's recorded 1-to-1 meetings, in ID order, to
// anyone who may read their records.
func (s *Appraisals) OneToOnes(ctx context.Context, person string) ([]appraisal.Meeting, error) {
	return readOwned[appraisal.Meeting](ctx, s.kernel, KindMeeting, person, "list 1-to-1s")
}

// learningItem gathers a person's records and builds the item.
func (s *kernel) learningItem(c *work, person string, on date.Date) (appraisal.LearningItem, error) {
	p, err := getPerson(c.ctx, c.tx, person)
	if err != nil {
		return appraisal.LearningItem{}, err
	}
	in := appraisal.AgendaInput{Person: person, On: on, HorizonDays: appraisal.DefaultHorizonDays,
		FeedbackSince: compliance.AcademicYearOf(s.yearStart, on).Start}
	meetings, err := listAs[appraisal.Meeting](c.ctx, c.tx, KindMeeting, Query{Owner: person})
	if err != nil {
		return appraisal.LearningItem{}, err
	}
	for _, m := range meetings {
		if m.On < on && m.On > in.LastMeeting {
			in.LastMeeting = m.On
		}
	}
	acts, err := activitiesOf(c.ctx, c.tx, person)
	if err != nil {
		return appraisal.LearningItem{}, err
	}
	in.Activities = views(acts)
	feedback, err := listAs[appraisal.Feedback](c.ctx, c.tx, KindFeedback, Query{Owner: person})
	for _, f := range feedback {
		in.WithFeedback = append(in.WithFeedback, f.Activity)
	}
	if err == nil {
		in.Targets, err = listAs[appraisal.Target](c.ctx, c.tx, KindTarget, Query{Owner: person})
	}
	if err != nil {
		return appraisal.LearningItem{}, err
	}
	if in.Expiring, in.Log, err = s.complianceFor(c, &p, on, in.HorizonDays); err != nil {
		return appraisal.LearningItem{}, err
	}
	return appraisal.BuildAgenda(in), nil
}

// complianceFor evaluates a person on a day and returns what a 1-to-1
// raises: items expiring within days or lapsed, and the CPD log's state.
func (s *kernel) complianceFor(c *work, p *Person, on date.Date, days int) ([]appraisal.Expiry, appraisal.LogState, error) {
	res, err := s.evaluate(c, p, on)
	if err != nil {
		return nil, appraisal.LogState{}, fmt.Errorf("evaluate %s: %w", p.ID, err)
	}
	var log appraisal.LogState
	for _, it := range res.Items {
		if isLogRequirement(it.Requirement) && it.Status != compliance.NotApplicable && it.Status != compliance.Exempt {
			log.Required, log.Due = true, cmp.Or(it.ValidUntil, it.DueBy)
			if it.Evidence != nil && (log.LastSubmitted == 0 || it.Evidence.Date > log.LastSubmitted) {
				log.LastSubmitted = it.Evidence.Date
			}
		}
	}
	var out []appraisal.Expiry
	for _, a := range alertsOf(&res, days) {
		if a.Kind == LogDue {
			continue // the log has its own line
		}
		name := a.Requirement
		if req, ok := s.eval.Requirement(a.Requirement); ok && req.Name != "" {
			name = req.Name
		}
		out = append(out, appraisal.Expiry{Requirement: a.Requirement, Name: name, Date: a.Date, Lapsed: a.Kind != Expiring})
	}
	return out, log, nil
}
