package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"time"
)

// orgLockSpace is the first key of the PostgreSQL advisory locks that
// serialise each organisation's writers (the second is hashtext(org)):
// "cpdk" in ASCII. Two organisations whose names hash alike share a lock,
// which only makes them take turns.
const orgLockSpace int32 = 0x6370646b

// unlockTimeout bounds releasing the advisory lock; past it the
// connection is discarded, which releases the lock too.
const unlockTimeout = 10 * time.Second

// writer is one Update's hold on the database: the organisation's turn
// to write, its own connection, and the transaction.
type writer struct {
	s      *Store
	org    string
	conn   *sql.Conn
	tx     *sql.Tx
	queued bool  // SQLite: holds s.writer
	turn   *turn // PostgreSQL: holds the organisation's turn in s.turns
	locked bool  // holds the PostgreSQL advisory lock
	bad    bool  // the connection must be discarded, not reused
}

// beginWrite waits for the organisation's turn to write and starts the
// transaction: on SQLite, BEGIN IMMEDIATE (from the DSN's _txlock) after
// this process's earlier writers; on PostgreSQL, after this process's
// earlier writers to the organisation, the organisation's session
// advisory lock (held by another process's writer, if any), then a
// REPEATABLE READ transaction, so that its snapshot comes after the
// previous writer's commit. Only then does it take a connection, and it
// starts again on an error matching ErrRetryable (see retryStart).
func (s *Store) beginWrite(ctx context.Context, org string) (*writer, error) {
	w := &writer{s: s, org: org}
	if err := w.begin(ctx); err != nil {
		w.release()
		return nil, err
	}
	return w, nil
}

// begin does beginWrite's steps; release undoes those that were done.
func (w *writer) begin(ctx context.Context) error {
	switch w.s.d {
	case SQLite:
		select {
		case w.s.writer <- struct{}{}:
			w.queued = true
		case <-ctx.Done():
			return ctx.Err()
		}
	case Postgres:
		t, err := w.s.turns.take(ctx, w.org)
		if err != nil {
			return err
		}
		w.turn = t
	}
	return retryStart(ctx, w.s.retryFor, sleep, func() error {
		err := w.connect(ctx)
		if err != nil {
			w.disconnect()
		}
		return classify(ctx, w.s.d, err)
	})
}

// connect takes a connection, the advisory lock (PostgreSQL) and starts
// the transaction.
func (w *writer) connect(ctx context.Context) error {
	var err error
	if w.conn, err = w.s.db.Conn(ctx); err != nil {
		return err
	}
	var opts *sql.TxOptions
	if w.s.d == Postgres {
		if _, err := w.conn.ExecContext(ctx, "SELECT pg_advisory_lock($1, hashtext($2))", orgLockSpace, w.org); err != nil {
			w.bad = true // it may hold the lock
			return err
		}
		w.locked = true
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead}
	}
	w.tx, err = w.conn.BeginTx(ctx, opts)
	return err
}

// release gives up the lock, the connection and the turn. The transaction
// has ended.
func (w *writer) release() {
	w.disconnect()
	if w.turn != nil {
		w.s.turns.give(w.org, w.turn)
	}
	if w.queued {
		<-w.s.writer
	}
}

// disconnect gives up the advisory lock and the connection, if held. No
// transaction runs on it.
func (w *writer) disconnect() {
	if w.conn == nil {
		return
	}
	if w.locked && !w.bad {
		ctx, cancel := context.WithTimeout(context.Background(), unlockTimeout)
		_, err := w.conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1, hashtext($2))", orgLockSpace, w.org)
		cancel()
		w.bad = err != nil
	}
	if w.bad {
		// Closing the session releases any lock it holds.
		_ = w.conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	_ = w.conn.Close()
	w.conn, w.tx, w.locked, w.bad = nil, nil, false, false
}
