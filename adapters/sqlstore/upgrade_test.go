package sqlstore

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// TestUpgradeKeepsRecords: migrating an SQLite database of the first
// schema to the newest, which builds the records table again with domain
// checks, loses no record or event, nor a byte of either, and the checks
// hold afterwards.
func TestUpgradeKeepsRecords(t *testing.T) {
	ctx := t.Context()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "cpd.db")
	d, db, err := openDB(dsn, nil)
	require.NoError(t, err)
	p, err := newMigrator(db, d)
	require.NoError(t, err)
	_, err = p.UpTo(ctx, 1)
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `INSERT INTO orgs (org_id, last_seq) VALUES ('org-a', 0)`)
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `INSERT INTO records (org_id, kind, id, version, owner, state, data) VALUES
		('org-a', 'activity', 'a1', 3, 'p-ada', 'completed', CAST('{"hours":"1.5"}' AS BLOB)),
		('org-a', 'person', 'p-ada', 1, 'p-ada', '', CAST('{"fte":"0.6"}' AS BLOB)),
		('org-a', 'status', 'p-ada', 7, 'p-ada', '', NULL)`)
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `INSERT INTO events (org_id, seq, at, actor, action, kind, id, owner, before, after) VALUES
		('org-a', 1, '2026-03-02T09:00:00.000000Z', 'p-ada', 'record', 'activity', 'a1', 'p-ada', NULL, CAST('{"hours":"1.5"}' AS BLOB)),
		('org-a', 2, '2026-03-02T09:05:00.000000Z', 'p-ada', 'edit', 'activity', 'a1', 'p-ada', CAST('{"hours":"1.5"}' AS BLOB), CAST('{"hours":"2"}' AS BLOB))`)
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `UPDATE orgs SET last_seq = 2 WHERE org_id = 'org-a'`)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	s, err := Open(ctx, dsn, nil)
	require.NoError(t, err)
	defer s.Close()
	v, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	require.EqualValues(t, 7, v)
	want := []cpd.Record{
		{Kind: cpd.KindActivity, ID: "a1", Version: 3, Owner: "p-ada", State: "completed", Data: []byte(`{"hours":"1.5"}`)},
		{Kind: cpd.KindPerson, ID: "p-ada", Version: 1, Owner: "p-ada", Data: []byte(`{"fte":"0.6"}`)},
		{Kind: cpd.KindStatus, ID: "p-ada", Version: 7, Owner: "p-ada"},
	}
	require.NoError(t, s.View(ctx, "org-a", func(tx cpd.Tx) error {
		for _, w := range want {
			got, err := tx.Get(ctx, w.Kind, w.ID)
			require.NoError(t, err)
			require.Equal(t, w, got)
		}
		evs, err := tx.Events(ctx, cpd.EventQuery{ID: "a1"})
		require.NoError(t, err)
		require.Equal(t, []cpd.Event{
			{Seq: 1, At: time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC), Actor: "p-ada", Action: "record",
				Kind: cpd.KindActivity, ID: "a1", Owner: "p-ada", After: []byte(`{"hours":"1.5"}`)},
			{Seq: 2, At: time.Date(2026, time.March, 2, 9, 5, 0, 0, time.UTC), Actor: "p-ada", Action: "edit",
				Kind: cpd.KindActivity, ID: "a1", Owner: "p-ada", Before: []byte(`{"hours":"1.5"}`), After: []byte(`{"hours":"2"}`)},
		}, evs)
		return nil
	}))
	err = s.Update(ctx, "org-a", func(tx cpd.Tx) error {
		_, err := tx.Put(ctx, cpd.Record{Kind: cpd.KindActivity, ID: "a2", Data: []byte(`{"hours":"-1"}`)}, cpd.Change{Actor: "t"})
		return err
	})
	require.ErrorIs(t, err, cpd.ErrInvalid, "the checks hold after the upgrade")
}
