package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/cpdkit/cpdkit/cpd"
)

// queries are the statements a Store runs, in its dialect. Every one
// names its organisation in the WHERE clause or the row it writes: none
// crosses organisations.
type queries struct {
	d Dialect

	get, insert, update, delete string
	lastSeq, addOrg, saveSeq    string
	addEvent                    string
	scan                        string

	// PostgreSQL only ("" on SQLite): a Put as one statement, record and
	// event together (see putPostgres).
	createWithEvent, updateWithEvent string
	// PostgreSQL only: scan for the statuses, from the table of their own
	// that migration 00006 keeps (see Scan).
	scanStatuses string
}

// newQueries writes the statements for a dialect.
func newQueries(d Dialect) queries {
	q := queries{
		d: d,
		get: d.rebind(`SELECT version, owner, state, data, data IS NULL FROM records
			WHERE org_id = $1 AND kind = $2 AND id = $3`),
		insert: d.rebind(`INSERT INTO records (org_id, kind, id, version, owner, state, data)
			VALUES ($1, $2, $3, 1, $4, $5, $6)`),
		update: d.rebind(`UPDATE records SET version = $5, owner = $6, state = $7, data = $8
			WHERE org_id = $1 AND kind = $2 AND id = $3 AND version = $4`),
		delete: d.rebind(`DELETE FROM records
			WHERE org_id = $1 AND kind = $2 AND id = $3 AND version = $4`),
		lastSeq: d.rebind(`SELECT last_seq FROM orgs WHERE org_id = $1`),
		addOrg:  d.rebind(`INSERT INTO orgs (org_id, last_seq) VALUES ($1, 0)`),
		saveSeq: d.rebind(`UPDATE orgs SET last_seq = $2 WHERE org_id = $1`),
		addEvent: d.rebind(`INSERT INTO events (org_id, seq, at, actor, action, kind, id, owner, before, after)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`),
		scan: d.rebind(`SELECT id, data FROM records WHERE org_id = $1 AND kind = $2 ORDER BY id`),
	}
	if d == Postgres {
		q.scanStatuses = `SELECT id, data FROM statuses WHERE org_id = $1 ORDER BY id`
		// Creates the record unless its ID exists, with its event (Seq $7),
		// and says whether it did.
		q.createWithEvent = `WITH w AS (
				INSERT INTO records (org_id, kind, id, version, owner, state, data)
				VALUES ($1, $2, $3, 1, $4, $5, $6)
				ON CONFLICT (org_id, kind, id) DO NOTHING
				RETURNING 1
			), e AS (
				INSERT INTO events (org_id, seq, at, actor, action, kind, id, owner, before, after)
				SELECT $1, $7, $8, $9, $10, $2, $3, $4, NULL, $6 FROM w
			)
			SELECT count(*) FROM w`
		// Updates the record from version $4 to $5, with its event (Seq $9,
		// the stored data before), and returns the stored version (no row if
		// there is no record) and whether it updated.
		q.updateWithEvent = `WITH old AS (
				SELECT version, data FROM records WHERE org_id = $1 AND kind = $2 AND id = $3
			), w AS (
				UPDATE records SET version = $5, owner = $6, state = $7, data = $8
				WHERE org_id = $1 AND kind = $2 AND id = $3 AND version = $4
				RETURNING 1
			), e AS (
				INSERT INTO events (org_id, seq, at, actor, action, kind, id, owner, before, after)
				SELECT $1, $9, $10, $11, $12, $2, $3, $6, old.data, $8 FROM old, w
			)
			SELECT old.version, EXISTS (SELECT 1 FROM w) FROM old`
	}
	return q
}

// fixed returns the statements that take the same shape every time, to
// prepare once.
func (q queries) fixed() []string {
	fixed := []string{q.get, q.insert, q.update, q.delete, q.lastSeq, q.addOrg, q.saveSeq, q.addEvent, q.scan}
	if q.d == Postgres {
		fixed = append(fixed, q.createWithEvent, q.updateWithEvent, q.scanStatuses)
	}
	return fixed
}

// prepare prepares the fixed statements on db.
func (q queries) prepare(ctx context.Context, db *sql.DB) (map[string]*sql.Stmt, error) {
	prepared := make(map[string]*sql.Stmt)
	for _, query := range q.fixed() {
		stmt, err := db.PrepareContext(ctx, query)
		if err != nil {
			closeAll(prepared)
			return nil, err
		}
		prepared[query] = stmt
	}
	return prepared, nil
}

// closeAll closes prepared statements.
func closeAll(prepared map[string]*sql.Stmt) error {
	var errs []error
	for _, stmt := range prepared {
		errs = append(errs, stmt.Close())
	}
	return errors.Join(errs...)
}

// list returns the statement and arguments for one page of a List, asking
// for one record more than the page holds, to learn whether another page
// follows.
func (q queries) list(org string, kind cpd.Kind, f cpd.Query, limit int) (string, []any) {
	var b strings.Builder
	args := []any{org, string(kind), f.After}
	b.WriteString(`SELECT id, version, owner, state, data, data IS NULL FROM records
		WHERE org_id = $1 AND kind = $2 AND id > $3`)
	if f.Owner != "" {
		args = append(args, f.Owner)
		b.WriteString(" AND owner = $" + strconv.Itoa(len(args)))
	}
	if len(f.States) > 0 {
		args = whereIn(&b, args, "state", f.States)
	}
	b.WriteString(" ORDER BY id LIMIT " + strconv.Itoa(limit+1))
	return q.d.rebind(b.String()), args
}

// whereIn writes " AND column IN ($n, …)" with a placeholder for each
// value, numbered on from args, and returns args with the values added.
func whereIn(b *strings.Builder, args []any, column string, values []string) []any {
	b.WriteString(" AND " + column + " IN (")
	for i, v := range values {
		args = append(args, v)
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(len(args)))
	}
	b.WriteString(")")
	return args
}

// events returns the statement and arguments for Events.
func (q queries) events(org string, f cpd.EventQuery, limit int) (string, []any) {
	var b strings.Builder
	args := []any{org, max(f.After, 0)}
	b.WriteString(`SELECT seq, at, actor, action, kind, id, owner, before, before IS NULL, after, after IS NULL
		FROM events WHERE org_id = $1 AND seq > $2`)
	for _, c := range []struct{ col, val string }{{"kind", string(f.Kind)}, {"id", f.ID}, {"owner", f.Owner}} {
		if c.val != "" {
			args = append(args, c.val)
			b.WriteString(" AND " + c.col + " = $" + strconv.Itoa(len(args)))
		}
	}
	b.WriteString(" ORDER BY seq LIMIT " + strconv.Itoa(limit))
	return q.d.rebind(b.String()), args
}
