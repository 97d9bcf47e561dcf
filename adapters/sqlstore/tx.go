package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"github.com/cpdkit/cpdkit/cpd"
)

// tx is one transaction's cpd.Tx. Its mutex makes it safe for concurrent
// use by goroutines that fn starts (one statement at a time).
type tx struct {
	mu     sync.Mutex
	s      *Store
	org    string
	sql    *sql.Tx
	conn   *sql.Conn // the connection sql runs on, in an Update and in a View on PostgreSQL; else nil
	write  bool
	closed bool
	// err is the first database error: after it, every call fails and an
	// Update does not commit (PostgreSQL has aborted the transaction, and
	// a Put may have stopped half-way).
	err error
	// seq is the last event Seq, once seqKnown; saveSeq writes it back.
	seq       int64
	seqKnown  bool
	seqStored int64
	// built holds the queries List and Events built in this transaction,
	// prepared on its connection (see rows).
	built map[string]*sql.Stmt
}

// maxBuiltStmts is how many built queries a transaction keeps prepared.
// Their shapes are few (an owner or not, so many states, a page size);
// past the limit, queries are parsed on each call.
const maxBuiltStmts = 32

var _ cpd.Tx = (*tx)(nil)

func (s *Store) newTx(org string, stx *sql.Tx, conn *sql.Conn, write bool) *tx {
	return &tx{s: s, org: org, sql: stx, conn: conn, write: write}
}

// stmt returns one of the Store's prepared statements, bound to this
// transaction (so SQLite parses each statement once per connection).
func (t *tx) stmt(ctx context.Context, query string) *sql.Stmt {
	return t.sql.StmtContext(ctx, t.s.prepared[query])
}

// close ends the transaction: later calls fail with ErrClosed.
func (t *tx) close() {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
}

// usable checks what every call needs. The caller holds t.mu.
func (t *tx) usable(ctx context.Context, write bool) error {
	switch {
	case t.closed:
		return ErrClosed
	case write && !t.write:
		return cpd.ErrReadOnly
	case t.err != nil:
		return fmt.Errorf("an earlier statement failed: %w", t.err)
	}
	return ctx.Err()
}

// failed records a database error, classified, and returns it.
func (t *tx) failed(ctx context.Context, err error) error {
	err = classify(ctx, t.s.d, err)
	if t.err == nil {
		t.err = err
	}
	return err
}

// Get returns the record, or an error wrapping cpd.ErrNotFound.
func (t *tx) Get(ctx context.Context, kind cpd.Kind, id string) (cpd.Record, error) {
	if err := cpd.CheckKey(kind, id, false); err != nil {
		return cpd.Record{}, fmt.Errorf("sqlstore: get: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(ctx, false); err != nil {
		return cpd.Record{}, fmt.Errorf("sqlstore: get %s %q: %w", kind, id, err)
	}
	r, found, err := t.get(ctx, kind, id)
	switch {
	case err != nil:
		return cpd.Record{}, fmt.Errorf("sqlstore: get %s %q: %w", kind, id, err)
	case !found:
		return cpd.Record{}, fmt.Errorf("sqlstore: get %s %q: %w", kind, id, cpd.ErrNotFound)
	}
	return r, nil
}

// get reads a record. The caller holds t.mu.
func (t *tx) get(ctx context.Context, kind cpd.Kind, id string) (cpd.Record, bool, error) {
	r := cpd.Record{Kind: kind, ID: id}
	var null bool
	err := t.stmt(ctx, t.s.q.get).QueryRowContext(ctx, t.org, string(kind), id).
		Scan(&r.Version, &r.Owner, &r.State, &r.Data, &null)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return cpd.Record{}, false, nil
	case err != nil:
		return cpd.Record{}, false, t.failed(ctx, err)
	}
	r.Data = notNull(r.Data, null)
	return r, true, nil
}

