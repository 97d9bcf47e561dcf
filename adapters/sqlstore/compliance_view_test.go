package sqlstore_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
	"github.com/cpdkit/cpdkit/demo"
)

// TestComplianceView builds a generated organisation through the Service
// and asks the cpdkit_compliance view (migration 00005) in plain SQL for
// each person's status on each requirement, checking every row against
// Compliance.OrgCompliance: the status, valid until, due by, the day it was
// evaluated, the person's name and team. Then the policy changes (a
// requirement dropped, the rest in reverse order): until the statuses are
// refreshed the view still gives the old policy's requirements, saying
// which policy; after, it agrees with the new Service.
func TestComplianceView(t *testing.T) {
	onViewDatabases(t, func(t *testing.T, store *sqlstore.Store, svc *cpd.Service, o demo.Org, db *sql.DB) {
		head := cpd.WithActor(context.Background(), cpd.Actor{Org: viewsOrg, Person: o.Head})
		_, err := svc.Compliance.RefreshStatuses(head)
		require.NoError(t, err)
		before := checkComplianceView(head, t, db, svc)
		require.GreaterOrEqual(t, len(before.statuses), 5, "the organisation shows most kinds of status: %v", before.statuses)

		// The policy changes: the first requirement is dropped and the
		// others are reversed.
		raw, err := os.ReadFile(filepath.Join("..", "..", "presets", "letta.json"))
		require.NoError(t, err)
		changed, err := compliance.ParsePolicy(raw)
		require.NoError(t, err)
		changed.Requirements = changed.Requirements[1:]
		slices.Reverse(changed.Requirements)
		dir := memory.NewDirectory()
		for _, id := range o.Identities {
			dir.Set(viewsOrg, id)
		}
		on := before.on
		next, err := cpd.New(store, dir, changed, &cpd.Options{Location: time.UTC,
			Now: func() time.Time { return on.Midnight().Add(12 * time.Hour) }})
		require.NoError(t, err)

		var policies []string
		rows, err := db.QueryContext(head, `SELECT DISTINCT policy FROM cpdkit_compliance WHERE org_id = '`+viewsOrg+`'`)
		require.NoError(t, err)
		for rows.Next() {
			var p string
			require.NoError(t, rows.Scan(&p))
			policies = append(policies, p)
		}
		require.NoError(t, rows.Err())
		require.NoError(t, rows.Close())
		require.Equal(t, []string{before.policy}, policies, "before the refresh, every status is the old policy's")

		_, err = next.Compliance.RefreshStatuses(head)
		require.NoError(t, err)
		after := checkComplianceView(head, t, db, next)
		require.NotEqual(t, before.policy, after.policy)
	})
}

// viewCheck is what checkComplianceView saw.
type viewCheck struct {
	on       date.Date      // the day of the Service's view
	policy   string         // the fingerprint of every status
	statuses map[string]int // the view's rows by status
}

// checkComplianceView checks that cpdkit_compliance holds one row per
// person and requirement of svc's organisation view, with the same
// status, days, name and team, and nothing else but the rows of people
// who left before the academic year (whom the Service leaves out).
func checkComplianceView(ctx context.Context, t *testing.T, db *sql.DB, svc *cpd.Service) viewCheck {
	t.Helper()
	v, err := svc.Compliance.OrgCompliance(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, v.Rows)

	type row struct {
		name, team, status, validUntil, dueBy, on, leaving, policy string
		position                                                   int
	}
	rows, err := db.QueryContext(ctx, `SELECT person_id, requirement_id, position, name, COALESCE(team, ''), status,
		COALESCE(CAST(valid_until AS TEXT), ''), COALESCE(CAST(due_by AS TEXT), ''), CAST(evaluated_on AS TEXT),
		COALESCE(CAST(leaving AS TEXT), ''), policy
		FROM cpdkit_compliance WHERE org_id = '`+viewsOrg+`' ORDER BY person_id, position`)
	require.NoError(t, err)
	fromSQL := map[[2]string]row{}
	people := map[string]string{} // leaving, by person
	check := viewCheck{on: v.On, statuses: map[string]int{}}
	for rows.Next() {
		var person, req string
		var r row
		require.NoError(t, rows.Scan(&person, &req, &r.position, &r.name, &r.team, &r.status, &r.validUntil, &r.dueBy, &r.on, &r.leaving, &r.policy))
		key := [2]string{person, req}
		require.NotContains(t, fromSQL, key, "two rows for %s", key)
		fromSQL[key] = r
		people[person] = r.leaving
		check.statuses[r.status]++
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())

	day := func(d date.Date) string {
		if d == 0 {
			return ""
		}
		return d.String()
	}
	seen := map[string]bool{}
	for _, st := range v.Rows {
		seen[st.Person] = true
		require.Len(t, st.Items, len(v.Requirements))
		for i, it := range st.Items {
			got, ok := fromSQL[[2]string{st.Person, v.Requirements[i]}]
			require.True(t, ok, "%s has no row for %s", st.Person, v.Requirements[i])
			want := row{name: st.Name, team: st.Team, status: it.Status.String(), validUntil: day(it.ValidUntil),
				dueBy: day(it.DueBy), on: st.On.String(), leaving: day(st.Leaving), policy: st.Policy, position: i + 1}
			require.Equal(t, want, got, "%s, %s", st.Person, v.Requirements[i])
			if check.policy == "" {
				check.policy = st.Policy
			}
			require.Equal(t, check.policy, st.Policy)
		}
	}
	require.Len(t, fromSQL, len(people)*len(v.Requirements), "every person has a row per requirement")
	for person, leaving := range people {
		if !seen[person] {
			require.NotEmpty(t, leaving, "%s is in the view but not the Service's, and has not left", person)
		}
	}
	return check
}
