package cpd_test

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// An inspector asks who changed a teacher's safeguarding date, when, and
// from what: the administrator reads the record's audit trail, and exports
// the same entries as CSV for the inspection file.
func ExampleService_AuditTrail() {
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
	today := date.New(2026, 11, 2) // the Service's clock, moved by hand below
	ids := 0                       // numbered IDs: act-1, act-2, …
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{Location: time.UTC,
		Now:   func() time.Time { return today.MidnightUTC().Add(12 * time.Hour) },
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

	_, err = svc.Activities.RecordCompleted(as("teacher"), cpd.Activity{Person: "teacher", Title: "Safeguarding refresher",
		Kind: cpd.ExternalCourse, Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Appraisal,
		Topics: []string{"safeguarding"}, Hours: decimal.NewFromInt(3), Completed: date.New(2026, 9, 14), Evidence: "certificate.pdf"})
	if err != nil {
		log.Fatal(err)
	}
	today = date.New(2026, 11, 3)
	a, err := svc.Activities.Activity(as("teacher"), "act-1")
	if err != nil {
		log.Fatal(err)
	}
	a.Completed = date.New(2026, 10, 14)
	if _, err := svc.Activities.Amend(as("admin"), a.ID, a, "the certificate says 14 October"); err != nil {
		log.Fatal(err)
	}

	q := cpd.AuditQuery{ID: "act-1", Action: "activity.amended"}
	page, err := svc.AuditTrail(as("admin"), q)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range page.Entries {
		for _, ch := range e.Changes {
			if ch.Field == "completed" {
				fmt.Printf("%s on %s: %s %s → %s\n", e.Actor, e.At.Format("2006-01-02"), ch.Field, ch.Before, ch.After)
			}
		}
	}
	var file strings.Builder
	if err := cpd.WriteAuditCSV(&file, svc.AuditTrailAll(as("admin"), q)); err != nil {
		log.Fatal(err)
	}
	rows := strings.Split(file.String(), "\r\n")
	fmt.Println(rows[0])
	fmt.Println(rows[1])
	// Output:
	// admin on 2026-11-03: completed "2026-09-14" → "2026-10-14"
	// seq,at,actor,action,kind,id,owner,field,before,after
	// 12,2026-11-03T12:00:00Z,admin,activity.amended,activity,act-1,teacher,completed,"""2026-09-14""","""2026-10-14"""
}
