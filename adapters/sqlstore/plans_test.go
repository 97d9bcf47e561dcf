package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestQueryPlans: List and Events read through the index that their
// filter names, not through the primary key, which would scan every
// record of the kind (or every event) in the organisation: reading one
// person's activities, as refreshing their status does, would then take
// time in proportion to the organisation's size. SQLite is checked with
// no statistics, as a new database has, and after ANALYZE; PostgreSQL
// after ANALYZE. The data: 4,000 activities of 100 people, a few of them
// requested and the rest completed, in two organisations.
func TestQueryPlans(t *testing.T) {
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			s := open(t, db.dsn(t), nil)
			ctx := t.Context()
			for _, org := range []string{"org-a", "org-b"} {
				rs := make([]cpd.Record, 4000)
				for i := range rs {
					state := "completed"
					if i%97 == 0 {
						state = "requested"
					}
					rs[i] = cpd.Record{Kind: cpd.KindActivity, ID: fmt.Sprintf("a-%05d", i), Owner: fmt.Sprintf("p-%03d", i%100),
						State: state, Data: []byte(benchData)}
				}
				require.NoError(t, s.Update(ctx, org, func(tx cpd.Tx) error {
					_, err := tx.(cpd.BulkTx).PutMany(ctx, rs, bulkChange)
					return err
				}))
			}
			queries := []struct {
				name, index string
				query       string
				args        []any
			}{
				{name: "records of a person", index: "records_owner_idx"},
				{name: "records of a person in two states", index: "records_owner_idx"},
				{name: "records in a rare state", index: "records_state_idx"},
				{name: "events of a person", index: "events_owner_idx"},
				{name: "events of a record", index: "events_id_idx"},
			}
			queries[0].query, queries[0].args = sqlstore.ListQuery(s, "org-a", cpd.KindActivity, cpd.Query{Owner: "p-042"}, cpd.DefaultLimit)
			queries[1].query, queries[1].args = sqlstore.ListQuery(s, "org-a", cpd.KindActivity,
				cpd.Query{Owner: "p-042", States: []string{"completed", "evaluated"}}, cpd.MaxLimit)
			queries[2].query, queries[2].args = sqlstore.ListQuery(s, "org-a", cpd.KindActivity, cpd.Query{States: []string{"requested"}}, cpd.MaxLimit)
			queries[3].query, queries[3].args = sqlstore.EventsQuery(s, "org-a", cpd.EventQuery{Owner: "p-042"}, cpd.MaxLimit)
			queries[4].query, queries[4].args = sqlstore.EventsQuery(s, "org-a", cpd.EventQuery{Kind: cpd.KindActivity, ID: "a-00042"}, cpd.DefaultLimit)

			raw := sqlstore.DB(s)
			explain := "EXPLAIN "
			stats := []string{"ANALYZE"}
			if db.name != "Postgres" {
				explain = "EXPLAIN QUERY PLAN "
				stats = []string{"", "ANALYZE"}
			}
			for _, st := range stats {
				if st != "" {
					_, err := raw.ExecContext(ctx, st)
					require.NoError(t, err)
				}
				for _, q := range queries {
					plan := queryPlan(t, raw.QueryContext, explain+q.query, q.args)
					require.Contains(t, plan, q.index, "%s (%s): %s\nplan:\n%s", q.name, st, q.query, plan)
				}
			}
		})
	}
}

// queryPlan runs an EXPLAIN and returns its rows, one a line, each column
// of a row after the other.
func queryPlan(t *testing.T, query func(context.Context, string, ...any) (*sql.Rows, error), stmt string, args []any) string {
	t.Helper()
	rows, err := query(t.Context(), stmt, args...)
	require.NoError(t, err)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		for _, v := range vals {
			fmt.Fprintf(&b, "%v ", v)
		}
		b.WriteString("\n")
	}
	require.NoError(t, rows.Err())
	return b.String()
}
