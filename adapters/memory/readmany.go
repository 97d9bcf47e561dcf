package memory

import (
	"context"
	"fmt"
	"slices"

	"github.com/cpdkit/cpdkit/cpd"
)

var _ cpd.ReadManyTx = (*tx)(nil)

// GetMany returns the records of the kind whose IDs are given and exist,
// in ID order, each once (cpd.ReadManyTx).
func (t *tx) GetMany(ctx context.Context, kind cpd.Kind, ids []string) ([]cpd.Record, error) {
	if err := cpd.CheckReadMany(kind, "ids", ids, nil); err != nil {
		return nil, fmt.Errorf("memory: get many: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(ctx, false); err != nil {
		return nil, fmt.Errorf("memory: get many %s: %w", kind, err)
	}
	ids = sortedSet(ids)
	out := make([]cpd.Record, 0, len(ids))
	for _, id := range ids {
		if r, ok := t.lookup(kind, id); ok {
			out = append(out, clone(r))
		}
	}
	return out, nil
}

// ListOwners returns every record of the kind owned by one of owners ("" for
// records without an owner), in one of states if any are given, ordered by
// owner, then ID (cpd.ReadManyTx).
func (t *tx) ListOwners(ctx context.Context, kind cpd.Kind, owners, states []string) ([]cpd.Record, error) {
	if err := cpd.CheckReadMany(kind, "owners", owners, states); err != nil {
		return nil, fmt.Errorf("memory: list owners: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(ctx, false); err != nil {
		return nil, fmt.Errorf("memory: list owners %s: %w", kind, err)
	}
	q := cpd.Query{States: states}
	out := []cpd.Record{}
	for _, owner := range sortedSet(owners) {
		// scan reads every record for owner "", so each is checked here.
		for r := range t.scan(kind, "", owner, nil) {
			if r.Owner == owner && matches(r, q) {
				out = append(out, clone(r))
			}
		}
	}
	return out, nil
}

// sortedSet returns the strings in byte order, each once.
func sortedSet(xs []string) []string {
	return slices.Compact(slices.Sorted(slices.Values(xs)))
}
