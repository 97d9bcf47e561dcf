package sqlstore_test

import (
	"database/sql"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite" // the "sqlite" driver, for reading the file directly

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/cpd"
)

// latest is the version of the newest migration.
const latest = 7

// rawDB opens the database behind a DSN directly, to look at what the
// Store wrote.
func rawDB(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	if name, ok := trimPrefix(dsn, "sqlite:"); ok {
		db, err := sql.Open("sqlite", name)
		require.NoError(t, err)
		t.Cleanup(func() { db.Close() })
		return db
	}
	return adminDB(t, dsn)
}

// tablesQuery counts the tables the schema has.
func tablesQuery(dsn string) string {
	if _, ok := trimPrefix(dsn, "sqlite:"); ok {
		return "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
	}
	return "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
}

func trimPrefix(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):], true
	}
	return s, false
}

// onDisk are the databases that outlive a Store.
func onDisk(t *testing.T, fn func(t *testing.T, dsn string)) {
	for _, db := range databases[1:] {
		t.Run(db.name, func(t *testing.T) { fn(t, db.dsn(t)) })
	}
}

// TestMigrations: opening migrates once, records the version in
// MigrationsTable, and opening again changes nothing.
func TestMigrations(t *testing.T) {
	onDisk(t, func(t *testing.T, dsn string) {
		first := open(t, dsn, nil)
		v, err := first.SchemaVersion(t.Context())
		require.NoError(t, err)
		require.EqualValues(t, latest, v)
		require.NoError(t, first.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
			_, err := tx.Put(t.Context(), cpd.Record{Kind: cpd.KindPerson, ID: "p-ada", Data: []byte(`{}`)}, cpd.Change{Actor: "p-ada"})
			return err
		}))

		second := open(t, dsn, nil) // idempotent: nothing to apply
		require.NoError(t, second.View(t.Context(), "org-a", func(tx cpd.Tx) error {
			_, err := tx.Get(t.Context(), cpd.KindPerson, "p-ada")
			return err
		}), "the first store's record, read through the second")

		var rows, max int64
		raw := rawDB(t, dsn)
		require.NoError(t, raw.QueryRowContext(t.Context(),
			"SELECT count(*), max(version_id) FROM "+sqlstore.MigrationsTable+" WHERE version_id > 0 AND is_applied").Scan(&rows, &max))
		require.EqualValues(t, latest, rows, "one row per applied migration, however often opened")
		require.EqualValues(t, latest, max)
	})
}

// TestNoMigrate: with Options.NoMigrate, Open refuses a database whose
// schema is behind, and opens one that is up to date.
func TestNoMigrate(t *testing.T) {
	onDisk(t, func(t *testing.T, dsn string) {
		_, err := sqlstore.Open(t.Context(), dsn, &sqlstore.Options{NoMigrate: true})
		require.ErrorIs(t, err, sqlstore.ErrSchemaVersion)
		var se *sqlstore.SchemaError
		require.True(t, errors.As(err, &se), "a *SchemaError: %v", err)
		require.Equal(t, sqlstore.SchemaError{Have: 0, Want: latest}, *se)
		var tables int
		require.NoError(t, rawDB(t, dsn).QueryRowContext(t.Context(), tablesQuery(dsn)).Scan(&tables))
		require.Zero(t, tables, "a refused Open creates no tables")

		open(t, dsn, nil)
		open(t, dsn, &sqlstore.Options{NoMigrate: true})
	})
}

// TestSchemaAhead: a database migrated by a newer cpdkit (a version this
// package does not know) is refused, migrating or not.
func TestSchemaAhead(t *testing.T) {
	onDisk(t, func(t *testing.T, dsn string) {
		open(t, dsn, nil)
		_, err := rawDB(t, dsn).ExecContext(t.Context(),
			"INSERT INTO "+sqlstore.MigrationsTable+" (version_id, is_applied) VALUES (99, true)")
		require.NoError(t, err)
		for _, opts := range []*sqlstore.Options{nil, {NoMigrate: true}} {
			_, err := sqlstore.Open(t.Context(), dsn, opts)
			require.ErrorIs(t, err, sqlstore.ErrSchemaVersion)
			var se *sqlstore.SchemaError
			require.True(t, errors.As(err, &se), "a *SchemaError: %v", err)
			require.Equal(t, sqlstore.SchemaError{Have: 99, Want: latest}, *se)
		}
	})
}
