package storetest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// testContext: a cancelled context stops a transaction: View and Update
// return an error wrapping context.Canceled without running fn, an Update
// whose context is cancelled while fn runs commits nothing, and Tx calls
// with a cancelled context fail.
func testContext(t *testing.T, newStore func(*testing.T) cpd.Store) {
	cancelled := func(t *testing.T) context.Context {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		return ctx
	}
	t.Run("View before start", func(t *testing.T) {
		s := newStore(t)
		ran := false
		err := s.View(cancelled(t), orgA, func(cpd.Tx) error { ran = true; return nil })
		require.ErrorIs(t, err, context.Canceled)
		require.False(t, ran, "View ran fn with a cancelled context")
	})
	t.Run("Update before start", func(t *testing.T) {
		s := newStore(t)
		ran := false
		err := s.Update(cancelled(t), orgA, func(tx cpd.Tx) error {
			ran = true
			_, err := tx.Put(t.Context(), activity("act-1", "p-ada", "requested"), change("p-ada", "create"))
			return err
		})
		require.ErrorIs(t, err, context.Canceled)
		require.False(t, ran, "Update ran fn with a cancelled context")
		require.Empty(t, activities(t, s, orgA), "contents")
	})
	t.Run("Update during fn", func(t *testing.T) {
		s := newStore(t)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		err := s.Update(ctx, orgA, func(tx cpd.Tx) error {
			_, err := tx.Put(ctx, activity("act-1", "p-ada", "requested"), change("p-ada", "create"))
			cancel()
			return err
		})
		require.ErrorIs(t, err, context.Canceled)
		require.Empty(t, activities(t, s, orgA), "contents after a cancelled Update")
	})
	t.Run("Tx calls", func(t *testing.T) {
		s := newStore(t)
		seed(t, s, orgA, change("p-ada", "create"), activity("act-1", "p-ada", "requested"))
		before := activities(t, s, orgA)
		update(t, s, orgA, func(tx cpd.Tx) error {
			ctx := cancelled(t)
			_, err := tx.Get(ctx, cpd.KindActivity, "act-1")
			require.ErrorIs(t, err, context.Canceled, "Get")
			_, err = tx.List(ctx, cpd.KindActivity, cpd.Query{})
			require.ErrorIs(t, err, context.Canceled, "List")
			_, err = tx.Events(ctx, cpd.EventQuery{})
			require.ErrorIs(t, err, context.Canceled, "Events")
			_, err = tx.Put(ctx, activity("act-2", "p-ada", "requested"), change("p-ada", "create"))
			require.ErrorIs(t, err, context.Canceled, "Put")
			err = tx.Delete(ctx, cpd.KindActivity, "act-1", 1, change("p-ada", "delete"))
			require.ErrorIs(t, err, context.Canceled, "Delete")
			return nil
		})
		diff(t, before, activities(t, s, orgA), "contents after cancelled calls")
	})
}
