package sqlstore_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestYearUseCasesAgreeAcrossStores: the same generated organisation,
// loaded through the Service into memory and into each SQL database, gives
// the same audit trail (read back a page at a time), the same compliance
// on another day and the same forecast. Activity IDs are random, so the
// comparison leaves them out.
func TestYearUseCasesAgreeAcrossStores(t *testing.T) {
	ref, o := loadDemo(t, memory.New())
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			if db.name == "Postgres" {
				postgresDSN(t)
			}
			svc, _ := loadDemo(t, open(t, db.dsn(t), nil))
			ctx := cpd.WithActor(t.Context(), cpd.Actor{Org: viewsOrg, Person: o.Head})

			// The audit trail, every entry, in pages of 50.
			trail := func(s *cpd.Service) []cpd.AuditEntry {
				var out []cpd.AuditEntry
				for e, err := range s.AuditTrailAll(ctx, cpd.AuditQuery{Limit: 50}) {
					require.NoError(t, err)
					out = append(out, e)
				}
				return out
			}
			want, got := trail(ref), trail(svc)
			require.NotEmpty(t, want)
			require.Len(t, got, len(want))
			for i := range want {
				w, g := want[i], got[i]
				require.Equal(t, w.Seq, g.Seq)
				require.Equal(t, w.Actor, g.Actor, "entry %d", w.Seq)
				require.Equal(t, w.Action, g.Action, "entry %d", w.Seq)
				require.Equal(t, w.Kind, g.Kind, "entry %d", w.Seq)
				require.True(t, w.At.Equal(g.At), "entry %d: %v and %v", w.Seq, w.At, g.At)
				require.Len(t, g.Changes, len(w.Changes), "entry %d", w.Seq)
			}

			// Compliance on a day in the spring, and the forecast to it.
			spring := date.New(2027, 4, 1)
			wantView, err := ref.Compliance.OrgComplianceOn(ctx, spring)
			require.NoError(t, err)
			gotView, err := svc.Compliance.OrgComplianceOn(ctx, spring)
			require.NoError(t, err)
			require.Equal(t, wantView.Overall, gotView.Overall)
			require.Equal(t, wantView.Columns, gotView.Columns)

			q := cpd.ForecastQuery{To: spring}
			wantFC, err := ref.Compliance.Forecast(ctx, q)
			require.NoError(t, err)
			gotFC, err := svc.Compliance.Forecast(ctx, q)
			require.NoError(t, err)
			require.NotEmpty(t, wantFC.Lapses, "a generated organisation has lapses by the spring")
			ignoreIDs := cmpopts.IgnoreFields(cpd.Fix{}, "Activity")
			if diff := cmp.Diff(wantFC, gotFC, ignoreIDs, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("forecast (-memory +%s):\n%s", db.name, diff)
			}
		})
	}
}
