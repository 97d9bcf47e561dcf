package sqlstore_test

import (
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/cpdkit/cpdkit/cpd"
)

// TestOrganisationIntegrity: whatever writes to the database, a record or
// an event names an organisation that orgs has, and an organisation that
// has records or events stays. SQLite checks this with foreign keys;
// PostgreSQL with the triggers of migration 3, which check an INSERT's
// rows once per statement and report a violation as the foreign key did
// (SQLSTATE 23503, naming records_org_id_fkey or events_org_id_fkey).
// Every refused statement leaves the rows as they were.
func TestOrganisationIntegrity(t *testing.T) {
	for _, db := range []database{{"SQLiteFile", sqliteFile}, {"Postgres", freshSchema}} {
		t.Run(db.name, func(t *testing.T) {
			dsn := db.dsn(t)
			s := open(t, dsn, nil)
			ctx := t.Context()
			require.NoError(t, s.Update(ctx, "org-a", func(tx cpd.Tx) error {
				_, err := tx.Put(ctx, cpd.Record{Kind: cpd.KindActivity, ID: "a1", Owner: "p-ada", Data: []byte(`{"hours":"1"}`)}, bulkChange)
				return err
			}))
			raw := rawDB(t, withForeignKeys(dsn))
			sqliteDB := db.name != "Postgres"
			q := func(query string) string {
				if sqliteDB {
					return query
				}
				return rebindPostgres(query)
			}
			at := "2026-03-02T09:00:00.000000Z"

			refused := []struct {
				name, query, constraint string
				args                    []any
			}{
				{"record of an unknown organisation",
					"INSERT INTO records (org_id, kind, id, version, owner, state, data) VALUES (?, 'activity', 'x1', 1, '', '', NULL)",
					"records_org_id_fkey", []any{"org-none"}},
				{"one unknown organisation among known ones",
					"INSERT INTO records (org_id, kind, id, version, owner, state, data) VALUES (?, 'activity', 'x2', 1, '', '', NULL), (?, 'activity', 'x3', 1, '', '', NULL)",
					"records_org_id_fkey", []any{"org-a", "org-none"}},
				{"event of an unknown organisation",
					"INSERT INTO events (org_id, seq, at, actor, action, kind, id, owner, before, after) VALUES (?, 1, ?, 'p-ada', 'edit', 'activity', 'x1', '', NULL, NULL)",
					"events_org_id_fkey", []any{"org-none", at}},
				{"record moved to an unknown organisation",
					"UPDATE records SET org_id = ? WHERE org_id = 'org-a'", "records_org_id_fkey", []any{"org-none"}},
				{"event moved to an unknown organisation",
					"UPDATE events SET org_id = ? WHERE org_id = 'org-a'", "events_org_id_fkey", []any{"org-none"}},
				{"organisation with records deleted", "DELETE FROM orgs WHERE org_id = ?", "orgs_referenced", []any{"org-a"}},
				{"organisation with records renamed", "UPDATE orgs SET org_id = ? WHERE org_id = 'org-a'", "orgs_referenced", []any{"org-b"}},
			}
			for _, tc := range refused {
				t.Run(tc.name, func(t *testing.T) {
					_, err := raw.ExecContext(ctx, q(tc.query), tc.args...)
					requireForeignKeyViolation(t, err, sqliteDB, tc.constraint)
					requireRows(t, raw, q, "org-a", 1, 1)
					requireRows(t, raw, q, "org-none", 0, 0)
				})
			}

			if !sqliteDB {
				t.Run("COPY naming an unknown organisation", func(t *testing.T) {
					conn, err := pgx.Connect(ctx, dsn)
					require.NoError(t, err)
					defer conn.Close(ctx)
					_, err = conn.CopyFrom(ctx, pgx.Identifier{"records"}, []string{"org_id", "kind", "id", "version"},
						pgx.CopyFromRows([][]any{{"org-a", "activity", "c1", int64(1)}, {"org-none", "activity", "c2", int64(1)}}))
					requireForeignKeyViolation(t, err, false, "records_org_id_fkey")
					requireRows(t, raw, q, "org-a", 1, 1)
				})
			}

			// An organisation without records or events may go.
			_, err := raw.ExecContext(ctx, q("INSERT INTO orgs (org_id, last_seq) VALUES (?, 0)"), "org-empty")
			require.NoError(t, err)
			_, err = raw.ExecContext(ctx, q("UPDATE orgs SET org_id = ? WHERE org_id = ?"), "org-empty2", "org-empty")
			require.NoError(t, err)
			res, err := raw.ExecContext(ctx, q("DELETE FROM orgs WHERE org_id = ?"), "org-empty2")
			require.NoError(t, err)
			n, err := res.RowsAffected()
			require.NoError(t, err)
			require.EqualValues(t, 1, n)
		})
	}
}

