package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/cpdkit/cpdkit/cpd"
)

// Errors a Store returns besides those of package cpd.
var (
	// ErrSchemaVersion: the database's schema is not the one this version
	// of cpdkit needs (behind, when Options.NoMigrate is set; or ahead,
	// written by a newer cpdkit). A *SchemaError has the versions.
	ErrSchemaVersion = errors.New("schema version mismatch")
	// ErrClosed: the transaction has ended (a Tx used after its fn
	// returned).
	ErrClosed = errors.New("transaction has ended")
	// ErrUnavailable: the database would not take the request now, and
	// may later: it has too many connections (SQLSTATE 53300) or is
	// starting up or shutting down (57P03). Update and View retry
	// starting a transaction on it for Options.RetryUnavailable before
	// they return it. It also matches ErrRetryable. A server would answer
	// 503 Service Unavailable.
	ErrUnavailable = errors.New("database unavailable")
	// ErrRetryable: the database refused or rolled back the whole
	// transaction through no fault of its own, so running it again from
	// the start may succeed: ErrUnavailable's codes, a serialisation
	// failure (40001), a deadlock (40P01) and a lock that could not be had
	// (55P03). The last three also match cpd.ErrConflict, which cpd's use
	// cases retry.
	ErrRetryable = errors.New("transaction may be retried")
)

// SchemaError says which schema version the database has and which this
// package needs. It matches ErrSchemaVersion.
type SchemaError struct {
	Have int64 // the database's version: 0 for an empty database
	Want int64 // this package's latest migration
}

// Error describes the mismatch.
func (e *SchemaError) Error() string {
	if e.Have < e.Want {
		return fmt.Sprintf("database schema is at version %d, cpdkit needs %d: migrate it (open without Options.NoMigrate)", e.Have, e.Want)
	}
	return fmt.Sprintf("database schema is at version %d, newer than this cpdkit's %d: upgrade cpdkit", e.Have, e.Want)
}

// Is makes errors.Is(err, ErrSchemaVersion) true.
func (e *SchemaError) Is(target error) bool { return target == ErrSchemaVersion }

// DBError is an error the database returned, classified by its code (a
// PostgreSQL SQLSTATE, an SQLite extended result code), never by its text.
// It matches, with errors.Is:
//
//   - cpd.ErrConflict for a serialisation failure (40001), a deadlock
//     (40P01), a lock that could not be had (55P03, SQLITE_BUSY,
//     SQLITE_LOCKED) and a unique or primary-key violation (23505,
//     SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY): retrying
//     may succeed;
//   - cpd.ErrInvalid for any other constraint violation (a CHECK, NOT NULL
//     or foreign key) and for data the database rejects (SQLSTATE class 22,
//     such as a NUL byte or invalid UTF-8 in PostgreSQL text,
//     SQLITE_TOOBIG, SQLITE_MISMATCH);
//   - cpd.ErrReadOnly for a write in a read-only transaction (25006);
//   - ErrUnavailable for too many connections (53300) and a server
//     starting up or shutting down (57P03);
//   - ErrRetryable for those two and 40001, 40P01 and 55P03 (see
//     ErrRetryable).
//
// Other codes match none of them. Unwrap returns the driver's error, so
// errors.As reaches *pgconn.PgError or *sqlite.Error.
type DBError struct {
	// Dialect is the database that returned the error.
	Dialect Dialect
	// Code is the SQLSTATE ("40001") or the SQLite result code's name
	// ("SQLITE_BUSY", or "SQLITE_<number>" for one not named here).
	Code string
	// Constraint names the constraint or column the database blamed, when
	// it says: PostgreSQL in the error's fields, SQLite, for a failed CHECK
	// constraint, in its message (read for the name only: the error is
	// classified by its code).
	Constraint string
	// Err is the driver's error.
	Err error

	class     error // cpd.ErrConflict, cpd.ErrInvalid, cpd.ErrReadOnly, ErrUnavailable or nil
	retryable bool  // matches ErrRetryable
}

// Error describes the database error.
func (e *DBError) Error() string {
	if e.Constraint != "" {
		return fmt.Sprintf("%s error %s (%s): %v", e.Dialect, e.Code, e.Constraint, e.Err)
	}
	return fmt.Sprintf("%s error %s: %v", e.Dialect, e.Code, e.Err)
}

// Unwrap returns the driver's error.
func (e *DBError) Unwrap() error { return e.Err }

// Is matches the error the code was classified as, and ErrRetryable for
// a code that is.
func (e *DBError) Is(target error) bool {
	if target == ErrRetryable {
		return e.retryable
	}
	return e.class != nil && target == e.class
}

