package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cpdkit/cpdkit/cpd"
)

var _ cpd.ReadManyTx = (*tx)(nil)

// readManyChunk is how many IDs or owners one statement of GetMany or
// ListOwners names; on SQLite each is a parameter, and a statement may
// have at most 32,766.
const readManyChunk = 500

// GetMany returns the records of the kind whose IDs are given and exist,
// in ID (byte) order, each once (cpd.ReadManyTx): one statement for each
// readManyChunk IDs.
func (t *tx) GetMany(ctx context.Context, kind cpd.Kind, ids []string) ([]cpd.Record, error) {
	if err := cpd.CheckReadMany(kind, "ids", ids, nil); err != nil {
		return nil, fmt.Errorf("sqlstore: get many: %w", err)
	}
	out, err := t.readMany(ctx, kind, "id", ids, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: get many %s: %w", kind, err)
	}
	return out, nil
}

// ListOwners returns every record of the kind owned by one of owners, in
// one of states if any are given, ordered by owner, then ID
// (cpd.ReadManyTx): one statement for each readManyChunk owners, through
// records_owner_idx.
func (t *tx) ListOwners(ctx context.Context, kind cpd.Kind, owners, states []string) ([]cpd.Record, error) {
	if err := cpd.CheckReadMany(kind, "owners", owners, states); err != nil {
		return nil, fmt.Errorf("sqlstore: list owners: %w", err)
	}
	out, err := t.readMany(ctx, kind, "owner", owners, states)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list owners %s: %w", kind, err)
	}
	return out, nil
}

// readMany reads the records of the kind whose column (id or owner) has
// one of the values, and whose state is one of states if any are given,
// in order of that column and then ID.
func (t *tx) readMany(ctx context.Context, kind cpd.Kind, column string, values, states []string) ([]cpd.Record, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(ctx, false); err != nil {
		return nil, err
	}
	set := slices.Compact(slices.Sorted(slices.Values(values)))
	out := []cpd.Record{}
	for chunk := range slices.Chunk(set, readManyChunk) {
		query, args := t.s.q.readMany(t.org, kind, column, chunk, states)
		if err := t.rows(ctx, query, args, scanRecords(kind, &out)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readMany returns the statement and arguments for one chunk of GetMany
// (column "id") or ListOwners (column "owner"). PostgreSQL gets each list
// as one array parameter, so that every chunk is the same statement;
// SQLite, which has no arrays, a parameter for each value.
func (q queries) readMany(org string, kind cpd.Kind, column string, values, states []string) (string, []any) {
	var b strings.Builder
	args := []any{org, string(kind)}
	b.WriteString(`SELECT id, version, owner, state, data, data IS NULL FROM records
		WHERE org_id = $1 AND kind = $2`)
	for _, f := range []struct {
		col  string
		vals []string
	}{{column, values}, {"state", states}} {
		if f.col == "state" && len(f.vals) == 0 {
			continue
		}
		if q.d == Postgres {
			args = append(args, f.vals)
			b.WriteString(" AND " + f.col + " = ANY($" + strconv.Itoa(len(args)) + ")")
			continue
		}
		args = whereIn(&b, args, f.col, f.vals)
	}
	if column == "owner" {
		b.WriteString(" ORDER BY owner, id")
	} else {
		b.WriteString(" ORDER BY id")
	}
	return q.d.rebind(b.String()), args
}
