package sqlstore_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/cpd"
	"github.com/cpdkit/cpdkit/demo"
	"github.com/cpdkit/cpdkit/presets"
)

// TestReportingViews builds a generated organisation, with a year of its
// budget, through the Service, then asks the read-only reporting views
// (migration 00004) in plain SQL what a reporting tool would, and checks
// each answer against the Service's own: the people, each person's
// activities and hours, the topics, and each budget line's money and
// ledger.
func TestReportingViews(t *testing.T) {
	onViewDatabases(t, func(t *testing.T, _ *sqlstore.Store, svc *cpd.Service, o demo.Org, db *sql.DB) {
		checkViews(t, db, svc, o)
	})
}

// onViewDatabases runs check on SQLite and on PostgreSQL (skipped, saying
// so, without a server): each time a fresh store holding a generated
// organisation loaded through the Service (see loadDemo), and a second,
// plain handle on the same database, as a reporting tool would have.
func onViewDatabases(t *testing.T, check func(t *testing.T, store *sqlstore.Store, svc *cpd.Service, o demo.Org, db *sql.DB)) {
	for _, tc := range []struct {
		name string
		dsn  func(testing.TB) string
		// plain opens a second, plain handle on the same database.
		plain func(t *testing.T, dsn string) *sql.DB
	}{
		{"SQLite", sqliteFile, func(t *testing.T, dsn string) *sql.DB {
			db, err := sql.Open("sqlite", strings.TrimPrefix(dsn, "sqlite:"))
			require.NoError(t, err)
			t.Cleanup(func() { db.Close() })
			return db
		}},
		{"Postgres", freshSchema, func(t *testing.T, dsn string) *sql.DB { return adminDB(t, dsn) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "Postgres" {
				postgresDSN(t)
			}
			dsn := tc.dsn(t)
			store := open(t, dsn, nil)
			svc, o := loadDemo(t, store)
			check(t, store, svc, o, tc.plain(t, dsn))
		})
	}
}

const viewsOrg = "org-views"

// loadDemo loads a generated organisation of 40 people and its budget's
// year into a Service over store.
func loadDemo(t *testing.T, store cpd.Store) (*cpd.Service, demo.Org) {
	t.Helper()
	on := date.New(2026, 11, 25)
	pol, err := presets.Load("letta")
	require.NoError(t, err)
	o := demo.Generate(demo.Options{People: 40, Seed: 3, On: on, Policy: pol, Budget: true})
	dir := memory.NewDirectory()
	for _, id := range o.Identities {
		dir.Set(viewsOrg, id)
	}
	day := on
	money := demo.BudgetPolicy()
	svc, err := cpd.New(store, dir, pol, &cpd.Options{
		Now: func() time.Time { return day.Midnight().Add(12 * time.Hour) }, Location: time.UTC, Budget: &money})
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, o.Load(ctx, svc, viewsOrg, nil))
	require.NoError(t, o.LoadBudget(ctx, svc, viewsOrg, func(d date.Date) { day = d }, nil))
	return svc, o
}

