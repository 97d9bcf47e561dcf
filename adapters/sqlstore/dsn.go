package sqlstore

import (
	"database/sql"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"

	"github.com/cpdkit/cpdkit/cpd"
)

// maxIdleConns is how many idle connections Open keeps for a file or
// PostgreSQL database (database/sql's default of 2 would reopen
// connections under concurrent use), or MaxOpenConns if fewer.
const maxIdleConns = 8

// openDB opens the database a DSN names, without connecting yet.
func openDB(dsn string, opts *Options) (Dialect, *sql.DB, error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		db, err := openSQLite(strings.TrimPrefix(dsn, "sqlite:"), opts)
		return SQLite, db, err
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db, err := openPostgres(dsn, opts)
		return Postgres, db, err
	}
	return 0, nil, &cpd.ValidationError{Field: "dsn", Reason: `must start with "sqlite:", "postgres://" or "postgresql://"`}
}

// sqliteCacheKiB is the most a connection to an SQLite file keeps of
// its pages in memory (PRAGMA cache_size, in KiB; SQLite's default is
// 2 MiB). A large import's transaction then keeps the pages it changes
// until it commits, rather than writing them into the WAL half-way and
// reading them back (BenchmarkImportCompletionsSQLite: a third of
// PutMany's time, at the default). A DSN's own cache_size wins.
const sqliteCacheKiB = 64 << 10

// openSQLite opens "PATH[?PARAMS]" with modernc.org/sqlite, adding the
// settings the Store relies on: writers begin IMMEDIATE, a busy timeout,
// foreign keys, temporary files (such as the savepoint journal of
// PutMany and UpdateMany) in memory, and for a file WAL (readers then
// never block the writer) and a page cache of sqliteCacheKiB. An
// in-memory database gets one connection, which every transaction
// shares in turn.
func openSQLite(name string, opts *Options) (*sql.DB, error) {
	path, params, _ := strings.Cut(name, "?")
	if path == "" {
		return nil, &cpd.ValidationError{Field: "dsn", Reason: `names no SQLite file (use "sqlite::memory:" for memory)`}
	}
	memory := path == ":memory:" || strings.Contains(params, "mode=memory")
	settings := []string{
		"_txlock=immediate",
		fmt.Sprintf("_pragma=busy_timeout(%d)", opts.busyTimeout().Milliseconds()),
		"_pragma=foreign_keys(1)",
	}
	// modernc.org/sqlite runs the pragmas in name order, not the DSN's, so
	// these are left out where the caller sets their own.
	own := strings.ToLower(params)
	if !strings.Contains(own, "temp_store") {
		settings = append(settings, "_pragma=temp_store(MEMORY)")
	}
	if !memory {
		settings = append(settings, "_pragma=journal_mode(WAL)")
		if !strings.Contains(own, "cache_size") {
			settings = append(settings, fmt.Sprintf("_pragma=cache_size(-%d)", sqliteCacheKiB))
		}
	}
	if params != "" {
		settings = append(settings, params) // the caller's, after the Store's
	}
	connector, err := sqlite.NewConnector(path + "?" + strings.Join(settings, "&"))
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	db := sql.OpenDB(connector)
	if memory {
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
	} else {
		db.SetMaxOpenConns(opts.maxOpenConns())
		db.SetMaxIdleConns(maxIdleConns)
	}
	return db, nil
}

// openPostgres opens a PostgreSQL URL with pgx, with a bounded pool.
func openPostgres(dsn string, opts *Options) (*sql.DB, error) {
	config, err := pgx.ParseConfig(dsn)
	if err != nil {
		// pgx's error hides the password.
		return nil, fmt.Errorf("%w: %w", &cpd.ValidationError{Field: "dsn", Reason: "is not a PostgreSQL URL pgx can read"}, err)
	}
	db := stdlib.OpenDB(*config)
	db.SetMaxOpenConns(opts.maxOpenConns())
	db.SetMaxIdleConns(maxIdleConns) // no more than MaxOpenConns: database/sql sees to it
	return db, nil
}

// redacted replaces a password in RedactDSN's answer.
const redacted = "xxxxx"

// RedactDSN returns a DSN fit to print in a log or an error message: a
// password in a URL's user information, or in a password or sslpassword
// parameter, becomes "xxxxx"; the rest is kept, to say which database was
// meant. An SQLite DSN has no secrets and comes back as it is. A DSN that
// is not a URL that can be read (a keyword=value string, or a URL with a
// bad port, say) cannot be redacted piece by piece, so it is hidden
// whole, keeping only its scheme. The examples print DSNs through it.
func RedactDSN(dsn string) string {
	if strings.HasPrefix(dsn, "sqlite:") {
		return dsn
	}
	scheme, _, isURL := strings.Cut(dsn, "://")
	if !isURL {
		return "(a DSN that is not a URL, hidden)"
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return scheme + "://(a DSN that is not a valid URL, hidden)"
	}
	params := strings.Split(u.RawQuery, "&")
	for i, p := range params {
		key, _, _ := strings.Cut(p, "=")
		if k, err := url.QueryUnescape(key); err != nil || strings.EqualFold(k, "password") || strings.EqualFold(k, "sslpassword") {
			params[i] = key + "=" + redacted
		}
	}
	u.RawQuery = strings.Join(params, "&")
	return u.Redacted()
}
