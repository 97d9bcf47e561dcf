package cpd_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// BenchmarkServiceReminders lists the reminders due in an organisation of
// benchSize people (each with benchActivities completed activities, so
// that most have an expiry within the rules' 30 days), 340 days after they
// were recorded, per iteration: the daily job's read.
func BenchmarkServiceReminders(b *testing.B) {
	n := benchSize()
	day := benchDay
	dir := memory.NewDirectory()
	ids := 0
	svc, err := cpd.New(memory.New(), dir, benchPolicy(), &cpd.Options{
		Now: func() time.Time { return day.MidnightUTC().Add(12 * time.Hour) }, Location: time.UTC,
		NewID: func() string { ids++; return fmt.Sprintf("a%08d", ids) }, Reminders: reminderRules(),
	})
	if err != nil {
		b.Fatal(err)
	}
	dir.Set(benchOrg, cpd.Identity{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}})
	ctx := benchAdmin()
	for i := range n {
		p := cpd.Person{ID: benchPerson(i), Name: benchPerson(i), JobRole: "teacher", Roles: []cpd.Role{cpd.RoleStaff},
			Employment: compliance.Employed, Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1), LineManager: "admin"}
		dir.Set(benchOrg, cpd.Identity{Person: p.ID, Roles: p.Roles, LineManager: "admin"})
		if _, err := svc.Staff.AddPerson(ctx, p); err != nil {
			b.Fatal(err)
		}
		for k := range benchActivities {
			if _, err := svc.Activities.RecordCompleted(ctx, benchCompleted(i, k)); err != nil {
				b.Fatal(err)
			}
		}
	}
	day = benchDay + 340
	due, err := svc.Compliance.Reminders(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d people, %d reminders due", n, len(due))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := svc.Compliance.Reminders(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
