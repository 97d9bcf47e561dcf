package cpd_test

import (
	"fmt"
	"strings"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/cpd"
)

// An inspector asks who changed a teacher's safeguarding date, when, and
// from what: the administrator reads the record's audit trail, and exports
// the same entries as CSV for the inspection file.
func ExampleService_AuditTrail() {
	clock := &exampleClock{day: date.New(2026, 11, 2)}
	svc := exampleService(clock)
	exampleRecord(svc, "teacher", date.New(2026, 9, 14), "Safeguarding refresher", "3", "safeguarding")
	clock.day = date.New(2026, 11, 3)
	a, err := svc.Activity(exampleAs("teacher"), "act-1")
	if err != nil {
		panic(err)
	}
	a.Completed = date.New(2026, 10, 14)
	if _, err := svc.Amend(exampleAs("admin"), a.ID, a, "the certificate says 14 October"); err != nil {
		panic(err)
	}

	q := cpd.AuditQuery{ID: "act-1", Action: "activity.amended"}
	page, err := svc.AuditTrail(exampleAs("admin"), q)
	if err != nil {
		panic(err)
	}
	for _, e := range page.Entries {
		for _, ch := range e.Changes {
			if ch.Field == "completed" {
				fmt.Printf("%s on %s: %s %s → %s\n", e.Actor, e.At.Format("2006-01-02"), ch.Field, ch.Before, ch.After)
			}
		}
	}
	var file strings.Builder
	if err := cpd.WriteAuditCSV(&file, svc.AuditTrailAll(exampleAs("admin"), q)); err != nil {
		panic(err)
	}
	rows := strings.Split(file.String(), "\r\n")
	fmt.Println(rows[0])
	fmt.Println(rows[1])
	// Output:
	// admin on 2026-11-03: completed "2026-09-14" → "2026-10-14"
	// seq,at,actor,action,kind,id,owner,field,before,after
	// 13,2026-11-03T12:00:00Z,admin,activity.amended,activity,act-1,teacher,completed,"""2026-09-14""","""2026-10-14"""
}
