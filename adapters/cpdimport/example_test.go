package cpdimport_test

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/badges"
	"github.com/cpdkit/cpdkit/adapters/cpdimport"
	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/adapters/xapi"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// An HR system that embeds the cpd Service takes an LMS export: the xAPI
// credits become a Batch of completed activities, applied in one
// transaction by an administrator, and the teacher's safeguarding is
// compliant.
func ExampleFromXAPI() {
	const export = `[{"id": "a0000000-0000-4000-8000-000000000001", "timestamp": "2026-09-14T15:00:00Z",
	  "actor": {"mbox": "mailto:teacher@college.example"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
	  "object": {"id": "https://lms.college.example/safeguarding"}, "result": {"duration": "PT1H30M"}}]`
	agents := xapi.NewAgents()
	if err := agents.AddEmail("teacher@college.example", "teacher"); err != nil {
		log.Fatal(err)
	}
	res, err := xapi.Import(context.Background(), strings.NewReader(export), xapi.Mapping{People: agents, Activities: xapi.Catalogue{
		"https://lms.college.example/safeguarding": {Title: "Safeguarding refresher", Topics: []string{"safeguarding"}},
	}}, nil)
	if err != nil {
		log.Fatal(err)
	}
	b, err := cpdimport.FromXAPI(&res, &cpdimport.Options{Provider: "College LMS"})
	if err != nil {
		log.Fatal(err)
	}

	// The embedder's Service: a store, its Directory, the policy (yearly
	// safeguarding), and an administrator and a teacher on record.
	dir := memory.NewDirectory() // an HR system plugs in its own
	dir.Set("college", cpd.Identity{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}})
	dir.Set("college", cpd.Identity{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}})
	policy := compliance.Policy{ID: "college", AcademicYearStart: compliance.MonthDay{Month: time.September, Day: 1},
		Requirements: []compliance.Requirement{{ID: "safeguarding", Name: "Safeguarding", Kind: compliance.RenewableTraining,
			Validity: period.MustParse("P1Y")}}}
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{
		Now: func() time.Time { return time.Date(2026, time.November, 2, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		log.Fatal(err)
	}
	admin := cpd.WithActor(context.Background(), cpd.Actor{Org: "college", Person: "admin"})
	if _, err := svc.Staff.AddPerson(admin, cpd.Person{ID: "teacher", Name: "A. Teacher", JobRole: "teacher",
		Employment: compliance.Employed, Start: date.New(2020, time.September, 1), FTE: decimal.NewFromInt(1)}); err != nil {
		log.Fatal(err)
	}
	applied, err := cpdimport.Apply(admin, svc, b, nil)
	if err != nil {
		log.Fatal(err)
	}
	a, err := svc.Activities.Activity(admin, applied.Imported.IDs[0])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Person, a.State, a.Title, a.Completed, a.Hours, "hours, evidence", a.Evidence)
	r, err := svc.Compliance.Compliance(admin, "teacher")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("safeguarding:", r.Items[0].Status)
	// Output:
	// teacher completed Safeguarding refresher 2026-09-14 1.5 hours, evidence a0000000-0000-4000-8000-000000000001
	// safeguarding: compliant
}