// List returns one page of records of the kind in ID (byte) order,
// filtered by q.
func (t *tx) List(ctx context.Context, kind cpd.Kind, q cpd.Query) (cpd.Page, error) {
	if err := errors.Join(cpd.CheckKey(kind, "", false), cpd.CheckQuery(q)); err != nil {
		return cpd.Page{}, fmt.Errorf("sqlstore: list: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(ctx, false); err != nil {
		return cpd.Page{}, fmt.Errorf("sqlstore: list %s: %w", kind, err)
	}
	limit := cpd.PageLimit(q.Limit)
	query, args := t.s.q.list(t.org, kind, q, limit)
	var p cpd.Page
	err := t.rows(ctx, query, args, scanRecords(kind, &p.Records))
	if err != nil {
		return cpd.Page{}, fmt.Errorf("sqlstore: list %s: %w", kind, err)
	}
	if len(p.Records) > limit {
		p.Records = p.Records[:limit]
		p.Next = p.Records[limit-1].ID
	}
	return p, nil
}

// scanRecords returns a scan function for rows of id, version, owner,
// state, data and whether data is NULL, as List and ListOwners select
// them, that appends each row to out as a record of the kind.
func scanRecords(kind cpd.Kind, out *[]cpd.Record) func(*sql.Rows) error {
	return func(rows *sql.Rows) error {
		r := cpd.Record{Kind: kind}
		var null bool
		if err := rows.Scan(&r.ID, &r.Version, &r.Owner, &r.State, &r.Data, &null); err != nil {
			return err
		}
		r.Data = notNull(r.Data, null)
		*out = append(*out, r)
		return nil
	}
}

// Events returns the organisation's events in Seq order, filtered by q,
// including those this transaction appended.
func (t *tx) Events(ctx context.Context, q cpd.EventQuery) ([]cpd.Event, error) {
	if err := cpd.CheckEventQuery(q); err != nil {
		return nil, fmt.Errorf("sqlstore: events: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(ctx, false); err != nil {
		return nil, fmt.Errorf("sqlstore: events: %w", err)
	}
	query, args := t.s.q.events(t.org, q, cpd.PageLimit(q.Limit))
	var out []cpd.Event
	err := t.rows(ctx, query, args, func(rows *sql.Rows) error {
		var e cpd.Event
		var kind string
		var noBefore, noAfter bool
		if err := rows.Scan(&e.Seq, timeScanner{&e.At}, &e.Actor, &e.Action, &kind, &e.ID, &e.Owner,
			&e.Before, &noBefore, &e.After, &noAfter); err != nil {
			return err
		}
		e.Kind = cpd.Kind(kind)
		e.Before, e.After = notNull(e.Before, noBefore), notNull(e.After, noAfter)
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: events: %w", err)
	}
	return out, nil
}

// rows runs a query and calls scan for each row. The caller holds t.mu.
//
// On SQLite, each query is prepared on the transaction's connection on
// first use and kept until the transaction ends: a transaction that reads
// many people's records, as an import's status refreshes do, then has each
// shape of query parsed once rather than on every call, which took a tenth
// of such an import's time. (pgx already caches prepared statements by
// text on each PostgreSQL connection.)
func (t *tx) rows(ctx context.Context, query string, args []any, scan func(*sql.Rows) error) error {
	st, err := t.builtStmt(ctx, query)
	if err != nil {
		return t.failed(ctx, err)
	}
	var rows *sql.Rows
	if st != nil {
		rows, err = st.QueryContext(ctx, args...)
	} else {
		rows, err = t.sql.QueryContext(ctx, query, args...)
	}
	if err != nil {
		return t.failed(ctx, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return t.failed(ctx, err)
		}
	}
	if err := rows.Err(); err != nil {
		return t.failed(ctx, err)
	}
	return nil
}

// builtStmt returns the query prepared in this SQLite transaction,
// preparing it on first use, or nil on PostgreSQL or if the transaction
// keeps maxBuiltStmts already. The caller holds t.mu. database/sql closes
// the statements when the transaction ends.
func (t *tx) builtStmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if t.s.d != SQLite {
		return nil, nil
	}
	if st, ok := t.built[query]; ok {
		return st, nil
	}
	if len(t.built) >= maxBuiltStmts {
		return nil, nil
	}
	st, err := t.sql.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if t.built == nil {
		t.built = make(map[string]*sql.Stmt)
	}
	t.built[query] = st
	return st, nil
}

// Put writes a record if r.Version is the stored version (0 to create),
// and appends its audit event. It fails with cpd.ErrConflict (a stale
// version, or a create of an existing ID), cpd.ErrReadOnly (in a View),
// cpd.ErrInvalid (an argument cpd.CheckRecord or cpd.CheckChange refuses,
// or data the database rejects), or the database's error.
func (t *tx) Put(ctx context.Context, r cpd.Record, c cpd.Change) (cpd.Record, error) {
	if err := errors.Join(cpd.CheckRecord(r), cpd.CheckChange(c)); err != nil {
		return cpd.Record{}, fmt.Errorf("sqlstore: put: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	stored, err := t.put(ctx, r, c)
	if err != nil {
		return cpd.Record{}, fmt.Errorf("sqlstore: put %s %q: %w", r.Kind, r.ID, err)
	}
	return stored, nil
}

// put does Put's work. The caller holds t.mu.
func (t *tx) put(ctx context.Context, r cpd.Record, c cpd.Change) (cpd.Record, error) {
	if err := t.usable(ctx, true); err != nil {
		return cpd.Record{}, err
	}
	if t.s.d == Postgres {
		return t.putPostgres(ctx, r, c)
	}
	old, exists, err := t.get(ctx, r.Kind, r.ID)
	if err != nil {
		return cpd.Record{}, err
	}
	if err := checkVersion(old, exists, r.Version); err != nil {
		return cpd.Record{}, err
	}
	if err := t.loadSeq(ctx); err != nil {
		return cpd.Record{}, err
	}
	stored := r
	stored.Version = old.Version + 1
	stored.Data = bytes.Clone(r.Data)
	if exists {
		err = t.exec(ctx, t.s.q.update, t.org, string(r.Kind), r.ID, old.Version, stored.Version, r.Owner, r.State, blob(r.Data))
	} else {
		err = t.exec(ctx, t.s.q.insert, t.org, string(r.Kind), r.ID, r.Owner, r.State, blob(r.Data))
	}
	if err != nil {
		return cpd.Record{}, err
	}
	if err := t.appendEvent(ctx, c, r.Kind, r.ID, r.Owner, old.Data, r.Data); err != nil {
		return cpd.Record{}, err
	}
	return stored, nil
}

// putPostgres does put's work on PostgreSQL in one statement, writing the
// record and its event together, where SQLite reads the record, writes it
// and adds the event in three: each statement is a round trip to the
// server, and a transaction that refreshes thousands of statuses, as an
// import does, spent most of its time waiting on them. The outcome is
// put's: a stale version, or a create of an ID that exists, writes nothing
// and fails with cpd.ErrConflict, leaving the transaction usable. The
// caller holds t.mu.
func (t *tx) putPostgres(ctx context.Context, r cpd.Record, c cpd.Change) (cpd.Record, error) {
	if !t.seqKnown && r.Version != 0 {
		// Only an organisation in orgs has records: if this one is new,
		// the record does not exist, and its counter row is not written.
		known, err := t.readSeq(ctx)
		if err != nil {
			return cpd.Record{}, err
		}
		if !known {
			return cpd.Record{}, checkVersion(cpd.Record{}, false, r.Version)
		}
	}
	if err := t.loadSeq(ctx); err != nil {
		return cpd.Record{}, err
	}
	stored := r
	stored.Version = r.Version + 1
	stored.Data = bytes.Clone(r.Data)
	at := t.s.d.timeArg(c.At)
	if r.Version == 0 {
		var created int
		err := t.stmt(ctx, t.s.q.createWithEvent).QueryRowContext(ctx, t.org, string(r.Kind), r.ID, r.Owner, r.State, blob(r.Data),
			t.seq+1, at, c.Actor, c.Action).Scan(&created)
		switch {
		case err != nil:
			return cpd.Record{}, t.failed(ctx, err)
		case created == 0:
			return cpd.Record{}, checkVersion(cpd.Record{}, true, 0)
		}
		t.seq++
		return stored, nil
	}
	var was int64
	var updated bool
	err := t.stmt(ctx, t.s.q.updateWithEvent).QueryRowContext(ctx, t.org, string(r.Kind), r.ID, r.Version, stored.Version,
		r.Owner, r.State, blob(r.Data), t.seq+1, at, c.Actor, c.Action).Scan(&was, &updated)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return cpd.Record{}, checkVersion(cpd.Record{}, false, r.Version)
	case err != nil:
		return cpd.Record{}, t.failed(ctx, err)
	case !updated:
		if err := checkVersion(cpd.Record{Version: was}, true, r.Version); err != nil {
			return cpd.Record{}, err
		}
		return cpd.Record{}, fmt.Errorf("changed by another writer: %w", cpd.ErrConflict)
	}
	t.seq++
	return stored, nil
}

// Delete removes the record at the given version and appends its audit
// event. It fails with cpd.ErrNotFound, cpd.ErrConflict (a stale
// version), cpd.ErrReadOnly (in a View), cpd.ErrInvalid (an empty Kind or
// ID), or the database's error.
func (t *tx) Delete(ctx context.Context, kind cpd.Kind, id string, version int64, c cpd.Change) error {
	if err := errors.Join(cpd.CheckKey(kind, id, true), cpd.CheckChange(c)); err != nil {
		return fmt.Errorf("sqlstore: delete: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.delete(ctx, kind, id, version, c); err != nil {
		return fmt.Errorf("sqlstore: delete %s %q: %w", kind, id, err)
	}
	return nil
}

// delete does Delete's work. The caller holds t.mu.
func (t *tx) delete(ctx context.Context, kind cpd.Kind, id string, version int64, c cpd.Change) error {
	if err := t.usable(ctx, true); err != nil {
		return err
	}
	old, exists, err := t.get(ctx, kind, id)
	switch {
	case err != nil:
		return err
	case !exists:
		return cpd.ErrNotFound
	}
	if err := checkVersion(old, exists, version); err != nil {
		return err
	}
	if err := t.loadSeq(ctx); err != nil {
		return err
	}
	if err := t.exec(ctx, t.s.q.delete, t.org, string(kind), id, old.Version); err != nil {
		return err
	}
	return t.appendEvent(ctx, c, kind, id, old.Owner, old.Data, nil)
}

// checkVersion compares the version a writer read with the stored one.
func checkVersion(old cpd.Record, exists bool, version int64) error {
	switch {
	case !exists && version != 0:
		return fmt.Errorf("version %d of a record that does not exist: %w", version, cpd.ErrConflict)
	case exists && version == 0:
		return fmt.Errorf("already exists: %w", cpd.ErrConflict)
	case exists && version != old.Version:
		return fmt.Errorf("version %d is stale, stored is %d: %w", version, old.Version, cpd.ErrConflict)
	}
	return nil
}

// exec runs a statement that must change exactly one row. Changing none
// means another writer got there first: cpd.ErrConflict, and nothing
// written. The caller holds t.mu.
func (t *tx) exec(ctx context.Context, query string, args ...any) error {
	res, err := t.stmt(ctx, query).ExecContext(ctx, args...)
	if err != nil {
		return t.failed(ctx, err)
	}
	n, err := res.RowsAffected()
	switch {
	case err != nil:
		return t.failed(ctx, err)
	case n == 0:
		return fmt.Errorf("changed by another writer: %w", cpd.ErrConflict)
	case n != 1:
		return t.failed(ctx, fmt.Errorf("a statement changed %d rows, not 1", n))
	}
	return nil
}

// loadSeq reads the organisation's last event Seq, on the transaction's
// first write, adding the organisation's counter row if it has none. Since
// writers to an organisation take turns, the transaction counts on from
// there and saveSeq stores the count when it commits. The caller holds
// t.mu.
func (t *tx) loadSeq(ctx context.Context) error {
	if t.seqKnown {
		return nil
	}
	known, err := t.readSeq(ctx)
	if err != nil || known {
		return err
	}
	if err := t.exec(ctx, t.s.q.addOrg, t.org); err != nil {
		return err
	}
	t.seq, t.seqKnown, t.seqStored = 0, true, 0
	return nil
}

// readSeq reads the organisation's last event Seq, if orgs has it, and
// says whether it does. The caller holds t.mu.
func (t *tx) readSeq(ctx context.Context) (bool, error) {
	var seq int64
	err := t.stmt(ctx, t.s.q.lastSeq).QueryRowContext(ctx, t.org).Scan(&seq)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, t.failed(ctx, err)
	}
	t.seq, t.seqKnown, t.seqStored = seq, true, seq
	return true, nil
}

// appendEvent adds the audit event for a write. The caller holds t.mu.
func (t *tx) appendEvent(ctx context.Context, c cpd.Change, kind cpd.Kind, id, owner string, before, after []byte) error {
	_, err := t.stmt(ctx, t.s.q.addEvent).ExecContext(ctx, t.org, t.seq+1, t.s.d.timeArg(c.At),
		c.Actor, c.Action, string(kind), id, owner, blob(before), blob(after))
	if err != nil {
		return t.failed(ctx, err)
	}
	t.seq++
	return nil
}

// saveSeq stores the last event Seq in the organisation's counter row,
// before the commit.
func (t *tx) saveSeq(ctx context.Context) error {
	if !t.seqKnown || t.seq == t.seqStored {
		return nil
	}
	if _, err := t.stmt(ctx, t.s.q.saveSeq).ExecContext(ctx, t.org, t.seq); err != nil {
		return fmt.Errorf("save event count: %w", classify(ctx, t.s.d, err))
	}
	return nil
}

// notNull returns b, or empty (not nil) data if the column was not NULL:
// some drivers read an empty BLOB as nil.
func notNull(b []byte, null bool) []byte {
	if b == nil && !null {
		return []byte{}
	}
	return b
}
