package sqlstore_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/cpd"
)

func updateMany(t testing.TB, tx cpd.Tx, rs []cpd.Record) ([]cpd.Record, error) {
	t.Helper()
	ut, ok := tx.(cpd.UpdateManyTx)
	require.True(t, ok, "the Tx offers cpd.UpdateManyTx")
	return ut.UpdateMany(t.Context(), rs, bulkChange)
}

// TestUpdateManyData: UpdateMany keeps nil data apart from empty data,
// in the records and in their events' data before and after, across
// more than one statement.
func TestUpdateManyData(t *testing.T) {
	on(t, func(t *testing.T, s *sqlstore.Store, _ string) {
		rs := bulkRecords("a", 1003)
		rs[0].Data, rs[1].Data = nil, []byte{}
		require.NoError(t, s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
			_, err := putMany(t, tx, rs)
			return err
		}))
		for i := range rs {
			rs[i].Version = 1
		}
		rs[0].Data, rs[1].Data = []byte{}, nil
		rs[1002].Data = nil
		require.NoError(t, s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
			_, err := updateMany(t, tx, rs)
			return err
		}))
		require.NoError(t, s.View(t.Context(), "org-a", func(tx cpd.Tx) error {
			for _, i := range []int{0, 1, 2, 1002} {
				got, err := tx.Get(t.Context(), cpd.KindActivity, rs[i].ID)
				require.NoError(t, err)
				want := rs[i]
				want.Version = 2
				require.True(t, equalRecords(want, got), "record %d: want %+v, got %+v", i, want, got)
			}
			return nil
		}))
		evs := allEvents(t, s)
		require.Len(t, evs, 2*len(rs))
		for i, want := range []struct{ before, after []byte }{{nil, []byte{}}, {[]byte{}, nil}} {
			e := evs[len(rs)+i]
			require.Equal(t, rs[i].ID, e.ID)
			require.Equal(t, want.before == nil, e.Before == nil, "event %d's data before is nil", i)
			require.Equal(t, want.after == nil, e.After == nil, "event %d's data after is nil", i)
		}
		require.Equal(t, int64(2*len(rs)), evs[len(evs)-1].Seq)
		require.Nil(t, evs[len(evs)-1].After)
	})
}

// TestUpdateManyRejected: data that the database refuses (negative CPD
// hours), in the last of several statements, fails with ErrInvalid,
// writes nothing and leaves the transaction usable.
func TestUpdateManyRejected(t *testing.T) {
	on(t, func(t *testing.T, s *sqlstore.Store, _ string) {
		rs := bulkRecords("a", 1200)
		require.NoError(t, s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
			_, err := putMany(t, tx, rs)
			return err
		}))
		for i := range rs {
			rs[i].Version, rs[i].State = 1, "evaluated"
		}
		rs[1100].Data = []byte(`{"hours": "-1"}`)
		require.NoError(t, s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
			_, err := updateMany(t, tx, rs)
			require.ErrorIs(t, err, cpd.ErrInvalid)
			got, err := tx.Get(t.Context(), cpd.KindActivity, rs[0].ID)
			require.NoError(t, err)
			require.Equal(t, int64(1), got.Version, "nothing written")
			_, err = put(t.Context(), tx, "after", []byte(`{}`)) // the transaction goes on
			return err
		}))
		evs := allEvents(t, s)
		require.Len(t, evs, len(rs)+1)
		require.Equal(t, "after", evs[len(evs)-1].ID)
		require.Equal(t, int64(len(rs)+1), evs[len(evs)-1].Seq)
	})
}
