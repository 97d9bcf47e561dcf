package memory

import (
	"bytes"
	"context"
	"fmt"

	"github.com/cpdkit/cpdkit/cpd"
)

var _ cpd.ScanTx = (*tx)(nil)

// Scan calls fn with the ID and data of every record of the kind, in ID
// order, including this transaction's writes (cpd.ScanTx). It reads them
// all first, so fn may use the Tx even though the contract does not
// promise it, and gives fn copies.
func (t *tx) Scan(ctx context.Context, kind cpd.Kind, fn func(id, data []byte) error) error {
	if err := cpd.CheckKey(kind, "", false); err != nil {
		return fmt.Errorf("memory: scan: %w", err)
	}
	t.mu.Lock()
	if err := t.usable(ctx, false); err != nil {
		t.mu.Unlock()
		return fmt.Errorf("memory: scan %s: %w", kind, err)
	}
	var rs []cpd.Record
	for r := range t.scan(kind, "", "", nil) {
		rs = append(rs, r)
	}
	t.mu.Unlock()
	for _, r := range rs {
		if err := fn([]byte(r.ID), bytes.Clone(r.Data)); err != nil {
			return err
		}
	}
	return nil
}
