package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cpdkit/cpdkit/cpd"
)

// Store is a cpd.Store on database/sql. Build it with [Open] (from a DSN)
// or [New] (on a *sql.DB you own). A Store is safe for concurrent use.
//
// Updates to one organisation run one at a time, whichever process makes
// them: on SQLite because the database has one writer (BEGIN IMMEDIATE,
// and in this process a queue, so writers wait in turn instead of polling
// the busy timeout); on PostgreSQL because each Update first takes the
// organisation's advisory lock, then starts a REPEATABLE READ transaction,
// whose snapshot therefore includes every earlier Update. So Updates
// through Stores never fail against each other; ErrConflict comes from a
// stale version, or from a database error classified as a conflict (see
// [DBError]), such as an SQLite busy timeout. A View is a read-only
// snapshot (PostgreSQL: REPEATABLE READ READ ONLY; SQLite in WAL mode: a
// read transaction) and runs alongside Updates, except on an in-memory
// SQLite database, which has one connection: there Views and Updates take
// turns. As the cpd.Store contract says, fn must not start another
// transaction on the same Store.
//
// Before it takes a connection, an Update on PostgreSQL waits for the
// organisation's turn among this process's Updates, holding no connection
// while it waits: any number of concurrent writers to one organisation
// need one connection between them, and Views and other organisations'
// writers still get theirs from the bounded pool (Options.MaxOpenConns).
// While the database refuses to start a transaction with an error that
// matches ErrRetryable (too many connections, say), Update and View try
// again for Options.RetryUnavailable; fn has not run yet, and runs once.
type Store struct {
	db       *sql.DB
	d        Dialect
	ownDB    bool
	q        queries
	prepared map[string]*sql.Stmt // q's fixed statements
	writer   chan struct{}        // SQLite: a one-slot queue for this process's writers
	turns    turns                // PostgreSQL: this process's writers, queued by organisation
	retryFor time.Duration        // Options.RetryUnavailable, resolved
}

var _ cpd.Store = (*Store)(nil)

// Options tune a Store. A nil *Options means the defaults.
type Options struct {
	// NoMigrate makes Open and New check the schema instead of migrating
	// it: they fail with an error matching ErrSchemaVersion if it is
	// behind. Use it when migrations run as a separate deployment step.
	NoMigrate bool
	// BusyTimeout is how long an SQLite statement waits for a lock held by
	// another process before it fails with an error matching
	// cpd.ErrConflict; default 5s. Open applies it; with New it is what
	// your DSN says.
	BusyTimeout time.Duration
	// MaxOpenConns bounds the connections Open's pool has open to a
	// PostgreSQL database or an SQLite file, in use or idle; default
	// DefaultMaxOpenConns. A call that needs one past the bound waits in
	// the pool for one to be free (or for its ctx to end) rather than ask
	// the server for another, which PostgreSQL refuses past its
	// max_connections (SQLSTATE 53300). Give each process that shares a
	// server a share of its max_connections. With New it is what your
	// *sql.DB says (db.SetMaxOpenConns).
	MaxOpenConns int
	// RetryUnavailable is how long Update and View keep trying to start a
	// transaction while the database answers with an error matching
	// ErrRetryable, such as too many connections or a server starting up,
	// waiting longer each time (5 ms, doubling to 0.5 s, with jitter);
	// default DefaultRetryUnavailable. Negative: they try once. Past it
	// they return the error, which matches ErrUnavailable for those two.
	// fn has not run when they retry.
	RetryUnavailable time.Duration
}

// DefaultMaxOpenConns is the bound on Open's pool when
// Options.MaxOpenConns is zero: a sixth of PostgreSQL's default
// max_connections (100), so that several processes can share a server,
// and more than enough for one organisation's writers, which use one
// connection between them.
const DefaultMaxOpenConns = 16

// DefaultBusyTimeout is the SQLite busy timeout when Options.BusyTimeout
// is zero.
const DefaultBusyTimeout = 5 * time.Second

// busyTimeout returns the effective SQLite busy timeout.
func (o *Options) busyTimeout() time.Duration {
	if o == nil || o.BusyTimeout <= 0 {
		return DefaultBusyTimeout
	}
	return o.BusyTimeout
}

// maxOpenConns returns the effective bound on Open's pool.
func (o *Options) maxOpenConns() int {
	if o == nil || o.MaxOpenConns <= 0 {
		return DefaultMaxOpenConns
	}
	return o.MaxOpenConns
}

