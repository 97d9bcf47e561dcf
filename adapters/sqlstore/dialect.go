package sqlstore

import (
	"database/sql/driver"
	"fmt"
	"strings"
	"time"
)

// Dialect is the SQL database a Store talks to. Both dialects run the same
// code with the same semantics; they differ in placeholders, column types,
// how event times are stored, and how writers are serialised.
type Dialect int

// The dialects.
const (
	// SQLite is SQLite through modernc.org/sqlite (pure Go, no cgo).
	SQLite Dialect = iota + 1
	// Postgres is PostgreSQL through github.com/jackc/pgx/v5/stdlib.
	Postgres
)

// String returns "sqlite" or "postgres".
func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case Postgres:
		return "postgres"
	}
	return fmt.Sprintf("Dialect(%d)", int(d))
}

// valid reports whether d is one of the dialects.
func (d Dialect) valid() bool { return d == SQLite || d == Postgres }

// rebind turns a query written with PostgreSQL's $1, $2 … placeholders
// into the dialect's: SQLite's ?1, ?2 … (numbered, so a placeholder may be
// used twice). No query here contains a $ for any other reason.
func (d Dialect) rebind(query string) string {
	if d == SQLite {
		return strings.ReplaceAll(query, "$", "?")
	}
	return query
}

// sqliteTime is how SQLite stores event times: UTC, RFC 3339, exactly six
// fractional digits, so that the text sorts as the times do.
const sqliteTime = "2006-01-02T15:04:05.000000Z07:00"

// timeArg returns an event time as the dialect stores it, to the
// microsecond (truncated, as the memory store does; PostgreSQL would round).
func (d Dialect) timeArg(t time.Time) any {
	t = t.Truncate(time.Microsecond).UTC()
	if d == SQLite {
		return t.Format(sqliteTime)
	}
	return t
}

// timeScanner reads an event time stored by either dialect.
type timeScanner struct{ t *time.Time }

// Scan implements sql.Scanner.
func (s timeScanner) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*s.t = v.UTC()
		return nil
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	}
	return fmt.Errorf("sqlstore: event time stored as %T", src)
}

func (s timeScanner) parse(v string) error {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return fmt.Errorf("sqlstore: event time %q: %w", v, err)
	}
	*s.t = t.UTC()
	return nil
}

// blob returns b as a query argument: NULL for nil, so that nil data reads
// back as nil and empty data as empty.
func blob(b []byte) driver.Value {
	if b == nil {
		return nil
	}
	return b
}
