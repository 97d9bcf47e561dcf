package cpd_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// appraisalPolicy is the test policy with the CPD log every two months
// for everyone (the test policy asks it of tutors only).
func appraisalPolicy() compliance.Policy {
	p := testPolicy()
	p.Requirements = slices.DeleteFunc(p.Requirements, func(r compliance.Requirement) bool { return r.ID == "cpd-log" })
	p.Requirements = append(p.Requirements, compliance.Requirement{ID: "cpd-log", Name: "CPD log", Kind: compliance.Submission,
		Topics: []string{"cpd-log"}, Every: period.MustParse("P2M"), RenewalWindow: period.MustParse("P14D")})
	return p
}

// afix is the appraisal tests' organisation: the fixture's people (a head
// of education, an administrator, a line manager "mgr" of the teacher
// "tina", a peer "pete" managed by the head, an auditor) with teams (tina
// and mgr in maths, pete in english), plus an IQA and a managing director,
// on a policy with the CPD log every two months.
type afix struct {
	*fixture
}

func newAppraisalFixture(t testing.TB) *afix {
	t.Helper()
	f := &fixture{store: memory.New(), dir: memory.NewDirectory(), now: fixedNow}
	f.svc = f.service(t, f.store)
	people := []struct {
		id, manager, team, job string
		roles                  []cpd.Role
	}{
		{"head", "", "", "manager", []cpd.Role{cpd.RoleStaff, cpd.RoleHeadOfEducation}},
		{"admin", "head", "", "administrator", []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}},
		{"mgr", "head", "maths", "manager", []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}},
		{"tina", "mgr", "maths", "teacher", []cpd.Role{cpd.RoleStaff}},
		{"pete", "head", "english", "assessor", []cpd.Role{cpd.RoleStaff}},
		{"iqa", "head", "", "manager", []cpd.Role{cpd.RoleStaff, cpd.RoleIQA}},
		{"md", "", "", "director", []cpd.Role{cpd.RoleStaff, cpd.RoleManagingDirector}},
		{"audrey", "", "", "auditor", []cpd.Role{cpd.RoleAuditor}},
	}
	for _, p := range people {
		f.dir.Set(org, cpd.Identity{Person: p.id, Roles: p.roles, LineManager: p.manager})
	}
	for _, p := range people {
		f.addPerson(t, org, cpd.Person{ID: p.id, Name: p.id, JobRole: p.job, Team: p.team, Roles: p.roles, LineManager: p.manager})
	}
	return &afix{fixture: f}
}

// service builds a Service with the appraisal policy over a store (the
// fixture's, or a fault injector wrapping it), sharing the fixture's clock
// and IDs.
func (f *fixture) service(t testing.TB, s cpd.Store) *cpd.Service {
	t.Helper()
	svc, err := cpd.New(s, f.dir, appraisalPolicy(), &cpd.Options{
		Now: f.clock, Location: time.UTC,
		NewID: func() string { return fmt.Sprintf("id-%03d", f.ids.Add(1)) },
	})
	require.NoError(t, err)
	return svc
}

// setTarget sets an appraisal target for a person, as their line manager
// (mgr for tina, head for everyone else).
func (f *afix) setTarget(t testing.TB, owner, title string) appraisal.Target {
	t.Helper()
	by := "head"
	if owner == "tina" {
		by = "mgr"
	}
	tg, err := f.svc.Appraisals.SetTarget(as(by), appraisal.Target{Title: title, Source: appraisal.FromAppraisal, Owner: owner,
		Set: date.New(2026, 9, 20), Due: date.New(2027, 3, 31)})
	require.NoError(t, err)
	return tg
}

// annual is an annual appraisal of tina held on 20 September 2026, with a
// need for each target and an aspirational need.
func annual(targets ...string) appraisal.Review {
	r := appraisal.Review{Person: "tina", Kind: appraisal.Annual, Held: date.New(2026, 9, 20), Targets: targets}
	for _, t := range targets {
		r.Plan = append(r.Plan, appraisal.Need{Title: "Training for " + t, Target: t, Kind: "internal_course",
			Aspect: "training_for_job", Hours: decimal.NewFromInt(3)})
	}
	r.Plan = append(r.Plan, appraisal.Need{Title: "Middle leadership", Aspirational: true, Kind: "external_course",
		Aspect: "career_progression", Hours: decimal.NewFromInt(12)})
	return r
}

// linkedDone records a completed activity of a person's serving targets.
func (f *afix) linkedDone(t testing.TB, person string, on date.Date, targets ...string) cpd.Activity {
	t.Helper()
	a := done(person, on)
	a.Targets, a.Provider = targets, "Maths Hub"
	got, err := f.svc.Activities.RecordCompleted(as(person), a)
	require.NoError(t, err)
	return got
}

// signedOff records tina's annual appraisal for the targets and has both
// sign it.
func (f *afix) signedOff(t testing.TB, targets ...string) appraisal.Review {
	t.Helper()
	r, err := f.svc.Appraisals.RecordReview(as("mgr"), annual(targets...))
	require.NoError(t, err)
	_, err = f.svc.Appraisals.SignReview(as("mgr"), r.ID)
	require.NoError(t, err)
	r, err = f.svc.Appraisals.SignReview(as("tina"), r.ID)
	require.NoError(t, err)
	return r
}

// kinds is every kind the appraisal use cases write, for comparing a
// store's contents.
func kinds() []cpd.Kind {
	return append([]cpd.Kind{cpd.KindPerson, cpd.KindActivity, cpd.KindStatus}, cpd.AppraisalKinds()...)
}

// snapshot reads every record of every kind and every event of the
// organisation, to show that a refused call changed nothing.
func (f *afix) snapshot(t testing.TB) map[string]any {
	t.Helper()
	out := map[string]any{}
	err := f.store.View(context.Background(), org, func(tx cpd.Tx) error {
		for _, k := range kinds() {
			p, err := tx.List(context.Background(), k, cpd.Query{Limit: cpd.MaxLimit})
			if err != nil {
				return err
			}
			out[string(k)] = p.Records
		}
		evs, err := tx.Events(context.Background(), cpd.EventQuery{Limit: cpd.MaxLimit})
		out["events"] = evs
		return err
	})
	require.NoError(t, err)
	return out
}

// wantErr checks err: nil when want is nil, otherwise matching want and,
// when field is given, naming that field in a cpd or appraisal
// validation error.
func wantErr(t *testing.T, err, want error, field string) {
	t.Helper()
	if want == nil {
		require.NoError(t, err)
		return
	}
	require.ErrorIs(t, err, want)
	if field != "" {
		require.Equal(t, field, fieldOf(err), "field named by %v", err)
	}
}

// fieldOf returns the field a validation error names.
func fieldOf(err error) string {
	var ce *cpd.ValidationError
	if errors.As(err, &ce) {
		return ce.Field
	}
	var ae *appraisal.ValidationError
	if errors.As(err, &ae) {
		return ae.Field
	}
	return ""
}

// decimals compares decimals by value.
var decimals = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })
