package cpd_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// Before an inspection on 1 February, the head of education asks who will
// fall out of compliance by then: the teacher's safeguarding, done on
// 14 December last year, runs out on 13 December; the colleague's is renewed
// in time by a course already booked.
func ExampleCompliance_Forecast() {
	const org = "example-college"
	staff := []cpd.Identity{
		{Person: "head", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleHeadOfEducation}},
		{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}, LineManager: "head"},
		{Person: "manager", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}, LineManager: "head"},
		{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "manager"},
		{Person: "colleague", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "manager"},
	}
	dir := memory.NewDirectory() // an HR system plugs in its own
	var people []cpd.Person
	for _, id := range staff {
		dir.Set(org, id)
		people = append(people, cpd.Person{ID: id.Person, Name: id.Person, Employment: compliance.Employed,
			Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)})
	}
	policy, err := compliance.ParsePolicy([]byte(`{"id": "example", "academic_year_start": "09-01", "requirements": [
		{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{Location: time.UTC,
		Now: func() time.Time { return time.Date(2026, time.November, 2, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		log.Fatal(err)
	}
	as := func(person string) context.Context {
		return cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: person})
	}
	if _, err := svc.Staff.ImportPeople(as("admin"), people, nil); err != nil {
		log.Fatal(err)
	}
	record := func(person string, on date.Date, title, hours string, topics ...string) {
		_, err := svc.Activities.RecordCompleted(as(person), cpd.Activity{Person: person, Title: title, Kind: cpd.ExternalCourse,
			Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Appraisal, Topics: topics,
			Hours: decimal.RequireFromString(hours), Completed: on, Evidence: "certificate.pdf"})
		if err != nil {
			log.Fatal(err)
		}
	}
	record("teacher", date.New(2025, 12, 14), "Safeguarding", "3", "safeguarding")
	record("colleague", date.New(2025, 12, 14), "Safeguarding", "3", "safeguarding")
	course, err := svc.Activities.Request(as("colleague"), cpd.Activity{Person: "colleague", Title: "Safeguarding refresher",
		Kind: cpd.ExternalCourse, Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Appraisal,
		Topics: []string{"safeguarding"}, Hours: decimal.NewFromInt(3)})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := svc.Activities.Approve(as("manager"), course.ID); err != nil {
		log.Fatal(err)
	}
	if _, err := svc.Activities.Book(as("colleague"), course.ID, cpd.Booking{Start: date.New(2026, 12, 1)}); err != nil {
		log.Fatal(err)
	}

	fc, err := svc.Compliance.Forecast(as("head"), cpd.ForecastQuery{To: date.New(2027, 2, 1)})
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range fc.Lapses {
		fmt.Printf("lapses: %s's %s is %s from %s\n", l.Person, l.Requirement, l.Status, l.On)
	}
	for _, l := range fc.Covered {
		fmt.Printf("covered: %s's %s, by %q on %s\n", l.Person, l.Requirement, l.Fix.Title, l.Fix.On)
	}
	// Output:
	// lapses: teacher's safeguarding is overdue from 2026-12-14
	// covered: colleague's safeguarding, by "Safeguarding refresher" on 2026-12-01
}

// A teacher's safeguarding on two days: today, and the day after it runs
// out, from the records as they stand.
func ExampleCompliance_ComplianceOn() {
	const org = "example-college"
	staff := []cpd.Identity{
		{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}},
		{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}},
	}
	dir := memory.NewDirectory() // an HR system plugs in its own
	var people []cpd.Person
	for _, id := range staff {
		dir.Set(org, id)
		people = append(people, cpd.Person{ID: id.Person, Name: id.Person, Employment: compliance.Employed,
			Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)})
	}
	policy, err := compliance.ParsePolicy([]byte(`{"id": "example", "academic_year_start": "09-01", "requirements": [
		{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{Location: time.UTC,
		Now: func() time.Time { return time.Date(2026, time.November, 2, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		log.Fatal(err)
	}
	as := func(person string) context.Context {
		return cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: person})
	}
	if _, err := svc.Staff.ImportPeople(as("admin"), people, nil); err != nil {
		log.Fatal(err)
	}

	_, err = svc.Activities.RecordCompleted(as("teacher"), cpd.Activity{Person: "teacher", Title: "Safeguarding", Kind: cpd.ExternalCourse,
		Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Appraisal, Topics: []string{"safeguarding"},
		Hours: decimal.NewFromInt(3), Completed: date.New(2025, 12, 14), Evidence: "certificate.pdf"})
	if err != nil {
		log.Fatal(err)
	}
	for _, on := range []date.Date{date.New(2026, 11, 2), date.New(2026, 12, 14)} {
		res, err := svc.Compliance.ComplianceOn(as("teacher"), "teacher", on)
		if err != nil {
			log.Fatal(err)
		}
		it, _ := res.Item("safeguarding")
		fmt.Printf("%s: %s\n", on, it.Status)
	}
	// Output:
	// 2026-11-02: compliant
	// 2026-12-14: overdue
}
