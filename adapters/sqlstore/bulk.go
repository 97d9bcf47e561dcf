package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/cpdkit/cpdkit/cpd"
)

var _ cpd.BulkTx = (*tx)(nil)

// bulkRows is how many rows one multi-row INSERT writes. A row takes up
// to nine parameters, well under SQLite's limit of 32,766 per statement
// and PostgreSQL's 65,535.
const bulkRows = 1000

// putManySavepoint undoes a PutMany that fails half-way, so that the
// transaction goes on as if it had not been called.
const putManySavepoint = "cpdkit_put_many"

// PutMany creates new records and appends an audit event for each, all or
// nothing (cpd.BulkTx). On SQLite it writes with multi-row INSERTs, a
// thousand rows a statement; on PostgreSQL with COPY (pgx CopyFrom) on the
// transaction's own connection, or multi-row INSERTs if the database was
// not opened with pgx's stdlib driver. The events take consecutive Seqs,
// counted in memory like Put's and stored once, at commit.
//
// It fails, writing nothing and leaving the Tx usable, with cpd.ErrConflict
// (an ID that exists or is given twice, or a Version other than 0) or
// cpd.ErrInvalid (a name that cpd.CheckRecord or cpd.CheckChange refuses,
// or data the database rejects); with
// cpd.ErrReadOnly in a View; or with the database's error, after which
// the Update does not commit.
func (t *tx) PutMany(ctx context.Context, rs []cpd.Record, c cpd.Change) ([]cpd.Record, error) {
	if err := cpd.CheckChange(c); err != nil {
		return nil, fmt.Errorf("sqlstore: put many: %w", err)
	}
	for i, r := range rs {
		if err := cpd.CheckRecord(r); err != nil {
			return nil, fmt.Errorf("sqlstore: put many: record %d: %w", i, err)
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	out, err := t.putMany(ctx, rs, c)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: put many: %w", err)
	}
	return out, nil
}

// putMany does PutMany's work. The caller holds t.mu.
func (t *tx) putMany(ctx context.Context, rs []cpd.Record, c cpd.Change) ([]cpd.Record, error) {
	if err := t.usable(ctx, true); err != nil {
		return nil, err
	}
	for i, r := range rs {
		if r.Version != 0 {
			return nil, fmt.Errorf("record %d (%s %q): version %d, not 0: %w", i, r.Kind, r.ID, r.Version, cpd.ErrConflict)
		}
	}
	if len(rs) == 0 {
		return []cpd.Record{}, nil
	}
	if err := t.loadSeq(ctx); err != nil {
		return nil, err
	}
	if _, err := t.sql.ExecContext(ctx, "SAVEPOINT "+putManySavepoint); err != nil {
		return nil, t.failed(ctx, err)
	}
	if err := t.writeMany(ctx, rs, c); err != nil {
		return nil, t.undoMany(ctx, err)
	}
	if _, err := t.sql.ExecContext(ctx, "RELEASE SAVEPOINT "+putManySavepoint); err != nil {
		return nil, t.failed(ctx, err)
	}
	t.seq += int64(len(rs))
	if err := t.analyzeIfGrown(ctx, len(rs)); err != nil {
		return nil, t.failed(ctx, err)
	}
	out := make([]cpd.Record, len(rs))
	for i, r := range rs {
		r.Version, r.Data = 1, bytes.Clone(r.Data)
		out[i] = r
	}
	return out, nil
}

// writeMany writes the records and their events, numbered from t.seq+1.
func (t *tx) writeMany(ctx context.Context, rs []cpd.Record, c cpd.Change) error {
	if t.s.d == Postgres && t.conn != nil {
		copied := false
		err := t.conn.Raw(func(dc any) error {
			pc, ok := dc.(*stdlib.Conn)
			if !ok {
				return nil
			}
			copied = true
			return t.copyMany(ctx, pc.Conn(), rs, c)
		})
		if copied || err != nil {
			return err
		}
	}
	return t.insertMany(ctx, rs, c)
}

// analyzeMin is the fewest records a PutMany writes before it considers
// analysing the tables (see analyzeIfGrown).
const analyzeMin = bulkRows

// analyzeIfGrown analyses records and events on PostgreSQL after a
// PutMany of n records, when n is at least analyzeMin and a tenth or more
// of the records PostgreSQL's statistics count (or the table was never
// analysed), as PostgreSQL's manual advises after a bulk load.
//
// Without it, the rest of the transaction plans with statistics of a
// table a fraction of its size: an import's status refreshes, reading one
// record by its key after another, were planned, when records was new,
// to scan records_state_idx across the kind, which is as cheap as the
// primary key on an empty table; with 4,000 people that took seconds per
// thousand reads. Autovacuum analyses too, but only after the import has
// committed. ANALYZE in a transaction holds a SHARE UPDATE EXCLUSIVE lock
// on the tables until it ends, which blocks no reads or writes, only
// another transaction's ANALYZE (so two large imports take turns) or
// VACUUM. A column's own statistics target (ALTER TABLE … SET
// STATISTICS) is kept.
func (t *tx) analyzeIfGrown(ctx context.Context, n int) error {
	if t.s.d != Postgres || n < analyzeMin {
		return nil
	}
	var counted float64 // -1 if never analysed
	if err := t.sql.QueryRowContext(ctx, "SELECT reltuples FROM pg_class WHERE oid = to_regclass('records')").Scan(&counted); err != nil {
		return err
	}
	if counted >= 0 && float64(n) < counted/10 {
		return nil
	}
	for _, stmt := range []string{
		// Until the transaction ends; the session's own setting is kept.
		"SET LOCAL default_statistics_target = " + strconv.Itoa(analyzeTarget),
		"ANALYZE records, events",
	} {
		if _, err := t.sql.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// analyzeTarget is the statistics target of the ANALYZE that
// analyzeIfGrown runs: a tenth of PostgreSQL's default, which samples
// 3,000 rows rather than 30,000 and took 0.4 s rather than 6.6 s on
// tables of 3,200,000 records. It is enough to tell the planner how large
// the tables are and how their keys spread; autovacuum analyses again, at
// the server's own target, once the import has committed.
const analyzeTarget = 10

// undoMany rolls a failed PutMany back to its savepoint. A conflict or
// invalid data leaves the transaction usable; any other error, or a
// failed rollback, ends it.
func (t *tx) undoMany(ctx context.Context, err error) error {
	err = classify(ctx, t.s.d, err)
	if errors.Is(err, cpd.ErrConflict) {
		err = fmt.Errorf("an ID exists already or is given twice: %w", err)
	}
	if ctx.Err() != nil || !(errors.Is(err, cpd.ErrConflict) || errors.Is(err, cpd.ErrInvalid)) {
		return t.failed(ctx, err)
	}
	for _, stmt := range []string{"ROLLBACK TO SAVEPOINT ", "RELEASE SAVEPOINT "} {
		if _, rerr := t.sql.ExecContext(ctx, stmt+putManySavepoint); rerr != nil {
			return t.failed(ctx, errors.Join(err, rerr))
		}
	}
	return err
}

// insertMany writes with multi-row INSERTs of up to bulkRows rows,
// preparing the full-size statements once.
func (t *tx) insertMany(ctx context.Context, rs []cpd.Record, c cpd.Change) error {
	full := min(len(rs), bulkRows)
	recStmt, err := t.sql.PrepareContext(ctx, t.s.q.insertRecords(full))
	if err != nil {
		return err
	}
	defer recStmt.Close()
	evStmt, err := t.sql.PrepareContext(ctx, t.s.q.insertEvents(full))
	if err != nil {
		return err
	}
	defer evStmt.Close()
	recArgs := make([]any, 0, 6*full)
	evArgs := make([]any, 0, 9*full)
	at := t.s.d.timeArg(c.At)
	for start := 0; start < len(rs); start += bulkRows {
		chunk := rs[start:min(start+bulkRows, len(rs))]
		recArgs, evArgs = recArgs[:0], evArgs[:0]
		for i, r := range chunk {
			recArgs = append(recArgs, t.org, string(r.Kind), r.ID, r.Owner, r.State, blob(r.Data))
			evArgs = append(evArgs, t.org, t.seq+int64(start+i)+1, at, c.Actor, c.Action, string(r.Kind), r.ID, r.Owner, blob(r.Data))
		}
		if err := execChunk(ctx, t.sql, recStmt, len(chunk) == full, t.s.q.insertRecords, len(chunk), recArgs); err != nil {
			return err
		}
		if err := execChunk(ctx, t.sql, evStmt, len(chunk) == full, t.s.q.insertEvents, len(chunk), evArgs); err != nil {
			return err
		}
	}
	return nil
}

// execChunk runs the prepared statement for a full chunk, or the query
// for a shorter last one.
func execChunk(ctx context.Context, stx *sql.Tx, stmt *sql.Stmt, isFull bool, query func(int) string, n int, args []any) error {
	var err error
	if isFull {
		_, err = stmt.ExecContext(ctx, args...)
	} else {
		_, err = stx.ExecContext(ctx, query(n), args...)
	}
	return err
}

// copyMany writes with PostgreSQL COPY on the transaction's connection.
func (t *tx) copyMany(ctx context.Context, conn *pgx.Conn, rs []cpd.Record, c cpd.Change) error {
	row := make([]any, 10) // pgx encodes each row before asking for the next
	_, err := conn.CopyFrom(ctx, pgx.Identifier{"records"},
		[]string{"org_id", "kind", "id", "version", "owner", "state", "data"},
		pgx.CopyFromSlice(len(rs), func(i int) ([]any, error) {
			r := &rs[i]
			row = append(row[:0], t.org, string(r.Kind), r.ID, int64(1), r.Owner, r.State, blob(r.Data))
			return row, nil
		}))
	if err != nil {
		return err
	}
	at := t.s.d.timeArg(c.At)
	_, err = conn.CopyFrom(ctx, pgx.Identifier{"events"},
		[]string{"org_id", "seq", "at", "actor", "action", "kind", "id", "owner", "before", "after"},
		pgx.CopyFromSlice(len(rs), func(i int) ([]any, error) {
			r := &rs[i]
			row = append(row[:0], t.org, t.seq+int64(i)+1, at, c.Actor, c.Action, string(r.Kind), r.ID, r.Owner, nil, blob(r.Data))
			return row, nil
		}))
	return err
}

// insertRecords is a multi-row INSERT of n new records: organisation,
// kind, id, owner, state and data for each row.
func (q queries) insertRecords(n int) string {
	return q.multiRow("INSERT INTO records (org_id, kind, id, version, owner, state, data) VALUES ",
		"(%, %, %, 1, %, %, %)", n)
}

// insertEvents is a multi-row INSERT of n creation events: organisation,
// seq, time, actor, action, kind, id, owner and data for each row.
func (q queries) insertEvents(n int) string {
	return q.multiRow("INSERT INTO events (org_id, seq, at, actor, action, kind, id, owner, before, after) VALUES ",
		"(%, %, %, %, %, %, %, %, NULL, %)", n)
}

// multiRow writes a statement that repeats row n times, each % in it a
// placeholder numbered on from the last. On SQLite the placeholders are
// anonymous ("?"): modernc.org/sqlite looks up each numbered one's name
// when binding, in time that grows with their number.
func (q queries) multiRow(head, row string, n int) string {
	var b strings.Builder
	b.Grow(len(head) + n*(len(row)+40))
	b.WriteString(head)
	p := 0
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		for _, c := range []byte(row) {
			switch {
			case c != '%':
				b.WriteByte(c)
			case q.d == SQLite:
				b.WriteByte('?')
			default:
				p++
				b.WriteString("$" + strconv.Itoa(p))
			}
		}
	}
	return b.String()
}
