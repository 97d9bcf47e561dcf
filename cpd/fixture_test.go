package cpd_test

import (
	"context"
	"fmt"
	"sync/atomic"
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

// The fixture's organisation: a head of education, an administrator, a
// line manager with one report (a teacher), a peer teacher managed by the
// head, and an auditor; and a second organisation with its own
// administrator.
const (
	org      = "org-a"
	otherOrg = "org-b"
)

var fte1 = decimal.NewFromInt(1)

var fixedNow = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func testPolicy() compliance.Policy {
	return compliance.Policy{ID: "test", AcademicYearStart: compliance.MonthDay{Month: 9, Day: 1}, Requirements: []compliance.Requirement{
		{ID: "safeguarding", Name: "Safeguarding", Kind: compliance.RenewableTraining, Validity: period.MustParse("P1Y"),
			RenewalWindow: period.MustParse("P1M"), InductionDeadline: period.MustParse("P30D")},
		{ID: "prevent", Name: "Prevent", Kind: compliance.RenewableTraining, Validity: period.MustParse("P2Y"), InductionDeadline: period.MustParse("P30D")},
		{ID: "hours", Name: "CPD hours", Kind: compliance.MinimumHours, Hours: &compliance.HoursRule{Minimum: decimal.NewFromInt(30)}},
		{ID: "qts", Name: "QTS", Kind: compliance.Qualification, AppliesTo: compliance.Scope{JobRoles: []string{"school-teacher"}}},
		{ID: "cpd-log", Name: "CPD log", Kind: compliance.Submission, Every: period.MustParse("P2M"), AppliesTo: compliance.Scope{JobRoles: []string{"tutor"}}},
	}}
}

type fixture struct {
	store  *memory.Store
	dir    *memory.Directory
	svc    *cpd.Service
	policy compliance.Policy
	ids    atomic.Int64 // the last activity ID made; NewID may be called concurrently
	now    time.Time    // the Service's clock; tests move it
	reads  atomic.Int64 // how often a Service of the fixture read its clock
}

// clock is the fixture's Services' clock: it reads f.now, and counts.
func (f *fixture) clock() time.Time {
	f.reads.Add(1)
	return f.now
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	return newFixtureWith(t, testPolicy())
}

// newFixtureWith builds the fixture's organisation under another policy.
func newFixtureWith(t testing.TB, policy compliance.Policy) *fixture {
	t.Helper()
	f := &fixture{store: memory.New(), dir: memory.NewDirectory(), policy: policy, now: fixedNow}
	svc, err := cpd.New(f.store, f.dir, policy, &cpd.Options{
		Now:      f.clock,
		Location: time.UTC,
		NewID:    func() string { return fmt.Sprintf("act-%03d", f.ids.Add(1)) },
	})
	require.NoError(t, err)
	f.svc = svc
	people := []struct {
		id, manager string
		roles       []cpd.Role
	}{
		{"head", "", []cpd.Role{cpd.RoleStaff, cpd.RoleHeadOfEducation}},
		{"admin", "head", []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}},
		{"mgr", "head", []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}},
		{"tina", "mgr", []cpd.Role{cpd.RoleStaff}},
		{"pete", "head", []cpd.Role{cpd.RoleStaff}},
		{"audrey", "", []cpd.Role{cpd.RoleAuditor}},
	}
	for _, p := range people {
		f.dir.Set(org, cpd.Identity{Person: p.id, Roles: p.roles, LineManager: p.manager})
	}
	f.dir.Set(otherOrg, cpd.Identity{Person: "olga", Roles: []cpd.Role{cpd.RoleAdministrator}})
	for _, p := range people {
		f.addPerson(t, org, cpd.Person{ID: p.id, Name: p.id, JobRole: "teacher", Roles: p.roles, LineManager: p.manager})
	}
	f.addPerson(t, otherOrg, cpd.Person{ID: "olga", Name: "olga", JobRole: "administrator"})
	return f
}

// as returns a context acting as person in org.
func as(person string) context.Context {
	return cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: person})
}

func asOther(person string) context.Context {
	return cpd.WithActor(context.Background(), cpd.Actor{Org: otherOrg, Person: person})
}

func (f *fixture) addPerson(t testing.TB, o string, p cpd.Person) cpd.Person {
	t.Helper()
	if p.Start == 0 {
		p.Start = date.New(2020, 9, 1)
	}
	if p.Employment == 0 {
		p.Employment = compliance.Employed
	}
	if p.FTE.IsZero() {
		p.FTE = decimal.NewFromInt(1)
	}
	admin := "head"
	if o == otherOrg {
		admin = "olga"
	}
	stored, err := f.svc.Staff.AddPerson(cpd.WithActor(context.Background(), cpd.Actor{Org: o, Person: admin}), p)
	require.NoError(t, err)
	return stored
}

// course is a valid activity for a person.
func course(person string, topics ...string) cpd.Activity {
	return cpd.Activity{
		Person: person, Title: "Course for " + person, Kind: cpd.ExternalCourse, Aspect: cpd.KeepingUpToDate,
		Necessity: cpd.Necessary, Source: cpd.SelfIdentified, Topics: topics, Hours: decimal.RequireFromString("3.5"),
	}
}

// done is a self-recorded completed activity.
func done(person string, on date.Date, topics ...string) cpd.Activity {
	a := course(person, topics...)
	a.Completed, a.Evidence = on, "certificate.pdf"
	return a
}
