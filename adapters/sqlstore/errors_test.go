package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

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

// TestPostgresRetryable: the codes that say the database was busy or
// rolled the whole transaction back are retryable, and those of a server
// that takes no more connections now are ErrUnavailable; a transaction
// that broke a rule is neither, even when it is a conflict.
func TestPostgresRetryable(t *testing.T) {
	tests := []struct {
		code        string
		class       error
		retryable   bool
		unavailable bool
	}{
		{"53300", nil, true, true},               // too_many_connections
		{"57P03", nil, true, true},               // cannot_connect_now
		{"40001", cpd.ErrConflict, true, false},  // serialization_failure
		{"40P01", cpd.ErrConflict, true, false},  // deadlock_detected
		{"55P03", cpd.ErrConflict, true, false},  // lock_not_available
		{"23505", cpd.ErrConflict, false, false}, // unique_violation: the same write fails again
		{"23514", cpd.ErrInvalid, false, false},  // check_violation
		{"42P01", nil, false, false},             // undefined_table
		{"57014", nil, false, false},             // query_canceled
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			err := classify(context.Background(), Postgres, fmt.Errorf("connect: %w", &pgconn.PgError{Code: tc.code}))
			requireClass(t, err, tc.class)
			require.Equal(t, tc.retryable, errors.Is(err, ErrRetryable), "errors.Is(%v, ErrRetryable)", err)
			require.Equal(t, tc.unavailable, errors.Is(err, ErrUnavailable), "errors.Is(%v, ErrUnavailable)", err)
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

// TestRetryStart: starting a transaction is tried again, waiting longer
// each time, while it fails with a retryable error, until the waits add
// up to the limit; other errors, and a negative limit, end it at once.
func TestRetryStart(t *testing.T) {
	unavailable := classify(context.Background(), Postgres, &pgconn.PgError{Code: "53300"})
	invalid := classify(context.Background(), Postgres, &pgconn.PgError{Code: "23514"})
	failing := func(errs ...error) (func() error, *int) {
		calls := 0
		return func() error {
			calls++
			if calls <= len(errs) {
				return errs[calls-1]
			}
			return nil
		}, &calls
	}

	t.Run("succeeds after retries", func(t *testing.T) {
		start, calls := failing(unavailable, unavailable, unavailable)
		var waits []time.Duration
		require.NoError(t, RetryStart(context.Background(), time.Second, &waits, start))
		require.Equal(t, 4, *calls)
		require.Len(t, waits, 3)
		for i := 1; i < len(waits); i++ {
			require.Greater(t, waits[i], waits[i-1]/2, "waits grow")
		}
	})
	t.Run("gives up past the limit", func(t *testing.T) {
		start, calls := failing(slices.Repeat([]error{unavailable}, 1000)...)
		var waits []time.Duration
		err := RetryStart(context.Background(), 100*time.Millisecond, &waits, start)
		require.ErrorIs(t, err, ErrUnavailable)
		var total time.Duration
		for _, d := range waits {
			total += d
		}
		require.GreaterOrEqual(t, total, 100*time.Millisecond)
		require.Less(t, total, 100*time.Millisecond+maxRetryWait)
		require.Equal(t, len(waits)+1, *calls)
	})
	t.Run("not retryable", func(t *testing.T) {
		start, calls := failing(invalid)
		var waits []time.Duration
		require.ErrorIs(t, RetryStart(context.Background(), time.Second, &waits, start), cpd.ErrInvalid)
		require.Equal(t, 1, *calls)
		require.Empty(t, waits)
	})
	t.Run("negative limit", func(t *testing.T) {
		start, calls := failing(unavailable)
		var waits []time.Duration
		require.ErrorIs(t, RetryStart(context.Background(), -1, &waits, start), ErrUnavailable)
		require.Equal(t, 1, *calls)
	})
	t.Run("context ends", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		start, calls := failing(unavailable, unavailable)
		var waits []time.Duration
		err := RetryStart(ctx, time.Second, &waits, start)
		require.ErrorIs(t, err, context.Canceled)
		require.ErrorIs(t, err, ErrUnavailable)
		require.Equal(t, 1, *calls)
	})
}
