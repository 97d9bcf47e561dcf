package sqlstore_test

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"hash/fnv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/cpd"
	"github.com/cpdkit/cpdkit/demo"
)

// TestStatusReasonsServe: on each database, every stored status has its
// reasons (cpd.KindStatusReasons), which name it by the FNV-1a digest of
// its stored form as read back (so that the bytes a status is stored as
// are the bytes it reads as), and ExplainMany gives, for everyone, the
// reasons that evaluating their records gives.
func TestStatusReasonsServe(t *testing.T) {
	onViewDatabases(t, func(t *testing.T, store *sqlstore.Store, svc *cpd.Service, o demo.Org, _ *sql.DB) {
		ctx := context.Background()
		as := cpd.WithActor(ctx, cpd.Actor{Org: viewsOrg, Person: o.Head})
		_, err := svc.Compliance.RefreshStatuses(as)
		require.NoError(t, err)
		var people []string
		err = store.View(ctx, viewsOrg, func(tx cpd.Tx) error {
			page, err := tx.List(ctx, cpd.KindStatus, cpd.Query{Limit: cpd.MaxLimit})
			if err != nil {
				return err
			}
			for _, st := range page.Records {
				people = append(people, st.ID)
				r, err := tx.Get(ctx, cpd.KindStatusReasons, st.ID)
				require.NoError(t, err, "reasons of %s", st.ID)
				var reasons struct {
					Status string `json:"status"`
				}
				require.NoError(t, json.Unmarshal(r.Data, &reasons))
				h := fnv.New64a()
				h.Write(st.Data)
				require.Equal(t, hex.EncodeToString(h.Sum(nil)), reasons.Status, "%s's reasons name their status", st.ID)
			}
			return nil
		})
		require.NoError(t, err)
		require.NotEmpty(t, people)

		explained, err := svc.Compliance.ExplainMany(as, people)
		require.NoError(t, err)
		evaluated, err := svc.Compliance.ComplianceOfMany(as, people)
		require.NoError(t, err)
		require.Len(t, explained.People, len(evaluated.People))
		for i, pc := range evaluated.People {
			got := explained.People[i]
			require.Equal(t, pc.Person, got.Person)
			require.Len(t, got.Items, len(pc.Result.Items))
			for j, it := range pc.Result.Items {
				require.Equal(t, it.Reason(), got.Items[j].Reason, "%s %s", pc.Person, it.Requirement.ID)
			}
		}
	})
}
