package cpd_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// An administrator migrates completion records from an LMS. The first
// attempt is all or nothing, and one row is bad, so nothing is stored;
// with SkipBad the good rows go in and the bad one is reported.
func ExampleActivities_ImportCompletions() {
	const org = "example-college"
	staff := []cpd.Identity{
		{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}},
		{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}},
		{Person: "colleague", Roles: []cpd.Role{cpd.RoleStaff}},
	}
	dir := memory.NewDirectory() // an HR system plugs in its own
	var people []cpd.Person
	for _, id := range staff {
		dir.Set(org, id)
		people = append(people, cpd.Person{ID: id.Person, Name: id.Person, Employment: compliance.Employed,
			Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)})
	}
	policy, err := compliance.ParsePolicy([]byte(`{"id": "example", "academic_year_start": "09-01", "requirements": [
		{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y"},
		{"id": "prevent", "kind": "renewable_training", "validity": "P2Y"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	ids := 0 // numbered IDs: act-1, act-2, …
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{Location: time.UTC,
		Now:   func() time.Time { return time.Date(2026, time.November, 25, 12, 0, 0, 0, time.UTC) },
		NewID: func() string { ids++; return fmt.Sprintf("act-%d", ids) }})
	if err != nil {
		log.Fatal(err)
	}
	as := func(person string) context.Context {
		return cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: person})
	}
	if _, err := svc.Staff.ImportPeople(as("admin"), people, nil); err != nil {
		log.Fatal(err)
	}

	row := func(person string, on date.Date, topic string) cpd.Activity {
		return cpd.Activity{Person: person, Title: topic + " (LMS)", Kind: cpd.ExternalCourse, Aspect: cpd.KeepingUpToDate,
			Necessity: cpd.Necessary, Source: cpd.Appraisal, Topics: []string{topic}, Hours: decimal.NewFromInt(2),
			Completed: on, Evidence: "lms:" + person + ":" + topic}
	}
	rows := []cpd.Activity{
		row("teacher", date.New(2026, 9, 14), "safeguarding"),
		row("nobody", date.New(2026, 9, 14), "safeguarding"),
		row("colleague", date.New(2026, 10, 5), "prevent"),
	}
	_, err = svc.Activities.ImportCompletions(as("admin"), rows, nil)
	var ie *cpd.ImportError
	if errors.As(err, &ie) {
		fmt.Println("rejected:", ie)
	}
	res, err := svc.Activities.ImportCompletions(as("admin"), rows, &cpd.ImportOptions{SkipBad: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("imported: %d %q\n", res.Imported, res.IDs)
	// Output:
	// rejected: 1 rejected; #1: person: nobody does not exist
	// imported: 2 ["act-4" "" "act-6"]
}

// The LMS retracts a record imported last month: withdrawing it by its
// external reference keeps it, marked withdrawn, and it no longer counts.
func ExampleActivities_WithdrawImported() {
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
	ids := 0 // numbered IDs: act-1, act-2, …
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{Location: time.UTC,
		Now:   func() time.Time { return time.Date(2026, time.November, 25, 12, 0, 0, 0, time.UTC) },
		NewID: func() string { ids++; return fmt.Sprintf("act-%d", ids) }})
	if err != nil {
		log.Fatal(err)
	}
	as := func(person string) context.Context {
		return cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: person})
	}
	if _, err := svc.Staff.ImportPeople(as("admin"), people, nil); err != nil {
		log.Fatal(err)
	}

	imported, err := svc.Activities.ImportCompletions(as("admin"), []cpd.Activity{{Person: "teacher", Title: "Safeguarding (LMS)",
		Kind: cpd.ExternalCourse, Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Appraisal,
		Topics: []string{"safeguarding"}, Hours: decimal.NewFromInt(2), Completed: date.New(2026, 10, 14),
		Evidence: "lms:statement-7", ExternalRef: "lms:statement-7"}}, nil)
	if err != nil {
		log.Fatal(err)
	}
	res, err := svc.Activities.WithdrawImported(as("admin"), []cpd.Withdrawal{
		{ExternalRef: "lms:statement-7", Reason: "the LMS voided statement 7"},
		{ExternalRef: "lms:statement-9", Reason: "the LMS voided statement 9"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("withdrawn %q, not found %q\n", res.Withdrawn, res.NotFound)
	got, err := svc.Activities.Activity(as("admin"), imported.IDs[0])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.State, "-", got.Reason)
	// Output:
	// withdrawn ["act-1"], not found ["lms:statement-9"]
	// withdrawn - the LMS voided statement 7
}
