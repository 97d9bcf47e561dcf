package budget_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/budget"
)

func ExampleParse() {
	fee, err := budget.Parse("12.5 GBP")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(fee)
	_, err = budget.Parse("GBP 12.505")
	fmt.Println(err)
	// Output:
	// GBP 12.50
	// amount: "12.505" has more than 2 digits after the point for GBP
}

func ExampleMoney_Add() {
	fee := budget.MustParse("GBP 250.00")
	travel := budget.MustParse("GBP 37.40")
	total, err := fee.Add(travel)
	fmt.Println(total, err)

	_, err = fee.Add(budget.MustParse("EUR 10"))
	fmt.Println(errors.Is(err, budget.ErrCurrencyMismatch), err)
	// Output:
	// GBP 287.40 <nil>
	// true currency mismatch: GBP and EUR
}

func ExampleMoney_Allocate() {
	parts, err := budget.MustParse("GBP 100").Allocate(3)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(parts)
	// Output:
	// [GBP 33.34 GBP 33.33 GBP 33.33]
}

func ExampleMoney_MarshalJSON() {
	b, err := json.Marshal(budget.MustParse("GBP 12.5"))
	fmt.Println(string(b), err)
	// Output:
	// {"amount":"12.50","currency":"GBP"} <nil>
}

