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
	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// A request with a cost runs the budget policy's approval chain: each
// approval is recorded, and the last commits the money from the line in
// the same transaction, or is refused if the line cannot afford it.
//
// The budget policy (cpd.Options.Budget) has costs approved by the line's
// holder and then the head of education; the year's budget has an English
// line of GBP 500, held by "lead".
func ExampleActivities_Approve_funded() {
	const org = "example-college"
	staff := []cpd.Identity{
		{Person: "head", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleHeadOfEducation}},
		{Person: "lead", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleBudgetHolder}, LineManager: "head"},
		{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "lead"},
	}
	dir := memory.NewDirectory() // an HR system plugs in its own
	var people []cpd.Person
	for _, id := range staff {
		dir.Set(org, id)
		people = append(people, cpd.Person{ID: id.Person, Name: id.Person, Employment: compliance.Employed,
			Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)})
	}
	money := budget.Policy{ID: "example-money", Currency: budget.GBP,
		Budget: budget.Setting{AllocatedBy: budget.RoleHeadOfEducation},
		Rules: []budget.Rule{{ID: "costs", When: budget.Condition{CostOver: budget.MustParse("GBP 0")},
			Approvers: []budget.Role{budget.RoleBudgetHolder, budget.RoleHeadOfEducation}}},
		Claims: budget.ClaimRules{Approver: budget.RoleBudgetHolder}}
	policy, err := compliance.ParsePolicy([]byte(`{"id": "example", "academic_year_start": "09-01", "requirements": [
		{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	ids := 0 // numbered IDs: r1, r2, …
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{Location: time.UTC, Budget: &money,
		Now:   func() time.Time { return time.Date(2026, time.October, 1, 12, 0, 0, 0, time.UTC) },
		NewID: func() string { ids++; return fmt.Sprintf("r%d", ids) }})
	if err != nil {
		log.Fatal(err)
	}
	as := func(person string) context.Context {
		return cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: person})
	}
	if _, err := svc.Staff.ImportPeople(as("head"), people, nil); err != nil {
		log.Fatal(err)
	}
	_, err = svc.Budgets.AllocateBudget(as("head"), budget.Budget{ID: "2026-27", Year: "2026/27", Currency: budget.GBP,
		Lines: []budget.Line{{ID: "english", Name: "English", Kind: budget.SubjectLine, Holder: "lead", Amount: budget.MustParse("GBP 500")}}})
	if err != nil {
		log.Fatal(err)
	}

	request := func(title, fee string) string {
		a, err := svc.Activities.Request(as("teacher"), cpd.Activity{
			Person: "teacher", Title: title, Kind: cpd.ExternalCourse, Aspect: cpd.TrainingForJob, Necessity: cpd.Necessary,
			Source: cpd.Appraisal, Hours: decimal.NewFromInt(6), Start: date.New(2026, 11, 5),
			Funding: &cpd.Funding{Budget: "2026-27", Line: "english",
				Costs: budget.Costs{Items: []budget.Cost{{Kind: budget.Fee, Amount: budget.MustParse("GBP " + fee)}}}},
		})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s needs %s\n", a.ID, a.Funding.Chain)
		return a.ID
	}
	first, second := request("Phonics", "350"), request("Reading", "200")
	for _, step := range []struct{ who, id string }{{"lead", first}, {"head", first}, {"lead", second}, {"head", second}} {
		a, err := svc.Activities.Approve(as(step.who), step.id)
		switch {
		case errors.Is(err, cpd.ErrInsufficientFunds):
			fmt.Printf("%s by %s: refused: %v\n", step.id, step.who, errors.Unwrap(err))
		case err != nil:
			log.Fatal(err)
		case a.State == cpd.Approved:
			fmt.Printf("%s by %s: approved, %s committed\n", step.id, step.who, a.Funding.Commitment.Outstanding)
		default:
			fmt.Printf("%s by %s: waiting for %v\n", step.id, step.who, a.Funding.Waiting)
		}
	}
	rep, err := svc.Budgets.BudgetReport(as("head"), "2026-27")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("english available:", rep.Lines[0].Available)
	// Output:
	// r1 needs costs: budget_holder + head_of_education
	// r2 needs costs: budget_holder + head_of_education
	// r1 by lead: waiting for [head_of_education]
	// r1 by head: approved, GBP 350.00 committed
	// r2 by lead: waiting for [head_of_education]
	// r2 by head: refused: insufficient funds on line english: GBP 200.00 needed, GBP 150.00 available
	// english available: GBP 150.00
}
