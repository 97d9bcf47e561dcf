package cpd_test

import (
	"fmt"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/cpd"
)

// Before an inspection on 1 February, the head of education asks who will
// fall out of compliance by then: the teacher's safeguarding, done on
// 14 December last year, runs out on 13 December; the colleague's is renewed
// in time by a course already booked.
func ExampleService_Forecast() {
	clock := &exampleClock{day: date.New(2026, 11, 2)}
	svc := exampleService(clock)
	exampleRecord(svc, "teacher", date.New(2025, 12, 14), "Safeguarding", "3", "safeguarding")
	exampleRecord(svc, "colleague", date.New(2025, 12, 14), "Safeguarding", "3", "safeguarding")
	course, err := svc.Request(exampleAs("colleague"), exampleCourse("colleague", "Safeguarding refresher", "3", "safeguarding"))
	if err != nil {
		panic(err)
	}
	if _, err := svc.Approve(exampleAs("manager"), course.ID); err != nil {
		panic(err)
	}
	if _, err := svc.Book(exampleAs("colleague"), course.ID, cpd.Booking{Start: date.New(2026, 12, 1)}); err != nil {
		panic(err)
	}

	fc, err := svc.Forecast(exampleAs("head"), cpd.ForecastQuery{To: date.New(2027, 2, 1)})
	if err != nil {
		panic(err)
	}
	for _, l := range fc.Lapses {
		if l.Requirement == "safeguarding" {
			fmt.Printf("lapses: %s's %s is %s from %s\n", l.Person, l.Requirement, l.Status, l.On)
		}
	}
	for _, l := range fc.Covered {
		fmt.Printf("covered: %s's %s, by %q on %s\n", l.Person, l.Requirement, l.Fix.Title, l.Fix.On)
	}
	// Output:
	// lapses: teacher's safeguarding is overdue from 2026-12-14
	// covered: colleague's safeguarding, by "Safeguarding refresher" on 2026-12-01
}

// A teacher's safeguarding on two days: today, and the day after it runs
// out, from the records as they stand.
func ExampleService_ComplianceOn() {
	clock := &exampleClock{day: date.New(2026, 11, 2)}
	svc := exampleService(clock)
	exampleRecord(svc, "teacher", date.New(2025, 12, 14), "Safeguarding", "3", "safeguarding")
	for _, on := range []date.Date{clock.day, date.New(2026, 12, 14)} {
		res, err := svc.ComplianceOn(exampleAs("teacher"), "teacher", on)
		if err != nil {
			panic(err)
		}
		it, _ := res.Item("safeguarding")
		fmt.Printf("%s: %s\n", on, it.Status)
	}
	// Output:
	// 2026-11-02: compliant
	// 2026-12-14: overdue
}
