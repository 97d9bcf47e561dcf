package memory_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestPutMany: PutMany creates records at version 1 with an event each;
// an existing ID, an ID given twice, a version other than 0 or an empty
// ID fails, writes nothing and leaves the transaction usable.
func TestPutMany(t *testing.T) {
	s := memory.New()
	ctx := t.Context()
	c := cpd.Change{Actor: "admin", Action: "import", At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	rec := func(id string) cpd.Record {
		return cpd.Record{Kind: cpd.KindActivity, ID: id, Owner: "p-1", State: "completed", Data: []byte(`{}`)}
	}
	require.NoError(t, s.Update(ctx, "org", func(tx cpd.Tx) error {
		stored, err := tx.(cpd.BulkTx).PutMany(ctx, []cpd.Record{rec("a"), rec("b")}, c)
		require.NoError(t, err)
		require.Equal(t, []int64{1, 1}, []int64{stored[0].Version, stored[1].Version})
		return nil
	}))
	versioned := rec("v")
	versioned.Version = 2
	tests := []struct {
		name string
		rs   []cpd.Record
		want error
	}{
		{"existing", []cpd.Record{rec("c"), rec("a")}, cpd.ErrConflict},
		{"twice", []cpd.Record{rec("c"), rec("c")}, cpd.ErrConflict},
		{"version", []cpd.Record{rec("c"), versioned}, cpd.ErrConflict},
		{"empty ID", []cpd.Record{rec("c"), rec("")}, cpd.ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, s.Update(ctx, "org", func(tx cpd.Tx) error {
				_, err := tx.(cpd.BulkTx).PutMany(ctx, tc.rs, c)
				require.ErrorIs(t, err, tc.want)
				_, err = tx.Get(ctx, cpd.KindActivity, "c")
				require.ErrorIs(t, err, cpd.ErrNotFound, "nothing written")
				return nil
			}))
		})
	}
	require.NoError(t, s.View(ctx, "org", func(tx cpd.Tx) error {
		evs, err := tx.Events(ctx, cpd.EventQuery{})
		require.NoError(t, err)
		require.Len(t, evs, 2)
		require.Equal(t, []int64{1, 2}, []int64{evs[0].Seq, evs[1].Seq})
		require.Nil(t, evs[0].Before)
		_, err = tx.(cpd.BulkTx).PutMany(ctx, []cpd.Record{rec("d")}, c)
		require.ErrorIs(t, err, cpd.ErrReadOnly)
		return nil
	}))
}
