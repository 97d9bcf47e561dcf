package cpd

import (
	"context"
	"fmt"
	"slices"

	"github.com/cpdkit/cpdkit/appraisal"
)

// PlanDevDay plans a professional development day with its sessions, in
// the academic year it falls in; administrators and the head of education
// may. Each session's aspect must be a cpd aspect. It returns the stored
// day, or ErrInvalid (naming the field), ErrForbidden or ErrNoActor.
func (s *Development) PlanDevDay(ctx context.Context, d appraisal.DevDay) (appraisal.DevDay, error) {
	const op = "plan development day"
	c, err := s.begin(ctx)
	if err != nil {
		return appraisal.DevDay{}, fmt.Errorf("%s: %w", op, err)
	}
	if !c.canAdminister() {
		return appraisal.DevDay{}, deny(op)
	}
	d.ID, d.Year = s.newID(), s.yearOf(d.On)
	d.Sessions = slices.Clone(d.Sessions)
	for i := range d.Sessions {
		d.Sessions[i].Attended = nil
		d.Sessions[i].Topics, d.Sessions[i].Targets = slices.Clone(d.Sessions[i].Topics), slices.Clone(d.Sessions[i].Targets)
	}
	if err := s.validDevDay(&d); err != nil {
		return appraisal.DevDay{}, fmt.Errorf("%s: %w", op, err)
	}
	err = s.update(c, func(tx Tx) error {
		_, err := devDayRecords.put(ctx, tx, &d, 0, c.change("dev_day.plan"))
		return err
	})
	if err != nil {
		return appraisal.DevDay{}, fmt.Errorf("%s: %w", op, err)
	}
	return d, nil
}

// DevDays returns the development days planned for an academic year
// ("2026/27"), in date order, to anyone in the organisation.
func (s *Development) DevDays(ctx context.Context, year string) ([]appraisal.DevDay, error) {
	const op = "list development days"
	c, err := s.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	var days []appraisal.DevDay
	err = s.view(c, func(tx Tx) error {
		days, err = listAs[appraisal.DevDay](ctx, tx, KindDevDay, Query{States: []string{year}})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", op, year, err)
	}
	return appraisal.YearPlan(year, days), nil
}

// RecordAttendance records who attended a session of a development day and,
// in the same transaction, gives each attendee a completed activity of
// kind development_day for it (its hours, aspect, compliance topics and
// targets; completed on the day; the register as evidence; recorded by
// the actor, so not the attendee's to amend) and refreshes their
// compliance status. Administrators and the head of education may.
// It is all or nothing: an attendee who does not exist, had not started
// or had left by the day, or is already recorded for the session fails the
// whole call (ErrInvalid, or ErrConflict for a repeat) and changes
// nothing. It returns the new activities, in the order given.
func (s *Activities) RecordAttendance(ctx context.Context, day, session string, people []string) ([]Activity, error) {
	op := "record attendance at " + day
	c, err := s.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if !c.canAdminister() {
		return nil, deny(op)
	}
	var out []Activity
	err = s.update(c, func(tx Tx) error {
		d, version, err := getAs[appraisal.DevDay](ctx, tx, KindDevDay, day)
		if err != nil {
			return err
		}
		ses := d.Session(session)
		switch {
		case ses == nil:
			return invalid("session", "%q is not a session of development day %s", session, day)
		case c.today < d.On:
			return invalid("on", "development day %s is on %s: attendance is recorded on or after the day", day, d.On)
		}
		acts, attendees, people, err := s.attendance(c, &d, ses, people)
		if err != nil {
			return err
		}
		if err := d.Attend(session, attendees, c.today); err != nil {
			return fromAppraisal(op, err)
		}
		ch := c.act("dev_day.attend")
		if err := putActivities(ctx, tx, acts, ch); err != nil {
			return err
		}
		if err := s.refreshStatuses(c, people); err != nil {
			return err
		}
		out = make([]Activity, len(acts))
		for i := range acts {
			out[i] = acts[i].Activity
			out[i].Version = 1
		}
		_, err = devDayRecords.put(ctx, tx, &d, version, ch)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

// attendance builds each attendee's completed activity for a session,
// checked against the person.
func (s *kernel) attendance(c *work, d *appraisal.DevDay, ses *appraisal.Session, ids []string) ([]indexed, []appraisal.Attendee, []*Person, error) {
	acts := make([]indexed, len(ids))
	attendees := make([]appraisal.Attendee, len(ids))
	people := make([]*Person, len(ids))
	for i, id := range ids {
		field := fmt.Sprintf("people[%d]", i)
		p, err := getPerson(c.ctx, c.tx, id)
		if err != nil {
			return nil, nil, nil, notOwn(field, id, err)
		}
		a := Activity{
			ID: s.newID(), Person: id, Title: d.Title + ": " + ses.Title, Kind: DevelopmentDay, Necessity: Necessary,
			Source: ImprovementPlanning, Topics: slices.Clone(ses.Topics), Hours: ses.Hours, Start: d.On, End: d.On,
			Completed: d.On, Provider: ses.Provider, Evidence: "dev_day:" + d.ID + "/" + ses.ID,
			Targets: slices.Clone(ses.Targets), State: Completed, RequestedBy: c.Person, RecordedBy: c.Person,
		}
		if err := a.Aspect.UnmarshalText([]byte(ses.Aspect)); err != nil {
			return nil, nil, nil, err
		}
		if err := a.Validate(); err != nil {
			return nil, nil, nil, err
		}
		if err := s.fits(c.today, &p, &a); err != nil {
			return nil, nil, nil, fmt.Errorf("%s: %w", field, err)
		}
		acts[i], attendees[i], people[i] = indexed{Activity: a, index: i}, appraisal.Attendee{Person: id, Activity: a.ID}, &p
	}
	return acts, attendees, people, nil
}

// validDevDay checks a day and that each session names a cpd aspect.
func (s *kernel) validDevDay(d *appraisal.DevDay) error {
	if err := d.Validate(); err != nil {
		return fromAppraisal("development day", err)
	}
	for i, ses := range d.Sessions {
		var a Aspect
		if a.UnmarshalText([]byte(ses.Aspect)) != nil {
			return invalid(fmt.Sprintf("sessions[%d].aspect", i), "%q is not an aspect", ses.Aspect)
		}
	}
	return nil
}
