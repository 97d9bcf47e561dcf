package cpd_test

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// A daily job sends the reminders due: the teacher 30 and 7 days before
// their safeguarding lapses, their line manager on the day it lapses and
// weekly after. Each is sent once, however often the job runs.
func ExampleService_SendReminders() {
	var rules []cpd.ReminderRule
	err := json.Unmarshal([]byte(`[
		{"id": "expiry-30", "when": "expiry", "before": "P30D", "to": "person"},
		{"id": "expiry-7", "when": "expiry", "before": "P7D", "to": "person"},
		{"id": "lapsed", "when": "expiry", "to": "line_manager", "every": "P7D"}
	]`), &rules)
	if err != nil {
		panic(err)
	}
	clock := &exampleClock{day: date.New(2025, 12, 1)}
	dir := memory.NewDirectory()
	svc, err := cpd.New(memory.New(), dir, examplePolicy(), &cpd.Options{Now: clock.now, Location: time.UTC, Reminders: rules})
	if err != nil {
		panic(err)
	}
	for _, id := range []cpd.Identity{
		{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}},
		{Person: "manager", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}},
		{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "manager"},
	} {
		dir.Set(exampleOrg, id)
		_, err := svc.AddPerson(exampleAs("admin"), cpd.Person{ID: id.Person, Name: id.Person, JobRole: "teacher",
			Roles: id.Roles, LineManager: id.LineManager, Employment: compliance.Employed, Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)})
		if err != nil {
			panic(err)
		}
	}
	_, err = svc.RecordCompleted(exampleAs("teacher"), cpd.Activity{Person: "teacher", Title: "Safeguarding", Kind: cpd.InternalCourse,
		Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.SelfIdentified, Topics: []string{"safeguarding"},
		Hours: decimal.NewFromInt(3), Completed: clock.day, Evidence: "certificate.pdf"})
	if err != nil {
		panic(err)
	}

	log := cpd.NewWriterNotifier(os.Stdout)
	for _, day := range []date.Date{date.New(2026, 11, 2), date.New(2026, 11, 3), date.New(2026, 11, 25), date.New(2026, 12, 1), date.New(2026, 12, 9)} {
		clock.day = day
		sent, err := svc.SendReminders(exampleAs("admin"), log)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s: %d sent\n", day, len(sent))
	}
	// Output:
	// to teacher: Reminder: safeguarding for teacher is valid until 2026-11-30
	// 2026-11-02: 1 sent
	// 2026-11-03: 0 sent
	// to teacher: Reminder: safeguarding for teacher is valid until 2026-11-30
	// 2026-11-25: 1 sent
	// to manager: Reminder: safeguarding for teacher lapsed after 2026-11-30
	// 2026-12-01: 1 sent
	// to manager: Reminder: safeguarding for teacher lapsed after 2026-11-30
	// 2026-12-09: 1 sent
}
