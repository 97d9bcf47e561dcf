package report_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/adapters/report"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// The head of education gathers the report for a small organisation and
// reads its indicators before writing the page. Hours still accruing are
// pending, which is not yet compliant; the first teacher's 32 hours were
// last academic year's.
func ExampleGather() {
	policy := compliance.Policy{ID: "p", AcademicYearStart: compliance.MonthDay{Month: 9, Day: 1},
		Requirements: []compliance.Requirement{
			{ID: "safeguarding", Name: "Safeguarding", Kind: compliance.RenewableTraining, Validity: period.MustParse("P1Y")},
			{ID: "hours", Name: "CPD hours", Kind: compliance.MinimumHours, Hours: &compliance.HoursRule{Minimum: decimal.NewFromInt(30)}},
		}}
	dir := memory.NewDirectory()
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{
		Now: func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) }, Location: time.UTC})
	if err != nil {
		panic(err)
	}
	ctx := cpd.WithActor(context.Background(), cpd.Actor{Org: "college", Person: "head"})
	var people []cpd.Person
	for _, p := range []struct{ id, team string }{{"head", ""}, {"t1", "Maths"}, {"t2", "Maths"}} {
		dir.Set("college", cpd.Identity{Person: p.id, Roles: []cpd.Role{cpd.RoleHeadOfEducation}})
		people = append(people, cpd.Person{ID: p.id, Name: p.id, JobRole: "teacher", Team: p.team,
			Employment: compliance.Employed, Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)})
	}
	if _, err := svc.Staff.ImportPeople(ctx, people, nil); err != nil {
		panic(err)
	}
	_, err = svc.Activities.ImportCompletions(ctx, []cpd.Activity{{Person: "t1", Title: "Safeguarding", Kind: cpd.Webinar,
		Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Required, Topics: []string{"safeguarding"},
		Hours: decimal.NewFromInt(32), Completed: date.New(2026, 1, 12), Evidence: "lms:1"},
		{Person: "t2", Title: "Coaching", Kind: cpd.Coaching, Aspect: cpd.TrainingForJob, Necessity: cpd.Necessary,
			Source: cpd.SelfIdentified, Hours: decimal.NewFromInt(12), Completed: date.New(2026, 10, 2), Evidence: "log"}}, nil)
	if err != nil {
		panic(err)
	}
	d, err := report.Gather(ctx, svc, nil)
	if err != nil {
		panic(err)
	}
	for _, t := range d.Teams {
		fmt.Printf("%s: %d people, %s%% compliant, %s of %s hours\n", t.Name, t.People, t.Tally.Rate(), t.Hours, t.HoursRequired)
	}
	for _, e := range d.Expiring {
		fmt.Printf("expiring: %s %s on %s (%d days)\n", e.Person, e.Requirement, e.ValidUntil, e.DaysLeft)
	}
	var page bytes.Buffer
	if err := report.Render(ctx, &page, d); err != nil {
		panic(err)
	}
	fmt.Println(strings.HasPrefix(page.String(), "<!DOCTYPE html>"))
	// Output:
	// (no team): 1 people, 0% compliant, 0 of 30 hours
	// Maths: 2 people, 25% compliant, 12 of 60 hours
	// expiring: t1 Safeguarding on 2027-01-11 (47 days)
	// true
}

// An organisation that reads green only at 98% and amber from 90% sets
// its own thresholds (GatherOptions.Thresholds or Data.Thresholds);
// thresholds out of order are refused, naming the one at fault.
func ExampleThresholds_Validate() {
	th := report.DefaultThresholds()
	fmt.Printf("default: green %s%%, amber %s%%, hours amber %s%%\n", th.Green, th.Amber, th.HoursAmber)
	th.Green, th.Amber = decimal.NewFromInt(98), decimal.NewFromInt(90)
	fmt.Println(th.Validate())
	th.Amber = decimal.RequireFromString("98.5")
	err := th.Validate()
	fmt.Println(errors.Is(err, cpd.ErrInvalid), err)
	// Output:
	// default: green 95%, amber 85%, hours amber 75%
	// <nil>
	// true Thresholds.Amber: is 98.5%, above Thresholds.Green (98%): amber must start no higher than green
}
