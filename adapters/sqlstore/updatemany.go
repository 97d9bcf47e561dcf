package sqlstore

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/cpdkit/cpdkit/cpd"
)

var _ cpd.UpdateManyTx = (*tx)(nil)

// updateManyRows is how many records one statement of UpdateMany writes.
// On SQLite a row's event takes ten parameters, well under its limit of
// 32,766 per statement; on PostgreSQL each column is one array parameter.
const updateManyRows = bulkRows

// updateManySavepoint undoes an UpdateMany that fails half-way, so that
// the transaction goes on as if it had not been called.
const updateManySavepoint = "cpdkit_update_many"

// UpdateMany rewrites existing records at the versions read and appends
// an audit event for each, all or nothing (cpd.UpdateManyTx). On
// PostgreSQL one statement checks every version, writes the records and
// appends their events, with each column of the records as one array
// parameter (for each updateManyRows records); on SQLite it reads the
// stored versions and data readManyChunk records a statement, then writes
// them with UPDATE … FROM (VALUES …) and multi-row INSERTs of their
// events, updateManyRows records a statement. The events take consecutive
// Seqs, as Put's do.
//
// It fails, writing nothing and leaving the Tx usable, with
// cpd.ErrConflict (a record that does not exist, a Version that is not the
// stored one, or a Kind and ID given twice) or cpd.ErrInvalid (a name
// that cpd.CheckRecord or cpd.CheckChange refuses, or data the database
// rejects); with cpd.ErrReadOnly in a View; or with the database's
// error, after which the Update does not commit.
func (t *tx) UpdateMany(ctx context.Context, rs []cpd.Record, c cpd.Change) ([]cpd.Record, error) {
	if err := cpd.CheckChange(c); err != nil {
		return nil, fmt.Errorf("sqlstore: update many: %w", err)
	}
	for i, r := range rs {
		if err := cpd.CheckRecord(r); err != nil {
			return nil, fmt.Errorf("sqlstore: update many: record %d: %w", i, err)
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	out, err := t.updateMany(ctx, rs, c)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: update many: %w", err)
	}
	return out, nil
}

// updateMany does UpdateMany's work. The caller holds t.mu.
func (t *tx) updateMany(ctx context.Context, rs []cpd.Record, c cpd.Change) ([]cpd.Record, error) {
	if err := t.usable(ctx, true); err != nil {
		return nil, err
	}
	if err := checkUpdates(rs); err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return []cpd.Record{}, nil
	}
	if err := t.loadSeq(ctx); err != nil {
		return nil, err
	}
	var befores [][]byte
	var keeps []bool
	if t.s.d == SQLite {
		// Every version is checked before anything is written.
		var err error
		if befores, keeps, err = t.storedData(ctx, rs); err != nil {
			return nil, err
		}
	}
	if _, err := t.sql.ExecContext(ctx, "SAVEPOINT "+updateManySavepoint); err != nil {
		return nil, t.failed(ctx, err)
	}
	var err error
	if t.s.d == Postgres {
		err = t.updateManyPostgres(ctx, rs, c)
	} else {
		err = t.updateManySQLite(ctx, rs, befores, keeps, c)
	}
	if err != nil {
		return nil, t.undoUpdates(ctx, err)
	}
	if _, err := t.sql.ExecContext(ctx, "RELEASE SAVEPOINT "+updateManySavepoint); err != nil {
		return nil, t.failed(ctx, err)
	}
	t.seq += int64(len(rs))
	out := make([]cpd.Record, len(rs))
	for i, r := range rs {
		r.Version++
		r.Data = bytes.Clone(r.Data)
		out[i] = r
	}
	return out, nil
}

// checkUpdates refuses, with cpd.ErrConflict, a version that no stored
// record has (below 1) and a record given twice.
func checkUpdates(rs []cpd.Record) error {
	keys := make([]int, len(rs))
	for i, r := range rs {
		if r.Version < 1 {
			return fmt.Errorf("record %d (%s %q): version %d of a record to update: %w", i, r.Kind, r.ID, r.Version, cpd.ErrConflict)
		}
		keys[i] = i
	}
	slices.SortFunc(keys, func(a, b int) int {
		return cmp.Or(cmp.Compare(rs[a].Kind, rs[b].Kind), cmp.Compare(rs[a].ID, rs[b].ID))
	})
	for i := 1; i < len(keys); i++ {
		if a, b := rs[keys[i-1]], rs[keys[i]]; a.Kind == b.Kind && a.ID == b.ID {
			return fmt.Errorf("%s %q given twice: %w", a.Kind, a.ID, cpd.ErrConflict)
		}
	}
	return nil
}