// classify turns a driver error into a *DBError where the driver says a
// code, and makes sure an error caused by ctx ending wraps ctx.Err().
func classify(ctx context.Context, d Dialect, err error) error {
	if err == nil {
		return nil
	}
	var dbErr *DBError
	var pgErr *pgconn.PgError
	var liteErr *sqlite.Error
	switch {
	case errors.As(err, &dbErr): // classified already
	case errors.As(err, &pgErr):
		err = &DBError{Dialect: Postgres, Code: pgErr.Code, Constraint: pgConstraint(pgErr), Err: err,
			class: pgClass(pgErr.Code), retryable: pgRetryable(pgErr.Code)}
	case errors.As(err, &liteErr):
		err = &DBError{Dialect: SQLite, Code: sqliteCodeName(liteErr.Code()), Constraint: sqliteConstraint(liteErr), Err: err,
			class: sqliteClass(liteErr.Code())}
	}
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w: %w", cerr, err)
	}
	return err
}

// pgConstraint returns what a PostgreSQL error blames: the constraint, or
// else the column.
func pgConstraint(e *pgconn.PgError) string {
	if e.ConstraintName != "" {
		return e.ConstraintName
	}
	return e.ColumnName
}

// sqliteConstraint returns the CHECK constraint that an SQLite error says
// failed ("CHECK constraint failed: records_version_check"), or "".
func sqliteConstraint(e *sqlite.Error) string {
	if e.Code() != sqlite3.SQLITE_CONSTRAINT_CHECK {
		return ""
	}
	const marker = "CHECK constraint failed: "
	_, name, found := strings.Cut(e.Error(), marker)
	if !found {
		return ""
	}
	if end := strings.IndexAny(name, " ()"); end >= 0 {
		name = name[:end]
	}
	return name
}

// pgClass classifies a SQLSTATE.
func pgClass(code string) error {
	switch code {
	case "40001", "40P01", "55P03", "23505":
		return cpd.ErrConflict
	case "25006":
		return cpd.ErrReadOnly
	case "53300", "57P03":
		return ErrUnavailable
	}
	if len(code) == 5 && (code[:2] == "22" || code[:2] == "23") {
		return cpd.ErrInvalid
	}
	return nil
}

// pgRetryable reports whether a SQLSTATE says that the transaction may
// be run again from the start (see ErrRetryable).
func pgRetryable(code string) bool {
	switch code {
	case "53300", "57P03", "40001", "40P01", "55P03":
		return true
	}
	return false
}

// sqliteClass classifies an SQLite extended result code.
func sqliteClass(code int) error {
	switch code {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return cpd.ErrConflict
	}
	switch code & 0xff { // the primary result code
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return cpd.ErrConflict
	case sqlite3.SQLITE_CONSTRAINT, sqlite3.SQLITE_TOOBIG, sqlite3.SQLITE_MISMATCH:
		return cpd.ErrInvalid
	}
	return nil
}

// sqliteCodeName names an SQLite result code.
func sqliteCodeName(code int) string {
	switch code {
	case sqlite3.SQLITE_BUSY:
		return "SQLITE_BUSY"
	case sqlite3.SQLITE_BUSY_SNAPSHOT:
		return "SQLITE_BUSY_SNAPSHOT"
	case sqlite3.SQLITE_BUSY_RECOVERY:
		return "SQLITE_BUSY_RECOVERY"
	case sqlite3.SQLITE_BUSY_TIMEOUT:
		return "SQLITE_BUSY_TIMEOUT"
	case sqlite3.SQLITE_LOCKED:
		return "SQLITE_LOCKED"
	case sqlite3.SQLITE_LOCKED_SHAREDCACHE:
		return "SQLITE_LOCKED_SHAREDCACHE"
	case sqlite3.SQLITE_CONSTRAINT:
		return "SQLITE_CONSTRAINT"
	case sqlite3.SQLITE_CONSTRAINT_CHECK:
		return "SQLITE_CONSTRAINT_CHECK"
	case sqlite3.SQLITE_CONSTRAINT_DATATYPE:
		return "SQLITE_CONSTRAINT_DATATYPE"
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return "SQLITE_CONSTRAINT_FOREIGNKEY"
	case sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		return "SQLITE_CONSTRAINT_NOTNULL"
	case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return "SQLITE_CONSTRAINT_PRIMARYKEY"
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE:
		return "SQLITE_CONSTRAINT_UNIQUE"
	case sqlite3.SQLITE_CONSTRAINT_TRIGGER:
		return "SQLITE_CONSTRAINT_TRIGGER"
	case sqlite3.SQLITE_TOOBIG:
		return "SQLITE_TOOBIG"
	case sqlite3.SQLITE_MISMATCH:
		return "SQLITE_MISMATCH"
	case sqlite3.SQLITE_INTERRUPT:
		return "SQLITE_INTERRUPT"
	case sqlite3.SQLITE_READONLY:
		return "SQLITE_READONLY"
	case sqlite3.SQLITE_ERROR:
		return "SQLITE_ERROR"
	}
	return "SQLITE_" + strconv.Itoa(code)
}
