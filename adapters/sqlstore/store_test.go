package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/cpd"
)

// on runs a test on a fresh store of each database.
func on(t *testing.T, fn func(t *testing.T, s *sqlstore.Store, dsn string)) {
	onEach(t, databases, fn)
}

// onEach runs a test on a fresh store of each of some databases.
func onEach(t *testing.T, dbs []database, fn func(t *testing.T, s *sqlstore.Store, dsn string)) {
	for _, db := range dbs {
		t.Run(db.name, func(t *testing.T) {
			dsn := db.dsn(t)
			fn(t, open(t, dsn, nil), dsn)
		})
	}
}

var at = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

func put(ctx context.Context, tx cpd.Tx, id string, data []byte) (cpd.Record, error) {
	return tx.Put(ctx, cpd.Record{Kind: cpd.KindActivity, ID: id, Owner: "p-ada", Data: data}, cpd.Change{Actor: "p-ada", Action: "create", At: at})
}

// TestInvalid: an empty organisation, kind or ID fails with ErrInvalid,
// naming the field.
func TestInvalid(t *testing.T) {
	on(t, func(t *testing.T, s *sqlstore.Store, _ string) {
		ran := false
		err := s.Update(t.Context(), "", func(cpd.Tx) error { ran = true; return nil })
		requireField(t, err, "org")
		err = s.View(t.Context(), "", func(cpd.Tx) error { ran = true; return nil })
		requireField(t, err, "org")
		require.False(t, ran, "fn ran for an empty organisation")

		require.NoError(t, s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
			_, err := tx.Put(t.Context(), cpd.Record{ID: "act-1"}, cpd.Change{})
			requireField(t, err, "Kind")
			_, err = tx.Put(t.Context(), cpd.Record{Kind: cpd.KindActivity}, cpd.Change{})
			requireField(t, err, "ID")
			requireField(t, tx.Delete(t.Context(), "", "act-1", 1, cpd.Change{}), "Kind")
			requireField(t, tx.Delete(t.Context(), cpd.KindActivity, "", 1, cpd.Change{}), "ID")
			_, err = put(t.Context(), tx, "act-1", []byte(`{}`)) // the transaction goes on
			return err
		}))
	})
}

func requireField(t *testing.T, err error, field string) {
	t.Helper()
	require.ErrorIs(t, err, cpd.ErrInvalid)
	var ve *cpd.ValidationError
	require.True(t, errors.As(err, &ve), "a *cpd.ValidationError: %v", err)
	require.Equal(t, field, ve.Field)
}

// TestTxAfterFn: a Tx kept after its fn returned fails with ErrClosed.
func TestTxAfterFn(t *testing.T) {
	on(t, func(t *testing.T, s *sqlstore.Store, _ string) {
		var kept cpd.Tx
		require.NoError(t, s.Update(t.Context(), "org-a", func(tx cpd.Tx) error { kept = tx; return nil }))
		_, err := put(t.Context(), kept, "act-1", []byte(`{}`))
		require.ErrorIs(t, err, sqlstore.ErrClosed)
		require.NoError(t, s.View(t.Context(), "org-a", func(tx cpd.Tx) error { kept = tx; return nil }))
		_, err = kept.Get(t.Context(), cpd.KindActivity, "act-1")
		require.ErrorIs(t, err, sqlstore.ErrClosed)
	})
}

// TestNilAndEmptyData: nil data reads back nil and empty data empty, in
// records and in events.
func TestNilAndEmptyData(t *testing.T) {
	on(t, func(t *testing.T, s *sqlstore.Store, _ string) {
		require.NoError(t, s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
			if _, err := put(t.Context(), tx, "nil", nil); err != nil {
				return err
			}
			_, err := put(t.Context(), tx, "empty", []byte{})
			return err
		}))
		require.NoError(t, s.View(t.Context(), "org-a", func(tx cpd.Tx) error {
			r, err := tx.Get(t.Context(), cpd.KindActivity, "nil")
			require.NoError(t, err)
			require.Nil(t, r.Data)
			r, err = tx.Get(t.Context(), cpd.KindActivity, "empty")
			require.NoError(t, err)
			require.NotNil(t, r.Data)
			require.Empty(t, r.Data)
			p, err := tx.List(t.Context(), cpd.KindActivity, cpd.Query{})
			require.NoError(t, err)
			require.Len(t, p.Records, 2)
			require.NotNil(t, p.Records[0].Data, "empty")
			require.Nil(t, p.Records[1].Data, "nil")
			evs, err := tx.Events(t.Context(), cpd.EventQuery{})
			require.NoError(t, err)
			require.Len(t, evs, 2)
			require.Nil(t, evs[0].After)
			require.NotNil(t, evs[1].After)
			require.Nil(t, evs[1].Before)
			return nil
		}))
	})
}

