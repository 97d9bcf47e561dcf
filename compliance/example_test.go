package compliance_test

import (
	"fmt"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/compliance"
)

// A policy from JSON, one teacher and their evidence, evaluated on a day:
// each requirement's status and the reason for it.
func Example() {
	policy, err := compliance.ParsePolicy([]byte(`{
	  "id": "example",
	  "academic_year_start": "09-01",
	  "requirements": [
	    {"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y",
	     "renewal_window": "P1M", "induction_deadline": "P30D",
	     "topics": ["safeguarding", "designated-safeguarding-lead"]},
	    {"id": "prevent", "kind": "renewable_training", "validity": "P2Y", "induction_deadline": "P30D"},
	    {"id": "qts", "kind": "qualification", "applies_to": {"job_roles": ["teacher"]}},
	    {"id": "cpd-hours", "kind": "minimum_hours",
	     "hours": {"minimum": "30", "pro_rata_fte": true, "pro_rata_service": true, "part_time_floor": "6"}}
	  ]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	e, err := compliance.NewEvaluator(policy)
	if err != nil {
		fmt.Println(err)
		return
	}
	teacher := compliance.Person{
		ID: "t1", Start: date.New(2021, 9, 1), JobRole: "teacher", FTE: decimal.RequireFromString("0.5"),
		Plans: []compliance.Plan{{Requirement: "qts", By: date.New(2027, 7, 31), Description: "assessment-only route"}},
	}
	evidence := []compliance.Evidence{
		{ID: "c1", Topic: "designated-safeguarding-lead", Date: date.New(2025, 12, 10), Hours: decimal.NewFromInt(6)},
		{ID: "c2", Topic: "prevent", Date: date.New(2024, 11, 1), Hours: decimal.RequireFromString("1.5")},
	}
	res, err := e.Evaluate(teacher, evidence, date.New(2026, 11, 25))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range res.Items {
		fmt.Printf("%-13s %-9s %s\n", it.Requirement.ID, it.Status, it.Reason())
	}
	// Output:
	// safeguarding  due_soon  Completed 2025-12-10 (c1); valid until 2026-12-09, so due for renewal.
	// prevent       overdue   Expired after 2026-10-31.
	// qts           planned   Not held; plan to achieve it by 2027-07-31: assessment-only route.
	// cpd-hours     pending   0.0 of 15.0 hours done in 2026/27; due by 2027-08-31.
}

func ExampleParsePolicy_error() {
	_, err := compliance.ParsePolicy([]byte(`{"id": "x", "academic_year_start": "09-01",
	  "requirements": [{"id": "a", "kind": "renewable_training", "validity": "P2X"}]}`))
	fmt.Println(err)
	// Output:
	// requirements[0].validity: "P2X" is not an ISO 8601 period
}

func ExampleAddClamped() {
	fmt.Println(compliance.AddClamped(date.New(2025, 1, 31), period.MustParse("P1M")))
	fmt.Println(compliance.AddClamped(date.New(2024, 2, 29), period.MustParse("P1Y")))
	// Output:
	// 2025-02-28
	// 2025-02-28
}

func ExampleEvaluator_Matrix() {
	policy, err := compliance.ParsePolicy([]byte(`{"id": "example", "academic_year_start": "09-01", "requirements": [
	    {"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y", "induction_deadline": "P30D"},
	    {"id": "prevent", "kind": "renewable_training", "validity": "P2Y", "induction_deadline": "P30D"},
	    {"id": "qts", "kind": "qualification", "applies_to": {"job_roles": ["teacher"]}},
	    {"id": "cpd-hours", "kind": "minimum_hours", "hours": {"minimum": "30"}}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	e, err := compliance.NewEvaluator(policy)
	if err != nil {
		fmt.Println(err)
		return
	}
	on := date.New(2026, 11, 25)
	subjects := []compliance.Subject{
		{Person: compliance.Person{ID: "a", Start: date.New(2020, 9, 1), JobRole: "assessor"},
			Evidence: []compliance.Evidence{
				{Topic: "safeguarding", Date: date.New(2026, 1, 5)},
				{Topic: "prevent", Date: date.New(2025, 6, 1)},
			}},
		{Person: compliance.Person{ID: "b", Start: date.New(2026, 11, 10), JobRole: "assessor"}},
	}
	m, err := e.Matrix(subjects, on)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range m.Columns {
		fmt.Printf("%s %s%%\n", c.Requirement.ID, c.Tally.Rate())
	}
	fmt.Println("overall", m.Overall.Rate().String()+"%")
	// Output:
	// safeguarding 50%
	// prevent 50%
	// qts 100%
	// cpd-hours 0%
	// overall 33.3%
}

func ExampleMatrix_Expiring() {
	policy, err := compliance.ParsePolicy([]byte(`{"id": "example", "academic_year_start": "09-01", "requirements": [
	    {"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y", "renewal_window": "P1M"},
	    {"id": "prevent", "kind": "renewable_training", "validity": "P2Y"}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	e, err := compliance.NewEvaluator(policy)
	if err != nil {
		fmt.Println(err)
		return
	}
	on := date.New(2026, 11, 25)
	subjects := []compliance.Subject{
		{Person: compliance.Person{ID: "a", Start: date.New(2020, 9, 1), JobRole: "assessor"},
			Evidence: []compliance.Evidence{
				{Topic: "safeguarding", Date: date.New(2025, 12, 20)},
				{Topic: "prevent", Date: date.New(2025, 1, 10)},
			}},
		{Person: compliance.Person{ID: "b", Start: date.New(2020, 9, 1), JobRole: "assessor"},
			Evidence: []compliance.Evidence{{Topic: "safeguarding", Date: date.New(2026, 1, 5)}}},
	}
	m, err := e.Matrix(subjects, on)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range m.Expiring(60) {
		fmt.Println(r.PersonID, r.Requirement.ID, r.Status, "valid until", r.ValidUntil)
	}
	// Output:
	// a safeguarding due_soon valid until 2026-12-19
	// b safeguarding compliant valid until 2027-01-04
	// a prevent compliant valid until 2027-01-09
}

func ExampleCompletion_AppendEvidence() {
	c := compliance.Completion{
		ID: "course-17", Date: date.New(2026, 3, 2), Hours: decimal.NewFromInt(6),
		Topics: []string{"safeguarding", "prevent"},
	}
	for _, ev := range c.AppendEvidence(nil) {
		fmt.Println(ev.ID, ev.Topic, ev.Hours)
	}
	// Output:
	// course-17 safeguarding 6
	// course-17 prevent 0
}
