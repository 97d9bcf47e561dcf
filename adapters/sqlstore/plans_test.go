package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestQueryPlans: Get reads through the primary key, and List and Events
// through the index that their filter names, not through another index
// or key that would scan every record of the kind (or every event) in the
// organisation: reading one person's activities, as refreshing their
// status does, would then take time in proportion to the organisation's
// size. SQLite is checked with no statistics, as a new database has, and
// after ANALYZE. PostgreSQL is checked with the statistics that the bulk
// import left (PutMany analyses a table it grew by a tenth or more) and
// after ANALYZE, and with generic plans, which PostgreSQL settles on for
// a statement prepared once and run many times: made from the statistics
// of an empty table, Get's generic plan scanned records_state_idx. The
// data: 4,000 activities of 100 people, a few of them requested and the
// rest completed, in two organisations.
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
				{name: "a record", index: "records_pkey"}, // SQLite's name is below
				{name: "records of a person", index: "records_owner_idx"},
				{name: "records of a person in two states", index: "records_owner_idx"},
				{name: "records in a rare state", index: "records_state_idx"},
				{name: "events of a person", index: "events_owner_idx"},
				{name: "events of a record", index: "events_id_idx"},
				{name: "records of IDs", index: "records_pkey"},
				{name: "records of people in two states", index: "records_owner_idx"},
			}
			queries[0].query, queries[0].args = sqlstore.GetQuery(s), []any{"org-a", string(cpd.KindActivity), "a-00042"}
			queries[1].query, queries[1].args = sqlstore.ListQuery(s, "org-a", cpd.KindActivity, cpd.Query{Owner: "p-042"}, cpd.DefaultLimit)
			queries[2].query, queries[2].args = sqlstore.ListQuery(s, "org-a", cpd.KindActivity,
				cpd.Query{Owner: "p-042", States: []string{"completed", "evaluated"}}, cpd.MaxLimit)
			queries[3].query, queries[3].args = sqlstore.ListQuery(s, "org-a", cpd.KindActivity, cpd.Query{States: []string{"requested"}}, cpd.MaxLimit)
			queries[4].query, queries[4].args = sqlstore.EventsQuery(s, "org-a", cpd.EventQuery{Owner: "p-042"}, cpd.MaxLimit)
			queries[5].query, queries[5].args = sqlstore.EventsQuery(s, "org-a", cpd.EventQuery{Kind: cpd.KindActivity, ID: "a-00042"}, cpd.DefaultLimit)
			queries[6].query, queries[6].args = sqlstore.ReadManyQuery(s, "org-a", cpd.KindActivity, "id", []string{"a-00042", "a-00043", "a-00999"}, nil)
			queries[7].query, queries[7].args = sqlstore.ReadManyQuery(s, "org-a", cpd.KindActivity, "owner",
				[]string{"p-001", "p-042", "p-077"}, []string{"completed", "evaluated"})

			raw := sqlstore.DB(s)
			analyze := "ANALYZE records, events" // not every schema on the server
			if db.name != "Postgres" {
				analyze = "ANALYZE"
			}
			for _, st := range []string{"", analyze} {
				if st != "" {
					_, err := raw.ExecContext(ctx, st)
					require.NoError(t, err)
				}
				for _, q := range queries {
					var plans []string
					if db.name == "Postgres" {
						plans = append(plans, queryPlan(t, raw.QueryContext, "EXPLAIN "+q.query, q.args), genericPlan(t, raw, q.query, q.args))
					} else {
						plans = append(plans, queryPlan(t, raw.QueryContext, "EXPLAIN QUERY PLAN "+q.query, q.args))
					}
					index := q.index
					if index == "records_pkey" && db.name != "Postgres" {
						index = "sqlite_autoindex_records_1" // SQLite's name for the primary key's index
					}
					for _, plan := range plans {
						require.Contains(t, plan, index, "%s (%s): %s\nplan:\n%s", q.name, st, q.query, plan)
					}
				}
			}
		})
	}
}