// retryUnavailable returns how long to retry starting a transaction.
func (o *Options) retryUnavailable() time.Duration {
	if o == nil || o.RetryUnavailable == 0 {
		return DefaultRetryUnavailable
	}
	return o.RetryUnavailable
}

// noMigrate reports whether to check the schema instead of migrating it.
func (o *Options) noMigrate() bool { return o != nil && o.NoMigrate }

// Open opens the database a DSN names and returns a Store on it, migrating
// the schema first (see Options.NoMigrate). The DSN's scheme picks the
// dialect:
//
//   - "sqlite:PATH" is an SQLite file, created if missing and opened in
//     WAL mode; "sqlite::memory:" is a private in-memory database that
//     lives until Close. Parameters of modernc.org/sqlite may follow a
//     "?", as in "sqlite:cpd.db?_pragma=synchronous(NORMAL)".
//   - "postgres://…" or "postgresql://…" is a PostgreSQL URL as pgx reads
//     it, as in "postgres://cpd@db.example/cpd?sslmode=verify-full"; a
//     search_path parameter puts the tables in that schema, which Open
//     creates if it is missing (the first schema of the path only, and not
//     with Options.NoMigrate). A role that may not create it gets an error
//     that says so: create the schema beforehand, or name one that exists.
//
// Open fails with an error matching cpd.ErrInvalid for a DSN it cannot
// read, ErrSchemaVersion for a schema of another version, or the
// database's error (a *DBError where it has a code). Close the Store when
// done.
func Open(ctx context.Context, dsn string, opts *Options) (*Store, error) {
	d, db, err := openDB(dsn, opts)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open: %w", err)
	}
	s, err := New(ctx, db, d, opts)
	if err != nil {
		return nil, errors.Join(err, db.Close())
	}
	s.ownDB = true
	return s, nil
}

// New returns a Store on a database you opened, migrating the schema
// first (see Options.NoMigrate; on PostgreSQL, as with Open, the first
// schema of the connection's search_path is created if it is missing).
// Close does not close db.
//
// For SQLite, open db with modernc.org/sqlite (driver name "sqlite") and
// put _txlock=immediate and a busy timeout in its DSN (Open does both, and
// enables WAL and foreign keys): without them, a write that meets another
// process's write fails with cpd.ErrConflict at once instead of waiting its
// turn. An in-memory SQLite database needs db.SetMaxOpenConns(1), as
// every connection to ":memory:" is a database of its own. For PostgreSQL,
// open db with github.com/jackc/pgx/v5/stdlib.
//
// New fails with an error matching cpd.ErrInvalid for a nil db or an
// unknown dialect, ErrSchemaVersion for a schema of another version, or
// the database's error.
func New(ctx context.Context, db *sql.DB, d Dialect, opts *Options) (*Store, error) {
	switch {
	case db == nil:
		return nil, fmt.Errorf("sqlstore: new: %w", &cpd.ValidationError{Field: "db", Reason: "is nil"})
	case !d.valid():
		return nil, fmt.Errorf("sqlstore: new: %w", &cpd.ValidationError{Field: "dialect", Reason: fmt.Sprintf("%v is not SQLite or Postgres", d)})
	}
	if err := db.PingContext(ctx); err != nil {
		return nil, fmt.Errorf("sqlstore: %s: connect: %w", d, classify(ctx, d, err))
	}
	if err := migrate(ctx, db, d, opts.noMigrate()); err != nil {
		return nil, fmt.Errorf("sqlstore: %s: %w", d, classify(ctx, d, err))
	}
	q := newQueries(d)
	prepared, err := q.prepare(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: %s: prepare: %w", d, classify(ctx, d, err))
	}
	return &Store{db: db, d: d, q: q, prepared: prepared, writer: make(chan struct{}, 1), retryFor: opts.retryUnavailable()}, nil
}

// Dialect returns the store's dialect.
func (s *Store) Dialect() Dialect { return s.d }

// SchemaVersion returns the version of the database's schema: the highest
// migration recorded in MigrationsTable.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	p, err := newMigrator(s.db, s.d)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: schema version: %w", err)
	}
	v, err := p.GetDBVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: schema version: %w", classify(ctx, s.d, err))
	}
	return v, nil
}