// TestPanicPropagates: a panic in fn rolls back and reaches the caller.
func TestPanicPropagates(t *testing.T) {
	on(t, func(t *testing.T, s *sqlstore.Store, _ string) {
		require.PanicsWithValue(t, "boom", func() {
			_ = s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
				if _, err := put(t.Context(), tx, "act-1", []byte(`{}`)); err != nil {
					return err
				}
				panic("boom")
			})
		})
		err := s.View(t.Context(), "org-a", func(tx cpd.Tx) error {
			_, err := tx.Get(t.Context(), cpd.KindActivity, "act-1")
			return err
		})
		require.ErrorIs(t, err, cpd.ErrNotFound)
	})
}

// TestWritersTakeTurns: concurrent Updates of different records in one
// organisation all succeed, without a conflict to retry, and number their
// events without gaps (on PostgreSQL this is the organisation's advisory
// lock at work).
func TestWritersTakeTurns(t *testing.T) {
	const writers, each = 6, 4
	on(t, func(t *testing.T, s *sqlstore.Store, _ string) {
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					errs <- s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
						_, err := put(t.Context(), tx, fmt.Sprintf("act-%d-%d", w, i), []byte(`{}`))
						return err
					})
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		require.NoError(t, s.View(t.Context(), "org-a", func(tx cpd.Tx) error {
			evs, err := tx.Events(t.Context(), cpd.EventQuery{})
			require.NoError(t, err)
			require.Len(t, evs, writers*each)
			for i, e := range evs {
				require.EqualValues(t, i+1, e.Seq)
			}
			return nil
		}))
	})
}

// TestWaitCancelled: an Update waiting for the organisation's turn gives
// up when its context ends, without running fn, and leaves no lock behind.
func TestWaitCancelled(t *testing.T) {
	on(t, func(t *testing.T, s *sqlstore.Store, _ string) {
		holding, release := make(chan struct{}), make(chan struct{})
		done := make(chan error)
		go func() {
			done <- s.Update(t.Context(), "org-a", func(cpd.Tx) error {
				close(holding)
				<-release
				return nil
			})
		}()
		<-holding
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		ran := false
		err := s.Update(ctx, "org-a", func(cpd.Tx) error { ran = true; return nil })
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.False(t, ran)
		close(release)
		require.NoError(t, <-done)
		require.NoError(t, s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
			_, err := put(t.Context(), tx, "act-1", []byte(`{}`))
			return err
		}), "an Update after the cancelled one")
	})
}

// TestFailedStatement: when a statement fails inside an Update (here a
// trigger rejects the audit event, after the record was written), the
// error is classified by its code, later calls in the transaction fail,
// and nothing is committed even if fn returns nil. (Not in memory, which
// the test cannot reach from outside the Store to add the trigger.)
func TestFailedStatement(t *testing.T) {
	onEach(t, databases[1:], func(t *testing.T, s *sqlstore.Store, dsn string) {
		addRejectTrigger(t, rawDB(t, dsn), s.Dialect())
		err := s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
			_, err := put(t.Context(), tx, "act-1", []byte(`{}`))
			require.NoError(t, err)
			_, err = tx.Put(t.Context(), cpd.Record{Kind: cpd.KindActivity, ID: "act-2"}, cpd.Change{Actor: "reject", At: at})
			require.ErrorIs(t, err, cpd.ErrInvalid)
			var dbErr *sqlstore.DBError
			require.True(t, errors.As(err, &dbErr), "a *DBError: %v", err)
			require.Equal(t, map[sqlstore.Dialect]string{sqlstore.SQLite: "SQLITE_CONSTRAINT_TRIGGER", sqlstore.Postgres: "23514"}[s.Dialect()], dbErr.Code)
			_, err = tx.Get(t.Context(), cpd.KindActivity, "act-1")
			require.ErrorIs(t, err, cpd.ErrInvalid, "a call after the failed statement")
			return nil // fn ignores the failure
		})
		require.ErrorIs(t, err, cpd.ErrInvalid)

		require.NoError(t, s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
			_, err := put(t.Context(), tx, "act-3", []byte(`{}`))
			return err
		}))
		require.NoError(t, s.View(t.Context(), "org-a", func(tx cpd.Tx) error {
			p, err := tx.List(t.Context(), cpd.KindActivity, cpd.Query{})
			require.NoError(t, err)
			require.Len(t, p.Records, 1, "only act-3")
			evs, err := tx.Events(t.Context(), cpd.EventQuery{})
			require.NoError(t, err)
			require.Len(t, evs, 1)
			require.EqualValues(t, 1, evs[0].Seq, "no gap left by the failed Update")
			return nil
		}))
	})
}

