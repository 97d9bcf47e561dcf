package sqlstore_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/cpd"
)

// The schema can be distributed by organisation (Citus-style) only if
// every key and index leads with org_id and no statement the store sends
// reaches past one organisation. These tests prove both on each dialect:
// the first reads the catalogue, the second records every statement the
// conformance suite makes the store send.

// tables are the store's tables (the migrations table is goose's and holds
// no organisation's data).
var tables = []string{"orgs", "records", "events"}

// TestIndexesLeadWithOrgID checks that every primary key, unique
// constraint and index of the store's tables has org_id as its first
// column.
func TestIndexesLeadWithOrgID(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) {
		dsn := sqliteFile(t)
		open(t, dsn, nil) // migrates
		db, err := sql.Open("sqlite", strings.TrimPrefix(dsn, "sqlite:"))
		require.NoError(t, err)
		t.Cleanup(func() { db.Close() })
		for _, table := range tables {
			rows, err := db.QueryContext(t.Context(), `SELECT name FROM pragma_index_list(?)`, table)
			require.NoError(t, err)
			var names []string
			for rows.Next() {
				var name string
				require.NoError(t, rows.Scan(&name))
				names = append(names, name)
			}
			require.NoError(t, rows.Err())
			require.NoError(t, rows.Close())
			require.NotEmpty(t, names, "%s has no primary key or index", table)
			for _, name := range names {
				var first string
				err := db.QueryRowContext(t.Context(), `SELECT name FROM pragma_index_info(?) WHERE seqno = 0`, name).Scan(&first)
				require.NoError(t, err, "index %s", name)
				require.Equal(t, "org_id", first, "index %s on %s must lead with org_id", name, table)
			}
		}
	})
	t.Run("Postgres", func(t *testing.T) {
		dsn := freshSchema(t)
		open(t, dsn, nil)
		db := adminDB(t, dsn)
		for _, table := range append(tables, "statuses") { // statuses: PostgreSQL's alone
			rows, err := db.QueryContext(t.Context(), `
				SELECT i.indexrelid::regclass::text, a.attname
				FROM pg_index i
				JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
				WHERE i.indrelid = to_regclass($1)`, table)
			require.NoError(t, err)
			n := 0
			for rows.Next() {
				var index, first string
				require.NoError(t, rows.Scan(&index, &first))
				require.Equal(t, "org_id", first, "index %s on %s must lead with org_id", index, table)
				n++
			}
			require.NoError(t, rows.Err())
			require.NoError(t, rows.Close())
			require.NotZero(t, n, "%s has no primary key or index", table)
		}
	})
}

// TestConformance (sqlstore_test.go) runs the conformance suite through
// stores whose every statement is recorded (recordingStore), and then
// checks that each one names its organisation: a query or change by org_id
// in its WHERE clause, an insert with an org_id column, a COPY into a table
// with an org_id column. The only statements allowed without are listed,
// each with the reason it cannot cross organisations.

// recordingStore opens a fresh store, in an SQLite file or a PostgreSQL
// schema, whose statements rec records. The schema is migrated through a
// plain handle first, so that only the store's own statements are
// recorded.
func recordingStore(t *testing.T, postgres bool, rec *statements) cpd.Store {
	t.Helper()
	if !postgres {
		path := strings.TrimPrefix(sqliteFile(t), "sqlite:")
		open(t, "sqlite:"+path, nil)
		db := sql.OpenDB(recordingConnector{dsn: "file:" + path + "?_txlock=immediate&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)",
			drv: sqliteDriver(t), rec: rec})
		t.Cleanup(func() { db.Close() })
		s, err := sqlstore.New(t.Context(), db, sqlstore.SQLite, &sqlstore.Options{NoMigrate: true})
		require.NoError(t, err)
		return s
	}
	dsn := freshSchema(t)
	open(t, dsn, nil)
	config, err := pgx.ParseConfig(dsn)
	require.NoError(t, err)
	config.Tracer = pgTracer{rec: rec}
	db := stdlib.OpenDB(*config)
	db.SetMaxOpenConns(sqlstore.DefaultMaxOpenConns)
	t.Cleanup(func() { db.Close() })
	s, err := sqlstore.New(t.Context(), db, sqlstore.Postgres, &sqlstore.Options{NoMigrate: true})
	require.NoError(t, err)
	return s
}

// statements records the distinct statements a store sent.
type statements struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (s *statements) add(query string) {
	q := strings.Join(strings.Fields(query), " ")
	if q == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	s.seen[q] = true
}

// withoutOrg are the statements that need not name an organisation, and
// why each cannot cross one.
var withoutOrg = []struct {
	re     *regexp.Regexp
	reason string
}{
	{regexp.MustCompile(`(?i)^(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT|RELEASE)\b`), "transaction control"},
	{regexp.MustCompile(`(?i)^SET TRANSACTION ISOLATION LEVEL`), "transaction control"},
	{regexp.MustCompile(`(?i)^SELECT pg_advisory(_xact)?_(un)?lock\(\$1, hashtext\(\$2\)\)$`), "the organisation's writer lock: the organisation is its key"},
	{regexp.MustCompile(`(?i)^SELECT (max\(version_id\)|version_id|.*) FROM "?cpdkit_schema_migrations"?`), "the schema version (goose's table, no organisation's data)"},
	{regexp.MustCompile(`(?i)^SELECT pg_advisory_(un)?lock\(\$1\)$`), "the migration lock: one key for the whole schema, taken while the schema version is checked"},
	{regexp.MustCompile(`(?i)^SELECT count\(\*\) > 0 FROM sqlite_schema WHERE type = 'table' AND name = \?1$`), "the schema version check: does the migrations table exist"},
	{regexp.MustCompile(`(?i)^SELECT to_regclass\(\$1\) IS NOT NULL$`), "the schema version check: does the migrations table exist"},
	{regexp.MustCompile(`(?i)^SELECT EXISTS \( SELECT 1 FROM pg_tables WHERE .* tablename = 'cpdkit_schema_migrations' \)$`), "the schema version check (goose)"},
	{regexp.MustCompile(`^select "org_id", .* from "(records|events)"$`), "pgx's COPY prepares this to learn the columns' types and never runs it; the rows it copies carry org_id"},
	{regexp.MustCompile(`(?i)^SELECT reltuples FROM pg_class WHERE oid = to_regclass\('records'\)$`), "the planner's row estimate before a bulk import's ANALYZE"},
	{regexp.MustCompile(`(?i)^ANALYZE records, events$`), "planner statistics"},
	{regexp.MustCompile(`(?i)^SET LOCAL default_statistics_target`), "planner statistics"},
	{regexp.MustCompile(`(?i)^(select 1|;|-- ping)$`), "connection check"},
}

