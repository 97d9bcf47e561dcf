package cpd_test

import (
	"errors"
	"fmt"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// An administrator loads the new term's starters from the HR system's
// roster. One row repeats a colleague already on record, so the
// all-or-nothing import stores no one; with SkipBad the starters go in
// and the repeat is reported.
func ExampleService_ImportPeople() {
	svc := exampleService(&exampleClock{day: date.New(2026, 9, 1)})
	starter := func(id string) cpd.Person {
		return cpd.Person{ID: id, Name: id, JobRole: "tutor", LineManager: "manager", Employment: compliance.Associate,
			Start: date.New(2026, 9, 1), FTE: decimal.RequireFromString("0.5")}
	}
	roster := []cpd.Person{starter("tutor-1"), starter("teacher"), starter("tutor-2")}
	_, err := svc.ImportPeople(exampleAs("admin"), roster, nil)
	var ie *cpd.ImportError
	if errors.As(err, &ie) {
		fmt.Println("rejected:", ie, "| conflict:", errors.Is(ie.Rejected[0].Err, cpd.ErrConflict))
	}
	res, err := svc.ImportPeople(exampleAs("admin"), roster, &cpd.ImportOptions{SkipBad: true})
	if err != nil {
		panic(err)
	}
	fmt.Printf("imported: %d %q\n", res.Imported, res.IDs)
	// Output:
	// rejected: 1 rejected; #1: conflict: id: teacher is already taken | conflict: true
	// imported: 2 ["tutor-1" "" "tutor-2"]
}
