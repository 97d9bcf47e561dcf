package ical_test

import (
	"context"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// today is the day the fixture's Service runs on.
var today = date.New(2026, 11, 25)

// fixture is a college with a head of education, a teacher and their
// line manager, on the memory store.
type fixture struct {
	store                  *memory.Store
	svc                    *cpd.Service
	head, teacher, manager context.Context
	stranger               context.Context
	safeguarding, coaching string // the teacher's completed training and booked course
}

// clock is the fixture's time: 09:00 UTC today.
func clock() time.Time { return today.Midnight().Add(9 * time.Hour) }

func newFixture(t *testing.T) *fixture {
	t.Helper()
	policy := compliance.Policy{ID: "p", AcademicYearStart: compliance.MonthDay{Month: 9, Day: 1},
		Requirements: []compliance.Requirement{
			{ID: "safeguarding", Name: "Safeguarding", Kind: compliance.RenewableTraining, Validity: period.MustParse("P1Y")},
			{ID: "prevent", Name: "Prevent", Kind: compliance.RenewableTraining, Validity: period.MustParse("P1Y")},
			{ID: "cpd-log", Name: "CPD log", Kind: compliance.Submission, Every: period.MustParse("P2M")},
		}}
	store, dir := memory.New(), memory.NewDirectory()
	svc, err := cpd.New(store, dir, policy, &cpd.Options{Now: clock, Location: time.UTC})
	require.NoError(t, err)
	f := &fixture{store: store, svc: svc}
	as := func(who string) context.Context {
		return cpd.WithActor(context.Background(), cpd.Actor{Org: "college", Person: who})
	}
	f.head, f.teacher, f.manager, f.stranger = as("head"), as("t1"), as("m1"), as("t2")
	dir.Set("college", cpd.Identity{Person: "head", Roles: []cpd.Role{cpd.RoleHeadOfEducation}})
	dir.Set("college", cpd.Identity{Person: "m1", Roles: []cpd.Role{cpd.RoleLineManager}})
	dir.Set("college", cpd.Identity{Person: "t1", LineManager: "m1"})
	dir.Set("college", cpd.Identity{Person: "t2", LineManager: "m1"})
	var people []cpd.Person
	for _, p := range []struct{ id, manager string }{{"head", ""}, {"m1", "head"}, {"t1", "m1"}, {"t2", "m1"}} {
		people = append(people, cpd.Person{ID: p.id, Name: p.id, JobRole: "teacher", LineManager: p.manager,
			Employment: compliance.Employed, Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)})
	}
	_, err = svc.Staff.ImportPeople(f.head, people, nil)
	require.NoError(t, err)
	sg, err := svc.Activities.Request(f.teacher, cpd.Activity{Person: "t1", Title: "Safeguarding refresher", Kind: cpd.Webinar,
		Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Required, Topics: []string{"safeguarding"},
		Hours: decimal.NewFromInt(2)})
	require.NoError(t, err)
	_, err = svc.Activities.Approve(f.manager, sg.ID)
	require.NoError(t, err)
	_, err = svc.Activities.Complete(f.teacher, sg.ID, cpd.Completion{On: date.New(2026, 1, 12), Evidence: "lms:1"})
	require.NoError(t, err)
	co, err := svc.Activities.Request(f.teacher, cpd.Activity{Person: "t1", Title: "Coaching, part 1", Kind: cpd.Coaching,
		Aspect: cpd.TrainingForJob, Necessity: cpd.Necessary, Source: cpd.SelfIdentified, Hours: decimal.NewFromInt(12)})
	require.NoError(t, err)
	_, err = svc.Activities.Approve(f.manager, co.ID)
	require.NoError(t, err)
	_, err = svc.Activities.Book(f.teacher, co.ID, cpd.Booking{Start: date.New(2026, 12, 1), End: date.New(2026, 12, 2), Provider: "Learning Ltd"})
	require.NoError(t, err)
	f.safeguarding, f.coaching = sg.ID, co.ID
	return f
}
