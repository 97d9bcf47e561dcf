package cpd_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// exampleMoneyService builds a Service with a budget policy (costs approved by
// the line's holder and the head of education; expense claims by the
// holder within a month) and an allocated budget whose English line, held
// by "lead", has GBP 500.
func exampleMoneyService(clock *exampleClock) *cpd.Service {
	policy := budget.Policy{
		ID: "example-money", Currency: budget.GBP,
		Budget: budget.Setting{AllocatedBy: budget.RoleHeadOfEducation},
		Rules: []budget.Rule{{ID: "costs", When: budget.Condition{CostOver: budget.MustParse("GBP 0")},
			Approvers: []budget.Role{budget.RoleBudgetHolder, budget.RoleHeadOfEducation}}},
		Claims: budget.ClaimRules{Approver: budget.RoleBudgetHolder},
	}
	dir := memory.NewDirectory()
	ids := 0
	svc, err := cpd.New(memory.New(), dir, examplePolicy(), &cpd.Options{
		Now: clock.now, Location: time.UTC, Budget: &policy,
		NewID: func() string { ids++; return fmt.Sprintf("r%d", ids) },
	})
	if err != nil {
		panic(err)
	}
	for _, id := range []cpd.Identity{
		{Person: "head", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleHeadOfEducation}},
		{Person: "lead", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleBudgetHolder}, LineManager: "head"},
		{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "lead"},
	} {
		dir.Set(exampleOrg, id)
		if _, err := svc.AddPerson(exampleAs("head"), cpd.Person{ID: id.Person, Name: id.Person, JobRole: "teacher",
			Employment: compliance.Employed, Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)}); err != nil {
			panic(err)
		}
	}
	_, err = svc.AllocateBudget(exampleAs("head"), budget.Budget{ID: "2026-27", Year: "2026/27", Currency: budget.GBP,
		Lines: []budget.Line{{ID: "english", Name: "English", Kind: budget.SubjectLine, Holder: "lead", Amount: budget.MustParse("GBP 500")}}})
	if err != nil {
		panic(err)
	}
	return svc
}

// A request with a cost runs the budget policy's approval chain: each
// approval is recorded, and the last commits the money from the line in
// the same transaction, or is refused if the line cannot afford it.
func ExampleService_Approve_funded() {
	clock := &exampleClock{day: date.New(2026, 10, 1)}
	svc := exampleMoneyService(clock)
	request := func(title, fee string) string {
		a, err := svc.Request(exampleAs("teacher"), cpd.Activity{
			Person: "teacher", Title: title, Kind: cpd.ExternalCourse, Aspect: cpd.TrainingForJob, Necessity: cpd.Necessary,
			Source: cpd.Appraisal, Hours: decimal.NewFromInt(6), Start: date.New(2026, 11, 5),
			Funding: &cpd.Funding{Budget: "2026-27", Line: "english",
				Costs: budget.Costs{Items: []budget.Cost{{Kind: budget.Fee, Amount: budget.MustParse("GBP " + fee)}}}},
		})
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s needs %s\n", a.ID, a.Funding.Chain)
		return a.ID
	}
	first, second := request("Phonics", "350"), request("Reading", "200")
	for _, step := range []struct{ who, id string }{{"lead", first}, {"head", first}, {"lead", second}, {"head", second}} {
		a, err := svc.Approve(exampleAs(step.who), step.id)
		switch {
		case errors.Is(err, cpd.ErrInsufficientFunds):
			fmt.Printf("%s by %s: refused: %v\n", step.id, step.who, errors.Unwrap(err))
		case err != nil:
			fmt.Println(err)
		case a.State == cpd.Approved:
			fmt.Printf("%s by %s: approved, %s committed\n", step.id, step.who, a.Funding.Commitment.Outstanding)
		default:
			fmt.Printf("%s by %s: waiting for %v\n", step.id, step.who, a.Funding.Waiting)
		}
	}
	rep, _ := svc.BudgetReport(exampleAs("head"), "2026-27")
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