func ExampleAllocate() {
	requests := []budget.Candidate{
		{ID: "safeguarding", Cost: budget.MustParse("GBP 120"), Priority: budget.Mandatory},
		{ID: "phonics", Cost: budget.MustParse("GBP 300"), Priority: budget.ImprovementTarget},
		{ID: "sen-update", Cost: budget.MustParse("GBP 280"), Priority: budget.ImprovementTarget},
		{ID: "leadership", Cost: budget.MustParse("GBP 550"), Priority: budget.Aspirational},
		{ID: "masters", Cost: budget.MustParse("GBP 2000"), Priority: budget.NecessaryForRole},
		{ID: "conference", Cost: budget.MustParse("GBP 300"), Priority: budget.NecessaryForRole},
	}
	a, err := budget.Allocate(budget.MustParse("GBP 1000"), requests, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range a.Decisions {
		fmt.Printf("%s: %s\n", d.ID, d.Reason)
	}
	fmt.Printf("funded %s of %s, value %d, %s left\n", a.Funded, a.Demand, a.Value, a.Remaining)
	// Output:
	// safeguarding: funded
	// phonics: funded
	// sen-update: funded
	// leadership: not funded: lower priority than the funded requests it would displace (would exceed the GBP 0.00 left by GBP 550.00)
	// masters: not funded: would exceed the available GBP 1000.00 by GBP 1000.00
	// conference: funded
	// funded GBP 1000.00 of GBP 3550.00, value 200, GBP 0.00 left
}

func ExampleParsePolicy() {
	p, err := budget.ParsePolicy([]byte(`{
	  "id": "example", "currency": "GBP",
	  "budget": {"proposed_by": "business_manager", "agreed_by": "trustee"},
	  "rules": [
	    {"id": "costs", "when": {"cost_over": "GBP 0"}, "approvers": ["budget_holder", "head_of_education"]},
	    {"id": "travel", "when": {"travel_over": "GBP 100"}, "approvers": ["managing_director"], "before_start": true}
	  ],
	  "claims": {"approver": "budget_holder", "due_within": "P1M"}
	}`))
	fmt.Println(len(p.Rules), err)

	_, err = budget.ParsePolicy([]byte(`{"id": "x", "currency": "GBP", "budget": {"allocated_by": "head_of_education"},
	  "rules": [{"id": "costs", "approvers": ["bursar"], "colour": "red"}], "claims": {"approver": "trustee"}}`))
	fmt.Println(errors.Is(err, budget.ErrInvalid), err)
	// Output:
	// 2 <nil>
	// true rules[0].colour: is not a known field
}

func ExampleChain_Approve() {
	policy := budget.Policy{
		ID: "example", Currency: budget.GBP,
		Budget: budget.Setting{AllocatedBy: budget.RoleHeadOfEducation},
		Rules: []budget.Rule{
			{ID: "costs", When: budget.Condition{CostOver: budget.MustParse("GBP 0")},
				Approvers: []budget.Role{budget.RoleBudgetHolder, budget.RoleHeadOfEducation}},
			{ID: "overnight", When: budget.Condition{Overnight: true},
				Approvers: []budget.Role{budget.RoleManagingDirector}, BeforeStart: true},
		},
		Claims: budget.ClaimRules{Approver: budget.RoleManagingDirector},
	}
	req := budget.Request{
		ID: "course-1", Person: "tutor", LineManager: "manager", Line: "english", LineHolder: "english-lead",
		RelevantToRole: true, Overnight: true, Start: date.New(2026, 11, 20),
		Costs: budget.Costs{
			Items: []budget.Cost{{Kind: budget.Fee, Amount: budget.MustParse("GBP 250")}},
			Cover: &budget.Cover{Days: decimal.NewFromInt(2), DayRate: budget.MustParse("GBP 160")},
		},
	}
	chain, err := policy.Chain(&req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(req.Total(budget.GBP), "needs", chain)

	var given []budget.Approval
	on := date.New(2026, 11, 2)
	for _, by := range []budget.Approver{
		{Person: "tutor"},
		{Person: "english-lead"},
		{Person: "head", Roles: []budget.Role{budget.RoleHeadOfEducation}},
		{Person: "md", Roles: []budget.Role{budget.RoleManagingDirector}},
	} {
		var progress budget.Progress
		given, progress, err = chain.Approve(&req, given, by, on)
		if err != nil {
			fmt.Println(errors.Is(err, budget.ErrForbidden), err)
			continue
		}
		fmt.Printf("%s approved: %s\n", by.Person, progress)
	}
	// Output:
	// GBP 570.00 needs costs: budget_holder + head_of_education; overnight: managing_director (before the start)
	// true tutor may not approve request course-1: nobody approves their own request
	// english-lead approved: waiting for head_of_education, managing_director
	// head approved: waiting for managing_director
	// md approved: complete
}

func ExampleLedger() {
	b := budget.Budget{
		ID: "2026-27", Year: "2026/27", Currency: budget.GBP, State: budget.Agreed,
		Lines: []budget.Line{
			{ID: "english", Name: "English", Kind: budget.SubjectLine, Holder: "english-lead", Amount: budget.MustParse("GBP 1000")},
			{ID: "mandatory", Name: "Mandatory training", Kind: budget.MandatoryLine, Holder: "administrator", Amount: budget.MustParse("GBP 400")},
		},
	}
	books, err := budget.NewLedger(&b)
	if err != nil {
		fmt.Println(err)
		return
	}
	on := date.New(2026, 9, 1)
	cause := func(action, ref string) budget.Cause {
		return budget.Cause{Action: action, Ref: ref, By: "head", On: on}
	}
	_, err = books.Open(&b, cause("budget.agreed", b.ID))
	fmt.Println("open:", err)
	_, err = books.Commit("english", "course-1", budget.MustParse("GBP 900"), cause("activity.approved", "course-1"), nil)
	fmt.Println("commit 900:", err)
	_, err = books.Commit("english", "course-2", budget.MustParse("GBP 100.01"), cause("activity.approved", "course-2"), nil)
	fmt.Println("commit 100.01:", errors.Is(err, budget.ErrInsufficientFunds), err)
	_, err = books.Spend("course-1", budget.MustParse("GBP 850"), cause("claim.approved", "claim-1"), nil)
	fmt.Println("spend 850:", err)
	_, err = books.Release("course-1", budget.MustParse("GBP 50"), cause("claim.settled", "claim-1"))
	fmt.Println("release 50:", err)
	for _, a := range books.Accounts() {
		fmt.Printf("%s: allocated %s, committed %s, spent %s, available %s\n", a.Line, a.Allocated, a.Committed, a.Spent, a.Available())
	}
	fmt.Println("books balance:", books.Check())
	// Output:
	// open: <nil>
	// commit 900: <nil>
	// commit 100.01: true insufficient funds on line english: GBP 100.01 needed, GBP 100.00 available
	// spend 850: <nil>
	// release 50: <nil>
	// english: allocated GBP 1000.00, committed GBP 0.00, spent GBP 850.00, available GBP 150.00
	// mandatory: allocated GBP 400.00, committed GBP 0.00, spent GBP 0.00, available GBP 400.00
	// books balance: <nil>
}

func ExamplePolicy_NewClaim() {
	policy := budget.Policy{
		ID: "example", Currency: budget.GBP,
		Budget: budget.Setting{AllocatedBy: budget.RoleHeadOfEducation},
		Claims: budget.ClaimRules{DueWithin: period.NewYMWD(0, 0, 0, 14), Approver: budget.RoleManagingDirector,
			ExcessApprovers: []budget.Role{budget.RoleHeadOfEducation}},
	}
	req := budget.Request{ID: "course-1", Person: "tutor", Line: "english", RelevantToRole: true}
	claim, err := policy.NewClaim("claim-1", &req, []budget.Cost{
		{Kind: budget.Fee, Amount: budget.MustParse("GBP 250")},
		{Kind: budget.Travel, Amount: budget.MustParse("GBP 42.60")},
	}, date.New(2026, 11, 20), date.New(2026, 12, 8), budget.MustParse("GBP 250"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s due by %s, late %v, above the commitment by %s\n", claim.Total(), claim.DueBy, claim.Late, claim.Excess)
	fmt.Println("needs", claim.Chain)
	// Output:
	// GBP 292.60 due by 2026-12-04, late true, above the commitment by GBP 42.60
	// needs claim: managing_director; excess: head_of_education
}

func ExampleBudget_Propose() {
	policy := budget.Policy{
		ID: "example", Currency: budget.GBP,
		Budget: budget.Setting{ProposedBy: budget.RoleBusinessManager, AgreedBy: budget.RoleTrustee},
		Claims: budget.ClaimRules{Approver: budget.RoleBudgetHolder},
	}
	b := budget.Budget{ID: "2026-27", Year: "2026/27", Currency: budget.GBP, Lines: []budget.Line{
		{ID: "maths", Name: "Maths", Kind: budget.SubjectLine, Holder: "maths-lead", Amount: budget.MustParse("GBP 2500")},
	}}
	bm := budget.Approver{Person: "bm", Roles: []budget.Role{budget.RoleBusinessManager}}
	trustee := budget.Approver{Person: "chair", Roles: []budget.Role{budget.RoleTrustee}}
	fmt.Println(b.Propose(&policy, bm, date.New(2026, 6, 1)), b.State)
	err := b.Agree(&policy, bm, date.New(2026, 6, 2))
	fmt.Println(errors.Is(err, budget.ErrForbidden), err)
	fmt.Println(b.Agree(&policy, trustee, date.New(2026, 6, 20)), b.State, b.InForce())
	// Output:
	// <nil> proposed
	// true bm may not agree budget 2026-27: only the trustee may
	// <nil> agreed true
}
