package cpd_test

import (
	"context"
	"errors"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestAuthorisation checks every rule of who may do what: own, report,
// peer and other organisation, for each role.
func TestAuthorisation(t *testing.T) {
	type op func(f *fixture, ctx context.Context) error
	readPerson := func(target string) op {
		return func(f *fixture, ctx context.Context) error { _, err := f.svc.Staff.Person(ctx, target); return err }
	}
	request := func(target string) op {
		return func(f *fixture, ctx context.Context) error {
			_, err := f.svc.Activities.Request(ctx, course(target))
			return err
		}
	}
	record := func(target string) op {
		return func(f *fixture, ctx context.Context) error {
			_, err := f.svc.Activities.RecordCompleted(ctx, done(target, date.New(2026, 11, 1), "safeguarding"))
			return err
		}
	}
	approve := func(requester string) op {
		return func(f *fixture, ctx context.Context) error {
			a, err := f.svc.Activities.Request(as(requester), course(requester))
			if err != nil {
				return err
			}
			_, err = f.svc.Activities.Approve(ctx, a.ID)
			return err
		}
	}
	orgView := func(f *fixture, ctx context.Context) error { _, err := f.svc.Compliance.OrgCompliance(ctx); return err }
	subject := func(target string) op {
		return func(f *fixture, ctx context.Context) error {
			_, err := f.svc.Staff.SubjectAccess(ctx, target)
			return err
		}
	}
	extend := func(target string) op {
		return func(f *fixture, ctx context.Context) error {
			_, err := f.svc.Compliance.GrantExtension(ctx, target, compliance.Extension{Requirement: "prevent", Until: date.New(2027, 1, 31), Reason: "booked"})
			return err
		}
	}
	addPerson := func(f *fixture, ctx context.Context) error {
		_, err := f.svc.Staff.AddPerson(ctx, cpd.Person{ID: "new", Name: "New", JobRole: "teacher", Employment: compliance.Employed,
			Start: date.New(2026, 11, 1), FTE: fte1})
		return err
	}
	alerts := func(target string) op {
		return func(f *fixture, ctx context.Context) error {
			_, err := f.svc.Compliance.Alerts(ctx, target, 60)
			return err
		}
	}
	delegate := func(to string) op {
		return func(f *fixture, ctx context.Context) error {
			a, err := f.svc.Activities.Request(as("tina"), course("tina"))
			if err != nil {
				return err
			}
			_, err = f.svc.Activities.Delegate(ctx, a.ID, to, "cover")
			return err
		}
	}
	tests := []struct {
		name string
		ctx  context.Context
		op   op
		want error
	}{
		{"head of education delegates to anyone", as("head"), delegate("pete"), nil},
		{"line manager cannot delegate outside their team", as("mgr"), delegate("pete"), cpd.ErrForbidden},
		{"staff cannot delegate their own activity", as("tina"), delegate("pete"), cpd.ErrForbidden},
		{"staff reads own record", as("tina"), readPerson("tina"), nil},
		{"staff cannot read a peer", as("tina"), readPerson("pete"), cpd.ErrForbidden},
		{"staff cannot read someone who does not exist", as("tina"), readPerson("nobody"), cpd.ErrForbidden},
		{"line manager reads a report", as("mgr"), readPerson("tina"), nil},
		{"line manager cannot read a non-report", as("mgr"), readPerson("pete"), cpd.ErrForbidden},
		{"administrator reads anyone", as("admin"), readPerson("pete"), nil},
		{"administrator learns who does not exist", as("admin"), readPerson("nobody"), cpd.ErrNotFound},
		{"auditor reads anyone", as("audrey"), readPerson("tina"), nil},
		{"other organisation's administrator sees nothing", asOther("olga"), readPerson("tina"), cpd.ErrNotFound},
		{"unknown actor is forbidden", as("stranger"), readPerson("tina"), cpd.ErrForbidden},
		{"no actor", context.Background(), readPerson("tina"), cpd.ErrNoActor},

		{"staff requests own CPD", as("tina"), request("tina"), nil},
		{"staff cannot request for a peer", as("tina"), request("pete"), cpd.ErrForbidden},
		{"line manager requests for a report", as("mgr"), request("tina"), nil},
		{"line manager cannot request for a non-report", as("mgr"), request("pete"), cpd.ErrForbidden},
		{"auditor cannot request", as("audrey"), request("audrey"), cpd.ErrForbidden},

		{"staff records own completion", as("tina"), record("tina"), nil},
		{"administrator records anyone's training", as("admin"), record("pete"), nil},
		{"auditor cannot record", as("audrey"), record("tina"), cpd.ErrForbidden},
		{"other organisation cannot record", asOther("olga"), record("tina"), cpd.ErrNotFound},

		{"line manager approves a report's request", as("mgr"), approve("tina"), nil},
		{"head of education approves anyone's request", as("head"), approve("pete"), nil},
		{"nobody approves their own request", as("tina"), approve("tina"), cpd.ErrForbidden},
		{"head of education cannot approve own request", as("head"), approve("head"), cpd.ErrForbidden},
		{"a peer cannot approve", as("pete"), approve("tina"), cpd.ErrForbidden},
		{"line manager cannot approve a non-report", as("mgr"), approve("pete"), cpd.ErrForbidden},
		{"administrator cannot approve", as("admin"), approve("tina"), cpd.ErrForbidden},
		{"auditor cannot approve", as("audrey"), approve("tina"), cpd.ErrForbidden},

		{"head of education sees the organisation", as("head"), orgView, nil},
		{"auditor sees the organisation", as("audrey"), orgView, nil},
		{"line manager cannot see the organisation", as("mgr"), orgView, cpd.ErrForbidden},
		{"staff cannot see the organisation", as("tina"), orgView, cpd.ErrForbidden},

		{"staff exports own data", as("tina"), subject("tina"), nil},
		{"administrator exports anyone's data", as("admin"), subject("tina"), nil},
		{"line manager cannot export a report's data", as("mgr"), subject("tina"), cpd.ErrForbidden},

		{"line manager extends a report's deadline", as("mgr"), extend("tina"), nil},
		{"staff cannot extend own deadline", as("tina"), extend("tina"), cpd.ErrForbidden},
		{"auditor cannot extend", as("audrey"), extend("tina"), cpd.ErrForbidden},

		{"administrator adds a person", as("admin"), addPerson, nil},
		{"line manager cannot add a person", as("mgr"), addPerson, cpd.ErrForbidden},
		{"auditor cannot add a person", as("audrey"), addPerson, cpd.ErrForbidden},

		{"staff reads own alerts", as("tina"), alerts("tina"), nil},
		{"line manager reads a report's alerts", as("mgr"), alerts("tina"), nil},
		{"peer cannot read alerts", as("pete"), alerts("tina"), cpd.ErrForbidden},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			err := tc.op(f, tc.ctx)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want an error matching %v", err, tc.want)
			}
		})
	}
}

// TestDirectoryDecides checks that what someone may do comes from the
// Directory, not from the roles and line manager in their HR record, and
// that an actor must name both organisation and person.
func TestDirectoryDecides(t *testing.T) {
	f := newFixture(t)
	p, err := f.svc.Staff.Person(as("admin"), "tina")
	require.NoError(t, err)
	p.Roles, p.LineManager = []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}, "pete"
	_, err = f.svc.Staff.UpdatePerson(as("admin"), p)
	require.NoError(t, err)

	_, err = f.svc.Staff.AddPerson(as("tina"), validPerson())
	require.ErrorIs(t, err, cpd.ErrForbidden, "an administrator only in her HR record")
	_, err = f.svc.Staff.Person(as("pete"), "tina")
	require.ErrorIs(t, err, cpd.ErrForbidden, "her line manager only in her HR record")
	_, err = f.svc.Staff.Person(as("mgr"), "tina")
	require.NoError(t, err, "her line manager in the Directory")

	for _, a := range []cpd.Actor{{Org: org}, {Person: "tina"}} {
		_, err = f.svc.Staff.Person(cpd.WithActor(context.Background(), a), "tina")
		require.ErrorIs(t, err, cpd.ErrNoActor, "actor %+v", a)
	}
}
