package ical_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/ical"
	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// A calendar of one booked course and one expiry, written as a client
// would fetch it (lines end with CRLF, shown here without).
func ExampleWrite() {
	cal := &ical.Calendar{
		Name:  "CPD: t1",
		Stamp: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC),
		Events: []ical.Event{
			{UID: "college/t1/activity/a1@cpdkit", Start: date.New(2026, 12, 1), End: date.New(2026, 12, 2),
				Summary: "Coaching, part 1", Description: "Booked coaching, 12 hours."},
			{UID: "college/t1/safeguarding/expires@cpdkit", Start: date.New(2027, 1, 11),
				Summary: "Safeguarding: last valid day"},
		},
	}
	var out bytes.Buffer
	if err := ical.Write(&out, cal); err != nil {
		panic(err)
	}
	fmt.Print(strings.ReplaceAll(out.String(), "\r\n", "\n"))
	// Output:
	// BEGIN:VCALENDAR
	// VERSION:2.0
	// PRODID:-//cpdkit//cpdkit ical//EN
	// CALSCALE:GREGORIAN
	// METHOD:PUBLISH
	// X-WR-CALNAME:CPD: t1
	// BEGIN:VEVENT
	// UID:college/t1/activity/a1@cpdkit
	// DTSTAMP:20261125T090000Z
	// DTSTART;VALUE=DATE:20261201
	// DTEND;VALUE=DATE:20261203
	// SUMMARY:Coaching\, part 1
	// DESCRIPTION:Booked coaching\, 12 hours.
	// END:VEVENT
	// BEGIN:VEVENT
	// UID:college/t1/safeguarding/expires@cpdkit
	// DTSTAMP:20261125T090000Z
	// DTSTART;VALUE=DATE:20270111
	// DTEND;VALUE=DATE:20270112
	// SUMMARY:Safeguarding: last valid day
	// END:VEVENT
	// END:VCALENDAR
}

// A teacher's calendar, gathered through the Service as the teacher: the
// day their safeguarding certificate is last valid, and the CPD log they
// owe (here, as it has never been sent, since the day it first fell
// due).
func ExampleFeed() {
	policy := compliance.Policy{ID: "p", AcademicYearStart: compliance.MonthDay{Month: 9, Day: 1},
		Requirements: []compliance.Requirement{
			{ID: "safeguarding", Name: "Safeguarding", Kind: compliance.RenewableTraining, Validity: period.MustParse("P1Y")},
			{ID: "cpd-log", Name: "CPD log", Kind: compliance.Submission, Every: period.MustParse("P2M")},
		}}
	now := func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) }
	dir := memory.NewDirectory()
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{Now: now, Location: time.UTC})
	if err != nil {
		panic(err)
	}
	dir.Set("college", cpd.Identity{Person: "head", Roles: []cpd.Role{cpd.RoleHeadOfEducation}})
	dir.Set("college", cpd.Identity{Person: "t1"})
	head := cpd.WithActor(context.Background(), cpd.Actor{Org: "college", Person: "head"})
	_, err = svc.Staff.ImportPeople(head, []cpd.Person{{ID: "t1", Name: "t1", JobRole: "teacher", Employment: compliance.Employed,
		Start: date.New(2025, 9, 1), FTE: decimal.NewFromInt(1)}}, nil)
	if err != nil {
		panic(err)
	}
	_, err = svc.Activities.ImportCompletions(head, []cpd.Activity{{Person: "t1", Title: "Safeguarding", Kind: cpd.Webinar,
		Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Required, Topics: []string{"safeguarding"},
		Hours: decimal.NewFromInt(2), Completed: date.New(2026, 1, 12), Evidence: "lms:1"}}, nil)
	if err != nil {
		panic(err)
	}
	teacher := cpd.WithActor(context.Background(), cpd.Actor{Org: "college", Person: "t1"})
	cal, err := ical.Feed(teacher, svc, "t1", &ical.Options{Now: now})
	if err != nil {
		panic(err)
	}
	for _, e := range cal.Events {
		fmt.Println(e.Start, e.Summary, e.UID)
	}
	// Output:
	// 2025-10-31 CPD log: overdue college/t1/cpd-log/due@cpdkit
	// 2027-01-11 Safeguarding: last valid day college/t1/safeguarding/expires@cpdkit
}
