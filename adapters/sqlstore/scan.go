package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/cpdkit/cpdkit/cpd"
)

var _ cpd.ScanTx = (*tx)(nil)

// Scan calls fn with the ID and data of every record of the kind, in ID
// (byte) order (cpd.ScanTx), from one query for the two columns. fn sees
// the driver's buffers, valid until it returns. On PostgreSQL the
// statuses come from the table of their own that migration 6 keeps equal
// to records, where they lie together rather than among every other
// kind; and the rows are read through pgx on the transaction's own
// connection, whose read buffer fn sees, so that a row costs no
// allocation (database/sql's driver copies each value). Elsewhere each
// row is scanned into sql.RawBytes. The Tx is busy until Scan returns: fn
// must not use it. fn's error is returned as it is, and leaves the Tx
// usable.
func (t *tx) Scan(ctx context.Context, kind cpd.Kind, fn func(id, data []byte) error) error {
	if err := cpd.CheckKey(kind, "", false); err != nil {
		return fmt.Errorf("sqlstore: scan: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(ctx, false); err != nil {
		return fmt.Errorf("sqlstore: scan %s: %w", kind, err)
	}
	query, args := t.s.q.scan, []string{t.org, string(kind)}
	if kind == cpd.KindStatus && t.s.q.scanStatuses != "" {
		query, args = t.s.q.scanStatuses, args[:1]
	}
	read, fnErr, err := t.scanPgx(ctx, query, args, fn)
	if !read && err == nil {
		fnErr, err = t.scanRows(ctx, query, args, fn)
	}
	if err != nil {
		return fmt.Errorf("sqlstore: scan %s: %w", kind, t.failed(ctx, err))
	}
	return fnErr
}

// scanRows runs the prepared query through database/sql, each row
// scanned into sql.RawBytes, and returns fn's error or the database's.
func (t *tx) scanRows(ctx context.Context, query string, args []string, fn func(id, data []byte) error) (fnErr, err error) {
	params := make([]any, len(args))
	for i, a := range args {
		params[i] = a
	}
	rows, err := t.stmt(ctx, query).QueryContext(ctx, params...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var id, data sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&id, &data); err != nil {
			return nil, err
		}
		if err := fn(id, data); err != nil {
			return err, nil
		}
	}
	return nil, rows.Err()
}

// scanPgx runs the query through pgx on the transaction's connection,
// when it has one of pgx's (read reports whether it did), and returns
// fn's error or the database's. Each row's values are pgx's raw ones,
// views of its read buffer: the ID as text, the data in binary (its
// bytes, NULL as nil). After fn's error the rest of the rows are read and
// dropped, so that the connection is ready for the next statement.
func (t *tx) scanPgx(ctx context.Context, query string, args []string, fn func(id, data []byte) error) (read bool, fnErr, err error) {
	if t.s.d != Postgres || t.conn == nil {
		return false, nil, nil
	}
	err = t.conn.Raw(func(dc any) error {
		pc, ok := dc.(*stdlib.Conn)
		if !ok {
			return nil
		}
		read = true
		params := []any{pgx.QueryResultFormats{pgx.TextFormatCode, pgx.BinaryFormatCode}}
		for _, a := range args {
			params = append(params, a)
		}
		rows, err := pc.Conn().Query(ctx, query, params...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for fnErr == nil && rows.Next() {
			v := rows.RawValues()
			fnErr = fn(v[0], v[1])
		}
		rows.Close()
		return rows.Err()
	})
	return read, fnErr, err
}