func checkViews(t *testing.T, db *sql.DB, svc *cpd.Service, o demo.Org) {
	ctx := cpd.WithActor(context.Background(), cpd.Actor{Org: viewsOrg, Person: o.Head})

	// People: one row each, with the Service's name, role, manager, start
	// and FTE.
	type personRow struct {
		name, role, manager, start string
		fte                        decimal.Decimal
	}
	rows, err := db.QueryContext(ctx, `SELECT person_id, name, job_role, COALESCE(line_manager, ''),
		CAST(start_date AS TEXT), CAST(fte AS TEXT) FROM cpdkit_people WHERE org_id = '`+viewsOrg+`' ORDER BY person_id`)
	require.NoError(t, err)
	fromSQL := map[string]personRow{}
	for rows.Next() {
		var id, fte string
		var p personRow
		require.NoError(t, rows.Scan(&id, &p.name, &p.role, &p.manager, &p.start, &fte))
		p.fte = decimal.RequireFromString(fte)
		fromSQL[id] = p
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	var people []cpd.Person
	for p, err := range svc.Staff.People(ctx) {
		require.NoError(t, err)
		people = append(people, p)
	}
	require.Len(t, fromSQL, len(people))
	for _, p := range people {
		got, ok := fromSQL[p.ID]
		require.True(t, ok, "person %s is not in cpdkit_people", p.ID)
		require.Equal(t, p.Name, got.name, p.ID)
		require.Equal(t, p.JobRole, got.role, p.ID)
		require.Equal(t, p.LineManager, got.manager, p.ID)
		require.Equal(t, p.Start.String(), got.start, p.ID)
		require.True(t, p.FTE.Equal(got.fte), "%s: FTE %s, view %s", p.ID, p.FTE, got.fte)
	}

	// Activities: per person, the count, the completed hours and the
	// states; topics per activity.
	type tally struct {
		n         int
		completed decimal.Decimal
		states    map[string]int
		topics    int
	}
	want := map[string]*tally{}
	for _, p := range people {
		acts, err := svc.Activities.Activities(ctx, p.ID)
		require.NoError(t, err)
		w := &tally{states: map[string]int{}}
		for _, a := range acts {
			w.n++
			w.states[a.State.String()]++
			w.topics += len(a.Topics)
			if a.Completed != 0 {
				w.completed = w.completed.Add(a.Hours)
			}
		}
		want[p.ID] = w
	}
	got := map[string]*tally{}
	rows, err = db.QueryContext(ctx, `SELECT person_id, state, count(*),
		CAST(COALESCE(sum(CASE WHEN completed IS NOT NULL THEN hours END), 0) AS TEXT)
		FROM cpdkit_activities WHERE org_id = '`+viewsOrg+`' GROUP BY person_id, state`)
	require.NoError(t, err)
	for rows.Next() {
		var person, state, hours string
		var n int
		require.NoError(t, rows.Scan(&person, &state, &n, &hours))
		g := got[person]
		if g == nil {
			g = &tally{states: map[string]int{}}
			got[person] = g
		}
		g.n += n
		g.states[state] += n
		g.completed = g.completed.Add(decimal.RequireFromString(hours))
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	rows, err = db.QueryContext(ctx, `SELECT a.person_id, count(*) FROM cpdkit_activity_topics t
		JOIN cpdkit_activities a ON a.org_id = t.org_id AND a.activity_id = t.activity_id
		WHERE t.org_id = '`+viewsOrg+`' GROUP BY a.person_id`)
	require.NoError(t, err)
	for rows.Next() {
		var person string
		var n int
		require.NoError(t, rows.Scan(&person, &n))
		require.Contains(t, got, person)
		got[person].topics = n
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	total := 0
	for id, w := range want {
		total += w.n
		if w.n == 0 {
			require.NotContains(t, got, id)
			continue
		}
		g := got[id]
		require.NotNil(t, g, "person %s has activities the view lacks", id)
		require.Equal(t, w.n, g.n, id)
		require.Equal(t, w.states, g.states, id)
		require.Equal(t, w.topics, g.topics, id)
		require.True(t, w.completed.Equal(g.completed), "%s: completed hours %s, view %s", id, w.completed, g.completed)
	}
	require.NotZero(t, total, "the organisation has activities")

	// Budget lines: each line's allocated, committed and spent, as the
	// budget report has them; the ledger has entries for each line.
	require.NotNil(t, o.Budget)
	report, err := svc.Budgets.BudgetReport(ctx, o.Budget.ID)
	require.NoError(t, err)
	require.NotEmpty(t, report.Lines)
	for _, l := range report.Lines {
		var name, holder, currency, allocated, committed, spent string
		err := db.QueryRowContext(ctx, `SELECT name, holder, currency, CAST(allocated AS TEXT),
			CAST(committed AS TEXT), CAST(spent AS TEXT) FROM cpdkit_budget_lines
			WHERE org_id = '`+viewsOrg+`' AND budget_id = '`+o.Budget.ID+`' AND line_id = '`+l.Line+`'`).
			Scan(&name, &holder, &currency, &allocated, &committed, &spent)
		require.NoError(t, err, "line %s", l.Line)
		require.Equal(t, l.Name, name)
		require.Equal(t, l.Holder, holder)
		require.Equal(t, l.Allocated.Currency().String(), currency)
		for _, m := range []struct {
			what string
			want decimal.Decimal
			got  string
		}{{"allocated", l.Allocated.Amount(), allocated}, {"committed", l.Committed.Amount(), committed}, {"spent", l.Spent.Amount(), spent}} {
			require.True(t, m.want.Equal(decimal.RequireFromString(m.got)), "line %s %s: %s, view %s", l.Line, m.what, m.want, m.got)
		}
		var entries int
		require.NoError(t, db.QueryRowContext(ctx, `SELECT count(*) FROM cpdkit_ledger
			WHERE org_id = '`+viewsOrg+`' AND budget_id = '`+o.Budget.ID+`' AND line_id = '`+l.Line+`' AND currency = '`+currency+`'`).Scan(&entries))
		require.NotZero(t, entries, "line %s has ledger entries", l.Line)
	}
}
