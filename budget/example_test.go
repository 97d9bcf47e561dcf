package budget_test

import (
	"encoding/json"
	"errors"
	"fmt"

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
