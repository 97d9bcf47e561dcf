package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cpdkit/cpdkit/cpd"
)

var _ cpd.ScanTx = (*tx)(nil)

// Scan calls fn with the ID and data of every record of the kind, in ID
// (byte) order (cpd.ScanTx): one prepared query for the two columns, each
// row scanned into sql.RawBytes, so fn sees the driver's buffers, valid
// until it returns. On PostgreSQL the statuses come from the table of
// their own that migration 00006 keeps equal to records, where they lie
// together rather than among every other kind. The Tx is busy until Scan returns: fn must not use it.
// fn's error is returned as it is, and leaves the Tx usable.
func (t *tx) Scan(ctx context.Context, kind cpd.Kind, fn func(id, data []byte) error) error {
	if err := cpd.CheckKey(kind, "", false); err != nil {
		return fmt.Errorf("sqlstore: scan: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(ctx, false); err != nil {
		return fmt.Errorf("sqlstore: scan %s: %w", kind, err)
	}
	var rows *sql.Rows
	var err error
	if kind == cpd.KindStatus && t.s.q.scanStatuses != "" {
		rows, err = t.stmt(ctx, t.s.q.scanStatuses).QueryContext(ctx, t.org)
	} else {
		rows, err = t.stmt(ctx, t.s.q.scan).QueryContext(ctx, t.org, string(kind))
	}
	if err != nil {
		return fmt.Errorf("sqlstore: scan %s: %w", kind, t.failed(ctx, err))
	}
	defer rows.Close()
	var id, data sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&id, &data); err != nil {
			return fmt.Errorf("sqlstore: scan %s: %w", kind, t.failed(ctx, err))
		}
		if err := fn(id, data); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlstore: scan %s: %w", kind, t.failed(ctx, err))
	}
	return nil
}
