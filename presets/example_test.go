package presets_test

import (
	"fmt"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/presets"
)

// Load a preset and evaluate one teacher against it.
func ExampleLoad() {
	policy, err := presets.Load("letta")
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
		ID: "teacher-1", Start: date.MustParseISO("2025-09-01"), Employment: compliance.Employed, JobRole: "teacher",
		Plans: []compliance.Plan{{Requirement: "qts", By: date.MustParseISO("2027-07-31"), Description: "assessment-only route"}},
	}
	evidence := []compliance.Evidence{
		{ID: "c1", Topic: "designated-safeguarding-lead", Date: date.MustParseISO("2026-02-02")},
		{ID: "c2", Topic: "prevent", Date: date.MustParseISO("2025-09-03")},
		{ID: "c3", Topic: "health-and-safety", Date: date.MustParseISO("2025-09-03")},
	}
	res, err := e.Evaluate(teacher, evidence, date.MustParseISO("2026-11-25"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range res.Items {
		fmt.Printf("%-28s %s\n", it.Requirement.ID, it.Status)
	}
	// Output:
	// safeguarding                 compliant
	// health-and-safety            compliant
	// prevent                      compliant
	// equality-and-diversity       missing
	// qts                          planned
	// chartered-college-membership not_applicable
	// cpd-hours                    pending
	// learning-needs-review        missing
}

// Names lists the presets that ship with cpdkit.
func ExampleNames() {
	fmt.Println(presets.Names())
	// Output: [avct letta]
}
