package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/cpdkit/cpdkit/cpd"
)

// TestPostgresCodes: SQLSTATEs are classified by code.
func TestPostgresCodes(t *testing.T) {
	tests := []struct {
		code string
		want error // nil: none of cpd's errors
	}{
		{"40001", cpd.ErrConflict}, // serialization_failure
		{"40P01", cpd.ErrConflict}, // deadlock_detected
		{"55P03", cpd.ErrConflict}, // lock_not_available
		{"23505", cpd.ErrConflict}, // unique_violation
		{"23514", cpd.ErrInvalid},  // check_violation
		{"23502", cpd.ErrInvalid},  // not_null_violation
		{"23503", cpd.ErrInvalid},  // foreign_key_violation
		{"22021", cpd.ErrInvalid},  // character_not_in_repertoire
		{"22001", cpd.ErrInvalid},  // string_data_right_truncation
		{"25006", cpd.ErrReadOnly}, // read_only_sql_transaction
		{"42P01", nil},             // undefined_table
		{"08006", nil},             // connection_failure
		{"57014", nil},             // query_canceled
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			pgErr := &pgconn.PgError{Code: tc.code, Message: "m", ConstraintName: "records_version_check"}
			err := classify(context.Background(), Postgres, fmt.Errorf("driver: %w", pgErr))
			var dbErr *DBError
			require.True(t, errors.As(err, &dbErr))
			require.Equal(t, tc.code, dbErr.Code)
			require.Equal(t, "records_version_check", dbErr.Constraint)
			requireClass(t, err, tc.want)
			var got *pgconn.PgError
			require.True(t, errors.As(err, &got), "the driver's error is still reachable")
		})
	}
}

// TestSQLiteCodes: SQLite extended result codes are classified by code.
func TestSQLiteCodes(t *testing.T) {
	tests := []struct {
		code int
		want error
	}{
		{sqlite3.SQLITE_BUSY, cpd.ErrConflict},
		{sqlite3.SQLITE_BUSY_SNAPSHOT, cpd.ErrConflict},
		{sqlite3.SQLITE_BUSY_TIMEOUT, cpd.ErrConflict},
		{sqlite3.SQLITE_LOCKED, cpd.ErrConflict},
		{sqlite3.SQLITE_LOCKED_SHAREDCACHE, cpd.ErrConflict},
		{sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, cpd.ErrConflict},
		{sqlite3.SQLITE_CONSTRAINT_UNIQUE, cpd.ErrConflict},
		{sqlite3.SQLITE_CONSTRAINT_CHECK, cpd.ErrInvalid},
		{sqlite3.SQLITE_CONSTRAINT_NOTNULL, cpd.ErrInvalid},
		{sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY, cpd.ErrInvalid},
		{sqlite3.SQLITE_CONSTRAINT_DATATYPE, cpd.ErrInvalid},
		{sqlite3.SQLITE_CONSTRAINT_TRIGGER, cpd.ErrInvalid},
		{sqlite3.SQLITE_TOOBIG, cpd.ErrInvalid},
		{sqlite3.SQLITE_MISMATCH, cpd.ErrInvalid},
		{sqlite3.SQLITE_ERROR, nil},
		{sqlite3.SQLITE_READONLY, nil}, // a read-only file, not a read-only transaction
		{sqlite3.SQLITE_INTERRUPT, nil},
		{sqlite3.SQLITE_IOERR, nil},
	}
	for _, tc := range tests {
		t.Run(sqliteCodeName(tc.code), func(t *testing.T) {
			requireClass(t, &DBError{Dialect: SQLite, Code: sqliteCodeName(tc.code), class: sqliteClass(tc.code)}, tc.want)
		})
	}
}

// requireClass checks that err matches want and no other of cpd's errors.
func requireClass(t *testing.T, err, want error) {
	t.Helper()
	for _, class := range []error{cpd.ErrConflict, cpd.ErrInvalid, cpd.ErrReadOnly, cpd.ErrNotFound} {
		require.Equal(t, class == want, errors.Is(err, class), "errors.Is(%v, %v)", err, class)
	}
}

// TestClassifyContext: an error while ctx is done wraps ctx's error, so
// callers see context.Canceled whatever the driver said.
func TestClassifyContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := classify(ctx, Postgres, &pgconn.PgError{Code: "57014"})
	require.ErrorIs(t, err, context.Canceled)
	var dbErr *DBError
	require.True(t, errors.As(err, &dbErr))

	err = classify(ctx, SQLite, fmt.Errorf("interrupted: %w", context.Canceled))
	require.ErrorIs(t, err, context.Canceled)
	require.Nil(t, classify(ctx, SQLite, nil))
}

// TestSchemaError: a SchemaError matches ErrSchemaVersion and says which
// way the versions differ.
func TestSchemaError(t *testing.T) {
	behind := &SchemaError{Have: 1, Want: 2}
	ahead := &SchemaError{Have: 3, Want: 2}
	require.ErrorIs(t, behind, ErrSchemaVersion)
	require.ErrorIs(t, ahead, ErrSchemaVersion)
	require.Contains(t, behind.Error(), "migrate")
	require.Contains(t, ahead.Error(), "upgrade cpdkit")
}
