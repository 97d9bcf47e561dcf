package sqlstore_test

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/internal/skipnote"
)

// skips reports, after the tests, how many skipped for want of PostgreSQL
// (see internal/skipnote): plain go test ./... hides a passing package's
// output.
var skips skipnote.Notes

func TestMain(m *testing.M) { os.Exit(skips.Main(m, "adapters/sqlstore")) }

// postgresEnv names the environment variable that points the tests at a
// PostgreSQL server; .ci/run always sets it.
const postgresEnv = "CPDKIT_POSTGRES_DSN"

// postgresDSN returns the server's DSN, or skips the test.
func postgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(postgresEnv)
	if dsn == "" && os.Getenv("CI") == "true" {
		t.Fatalf("%s is not set: CI must run the PostgreSQL tests (.ci/run starts a server and sets it)", postgresEnv)
	}
	if dsn == "" {
		skips.Skip(t, fmt.Sprintf("set %s to a postgres:// URL of a database in which the tests may create and drop schemas (.ci/run starts a server and sets it)", postgresEnv))
	}
	return dsn
}

// freshSchema creates an empty PostgreSQL schema for one test and returns
// a DSN whose search_path puts everything in it. The schema is dropped at
// cleanup, after any store opened later is closed.
func freshSchema(t testing.TB) string {
	t.Helper()
	dsn := postgresDSN(t)
	admin := adminDB(t, dsn)
	schema := "cpdkit_test_" + randomHex(6)
	_, err := admin.ExecContext(t.Context(), "CREATE SCHEMA "+schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		_, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		require.NoError(t, err)
	})
	return inSchema(t, dsn, schema)
}

// inSchema returns the DSN with a search_path that puts everything in
// the schema.
func inSchema(t testing.TB, dsn, schema string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// adminDB opens a plain connection pool to the server, closed at cleanup.
func adminDB(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	config, err := pgx.ParseConfig(dsn)
	require.NoError(t, err)
	db := stdlib.OpenDB(*config)
	t.Cleanup(func() { db.Close() })
	return db
}

// sqliteFile returns the DSN of a new SQLite file in the test's temporary
// directory.
func sqliteFile(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "cpd.db")
}

// open opens a store that is closed at cleanup.
func open(t testing.TB, dsn string, opts *sqlstore.Options) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(t.Context(), dsn, opts)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s.Close()) })
	return s
}

// database is a way to open a fresh, empty store.
type database struct {
	name string
	dsn  func(testing.TB) string
}

// databases are the ways to open a fresh, empty store: SQLite in memory,
// an SQLite file, and a fresh schema in PostgreSQL (skipped without
// CPDKIT_POSTGRES_DSN).
var databases = []database{
	{"SQLiteMemory", func(testing.TB) string { return "sqlite::memory:" }},
	{"SQLiteFile", sqliteFile},
	{"Postgres", freshSchema},
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