// addRejectTrigger makes the database refuse audit events by actor "reject".
func addRejectTrigger(t *testing.T, db *sql.DB, d sqlstore.Dialect) {
	t.Helper()
	stmts := []string{`CREATE TRIGGER reject BEFORE INSERT ON events WHEN (NEW.actor = 'reject')
		BEGIN SELECT RAISE(ABORT, 'rejected'); END`}
	if d == sqlstore.Postgres {
		stmts = []string{
			`CREATE FUNCTION reject() RETURNS trigger LANGUAGE plpgsql AS
				'BEGIN RAISE EXCEPTION ''rejected'' USING ERRCODE = ''check_violation''; END'`,
			`CREATE TRIGGER reject BEFORE INSERT ON events FOR EACH ROW WHEN (NEW.actor = 'reject')
				EXECUTE FUNCTION reject()`,
		}
	}
	for _, stmt := range stmts {
		_, err := db.ExecContext(t.Context(), stmt)
		require.NoError(t, err)
	}
}

// TestPostgresRejectsNUL: PostgreSQL text cannot hold a NUL byte. A name
// with one never reaches the database: the store refuses it first, as
// every store does (cpd.CheckName). JSON data with an escaped NUL, which
// the domain checks read as jsonb, is refused by the database as
// ErrInvalid, by its SQLSTATE of class 22.
func TestPostgresRejectsNUL(t *testing.T) {
	s := open(t, freshSchema(t), nil)
	err := s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
		_, err := put(t.Context(), tx, "act\x00", []byte(`{}`))
		return err
	})
	require.ErrorIs(t, err, cpd.ErrInvalid)
	var v *cpd.ValidationError
	require.True(t, errors.As(err, &v), "a *cpd.ValidationError: %v", err)
	require.Equal(t, "ID", v.Field)

	err = s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
		_, err := put(t.Context(), tx, "act-1", []byte(`{"hours": "1", "title": "\u0000"}`))
		return err
	})
	require.ErrorIs(t, err, cpd.ErrInvalid)
	var dbErr *sqlstore.DBError
	require.True(t, errors.As(err, &dbErr), "a *DBError: %v", err)
	require.Equal(t, "22", dbErr.Code[:2], "SQLSTATE %s", dbErr.Code)
}

// TestSQLiteBusy: a writer in another process (here, another Store on the
// same file) that holds the write lock past the busy timeout makes an
// Update fail with ErrConflict, by the code SQLITE_BUSY.
func TestSQLiteBusy(t *testing.T) {
	dsn := sqliteFile(t)
	holder := open(t, dsn, nil)
	waiter := open(t, dsn, &sqlstore.Options{BusyTimeout: 20 * time.Millisecond})
	holding, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- holder.Update(t.Context(), "org-a", func(cpd.Tx) error {
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	err := waiter.Update(t.Context(), "org-a", func(cpd.Tx) error { return nil })
	close(release)
	require.NoError(t, <-done)
	require.ErrorIs(t, err, cpd.ErrConflict)
	var dbErr *sqlstore.DBError
	require.True(t, errors.As(err, &dbErr), "a *DBError: %v", err)
	require.Equal(t, "SQLITE_BUSY", dbErr.Code)
	require.NoError(t, waiter.Update(t.Context(), "org-a", func(cpd.Tx) error { return nil }), "once the lock is free")
}

// TestOpenErrors: a DSN Open cannot read, or a nil database or unknown
// dialect for New, fails with ErrInvalid.
func TestOpenErrors(t *testing.T) {
	for _, dsn := range []string{"", "cpd.db", "mysql://localhost/cpd", "sqlite:", "sqlite:?mode=memory", "postgres://%zz"} {
		t.Run(dsn, func(t *testing.T) {
			_, err := sqlstore.Open(t.Context(), dsn, nil)
			require.ErrorIs(t, err, cpd.ErrInvalid)
		})
	}
	_, err := sqlstore.New(t.Context(), nil, sqlstore.SQLite, nil)
	require.ErrorIs(t, err, cpd.ErrInvalid)
	db, err := sql.Open("sqlite", ":memory:")
	require.NoError(t, err)
	defer db.Close()
	_, err = sqlstore.New(t.Context(), db, sqlstore.Dialect(9), nil)
	require.ErrorIs(t, err, cpd.ErrInvalid)
}

// TestNew: a Store on a caller's *sql.DB works, and Close leaves the
// database open.
func TestNew(t *testing.T) {
	db, err := sql.Open("sqlite", "file:"+t.TempDir()+"/cpd.db?_txlock=immediate&_pragma=busy_timeout(5000)")
	require.NoError(t, err)
	defer db.Close()
	s, err := sqlstore.New(t.Context(), db, sqlstore.SQLite, nil)
	require.NoError(t, err)
	require.Equal(t, sqlstore.SQLite, s.Dialect())
	require.NoError(t, s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
		_, err := put(t.Context(), tx, "act-1", []byte(`{}`))
		return err
	}))
	require.NoError(t, s.Close())
	require.NoError(t, db.PingContext(t.Context()), "Close closed the caller's database")
}
