package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/cpd"
)

// rowsOf reads org_id, id and data of every row a query returns, as one
// string each, in order.
func rowsOf(t *testing.T, db *sql.DB, query string) []string {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), query)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var org, id string
		var data []byte
		require.NoError(t, rows.Scan(&org, &id, &data))
		out = append(out, fmt.Sprintf("%s/%s=%q(nil %t)", org, id, data, data == nil))
	}
	require.NoError(t, rows.Err())
	return out
}

// sameStatuses checks PostgreSQL's statuses table holds exactly the rows
// of kind 'status' in records.
func sameStatuses(t *testing.T, raw *sql.DB, msg string) {
	t.Helper()
	want := rowsOf(t, raw, `SELECT org_id, id, data FROM records WHERE kind = 'status' ORDER BY org_id, id`)
	got := rowsOf(t, raw, `SELECT org_id, id, data FROM statuses ORDER BY org_id, id`)
	require.Equal(t, want, got, msg)
}

// scanStatuses checks Scan of statuses in tx gives what List gives.
func scanStatuses(t *testing.T, ctx context.Context, tx cpd.Tx, msg string) {
	t.Helper()
	var listed, scanned []string
	page, err := tx.List(ctx, cpd.KindStatus, cpd.Query{Limit: cpd.MaxLimit})
	require.NoError(t, err)
	for _, r := range page.Records {
		listed = append(listed, r.ID+"="+string(r.Data))
	}
	require.NoError(t, tx.(cpd.ScanTx).Scan(ctx, cpd.KindStatus, func(id, data []byte) error {
		scanned = append(scanned, string(id)+"="+string(data))
		return nil
	}))
	require.Equal(t, listed, scanned, msg)
}

// TestStatusesFollowRecords: on PostgreSQL, the statuses table that Scan
// reads the statuses from holds exactly records' rows of kind status
// through every way of writing them (Put, PutMany's COPY, UpdateMany,
// Delete, and SQL by hand that changes a row's kind or ID), within the
// transaction that writes them and after it, and leaves other kinds out.
func TestStatusesFollowRecords(t *testing.T) {
	ctx := t.Context()
	dsn := freshSchema(t)
	s := open(t, dsn, nil)
	raw := rawDB(t, dsn)
	st := func(id, data string) cpd.Record {
		return cpd.Record{Kind: cpd.KindStatus, ID: id, Owner: id, Data: []byte(data)}
	}
	require.NoError(t, s.Update(ctx, "org-a", func(tx cpd.Tx) error {
		_, err := tx.Put(ctx, st("p-ada", `{"person":"p-ada"}`), bulkChange)
		require.NoError(t, err)
		_, err = tx.Put(ctx, cpd.Record{Kind: cpd.KindPerson, ID: "p-ada", Data: []byte(`{}`)}, bulkChange)
		require.NoError(t, err)
		_, err = tx.(cpd.BulkTx).PutMany(ctx, []cpd.Record{st("p-bob", `{"person":"p-bob"}`), st("p-cy", ""),
			{Kind: cpd.KindActivity, ID: "a1", Owner: "p-bob", Data: []byte(`{"hours":"1"}`)}}, bulkChange)
		require.NoError(t, err)
		scanStatuses(t, ctx, tx, "Scan sees the transaction's writes")
		return nil
	}))
	require.NoError(t, s.Update(ctx, "org-b", func(tx cpd.Tx) error {
		_, err := tx.Put(ctx, st("p-ada", `{"person":"p-ada","org":"b"}`), bulkChange)
		return err
	}))
	sameStatuses(t, raw, "after Put and PutMany")

	require.NoError(t, s.Update(ctx, "org-a", func(tx cpd.Tx) error {
		ada := st("p-ada", `{"person":"p-ada","v":2}`)
		ada.Version = 1
		_, err := tx.Put(ctx, ada, bulkChange)
		require.NoError(t, err)
		bob, cy := st("p-bob", `{"person":"p-bob","v":2}`), st("p-cy", `{"v":2}`)
		bob.Version, cy.Version = 1, 1
		_, err = tx.(cpd.UpdateManyTx).UpdateMany(ctx, []cpd.Record{bob, cy}, bulkChange)
		require.NoError(t, err)
		require.NoError(t, tx.Delete(ctx, cpd.KindStatus, "p-cy", 2, bulkChange))
		scanStatuses(t, ctx, tx, "Scan sees the transaction's updates and deletes")
		return nil
	}))
	sameStatuses(t, raw, "after Put, UpdateMany and Delete")

	_, err := raw.ExecContext(ctx, `UPDATE records SET id = 'p-dee' WHERE org_id = 'org-a' AND kind = 'status' AND id = 'p-bob'`)
	require.NoError(t, err)
	sameStatuses(t, raw, "after an ID changed by hand")
	_, err = raw.ExecContext(ctx, `UPDATE records SET kind = 'note' WHERE org_id = 'org-a' AND kind = 'status' AND id = 'p-dee'`)
	require.NoError(t, err)
	sameStatuses(t, raw, "after a kind changed away from status by hand")
	_, err = raw.ExecContext(ctx, `UPDATE records SET kind = 'status' WHERE org_id = 'org-a' AND kind = 'activity'`)
	require.NoError(t, err)
	sameStatuses(t, raw, "after a kind changed to status by hand")
	require.NoError(t, s.View(ctx, "org-a", func(tx cpd.Tx) error {
		scanStatuses(t, ctx, tx, "Scan in a View")
		return nil
	}))
}

// TestStatusesMigrated: migration 00006 fills the statuses table from the
// statuses records already has, and its Down drops it.
func TestStatusesMigrated(t *testing.T) {
	ctx := t.Context()
	dsn := freshSchema(t)
	raw := rawDB(t, dsn)
	p, err := sqlstore.Migrator(raw, sqlstore.Postgres)
	require.NoError(t, err)
	_, err = p.UpTo(ctx, 5)
	require.NoError(t, err)
	_, err = raw.ExecContext(ctx, `INSERT INTO orgs (org_id, last_seq) VALUES ('org-a', 0), ('org-b', 0)`)
	require.NoError(t, err)
	_, err = raw.ExecContext(ctx, `INSERT INTO records (org_id, kind, id, version, owner, state, data) VALUES
		('org-a', 'status', 'p-ada', 3, 'p-ada', '', '{"person":"p-ada"}'::bytea),
		('org-a', 'status', 'p-bob', 1, 'p-bob', '', NULL),
		('org-a', 'person', 'p-ada', 1, 'p-ada', '', '{}'::bytea),
		('org-b', 'status', 'p-ada', 1, 'p-ada', '', ''::bytea)`)
	require.NoError(t, err)
	_, err = p.UpTo(ctx, 6)
	require.NoError(t, err)
	sameStatuses(t, raw, "after the migration")
	require.Len(t, rowsOf(t, raw, `SELECT org_id, id, data FROM statuses`), 3)

	_, err = p.DownTo(ctx, 5)
	require.NoError(t, err)
	var n int
	require.NoError(t, raw.QueryRowContext(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'statuses'`).Scan(&n))
	require.Zero(t, n, "Down drops statuses")
	_, err = raw.ExecContext(ctx, `UPDATE records SET data = NULL WHERE kind = 'status'`)
	require.NoError(t, err, "records takes writes without the trigger's table")
}
