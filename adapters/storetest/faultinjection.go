package storetest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// testFaultInjection: an Update whose third write fails keeps nothing of
// the first two, and the count runs across transactions.
func testFaultInjection(t *testing.T, newStore func(*testing.T) cpd.Store) {
	t.Run("third write", func(t *testing.T) {
		f := NewFaulty(newStore(t))
		f.FailAt(3)
		err := f.Update(t.Context(), orgA, func(tx cpd.Tx) error {
			for _, id := range []string{"act-1", "act-2", "act-3"} {
				if _, err := tx.Put(t.Context(), activity(id, "p-ada", "requested"), change("p-ada", "create")); err != nil {
					return err
				}
			}
			return nil
		})
		require.ErrorIs(t, err, ErrInjected)
		require.Equal(t, 3, f.Writes())
		require.Empty(t, activities(t, f, orgA), "contents after the third write failed")
	})
	t.Run("across transactions", func(t *testing.T) {
		f := NewFaulty(newStore(t))
		f.FailAt(2)
		seed(t, f, orgA, change("p-ada", "create"), activity("act-1", "p-ada", "requested"))
		err := f.Update(t.Context(), orgA, func(tx cpd.Tx) error {
			return tx.Delete(t.Context(), cpd.KindActivity, "act-1", 1, change("p-ada", "delete"))
		})
		require.ErrorIs(t, err, ErrInjected)
		seed(t, f, orgA, change("p-ada", "create"), activity("act-2", "p-ada", "requested"))
		require.Equal(t, 3, f.Writes())
		diff(t, []string{"act-1", "act-2"}, ids(listAll(t, f, orgA, cpd.KindActivity, cpd.Query{})), "IDs")
		require.Len(t, events(t, f, orgA, cpd.EventQuery{}), 2)
	})
}