// namesOrg reports whether a statement names its organisation: org_id in
// the WHERE clause of a query, update or delete (or in the conflict target
// and every sub-statement of a PostgreSQL CTE), or in an INSERT's columns.
func namesOrg(q string) bool {
	upper := strings.ToUpper(q)
	switch {
	case strings.HasPrefix(upper, "INSERT"):
		return strings.Contains(q, "(org_id,")
	case strings.HasPrefix(upper, "WITH"):
		// Every INSERT, UPDATE, DELETE and SELECT … FROM table in the CTE
		// must carry org_id; count them against org_id mentions.
		parts := regexp.MustCompile(`(?i)\b(INSERT INTO|UPDATE|DELETE FROM|FROM)\s+(records|events|orgs)\b`).FindAllStringIndex(q, -1)
		return len(parts) > 0 && strings.Count(q, "org_id") >= len(parts)
	default:
		i := strings.Index(upper, "WHERE")
		return i >= 0 && strings.Contains(q[i:], "org_id")
	}
}

// check fails the test for every recorded statement that neither names its
// organisation nor is allowed without, and makes sure something was
// recorded.
func (s *statements) check(t *testing.T) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	require.NotEmpty(t, s.seen, "no statements were recorded")
	var kinds []string
	for q := range s.seen {
		if namesOrg(q) {
			kinds = append(kinds, strings.Fields(q)[0])
			continue
		}
		allowed := false
		for _, w := range withoutOrg {
			if w.re.MatchString(q) {
				allowed = true
				break
			}
		}
		if !allowed {
			t.Errorf("a statement names no organisation: %s", q)
		}
	}
	// The suite wrote and read: the check saw the store's real statements.
	for _, want := range []string{"SELECT", "INSERT", "UPDATE"} {
		if !slices.ContainsFunc(kinds, func(k string) bool { return strings.EqualFold(k, want) }) {
			t.Errorf("no %s naming its organisation was recorded", want)
		}
	}
}

// sqliteDriver returns modernc.org/sqlite's driver.
func sqliteDriver(t *testing.T) driver.Driver {
	t.Helper()
	db, err := sql.Open("sqlite", ":memory:")
	require.NoError(t, err)
	defer db.Close()
	return db.Driver()
}

// recordingConnector opens connections to an SQLite file through a driver
// whose statements are recorded.
type recordingConnector struct {
	dsn string
	drv driver.Driver
	rec *statements
}

func (c recordingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &recordingConn{Conn: conn, rec: c.rec}, nil
}

func (c recordingConnector) Driver() driver.Driver { return c.drv }

// recordingConn records each statement prepared or run on it and passes
// everything on.
type recordingConn struct {
	driver.Conn
	rec *statements
}

func (c *recordingConn) Prepare(query string) (driver.Stmt, error) {
	c.rec.add(query)
	return c.Conn.Prepare(query)
}

func (c *recordingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	c.rec.add(query)
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(ctx, query)
	}
	return c.Conn.Prepare(query)
}

func (c *recordingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if b, ok := c.Conn.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	return nil, errors.New("recordingConn: the driver has no BeginTx")
}

func (c *recordingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	c.rec.add(query)
	return e.ExecContext(ctx, query, args)
}

func (c *recordingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	c.rec.add(query)
	return q.QueryContext(ctx, query, args)
}

func (c *recordingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

// pgTracer records the statements pgx sends, prepared or not, and the
// columns of each COPY.
type pgTracer struct{ rec *statements }

func (p pgTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	// pgx runs a prepared statement by its SQL text in the statement
	// cache; a name alone (no space) is a prepared statement already
	// recorded when it was prepared.
	if strings.ContainsAny(data.SQL, " \t\n") {
		p.rec.add(data.SQL)
	}
	return ctx
}

func (pgTracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (p pgTracer) TracePrepareStart(ctx context.Context, _ *pgx.Conn, data pgx.TracePrepareStartData) context.Context {
	p.rec.add(data.SQL)
	return ctx
}

func (pgTracer) TracePrepareEnd(context.Context, *pgx.Conn, pgx.TracePrepareEndData) {}

func (p pgTracer) TraceCopyFromStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceCopyFromStartData) context.Context {
	if slices.Contains(data.ColumnNames, "org_id") {
		p.rec.add("INSERT INTO " + data.TableName.Sanitize() + " (org_id, …) -- COPY")
	} else {
		p.rec.add("COPY " + data.TableName.Sanitize() + " without org_id")
	}
	return ctx
}

func (pgTracer) TraceCopyFromEnd(context.Context, *pgx.Conn, pgx.TraceCopyFromEndData) {}
