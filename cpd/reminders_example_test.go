package cpd_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// A daily job sends the reminders due: the teacher 30 and 7 days before
// their safeguarding lapses, their line manager on the day it lapses and
// weekly after. Each is sent once, however often the job runs.
func ExampleCompliance_SendReminders() {
	var rules []cpd.ReminderRule // cpd.Options.Reminders, as policy data
	err := json.Unmarshal([]byte(`[
		{"id": "expiry-30", "when": "expiry", "before": "P30D", "to": "person"},
		{"id": "expiry-7", "when": "expiry", "before": "P7D", "to": "person"},
		{"id": "lapsed", "when": "expiry", "to": "line_manager", "every": "P7D"}
	]`), &rules)
	if err != nil {
		log.Fatal(err)
	}

	const org = "example-college"
	staff := []cpd.Identity{
		{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}},
		{Person: "manager", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}},
		{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "manager"},
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
	today := date.New(2025, 12, 1) // the Service's clock, moved by hand below
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{Location: time.UTC, Reminders: rules,
		Now: func() time.Time { return today.MidnightUTC().Add(12 * time.Hour) }})
	if err != nil {
		log.Fatal(err)
	}
	as := func(person string) context.Context {
		return cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: person})
	}
	if _, err := svc.Staff.ImportPeople(as("admin"), people, nil); err != nil {
		log.Fatal(err)
	}
	_, err = svc.Activities.RecordCompleted(as("teacher"), cpd.Activity{Person: "teacher", Title: "Safeguarding", Kind: cpd.InternalCourse,
		Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.SelfIdentified, Topics: []string{"safeguarding"},
		Hours: decimal.NewFromInt(3), Completed: today, Evidence: "certificate.pdf"})
	if err != nil {
		log.Fatal(err)
	}

	notifier := cpd.NewWriterNotifier(os.Stdout) // an embedder sends e-mail instead
	for _, day := range []date.Date{date.New(2026, 11, 2), date.New(2026, 11, 3), date.New(2026, 11, 25), date.New(2026, 12, 1), date.New(2026, 12, 9)} {
		today = day
		sent, err := svc.Compliance.SendReminders(as("admin"), notifier)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %d sent\n", day, len(sent))
	}
	// Output:
	// to teacher: Reminder: safeguarding for teacher is valid until 2026-11-30
	// 2026-11-02: 1 sent
	// 2026-11-03: 0 sent
	// to teacher: Reminder: safeguarding for teacher is valid until 2026-11-30
	// 2026-11-25: 1 sent
	// to manager: Reminder: safeguarding for teacher lapsed after 2026-11-30
	// 2026-12-01: 1 sent
	// to manager: Reminder: safeguarding for teacher lapsed after 2026-11-30
	// 2026-12-09: 1 sent
}
