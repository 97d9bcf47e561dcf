package sqlstore_test

import (
	"context"
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

// TestWithdrawImported withdraws an imported activity on each database:
// the withdrawal is stored, the person's stored status no longer counts
// it, and importing it again is a duplicate.
func TestWithdrawImported(t *testing.T) {
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			const o = "org-w"
			dir := memory.NewDirectory()
			dir.Set(o, cpd.Identity{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}})
			policy := compliance.Policy{ID: "w", AcademicYearStart: compliance.MonthDay{Month: 9, Day: 1}, Requirements: []compliance.Requirement{
				{ID: "safeguarding", Name: "Safeguarding", Kind: compliance.RenewableTraining, Validity: period.MustParse("P1Y")},
			}}
			svc, err := cpd.New(open(t, db.dsn(t), nil), dir, policy, &cpd.Options{
				Now: func() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) }, Location: time.UTC,
			})
			require.NoError(t, err)
			ctx := cpd.WithActor(context.Background(), cpd.Actor{Org: o, Person: "admin"})
			_, err = svc.Staff.ImportPeople(ctx, []cpd.Person{{ID: "tina", Name: "Tina", JobRole: "teacher", Roles: []cpd.Role{cpd.RoleStaff},
				Employment: compliance.Employed, Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)}}, nil)
			require.NoError(t, err)
			act := cpd.Activity{Person: "tina", Title: "Safeguarding", Kind: cpd.ExternalCourse, Aspect: cpd.KeepingUpToDate,
				Necessity: cpd.Necessary, Source: cpd.Required, Topics: []string{"safeguarding"},
				Completed: date.New(2026, 11, 2), Evidence: "xapi:s1", ExternalRef: "xapi:s1"}
			imp, err := svc.Activities.ImportCompletions(ctx, []cpd.Activity{act}, nil)
			require.NoError(t, err)
			status := func() compliance.Status {
				res, err := svc.Compliance.OrgCompliance(ctx)
				require.NoError(t, err)
				require.Len(t, res.Rows, 1)
				return res.Rows[0].Items[0].Status
			}
			require.Equal(t, compliance.Compliant, status())

			got, err := svc.Activities.WithdrawImported(ctx, []cpd.Withdrawal{{ExternalRef: "xapi:s1", Reason: "voided"}})
			require.NoError(t, err)
			require.Equal(t, []string{imp.IDs[0]}, got.Withdrawn)
			a, err := svc.Activities.Activity(ctx, imp.IDs[0])
			require.NoError(t, err)
			require.Equal(t, cpd.Withdrawn, a.State)
			require.NotEqual(t, compliance.Compliant, status())

			again, err := svc.Activities.ImportCompletions(ctx, []cpd.Activity{act}, nil)
			require.NoError(t, err)
			require.Len(t, again.Duplicates, 1)
		})
	}
}
