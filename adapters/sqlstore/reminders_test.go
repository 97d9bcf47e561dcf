package sqlstore_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

const remindersOrg = "org-reminders"

// remindersOn builds, in a fresh database, an organisation of an
// administrator, a line manager and ten teachers whose safeguarding lapses
// on 1 December 2026, and returns a Service over each of n separate
// handles on that database (as n processes would open it), each with the
// reminder rules, on 3 December 2026: every teacher's line manager is due
// a reminder that it lapsed.
func remindersOn(t *testing.T, dsn string, n int) []*cpd.Service {
	t.Helper()
	policy := compliance.Policy{ID: "reminders", AcademicYearStart: compliance.MonthDay{Month: 9, Day: 1},
		Requirements: []compliance.Requirement{{ID: "safeguarding", Name: "Safeguarding", Kind: compliance.RenewableTraining,
			Validity: period.MustParse("P1Y")}}}
	rules := []cpd.ReminderRule{
		{ID: "expiry-30", When: cpd.OnExpiry, Before: period.MustParse("P30D"), To: cpd.ToPerson},
		{ID: "lapsed", When: cpd.OnExpiry, To: cpd.ToLineManager, Every: period.MustParse("P7D")},
	}
	day := date.New(2025, 12, 1)
	dir := memory.NewDirectory()
	var svcs []*cpd.Service
	for range n {
		svc, err := cpd.New(open(t, dsn, nil), dir, policy, &cpd.Options{
			Now: func() time.Time { return day.Midnight().Add(12 * time.Hour) }, Location: time.UTC, Reminders: rules})
		require.NoError(t, err)
		svcs = append(svcs, svc)
	}
	admin := cpd.WithActor(context.Background(), cpd.Actor{Org: remindersOrg, Person: "admin"})
	people := []cpd.Identity{
		{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}},
		{Person: "mgr", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}},
	}
	for i := range 10 {
		people = append(people, cpd.Identity{Person: "teacher-" + string(rune('a'+i)), Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "mgr"})
	}
	for _, id := range people {
		dir.Set(remindersOrg, id)
		_, err := svcs[0].Staff.AddPerson(admin, cpd.Person{ID: id.Person, Name: id.Person, JobRole: "teacher", Roles: id.Roles,
			LineManager: id.LineManager, Employment: compliance.Employed, Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)})
		require.NoError(t, err)
		if id.LineManager == "" {
			continue
		}
		_, err = svcs[0].Activities.RecordCompleted(admin, cpd.Activity{Person: id.Person, Title: "Safeguarding", Kind: cpd.InternalCourse,
			Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.SelfIdentified, Topics: []string{"safeguarding"},
			Hours: decimal.NewFromInt(2), Completed: day, Evidence: "certificate.pdf"})
		require.NoError(t, err)
	}
	day = date.New(2026, 12, 3)
	return svcs
}

// counter is a Notifier that keeps the IDs it is given.
type counter struct {
	mu  sync.Mutex
	ids []string
}

func (c *counter) Notify(_ context.Context, r cpd.Reminder) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ids = append(c.ids, r.ID)
	return nil
}

func reminderIDs(rs []cpd.Reminder) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	slices.Sort(out)
	return out
}

var reminderDatabases = []database{{"SQLiteFile", sqliteFile}, {"Postgres", freshSchema}}

// TestRemindersSentOnceConcurrently: four runs at once, through two
// handles on the database, deliver each reminder due exactly once.
func TestRemindersSentOnceConcurrently(t *testing.T) {
	for _, db := range reminderDatabases {
		t.Run(db.name, func(t *testing.T) {
			svcs := remindersOn(t, db.dsn(t), 2)
			ctx := cpd.WithActor(context.Background(), cpd.Actor{Org: remindersOrg, Person: "admin"})
			due, err := svcs[0].Compliance.Reminders(ctx)
			require.NoError(t, err)
			require.Len(t, due, 10)
			n := &counter{}
			var wg sync.WaitGroup
			errs := make([]error, 4)
			for i := range errs {
				wg.Go(func() { _, errs[i] = svcs[i%2].Compliance.SendReminders(ctx, n) })
			}
			wg.Wait()
			require.NoError(t, errors.Join(errs...))
			slices.Sort(n.ids)
			require.Equal(t, reminderIDs(due), n.ids, "each reminder delivered once")
			left, err := svcs[1].Compliance.Reminders(ctx)
			require.NoError(t, err)
			require.Empty(t, left)
		})
	}
}

// TestRemindersRetryAfterCrash: a run that recorded half the reminders
// and died leaves the other half to the next run, through another handle.
func TestRemindersRetryAfterCrash(t *testing.T) {
	for _, db := range reminderDatabases {
		t.Run(db.name, func(t *testing.T) {
			svcs := remindersOn(t, db.dsn(t), 2)
			ctx := cpd.WithActor(context.Background(), cpd.Actor{Org: remindersOrg, Person: "admin"})
			due, err := svcs[0].Compliance.Reminders(ctx)
			require.NoError(t, err)
			for _, r := range due[:5] {
				recorded, err := svcs[0].Compliance.RecordSent(ctx, r)
				require.NoError(t, err)
				require.True(t, recorded)
			}
			n := &counter{}
			sent, err := svcs[1].Compliance.SendReminders(ctx, n)
			require.NoError(t, err)
			require.Equal(t, reminderIDs(due[5:]), reminderIDs(sent))
			slices.Sort(n.ids)
			require.Equal(t, reminderIDs(due[5:]), n.ids)
		})
	}
}
