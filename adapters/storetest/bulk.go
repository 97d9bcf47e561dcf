package storetest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// bulk returns tx as a cpd.BulkTx, skipping the test when the store does
// not offer the capability.
func bulk(t *testing.T, tx cpd.Tx) cpd.BulkTx {
	t.Helper()
	bt, ok := tx.(cpd.BulkTx)
	if !ok {
		t.Skip("the store's Tx does not offer cpd.BulkTx")
	}
	return bt
}

// testPutMany (for stores whose Tx offers cpd.BulkTx): PutMany creates
// records at version 1 with one event each, in order; an existing ID, an
// ID given twice, a version other than 0 or an empty ID fails, writes
// nothing and leaves the transaction usable; in a View it is ErrReadOnly.
func testPutMany(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	seed(t, s, orgA, change("p-ada", "create"), activity("act-0", "p-ada", "requested"))
	c := change("p-bob", "import")
	update(t, s, orgA, func(tx cpd.Tx) error {
		stored, err := bulk(t, tx).PutMany(t.Context(), []cpd.Record{activity("act-2", "p-bob", "completed"),
			activity("act-1", "p-bob", "completed")}, c)
		require.NoError(t, err)
		want := []cpd.Record{activity("act-2", "p-bob", "completed"), activity("act-1", "p-bob", "completed")}
		want[0].Version, want[1].Version = 1, 1
		diff(t, want, stored, "PutMany's result")
		return nil
	})
	diff(t, []string{"act-0", "act-1", "act-2"}, ids(listAll(t, s, orgA, cpd.KindActivity, cpd.Query{})), "IDs")
	evs := events(t, s, orgA, cpd.EventQuery{After: 1})
	require.Len(t, evs, 2)
	diff(t, []cpd.Event{
		{Seq: 2, At: c.At, Actor: "p-bob", Action: "import", Kind: cpd.KindActivity, ID: "act-2", Owner: "p-bob",
			After: activity("act-2", "p-bob", "completed").Data},
		{Seq: 3, At: c.At, Actor: "p-bob", Action: "import", Kind: cpd.KindActivity, ID: "act-1", Owner: "p-bob",
			After: activity("act-1", "p-bob", "completed").Data},
	}, evs, "events")

	versioned := activity("act-v", "p-bob", "completed")
	versioned.Version = 2
	tests := []struct {
		name string
		rs   []cpd.Record
		want error
	}{
		{"existing ID", []cpd.Record{activity("act-new", "p-bob", ""), activity("act-1", "p-bob", "")}, cpd.ErrConflict},
		{"ID given twice", []cpd.Record{activity("act-new", "p-bob", ""), activity("act-new", "p-bob", "")}, cpd.ErrConflict},
		{"version", []cpd.Record{activity("act-new", "p-bob", ""), versioned}, cpd.ErrConflict},
		{"empty ID", []cpd.Record{activity("act-new", "p-bob", ""), activity("", "p-bob", "")}, cpd.ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := activities(t, s, orgA)
			update(t, s, orgA, func(tx cpd.Tx) error {
				_, err := bulk(t, tx).PutMany(t.Context(), tc.rs, c)
				require.ErrorIs(t, err, tc.want)
				_, err = tx.Get(t.Context(), cpd.KindActivity, "act-new")
				require.ErrorIs(t, err, cpd.ErrNotFound, "nothing written")
				return nil
			})
			diff(t, before, activities(t, s, orgA), "contents after a failed PutMany")
			update(t, s, orgA, func(tx cpd.Tx) error {
				if _, err := bulk(t, tx).PutMany(t.Context(), tc.rs, c); err == nil {
					t.Errorf("the failing PutMany succeeded the second time")
				}
				_, err := tx.Put(t.Context(), activity("act-after-"+tc.name, "p-bob", ""), c)
				require.NoError(t, err, "a Put after a failed PutMany")
				return nil
			})
		})
	}
	t.Run("in a View", func(t *testing.T) {
		view(t, s, orgA, func(tx cpd.Tx) error {
			_, err := bulk(t, tx).PutMany(t.Context(), []cpd.Record{activity("act-view", "p-bob", "")}, c)
			require.ErrorIs(t, err, cpd.ErrReadOnly)
			return nil
		})
	})
}
