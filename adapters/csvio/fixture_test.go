package csvio_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
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

var update = flag.Bool("update", false, "rewrite the golden files in testdata with what the exporters write now")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -run %s -update to create it", t.Name())
	require.Equal(t, string(want), string(got), "%s differs: check the change, then run with -update", path)
}

const org = "college"

// today is the fixture's day: 25 November 2026, in academic year 2026/27.
var today = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func testPolicy() compliance.Policy {
	return compliance.Policy{ID: "test", Name: "Test", AcademicYearStart: compliance.MonthDay{Month: 9, Day: 1},
		Requirements: []compliance.Requirement{
			{ID: "safeguarding", Name: "Safeguarding", Kind: compliance.RenewableTraining, Validity: period.MustParse("P1Y"),
				RenewalWindow: period.MustParse("P1M"), InductionDeadline: period.MustParse("P30D")},
			{ID: "prevent", Name: "Prevent", Kind: compliance.RenewableTraining, Validity: period.MustParse("P2Y"),
				InductionDeadline: period.MustParse("P30D")},
			{ID: "qts", Name: "QTS", Kind: compliance.Qualification, AppliesTo: compliance.Scope{JobRoles: []string{"teacher"}}},
			{ID: "hours", Name: "CPD hours", Kind: compliance.MinimumHours, Hours: &compliance.HoursRule{Minimum: decimal.NewFromInt(30)}},
		}}
}

type fixture struct {
	store *memory.Store
	dir   *memory.Directory // the HR system, whose roles and line managers the Service copies
	svc   *cpd.Service
}

// newFixture is an organisation with a head of education, an
// administrator, a line manager and a teacher, all started in 2020.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	dir := memory.NewDirectory()
	ids := 0
	f := &fixture{store: memory.New(), dir: dir}
	svc, err := cpd.New(f.store, dir, testPolicy(), &cpd.Options{
		Now: func() time.Time { return today }, Location: time.UTC,
		NewID: func() string { ids++; return fmt.Sprintf("act-%03d", ids) },
	})
	require.NoError(t, err)
	f.svc = svc
	staff := []cpd.Person{
		{ID: "head", Name: "Head of Education", JobRole: "manager", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleHeadOfEducation}},
		{ID: "admin", Name: "Administrator", JobRole: "administrator", LineManager: "head", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}},
		{ID: "mgr", Name: "Lead Tutor", JobRole: "teacher", Team: "maths", LineManager: "head", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}},
		{ID: "tina", Name: "Teacher", JobRole: "teacher", Team: "maths", LineManager: "mgr", Roles: []cpd.Role{cpd.RoleStaff}},
	}
	for _, p := range staff {
		dir.Set(org, cpd.Identity{Person: p.ID, Roles: p.Roles, LineManager: p.LineManager})
	}
	for _, p := range staff {
		p.Employment, p.Start, p.FTE = compliance.Employed, date.New(2020, 9, 1), decimal.NewFromInt(1)
		_, err := svc.Staff.AddPerson(as("head"), p)
		require.NoError(t, err)
	}
	return f
}

// as returns a context acting as person in the fixture's organisation.
func as(person string) context.Context {
	return cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: person})
}

// events counts the organisation's audit events: what has been written.
func (f *fixture) events(t testing.TB) int {
	t.Helper()
	n := 0
	require.NoError(t, f.store.View(context.Background(), org, func(tx cpd.Tx) error {
		for after := int64(0); ; {
			evs, err := tx.Events(context.Background(), cpd.EventQuery{After: after, Limit: cpd.MaxLimit})
			if err != nil || len(evs) == 0 {
				return err
			}
			n += len(evs)
			after = evs[len(evs)-1].Seq
		}
	}))
	return n
}
