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
	a, err := with.svc.Activities.Request(as("head"), course("zed", "safeguarding"))
	require.NoError(t, err)
	require.Equal(t, "act-001", a.ID)
	without := newFixture(t)

	const person, activity = "zed", "act-001"
	ignore := func(_ any, err error) error { return err }
	tests := []struct {
		name string
		op   func(ctx context.Context, svc *cpd.Service) error
	}{
		{"person", func(ctx context.Context, svc *cpd.Service) error { return ignore(svc.Staff.Person(ctx, person)) }},
		{"activities", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Activities.Activities(ctx, person))
		}},
		{"compliance", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Compliance.Compliance(ctx, person))
		}},
		{"alerts", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Compliance.Alerts(ctx, person, 30))
		}},
		{"cpd record", func(ctx context.Context, svc *cpd.Service) error { return ignore(svc.Activities.Record(ctx, person)) }},
		{"subject access", func(ctx context.Context, svc *cpd.Service) error { return ignore(svc.Staff.SubjectAccess(ctx, person)) }},
		{"pen portrait", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Staff.UpdatePenPortrait(ctx, person, cpd.PenPortrait{Summary: "s"}))
		}},
		{"extension", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Compliance.GrantExtension(ctx, person, compliance.Extension{Requirement: "prevent", Until: date.New(2027, 1, 1), Reason: "r"}))
		}},
		{"exemption", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Compliance.Exempt(ctx, person, compliance.Exemption{Requirement: "prevent", Reason: "r"}))
		}},
		{"plan", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Compliance.PlanQualification(ctx, person, compliance.Plan{Requirement: "qts", By: date.New(2027, 7, 31)}))
		}},
		{"resign", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Staff.Resign(ctx, person, cpd.Resignation{ResignedOn: date.New(2026, 11, 20), Leaving: date.New(2026, 12, 31)}))
		}},
		{"request", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Activities.Request(ctx, course(person)))
		}},
		{"record completed", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Activities.RecordCompleted(ctx, done(person, date.New(2026, 11, 1))))
		}},
		{"activity", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Activities.Activity(ctx, activity))
		}},
		{"approve", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Activities.Approve(ctx, activity))
		}},
		{"decline", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Activities.Decline(ctx, activity, "no"))
		}},
		{"book", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Activities.Book(ctx, activity, cpd.Booking{Start: date.New(2026, 12, 1)}))
		}},
		{"complete", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Activities.Complete(ctx, activity, cpd.Completion{On: date.New(2026, 11, 20), Evidence: "c"}))
		}},
		{"evaluate", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Activities.Evaluate(ctx, activity, "impact"))
		}},
		{"cancel", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Activities.Cancel(ctx, activity, "clash"))
		}},
		{"amend", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Activities.Amend(ctx, activity, done(person, date.New(2026, 11, 1)), "fix"))
		}},
		{"delegate", func(ctx context.Context, svc *cpd.Service) error {
			return ignore(svc.Activities.Delegate(ctx, activity, "tina", "cover"))
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