// undoUpdates rolls a failed UpdateMany back to its savepoint. A conflict
// or invalid data leaves the transaction usable; any other error, or a
// failed rollback, ends it.
func (t *tx) undoUpdates(ctx context.Context, err error) error {
	err = classify(ctx, t.s.d, err)
	if ctx.Err() != nil || !(errors.Is(err, cpd.ErrConflict) || errors.Is(err, cpd.ErrInvalid)) {
		return t.failed(ctx, err)
	}
	for _, stmt := range []string{"ROLLBACK TO SAVEPOINT ", "RELEASE SAVEPOINT "} {
		if _, rerr := t.sql.ExecContext(ctx, stmt+updateManySavepoint); rerr != nil {
			return t.failed(ctx, errors.Join(err, rerr))
		}
	}
	return err
}

// updateManyPostgres writes the records and their events, numbered from
// t.seq+1, with one statement for each updateManyRows records.
func (t *tx) updateManyPostgres(ctx context.Context, rs []cpd.Record, c cpd.Change) error {
	at := t.s.d.timeArg(c.At)
	for start := 0; start < len(rs); start += updateManyRows {
		chunk := rs[start:min(start+updateManyRows, len(rs))]
		kinds, ids, owners, states := make([]string, len(chunk)), make([]string, len(chunk)), make([]string, len(chunk)), make([]string, len(chunk))
		versions, data := make([]int64, len(chunk)), make([][]byte, len(chunk))
		for i, r := range chunk {
			kinds[i], ids[i], owners[i], states[i], versions[i], data[i] = string(r.Kind), r.ID, r.Owner, r.State, r.Version, r.Data
		}
		var matched, updated int
		var first sql.NullInt64
		err := t.sql.QueryRowContext(ctx, updateManyPostgresQuery, t.org, kinds, ids, versions, owners, states, data,
			len(chunk), t.seq+int64(start), at, c.Actor, c.Action).Scan(&matched, &updated, &first)
		switch {
		case err != nil:
			return err
		case matched != len(chunk):
			r := chunk[max(first.Int64-1, 0)]
			return fmt.Errorf("record %d (%s %q): version %d does not exist or is stale: %w",
				start+int(first.Int64)-1, r.Kind, r.ID, r.Version, cpd.ErrConflict)
		case updated != len(chunk):
			return fmt.Errorf("%d of %d records updated", updated, len(chunk))
		}
	}
	return nil
}

// updateManyPostgresQuery checks that every record given ($2 to $7, one
// array per column, $8 records) exists at its version, and only then
// updates them all and appends their events (Seq $9 + the record's
// position, from 1). It returns how many records it found at their
// versions, how many it updated, and the position of the first it did not
// find (NULL if none).
//
// The records are found once, through the primary key, and updated by the
// row that lookup found (its ctid, with the key and version checked
// again): joining the update to the arrays by key instead let the planner
// hash every record of the organisation for each statement, which it
// judged cheaper than a thousand lookups while the organisation had tens
// of thousands of records (TestUpdateManyPlan).
const updateManyPostgresQuery = `WITH v AS (
		SELECT * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::bytea[])
			WITH ORDINALITY AS v (kind, id, version, owner, state, data, n)
	), old AS (
		SELECT v.n, r.ctid AS tid, r.data FROM v JOIN records r
			ON r.org_id = $1 AND r.kind = v.kind AND r.id = v.id AND r.version = v.version
	), ok AS MATERIALIZED (
		SELECT count(*) = $8 AS all_found FROM old
	), w AS (
		UPDATE records r SET version = v.version + 1, owner = v.owner, state = v.state, data = v.data
		FROM v JOIN old ON old.n = v.n, ok
		WHERE ok.all_found AND r.ctid = old.tid
			AND r.org_id = $1 AND r.kind = v.kind AND r.id = v.id AND r.version = v.version
		RETURNING 1
	), e AS (
		INSERT INTO events (org_id, seq, at, actor, action, kind, id, owner, before, after)
		SELECT $1, $9 + v.n, $10, $11, $12, v.kind, v.id, v.owner, old.data, v.data
		FROM v JOIN old ON old.n = v.n, ok
		WHERE ok.all_found
	)
	SELECT (SELECT count(*) FROM old), (SELECT count(*) FROM w),
		(SELECT min(v.n) FROM v WHERE NOT EXISTS (SELECT 1 FROM old WHERE old.n = v.n))`