// withForeignKeys turns SQLite's foreign key checks on for a raw
// connection to an SQLite file DSN (they are off by default in SQLite; the
// Store turns them on), and leaves a PostgreSQL DSN as it is.
func withForeignKeys(dsn string) string {
	if name, ok := trimPrefix(dsn, "sqlite:"); ok {
		return "sqlite:" + name + "?_pragma=foreign_keys(1)"
	}
	return dsn
}

// rebindPostgres numbers a query's "?" placeholders as PostgreSQL's $1, $2, ….
func rebindPostgres(query string) string {
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// requireForeignKeyViolation checks err is the database's refusal of a
// foreign key: SQLITE_CONSTRAINT_FOREIGNKEY (which names no constraint),
// or SQLSTATE 23503 naming the constraint.
func requireForeignKeyViolation(t *testing.T, err error, sqliteDB bool, constraint string) {
	t.Helper()
	require.Error(t, err)
	if sqliteDB {
		var e *sqlite.Error
		require.True(t, errors.As(err, &e), "%v", err)
		require.Equal(t, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY, e.Code(), "%v", err)
		return
	}
	var e *pgconn.PgError
	require.True(t, errors.As(err, &e), "%v", err)
	require.Equal(t, "23503", e.Code, "%v", err)
	require.Equal(t, constraint, e.ConstraintName, "%v", err)
}

// requireRows checks how many records and events an organisation has.
func requireRows(t *testing.T, raw *sql.DB, q func(string) string, org string, records, events int) {
	t.Helper()
	var r, e int
	require.NoError(t, raw.QueryRowContext(t.Context(), q("SELECT count(*) FROM records WHERE org_id = ?"), org).Scan(&r))
	require.NoError(t, raw.QueryRowContext(t.Context(), q("SELECT count(*) FROM events WHERE org_id = ?"), org).Scan(&e))
	require.Equal(t, [2]int{records, events}, [2]int{r, e}, "records and events of %s", org)
}

// TestStaleWriteInNewOrganisation: a Put of a version other than 0, or a
// Delete, in an organisation that has nothing yet fails with
// cpd.ErrConflict or cpd.ErrNotFound and writes nothing, not even the
// organisation's counter row, though the Update commits.
func TestStaleWriteInNewOrganisation(t *testing.T) {
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			dsn := db.dsn(t)
			s := open(t, dsn, nil)
			ctx := t.Context()
			require.NoError(t, s.Update(ctx, "org-new", func(tx cpd.Tx) error {
				_, err := tx.Put(ctx, cpd.Record{Kind: cpd.KindActivity, ID: "a1", Version: 3, Data: []byte(`{}`)}, bulkChange)
				require.ErrorIs(t, err, cpd.ErrConflict)
				err = tx.Delete(ctx, cpd.KindActivity, "a1", 3, bulkChange)
				require.ErrorIs(t, err, cpd.ErrNotFound)
				return nil
			}))
			require.NoError(t, s.View(ctx, "org-new", func(tx cpd.Tx) error {
				evs, err := tx.Events(ctx, cpd.EventQuery{})
				require.NoError(t, err)
				require.Empty(t, evs)
				return nil
			}))
			if db.name == "SQLiteMemory" {
				return // no second connection sees this database
			}
			var orgs int
			require.NoError(t, rawDB(t, dsn).QueryRowContext(ctx, "SELECT count(*) FROM orgs").Scan(&orgs))
			require.Zero(t, orgs)
		})
	}
}
