package sqlstore_test

import (
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestFirstSchema: the schema Open would create is the first of the
// search_path, read as PostgreSQL reads it: unquoted names fold to lower
// case, quoted ones are kept as written ("" is a quote), and "$user" and
// pg_temp are never created.
func TestFirstSchema(t *testing.T) {
	for _, tc := range []struct {
		path, want string
		ok         bool
	}{
		{"cpdkit", "cpdkit", true},
		{"CpdKit", "cpdkit", true},
		{"  cpdkit , public", "cpdkit", true},
		{"cpdkit,public", "cpdkit", true},
		{`"CpdKit Records", public`, "CpdKit Records", true},
		{`"say ""cpd""",public`, `say "cpd"`, true},
		{`"$user", public`, "", false},
		{`$user, public`, "", false},
		{"pg_temp, public", "", false},
		{"", "", false},
		{"   ", "", false},
		{`"unclosed`, "", false},
		{`""`, "", false},
		{", public", "", false},
	} {
		got, ok := sqlstore.FirstSchema(tc.path)
		require.Equal(t, tc.ok, ok, "%q", tc.path)
		require.Equal(t, tc.want, got, "%q", tc.path)
	}
}

// TestOpenCreatesSearchPathSchema: a PostgreSQL DSN whose search_path
// names a schema that does not exist yet gets it created (the first of the
// path only), and the tables go there. Before, Open failed with 42P01 on
// the migrations table.
func TestOpenCreatesSearchPathSchema(t *testing.T) {
	dsn := postgresDSN(t)
	admin := adminDB(t, dsn)
	suffix := randomHex(4)
	for _, tc := range []struct {
		name, searchPath, schema string
	}{
		{"unquoted, folded to lower case", "CpdKit_Test_Path_" + suffix, "cpdkit_test_path_" + suffix},
		{"quoted, kept as written, first of two", `"CpdKit Test Path ` + suffix + `", public`, "CpdKit Test Path " + suffix},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dropSchemaAtCleanup(t, admin, tc.schema)
			require.False(t, schemaExists(t, admin, tc.schema))
			withPath := searchPath(t, dsn, tc.searchPath)

			s := open(t, withPath, nil)
			require.True(t, schemaExists(t, admin, tc.schema))
			var records bool
			require.NoError(t, admin.QueryRowContext(t.Context(), "SELECT to_regclass(format('%I.records', $1::text)) IS NOT NULL", tc.schema).Scan(&records))
			require.True(t, records, "the tables are in the new schema")
			require.NoError(t, s.Update(t.Context(), "acme-college", func(tx cpd.Tx) error {
				_, err := tx.Put(t.Context(), cpd.Record{Kind: cpd.KindPerson, ID: "p-1", Data: []byte(`{}`)}, cpd.Change{Actor: "admin", Action: "add"})
				return err
			}))

			// Opening again finds the schema and its tables.
			again := open(t, withPath, &sqlstore.Options{NoMigrate: true})
			require.NoError(t, again.View(t.Context(), "acme-college", func(tx cpd.Tx) error {
				_, err := tx.Get(t.Context(), cpd.KindPerson, "p-1")
				return err
			}))
		})
	}
}

// TestOpenSearchPathSchemaRace: Opens that race to create the same missing
// schema all succeed, whichever creates it (CREATE SCHEMA IF NOT EXISTS
// alone fails with 23505 for the loser of such a race).
func TestOpenSearchPathSchemaRace(t *testing.T) {
	dsn := postgresDSN(t)
	admin := adminDB(t, dsn)
	schema := "cpdkit_test_race_" + randomHex(4)
	dropSchemaAtCleanup(t, admin, schema)
	withPath := searchPath(t, dsn, schema)

	const n = 12
	errs := make(chan error, n)
	for range n {
		go func() {
			s, err := sqlstore.Open(t.Context(), withPath, &sqlstore.Options{MaxOpenConns: 2})
			if err == nil {
				err = s.Close()
			}
			errs <- err
		}()
	}
	for range n {
		require.NoError(t, <-errs)
	}
	require.True(t, schemaExists(t, admin, schema))
}

// TestOpenSearchPathSchemaNoMigrate: with NoMigrate, Open changes nothing,
// so a missing schema is not created and the schema is reported behind.
func TestOpenSearchPathSchemaNoMigrate(t *testing.T) {
	dsn := postgresDSN(t)
	admin := adminDB(t, dsn)
	schema := "cpdkit_test_nomigrate_" + randomHex(4)
	dropSchemaAtCleanup(t, admin, schema)

	_, err := sqlstore.Open(t.Context(), searchPath(t, dsn, schema), &sqlstore.Options{NoMigrate: true})
	require.ErrorIs(t, err, sqlstore.ErrSchemaVersion)
	require.False(t, schemaExists(t, admin, schema))
}

// TestOpenSearchPathSchemaNotAllowed: a role that may not create schemas
// gets an error that names the schema and says what to do, and nothing is
// created.
func TestOpenSearchPathSchemaNotAllowed(t *testing.T) {
	dsn := postgresDSN(t)
	admin := adminDB(t, dsn)
	role, password := "cpdkit_test_nocreate_"+randomHex(4), randomHex(12)
	_, err := admin.ExecContext(t.Context(), fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD '%s'", role, password))
	require.NoError(t, err)
	t.Cleanup(func() {
		_, err := admin.Exec("DROP ROLE " + role)
		require.NoError(t, err)
	})
	var mayCreate bool
	require.NoError(t, admin.QueryRowContext(t.Context(), "SELECT has_database_privilege($1, current_database(), 'CREATE')", role).Scan(&mayCreate))
	require.False(t, mayCreate, "a new role may not create schemas in the test database")
	schema := "cpdkit_test_nocreate_" + randomHex(4)
	dropSchemaAtCleanup(t, admin, schema)
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	u.User = url.UserPassword(role, password)

	_, err = sqlstore.Open(t.Context(), searchPath(t, u.String(), schema), nil)
	require.Error(t, err)
	require.Contains(t, err.Error(), fmt.Sprintf("schema %q", schema))
	require.Contains(t, err.Error(), `CREATE SCHEMA IF NOT EXISTS "`+schema+`"`)
	var dbErr *sqlstore.DBError
	require.ErrorAs(t, err, &dbErr)
	require.Equal(t, "42501", dbErr.Code)
	require.False(t, schemaExists(t, admin, schema))
}

// searchPath returns the DSN with its search_path set to path. A space is
// written %20, as pgx does not read "+" as a space.
func searchPath(t *testing.T, dsn, path string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", path)
	u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	return u.String()
}

// schemaExists reports whether the database has the schema.
func schemaExists(t *testing.T, db *sql.DB, schema string) bool {
	t.Helper()
	var ok bool
	require.NoError(t, db.QueryRowContext(t.Context(), "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", schema).Scan(&ok))
	return ok
}

// dropSchemaAtCleanup drops the schema, if it is there, when the test ends
// (after the stores it opens later are closed).
func dropSchemaAtCleanup(t *testing.T, db *sql.DB, schema string) {
	t.Helper()
	t.Cleanup(func() {
		_, err := db.Exec("DROP SCHEMA IF EXISTS " + pgx.Identifier{schema}.Sanitize() + " CASCADE")
		require.NoError(t, err)
	})
}
