package memory

import (
	"bytes"
	"context"
	"fmt"

	"github.com/cpdkit/cpdkit/cpd"
)

var _ cpd.UpdateManyTx = (*tx)(nil)

// UpdateMany rewrites existing records at the versions read and appends
// an audit event for each, all or nothing (cpd.UpdateManyTx). It fails,
// writing nothing, with cpd.ErrConflict (a record that does not exist, a
// Version that is not the stored one, or a Kind and ID given twice),
// cpd.ErrInvalid (an argument cpd.CheckRecord or cpd.CheckChange refuses)
// or cpd.ErrReadOnly (in a View).
func (t *tx) UpdateMany(ctx context.Context, rs []cpd.Record, c cpd.Change) ([]cpd.Record, error) {
	if err := cpd.CheckChange(c); err != nil {
		return nil, fmt.Errorf("memory: update many: %w", err)
	}
	for i, r := range rs {
		if err := cpd.CheckRecord(r); err != nil {
			return nil, fmt.Errorf("memory: update many: record %d: %w", i, err)
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(ctx, true); err != nil {
		return nil, fmt.Errorf("memory: update many: %w", err)
	}
	olds := make([]cpd.Record, len(rs))
	seen := make(map[cpd.Kind]map[string]bool)
	for i, r := range rs {
		old, exists := t.lookup(r.Kind, r.ID)
		err := checkVersion(old, exists, r.Version)
		switch {
		case err == nil && !exists:
			err = fmt.Errorf("does not exist (UpdateMany does not create): %w", cpd.ErrConflict)
		case err == nil && seen[r.Kind][r.ID]:
			err = fmt.Errorf("given twice: %w", cpd.ErrConflict)
		}
		if err != nil {
			return nil, fmt.Errorf("memory: update many: %s %q: %w", r.Kind, r.ID, err)
		}
		if seen[r.Kind] == nil {
			seen[r.Kind] = make(map[string]bool)
		}
		seen[r.Kind][r.ID] = true
		olds[i] = old
	}
	out := make([]cpd.Record, len(rs))
	for i, r := range rs {
		stored := r
		stored.Version = r.Version + 1
		stored.Data = bytes.Clone(r.Data)
		t.set(r.Kind, r.ID, &stored)
		t.appendEvent(c, stored.Kind, stored.ID, stored.Owner, olds[i].Data, stored.Data)
		out[i] = clone(stored)
	}
	return out, nil
}