// storedData reads the stored versions and data of the records, on
// SQLite, readManyChunk a statement, and returns each one's data and
// whether its owner and state stay as stored, or cpd.ErrConflict if one
// does not exist or is at another version.
func (t *tx) storedData(ctx context.Context, rs []cpd.Record) ([][]byte, []bool, error) {
	type stored struct {
		version      int64
		owner, state string
		data         []byte
	}
	found := make(map[string]stored, len(rs))
	byKind := make(map[cpd.Kind][]string)
	for _, r := range rs {
		byKind[r.Kind] = append(byKind[r.Kind], r.ID)
	}
	for kind, ids := range byKind {
		for chunk := range slices.Chunk(ids, readManyChunk) {
			query, args := t.s.q.readMany(t.org, kind, "id", chunk, nil)
			err := t.rows(ctx, query, args, func(rows *sql.Rows) error {
				var id string
				var s stored
				var null bool
				if err := rows.Scan(&id, &s.version, &s.owner, &s.state, &s.data, &null); err != nil {
					return err
				}
				s.data = notNull(s.data, null)
				found[string(kind)+"\x00"+id] = s
				return nil
			})
			if err != nil {
				return nil, nil, err
			}
		}
	}
	befores, keeps := make([][]byte, len(rs)), make([]bool, len(rs))
	for i, r := range rs {
		s, ok := found[string(r.Kind)+"\x00"+r.ID]
		if err := checkVersion(cpd.Record{Version: s.version}, ok, r.Version); err != nil {
			return nil, nil, fmt.Errorf("record %d (%s %q): %w", i, r.Kind, r.ID, err)
		}
		befores[i], keeps[i] = s.data, s.owner == r.Owner && s.state == r.State
	}
	return befores, keeps, nil
}

// updateManySQLite writes the records, whose versions storedData
// checked, and their events (befores the data they replace), numbered
// from t.seq+1, updateManyRows records a statement. The records whose
// owner and state stay as stored (keeps), as a status's usually do, are
// written by an UPDATE that sets neither: SQLite rewrites the entries of
// every index on a column that an UPDATE sets, whatever its value, and
// leaving out the owner's and the state's indexes halves the cost of
// rewriting a record.
func (t *tx) updateManySQLite(ctx context.Context, rs []cpd.Record, befores [][]byte, keeps []bool, c cpd.Change) error {
	at := t.s.d.timeArg(c.At)
	var keepArgs, moveArgs, evArgs []any
	for start := 0; start < len(rs); start += updateManyRows {
		chunk := rs[start:min(start+updateManyRows, len(rs))]
		keepArgs, moveArgs, evArgs = keepArgs[:0], moveArgs[:0], evArgs[:0]
		for i, r := range chunk {
			if keeps[start+i] {
				keepArgs = append(keepArgs, string(r.Kind), r.ID, r.Version, blob(r.Data))
			} else {
				moveArgs = append(moveArgs, string(r.Kind), r.ID, r.Version, r.Owner, r.State, blob(r.Data))
			}
			evArgs = append(evArgs, t.org, t.seq+int64(start+i)+1, at, c.Actor, c.Action, string(r.Kind), r.ID, r.Owner,
				blob(befores[start+i]), blob(r.Data))
		}
		updated := int64(0)
		for _, u := range []struct {
			args  []any
			query func(int) string
			cols  int
		}{{keepArgs, t.s.q.updateRecordsKeeping, 4}, {moveArgs, t.s.q.updateRecords, 6}} {
			if len(u.args) == 0 {
				continue
			}
			res, err := t.sql.ExecContext(ctx, u.query(len(u.args)/u.cols), append(u.args, t.org)...)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			updated += n
		}
		if updated != int64(len(chunk)) {
			return fmt.Errorf("%d of %d records updated", updated, len(chunk))
		}
		if _, err := t.sql.ExecContext(ctx, t.s.q.insertUpdateEvents(len(chunk)), evArgs...); err != nil {
			return err
		}
	}
	return nil
}

// updateRecords is SQLite's UPDATE of n records, each at its version:
// kind, id, version, owner, state and data for each row, then the
// organisation.
func (q queries) updateRecords(n int) string {
	return q.multiRow(`UPDATE records SET version = v.column3 + 1, owner = v.column4, state = v.column5, data = v.column6
		FROM (VALUES `, "(%, %, %, %, %, %)", n) + `) AS v
		WHERE records.org_id = ? AND records.kind = v.column1 AND records.id = v.column2 AND records.version = v.column3`
}

// updateRecordsKeeping is SQLite's UPDATE of n records, each at its
// version, whose owner and state stay as they are: kind, id, version and
// data for each row, then the organisation.
func (q queries) updateRecordsKeeping(n int) string {
	return q.multiRow(`UPDATE records SET version = v.column3 + 1, data = v.column4
		FROM (VALUES `, "(%, %, %, %)", n) + `) AS v
		WHERE records.org_id = ? AND records.kind = v.column1 AND records.id = v.column2 AND records.version = v.column3`
}

// insertUpdateEvents is a multi-row INSERT of n events with the data
// before and after: organisation, seq, time, actor, action, kind, id,
// owner, before and after for each row.
func (q queries) insertUpdateEvents(n int) string {
	return q.multiRow("INSERT INTO events (org_id, seq, at, actor, action, kind, id, owner, before, after) VALUES ",
		"(%, %, %, %, %, %, %, %, %, %)", n)
}