// Close releases the Store's prepared statements, and closes the
// database if Open opened it (not if it came to New). It must not be
// called while transactions run.
func (s *Store) Close() error {
	err := closeAll(s.prepared)
	if s.ownDB {
		err = errors.Join(err, s.db.Close())
	}
	if err != nil {
		return fmt.Errorf("sqlstore: close: %w", err)
	}
	return nil
}

// View runs fn in a read-only snapshot of the organisation's records.
// Inside it, Put and Delete fail with cpd.ErrReadOnly. It returns fn's
// error unchanged; an error wrapping ctx.Err() if ctx is done before fn
// runs (fn is not run); an error wrapping cpd.ErrInvalid if org is empty
// or not a valid name (cpd.CheckOrg); or the database's error on starting
// the transaction, once retrying it for Options.RetryUnavailable has not
// helped (matching ErrUnavailable while the server refuses connections).
func (s *Store) View(ctx context.Context, org string, fn func(cpd.Tx) error) error {
	if err := begin(ctx, "view", org); err != nil {
		return err
	}
	opts := &sql.TxOptions{ReadOnly: true}
	if s.d == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	var stx *sql.Tx
	var conn *sql.Conn // on PostgreSQL, for Scan to read through pgx
	err := retryStart(ctx, s.retryFor, sleep, func() error {
		var err error
		if s.d != Postgres {
			stx, err = s.db.BeginTx(ctx, opts)
			return classify(ctx, s.d, err)
		}
		if conn, err = s.db.Conn(ctx); err != nil {
			return classify(ctx, s.d, err)
		}
		if stx, err = conn.BeginTx(ctx, opts); err != nil {
			_ = conn.Close()
			conn = nil
		}
		return classify(ctx, s.d, err)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: view %q: begin: %w", org, err)
	}
	t := s.newTx(org, stx, conn, false)
	defer func() {
		t.close()
		_ = stx.Rollback() // a read-only transaction has nothing to keep
		if conn != nil {
			_ = conn.Close()
		}
	}()
	return fn(t)
}

// Update runs fn in a read-write transaction for the organisation and
// commits what it wrote when fn returns nil. If fn returns an error or
// panics, nothing it wrote is kept (a panic propagates after the
// rollback).
//
// It returns fn's error unchanged; an error wrapping ctx.Err() if ctx is
// done before fn runs (fn is not run) or by the time fn returns (nothing is
// committed); an error wrapping cpd.ErrInvalid if org is empty or not a valid name (cpd.CheckOrg); an error
// if a statement failed inside fn, even if fn went on to return nil
// (nothing is committed: a Put that failed half-way must not be kept); or
// the database's error on starting or committing, a *DBError where it has
// a code. Starting is retried for Options.RetryUnavailable while the error
// matches ErrRetryable, and fn has not run when Update gives up (the error
// then matches ErrUnavailable while the server refuses connections); an
// error while fn runs or on commit is not retried, since fn would run
// twice.
func (s *Store) Update(ctx context.Context, org string, fn func(cpd.Tx) error) error {
	if err := begin(ctx, "update", org); err != nil {
		return err
	}
	w, err := s.beginWrite(ctx, org)
	if err != nil {
		return fmt.Errorf("sqlstore: update %q: %w", org, err)
	}
	t := s.newTx(org, w.tx, w.conn, true)
	committed := false
	defer func() { // also when fn panics
		t.close()
		if !committed {
			_ = w.tx.Rollback()
		}
		w.release()
	}()
	if err := fn(t); err != nil {
		return err
	}
	t.close()
	if err := t.err; err != nil {
		return fmt.Errorf("sqlstore: update %q: not committed, a statement failed: %w", org, err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlstore: update %q: not committed: %w", org, err)
	}
	if err := t.saveSeq(ctx); err != nil {
		return fmt.Errorf("sqlstore: update %q: %w", org, err)
	}
	if err := w.tx.Commit(); err != nil {
		return fmt.Errorf("sqlstore: update %q: commit: %w", org, classify(ctx, s.d, err))
	}
	committed = true
	return nil
}

// begin checks what every transaction needs before it starts, and
// returns the error of op ("view" or "update"), which names org only if it
// is a valid name (cpd.CheckOrg).
func begin(ctx context.Context, op, org string) error {
	if err := cpd.CheckOrg(org); err != nil {
		return fmt.Errorf("sqlstore: %s: %w", op, err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlstore: %s %q: %w", op, org, err)
	}
	return nil
}
