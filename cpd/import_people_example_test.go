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

// An administrator loads the new term's starters from the HR system's
// roster. One row repeats a colleague already on record, so the
// all-or-nothing import stores no one; with SkipBad the starters go in
// and the repeat is reported.
func ExampleStaff_ImportPeople() {
	const org = "example-college"
	dir := memory.NewDirectory() // an HR system plugs in its own
	dir.Set(org, cpd.Identity{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}})
	dir.Set(org, cpd.Identity{Person: "manager", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}})
	for _, p := range []string{"teacher", "tutor-1", "tutor-2"} {
		dir.Set(org, cpd.Identity{Person: p, Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "manager"})
	}
	policy, err := compliance.ParsePolicy([]byte(`{"id": "example", "academic_year_start": "09-01", "requirements": [
		{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y", "induction_deadline": "P1M"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{Location: time.UTC,
		Now: func() time.Time { return time.Date(2026, time.September, 1, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		log.Fatal(err)
	}
	admin := cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: "admin"})
	_, err = svc.Staff.AddPerson(admin, cpd.Person{ID: "teacher", Name: "A. Teacher", JobRole: "teacher",
		Employment: compliance.Employed, Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)})
	if err != nil {
		log.Fatal(err)
	}

	starter := func(id string) cpd.Person {
		return cpd.Person{ID: id, Name: id, JobRole: "tutor", Employment: compliance.Associate,
			Start: date.New(2026, 9, 1), FTE: decimal.RequireFromString("0.5")}
	}
	roster := []cpd.Person{starter("tutor-1"), starter("teacher"), starter("tutor-2")}
	_, err = svc.Staff.ImportPeople(admin, roster, nil)
	var ie *cpd.ImportError
	if errors.As(err, &ie) {
		fmt.Println("rejected:", ie, "| conflict:", errors.Is(ie.Rejected[0].Err, cpd.ErrConflict))
	}
	res, err := svc.Staff.ImportPeople(admin, roster, &cpd.ImportOptions{SkipBad: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("imported: %d %q\n", res.Imported, res.IDs)
	// Output:
	// rejected: 1 rejected; #1: conflict: id: teacher is already taken | conflict: true
	// imported: 2 ["tutor-1" "" "tutor-2"]
}
