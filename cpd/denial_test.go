package cpd_test

import (
	"context"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestDenialRevealsNothing checks that a refusal tells a caller nothing
// about its target: in one organisation the person zed and zed's activity
// act-001 exist, in the other they do not, and every operation on them by
// someone who may not touch them fails the same way in both, down to the
// error's text (compared here, exceptionally, because the text itself is
// what must not leak).
func TestDenialRevealsNothing(t *testing.T) {
	with := newFixture(t)
	with.dir.Set(org, cpd.Identity{Person: "zed", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "head"})
	with.addPerson(t, org, cpd.Person{ID: "zed", Name: "zed", JobRole: "teacher", LineManager: "head"})
	a, err := with.svc.Request(as("head"), course("zed", "safeguarding"))
	require.NoError(t, err)
	require.Equal(t, "act-001", a.ID)
	without := newFixture(t)

	const person, activity = "zed", "act-001"
	ignore := func(_ any, err error) error { return err }
	tests := []struct {
		name string
		op   func(ctx context.Context, svc *cpd.Service) error
	}{
		{"person", func(ctx context.Context, svc *cpd.Service) error { return ignore(svc.Person(ctx, person)) }},
		{"activities", func(ctx context.Context, svc *cpd.Service) error { return ignore(svc.Activities(ctx, person)) }},
		{"compliance", func(ctx context.Context, svc *cpd.Service) error { return ignore(svc.Compliance(ctx, person)) }},
		{"alerts", func(ctx context.Context, svc *cpd.Service) error { return ignore(svc.Alerts(ctx, person, 30)) }},
		{"cpd record", func(ctx context.Context, svc *cpd.Service) error { return ignore(svc.Record(ctx, person)) }},
		{"subject access", func(ctx context.Context, svc *cpd.Service) error { return ignore(svc.SubjectAccess(ctx, person)) }},
		{"pen portrait", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.UpdatePenPortrait(ctx, person, cpd.PenPortrait{Summary: "s"}))
		}},
		{"extension", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.GrantExtension(ctx, person, compliance.Extension{Requirement: "prevent", Until: date.New(2027, 1, 1), Reason: "r"}))
		}},
		{"exemption", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Exempt(ctx, person, compliance.Exemption{Requirement: "prevent", Reason: "r"}))
		}},
		{"plan", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.PlanQualification(ctx, person, compliance.Plan{Requirement: "qts", By: date.New(2027, 7, 31)}))
		}},
		{"resign", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Resign(ctx, person, cpd.Resignation{ResignedOn: date.New(2026, 11, 20), Leaving: date.New(2026, 12, 31)}))
		}},
		{"request", func(ctx context.Context, svc *cpd.Service) error { return ignore(svc.Request(ctx, course(person))) }},
		{"record completed", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.RecordCompleted(ctx, done(person, date.New(2026, 11, 1))))
		}},
		{"activity", func(ctx context.Context, svc *cpd.Service) error { return ignore(svc.Activity(ctx, activity)) }},
		{"approve", func(ctx context.Context, svc *cpd.Service) error { return ignore(svc.Approve(ctx, activity)) }},
		{"decline", func(ctx context.Context, svc *cpd.Service) error { return ignore(svc.Decline(ctx, activity, "no")) }},
		{"book", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Book(ctx, activity, cpd.Booking{Start: date.New(2026, 12, 1)}))
		}},
		{"complete", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Complete(ctx, activity, cpd.Completion{On: date.New(2026, 11, 20), Evidence: "c"}))
		}},
		{"evaluate", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Evaluate(ctx, activity, "impact"))
		}},
		{"cancel", func(ctx context.Context, svc *cpd.Service) error { return ignore(svc.Cancel(ctx, activity, "clash")) }},
		{"amend", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Amend(ctx, activity, done(person, date.New(2026, 11, 1)), "fix"))
		}},
		{"delegate", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Delegate(ctx, activity, "tina", "cover"))
		}},
	}
	for _, actor := range []string{"tina", "mgr"} {
		for _, tc := range tests {
			t.Run(actor+"/"+tc.name, func(t *testing.T) {
				exists := tc.op(as(actor), with.svc)
				absent := tc.op(as(actor), without.svc)
				require.ErrorIs(t, exists, cpd.ErrForbidden, "the target exists")
				require.ErrorIs(t, absent, cpd.ErrForbidden, "the target does not exist")
				require.Equal(t, absent.Error(), exists.Error(), "the refusals differ")
			})
		}
	}
}
