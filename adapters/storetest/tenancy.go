package storetest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// testTenantIsolation: one organisation's records, lists and events are
// invisible to another, and the same IDs live independently in both.
func testTenantIsolation(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	a1 := seed(t, s, orgA, change("p-ada", "create"),
		activity("act-1", "p-ada", "requested"), activity("act-only-a", "p-ada", "requested"))
	b1 := seed(t, s, orgB, change("p-bob", "create"), activity("act-1", "p-bob", "booked"))[0]
	a1[0].State = "approved"
	a2 := seed(t, s, orgA, change("p-ada", "approve"), a1[0])[0]
	update(t, s, orgA, func(tx cpd.Tx) error {
		return tx.Delete(t.Context(), cpd.KindActivity, "act-only-a", 1, change("p-ada", "delete"))
	})

	t.Run("Get", func(t *testing.T) {
		got, err := get(t, s, orgB, cpd.KindActivity, "act-1")
		require.NoError(t, err)
		diff(t, b1, got, "org B's act-1")
		got, err = get(t, s, orgA, cpd.KindActivity, "act-1")
		require.NoError(t, err)
		diff(t, a2, got, "org A's act-1")
	})
	t.Run("List", func(t *testing.T) {
		diff(t, []cpd.Record{b1}, listAll(t, s, orgB, cpd.KindActivity, cpd.Query{}), "org B's list")
		diff(t, []cpd.Record{a2}, listAll(t, s, orgA, cpd.KindActivity, cpd.Query{}), "org A's list")
		require.Empty(t, listAll(t, s, "org-c", cpd.KindActivity, cpd.Query{}), "an unknown organisation's list")
	})
	t.Run("Events", func(t *testing.T) {
		evs := events(t, s, orgB, cpd.EventQuery{})
		diff(t, []int64{1}, seqs(evs), "org B's event Seqs")
		require.Equal(t, "p-bob", evs[0].Actor)
		diff(t, []int64{1, 2, 3, 4}, seqs(events(t, s, orgA, cpd.EventQuery{})), "org A's event Seqs")
		require.Empty(t, events(t, s, orgB, cpd.EventQuery{ID: "act-only-a"}), "org A's events seen from org B")
	})
	t.Run("Writes", func(t *testing.T) {
		var err error
		update(t, s, orgB, func(tx cpd.Tx) error {
			err = tx.Delete(t.Context(), cpd.KindActivity, "act-1", 2, change("p-bob", "delete"))
			return nil
		})
		require.ErrorIs(t, err, cpd.ErrConflict, "org B deleting act-1 at org A's version")
		update(t, s, orgB, func(tx cpd.Tx) error {
			_, err = tx.Get(t.Context(), cpd.KindActivity, "act-only-a")
			return nil
		})
		require.ErrorIs(t, err, cpd.ErrNotFound, "org B reading a record only org A had")
	})
}