// TestUpdateManyPlan: on PostgreSQL, UpdateMany looks up the records it
// rewrites once, and updates the rows that lookup found (by their ctid).
// Joined to the arrays by key a second time, the update was planned as a
// hash of every record of the organisation even where the lookup used
// the primary key: about 30 ms a statement in an import's organisation of
// 44,000 records, a scan of the organisation for each thousand records
// written. How the lookup itself reads is the planner's choice: a hash of
// the organisation's records while it is this small, the primary key once
// it is larger.
func TestUpdateManyPlan(t *testing.T) {
	s := open(t, freshSchema(t), nil)
	ctx := t.Context()
	rs := make([]cpd.Record, 40000)
	for i := range rs {
		rs[i] = cpd.Record{Kind: cpd.KindActivity, ID: fmt.Sprintf("a-%05d", i), Owner: fmt.Sprintf("p-%04d", i%4000),
			State: "completed", Data: []byte(benchData)}
	}
	require.NoError(t, s.Update(ctx, "org-a", func(tx cpd.Tx) error {
		_, err := tx.(cpd.BulkTx).PutMany(ctx, rs, bulkChange)
		return err
	}))
	chunk := rs[:0]
	for i := 0; i < len(rs); i += len(rs) / 1000 {
		chunk = append(chunk, rs[i])
	}
	plan := queryPlan(t, sqlstore.DB(s).QueryContext, "EXPLAIN "+sqlstore.UpdateManyPostgresQuery, updateManyArgs("org-a", chunk))
	require.Contains(t, plan, "Tid Scan on records", "UpdateMany updates the rows it looked up\nplan:\n%s", plan)
	scans := regexp.MustCompile(`Scan (using \w+ )?on records `).FindAllString(plan, -1)
	require.Len(t, scans, 2, "UpdateMany reads the records twice: the lookup and the update\nplan:\n%s", plan)
}

// updateManyArgs returns the arguments of UpdateMany's PostgreSQL
// statement for the records, each at version 1, in the organisation.
func updateManyArgs(org string, rs []cpd.Record) []any {
	kinds, ids, owners, states := make([]string, len(rs)), make([]string, len(rs)), make([]string, len(rs)), make([]string, len(rs))
	versions, data := make([]int64, len(rs)), make([][]byte, len(rs))
	for i, r := range rs {
		kinds[i], ids[i], owners[i], states[i], versions[i], data[i] = string(r.Kind), r.ID, r.Owner, r.State, 1, r.Data
	}
	return []any{org, kinds, ids, versions, owners, states, data, len(rs), int64(len(rs)), time.Now(), "admin", "test"}
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

// genericPlan returns PostgreSQL's generic plan of a query: the plan,
// made without the arguments' values, that a statement prepared once and
// run many times settles on.
func genericPlan(t *testing.T, db *sql.DB, query string, args []any) string {
	t.Helper()
	conn, err := db.Conn(t.Context())
	require.NoError(t, err)
	defer conn.Close()
	literal := func(v any) string { return "'" + strings.ReplaceAll(fmt.Sprint(v), "'", "''") + "'" }
	values := make([]string, len(args))
	for i, a := range args {
		if list, ok := a.([]string); ok {
			elems := make([]string, len(list))
			for j, v := range list {
				elems[j] = literal(v)
			}
			values[i] = "ARRAY[" + strings.Join(elems, ", ") + "]"
			continue
		}
		values[i] = literal(a)
	}
	for _, stmt := range []string{"SET plan_cache_mode = force_generic_plan", "PREPARE cpdkit_plan AS " + query} {
		_, err := conn.ExecContext(t.Context(), stmt)
		require.NoError(t, err, stmt)
	}
	defer func() {
		for _, stmt := range []string{"DEALLOCATE cpdkit_plan", "RESET plan_cache_mode"} {
			_, err := conn.ExecContext(context.WithoutCancel(t.Context()), stmt)
			require.NoError(t, err, stmt)
		}
	}()
	return queryPlan(t, conn.QueryContext, "EXPLAIN EXECUTE cpdkit_plan("+strings.Join(values, ", ")+")", nil)
}
