package cpd_test

import (
	"errors"
	"fmt"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/cpd"
)

// An administrator migrates completion records from an LMS. The first
// attempt is all or nothing, and one row is bad, so nothing is stored;
// with SkipBad the good rows go in and the bad one is reported.
func ExampleService_ImportCompletions() {
	clock := &exampleClock{day: date.New(2026, 11, 25)}
	svc := exampleService(clock)
	row := func(person string, on date.Date, topic string) cpd.Activity {
		a := exampleCourse(person, topic+" (LMS)", "2", topic)
		a.Completed, a.Evidence = on, "lms:"+person+":"+topic
		return a
	}
	rows := []cpd.Activity{
		row("teacher", date.New(2026, 9, 14), "safeguarding"),
		row("nobody", date.New(2026, 9, 14), "safeguarding"),
		row("colleague", date.New(2026, 10, 5), "prevent"),
	}
	_, err := svc.ImportCompletions(exampleAs("admin"), rows, nil)
	var ie *cpd.ImportError
	if errors.As(err, &ie) {
		fmt.Println("rejected:", ie)
	}
	res, err := svc.ImportCompletions(exampleAs("admin"), rows, &cpd.ImportOptions{SkipBad: true})
	if err != nil {
		panic(err)
	}
	fmt.Printf("imported: %d %q\n", res.Imported, res.IDs)
	// Output:
	// rejected: 1 rejected; #1: person: nobody does not exist
	// imported: 2 ["act-4" "" "act-6"]
}

// The LMS retracts a record imported last month: withdrawing it by its
// external reference keeps it, marked withdrawn, and it no longer counts.
func ExampleService_WithdrawImported() {
	clock := &exampleClock{day: date.New(2026, 11, 25)}
	svc := exampleService(clock)
	a := exampleCourse("teacher", "Safeguarding (LMS)", "2", "safeguarding")
	a.Completed, a.Evidence, a.ExternalRef = date.New(2026, 10, 14), "lms:statement-7", "lms:statement-7"
	imported, err := svc.ImportCompletions(exampleAs("admin"), []cpd.Activity{a}, nil)
	if err != nil {
		panic(err)
	}
	res, err := svc.WithdrawImported(exampleAs("admin"), []cpd.Withdrawal{
		{ExternalRef: "lms:statement-7", Reason: "the LMS voided statement 7"},
		{ExternalRef: "lms:statement-9", Reason: "the LMS voided statement 9"},
	})
	if err != nil {
		panic(err)
	}
	fmt.Printf("withdrawn %q, not found %q\n", res.Withdrawn, res.NotFound)
	got, err := svc.Activity(exampleAs("admin"), imported.IDs[0])
	if err != nil {
		panic(err)
	}
	fmt.Println(got.State, "-", got.Reason)
	// Output:
	// withdrawn ["act-1"], not found ["lms:statement-9"]
	// withdrawn - the LMS voided statement 7
}