// An LMS voids a statement whose credit was imported last week: applying
// the new export withdraws the activity, and the teacher's safeguarding
// no longer counts it.
func ExampleApply() {
	agents := xapi.NewAgents()
	if err := agents.AddEmail("teacher@college.example", "teacher"); err != nil {
		log.Fatal(err)
	}
	m := xapi.Mapping{People: agents, Activities: xapi.Catalogue{
		"https://lms.college.example/safeguarding": {Title: "Safeguarding refresher", Topics: []string{"safeguarding"}},
	}}
	// The embedder's Service: a store, its Directory, the policy (yearly
	// safeguarding), and an administrator and a teacher on record.
	dir := memory.NewDirectory() // an HR system plugs in its own
	dir.Set("college", cpd.Identity{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}})
	dir.Set("college", cpd.Identity{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}})
	policy := compliance.Policy{ID: "college", AcademicYearStart: compliance.MonthDay{Month: time.September, Day: 1},
		Requirements: []compliance.Requirement{{ID: "safeguarding", Name: "Safeguarding", Kind: compliance.RenewableTraining,
			Validity: period.MustParse("P1Y")}}}
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{
		Now: func() time.Time { return time.Date(2026, time.November, 2, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		log.Fatal(err)
	}
	admin := cpd.WithActor(context.Background(), cpd.Actor{Org: "college", Person: "admin"})
	if _, err := svc.Staff.AddPerson(admin, cpd.Person{ID: "teacher", Name: "A. Teacher", JobRole: "teacher",
		Employment: compliance.Employed, Start: date.New(2020, time.September, 1), FTE: decimal.NewFromInt(1)}); err != nil {
		log.Fatal(err)
	}
	for _, export := range []string{
		`[{"id": "a0000000-0000-4000-8000-000000000001", "timestamp": "2026-09-14T15:00:00Z",
		  "actor": {"mbox": "mailto:teacher@college.example"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
		  "object": {"id": "https://lms.college.example/safeguarding"}}]`,
		`[{"id": "b0000000-0000-4000-8000-000000000001", "timestamp": "2026-10-01T09:00:00Z",
		  "actor": {"mbox": "mailto:lms@college.example"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
		  "object": {"objectType": "StatementRef", "id": "a0000000-0000-4000-8000-000000000001"}}]`,
	} {
		res, err := xapi.Import(context.Background(), strings.NewReader(export), m, nil)
		if err != nil {
			log.Fatal(err)
		}
		b, err := cpdimport.FromXAPI(&res, nil)
		if err != nil {
			log.Fatal(err)
		}
		applied, err := cpdimport.Apply(admin, svc, b, nil)
		if err != nil {
			log.Fatal(err)
		}
		r, err := svc.Compliance.Compliance(admin, "teacher")
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("imported", applied.Imported.Imported, "withdrawn", len(applied.Withdrawn.Withdrawn), "safeguarding:", r.Items[0].Status)
	}
	// Output:
	// imported 1 withdrawn 0 safeguarding: compliant
	// imported 0 withdrawn 1 safeguarding: missing
}

// An awarding body revokes a badge the HR system imported last month:
// applying its revocation list withdraws the activity the badge became,
// and the teacher's safeguarding no longer counts it.
func ExampleFromBadges() {
	people := badges.NewRecipients()
	if err := people.AddEmail("teacher@college.example", "teacher"); err != nil {
		log.Fatal(err)
	}
	m := badges.Mapping{People: people, Achievements: badges.Catalogue{
		"https://awards.example.org/badges/dsl": {Title: "Designated safeguarding lead", Topics: []string{"safeguarding"}},
	}}
	// The embedder's Service: a store, its Directory, the policy (yearly
	// safeguarding), and an administrator and a teacher on record.
	dir := memory.NewDirectory() // an HR system plugs in its own
	dir.Set("college", cpd.Identity{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}})
	dir.Set("college", cpd.Identity{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}})
	policy := compliance.Policy{ID: "college", AcademicYearStart: compliance.MonthDay{Month: time.September, Day: 1},
		Requirements: []compliance.Requirement{{ID: "safeguarding", Name: "Safeguarding", Kind: compliance.RenewableTraining,
			Validity: period.MustParse("P1Y")}}}
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{
		Now: func() time.Time { return time.Date(2026, time.November, 2, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		log.Fatal(err)
	}
	admin := cpd.WithActor(context.Background(), cpd.Actor{Org: "college", Person: "admin"})
	if _, err := svc.Staff.AddPerson(admin, cpd.Person{ID: "teacher", Name: "A. Teacher", JobRole: "teacher",
		Employment: compliance.Employed, Start: date.New(2020, time.September, 1), FTE: decimal.NewFromInt(1)}); err != nil {
		log.Fatal(err)
	}
	for _, export := range []string{
		`{"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "https://awards.example.org/assertions/9",
		  "recipient": {"type": "email", "hashed": false, "identity": "teacher@college.example"},
		  "badge": {"id": "https://awards.example.org/badges/dsl", "name": "DSL Level 3", "issuer": {"id": "https://awards.example.org", "name": "Example Awarding Body"}},
		  "issuedOn": "2026-09-14T10:00:00Z", "verification": {"type": "hosted"}}`,
		`[{"id": "https://awards.example.org/assertions/9", "revoked": true, "revocationReason": "issued in error"}]`,
	} {
		res, err := badges.Import(context.Background(), strings.NewReader(export), m, nil)
		if err != nil {
			log.Fatal(err)
		}
		b, err := cpdimport.FromBadges(&res, nil)
		if err != nil {
			log.Fatal(err)
		}
		applied, err := cpdimport.Apply(admin, svc, b, nil)
		if err != nil {
			log.Fatal(err)
		}
		r, err := svc.Compliance.Compliance(admin, "teacher")
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("imported", applied.Imported.Imported, "withdrawn", len(applied.Withdrawn.Withdrawn), "safeguarding:", r.Items[0].Status)
	}
	// Output:
	// imported 1 withdrawn 0 safeguarding: compliant
	// imported 0 withdrawn 1 safeguarding: missing
}
