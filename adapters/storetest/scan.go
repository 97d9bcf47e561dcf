package storetest

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// scanner returns tx as a cpd.ScanTx, skipping the test when the store
// does not offer the capability.
func scanner(t *testing.T, tx cpd.Tx) cpd.ScanTx {
	t.Helper()
	st, ok := tx.(cpd.ScanTx)
	if !ok {
		t.Skip("the store's Tx does not offer cpd.ScanTx")
	}
	return st
}

// scanned is what a Scan gave fn: IDs and data, copied.
type scanned struct {
	IDs  []string
	Data []string
}

// scanAll scans a kind, copying what fn sees.
func scanAll(t *testing.T, tx cpd.Tx, kind cpd.Kind) scanned {
	t.Helper()
	var got scanned
	require.NoError(t, scanner(t, tx).Scan(t.Context(), kind, func(id, data []byte) error {
		got.IDs, got.Data = append(got.IDs, string(id)), append(got.Data, string(data))
		return nil
	}))
	return got
}

// testScan (for stores whose Tx offers cpd.ScanTx): Scan gives the ID and
// data of every record of the kind in the organisation, in ID (byte)
// order, as List pages through them, in a View and in an Update (with
// its own writes); it stops at fn's error and returns it, leaving the
// transaction usable; a kind that is not a name (cpd.CheckKey) is
// ErrInvalid, and the empty kind has no records.
func testScan(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	c := change("p-ada", "create")
	recs := []cpd.Record{activity("b", "p-ada", "requested"), activity("a", "p-bob", "completed"), activity("B", "p-ada", ""),
		activity("a\u00e9", "p-ada", ""), activity("ab", "", "")}
	recs[4].Data = []byte{}
	seed(t, s, orgA, c, recs...)
	seed(t, s, orgA, c, cpd.Record{Kind: cpd.KindPerson, ID: "a0", Data: []byte(`{"name": "A"}`)})
	seed(t, s, orgB, c, activity("a1", "p-ada", ""))
	want := func(rs []cpd.Record) scanned {
		var w scanned
		for _, r := range rs {
			w.IDs, w.Data = append(w.IDs, r.ID), append(w.Data, string(r.Data))
		}
		return w
	}
	listed := want(listAll(t, s, orgA, cpd.KindActivity, cpd.Query{}))
	view(t, s, orgA, func(tx cpd.Tx) error {
		diff(t, listed, scanAll(t, tx, cpd.KindActivity), "Scan of activities")
		diff(t, []string{"B", "a", "ab", "a\u00e9", "b"}, scanAll(t, tx, cpd.KindActivity).IDs, "IDs in byte order")
		diff(t, scanned{IDs: []string{"a0"}, Data: []string{`{"name": "A"}`}}, scanAll(t, tx, cpd.KindPerson), "Scan of people")
		diff(t, scanned{}, scanAll(t, tx, cpd.KindStatus), "Scan of a kind with no records")
		return nil
	})
	update(t, s, orgA, func(tx cpd.Tx) error {
		_, err := tx.Put(t.Context(), activity("aa", "p-ada", ""), c)
		require.NoError(t, err)
		require.NoError(t, tx.Delete(t.Context(), cpd.KindActivity, "b", 1, c))
		got := scanAll(t, tx, cpd.KindActivity)
		diff(t, []string{"B", "a", "aa", "ab", "a\u00e9"}, got.IDs, "Scan sees the transaction's writes")

		stop := errors.New("stop")
		n := 0
		err = scanner(t, tx).Scan(t.Context(), cpd.KindActivity, func(id, data []byte) error {
			n++
			if n == 2 {
				return stop
			}
			return nil
		})
		require.ErrorIs(t, err, stop)
		require.Equal(t, 2, n, "Scan stops at fn's error")
		_, err = tx.Put(t.Context(), activity("after", "p-ada", ""), c)
		require.NoError(t, err, "a Put after fn's error")

		diff(t, scanned{}, scanAll(t, tx, ""), "Scan of the empty kind, which has no records")
		err = scanner(t, tx).Scan(t.Context(), "act\x00ivity", func(id, data []byte) error { return nil })
		require.ErrorIs(t, err, cpd.ErrInvalid)
		return nil
	})
}
