package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// errRollback is what the suite's failing transactions return.
var errRollback = errors.New("storetest: roll back")

// state is everything an organisation holds, for before-and-after checks.
type state struct {
	Records []cpd.Record
	Events  []cpd.Event
}

// activities reads the organisation's activities and events.
func activities(t *testing.T, s cpd.Store, org string) state {
	t.Helper()
	return state{
		Records: listAll(t, s, org, cpd.KindActivity, cpd.Query{}),
		Events:  events(t, s, org, cpd.EventQuery{Limit: cpd.MaxLimit}),
	}
}

// writeSeveral creates, updates and deletes records, then returns errRollback.
func writeSeveral(ctx context.Context, tx cpd.Tx) error {
	base, err := tx.Get(ctx, cpd.KindActivity, "act-base")
	if err != nil {
		return err
	}
	base.State = "cancelled"
	base.Data = []byte(`{"changed": true}`)
	if _, err := tx.Put(ctx, base, change("p-eve", "cancel")); err != nil {
		return err
	}
	for _, id := range []string{"act-new-1", "act-new-2"} {
		if _, err := tx.Put(ctx, activity(id, "p-eve", "requested"), change("p-eve", "create")); err != nil {
			return err
		}
	}
	if err := tx.Delete(ctx, cpd.KindActivity, "act-other", 1, change("p-eve", "delete")); err != nil {
		return err
	}
	return errRollback
}

// seedForRollback stores the records writeSeveral changes.
func seedForRollback(t *testing.T, s cpd.Store) {
	t.Helper()
	seed(t, s, orgA, change("p-ada", "create"),
		activity("act-base", "p-ada", "requested"), activity("act-other", "p-ada", "requested"))
}

// testRollbackOnError: when fn returns an error after several writes,
// none of them is kept, records or events, and the next event's Seq
// follows the last committed one.
func testRollbackOnError(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	seedForRollback(t, s)
	before := activities(t, s, orgA)

	err := s.Update(t.Context(), orgA, func(tx cpd.Tx) error { return writeSeveral(t.Context(), tx) })
	require.ErrorIs(t, err, errRollback)
	diff(t, before, activities(t, s, orgA), "contents after a failed Update")

	seed(t, s, orgA, change("p-ada", "create"), activity("act-next", "p-ada", "requested"))
	evs := events(t, s, orgA, cpd.EventQuery{After: 2})
	diff(t, []int64{3}, seqs(evs), "Seq after a rollback (no gaps)")
}

// testRollbackOnPanic: when fn panics after several writes, none of them
// is kept, and the store stays usable. The panic may propagate, or Update
// may return an error.
func testRollbackOnPanic(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	seedForRollback(t, s)
	before := activities(t, s, orgA)

	panicky := func() (recovered any, err error) {
		defer func() { recovered = recover() }()
		return nil, s.Update(t.Context(), orgA, func(tx cpd.Tx) error {
			if err := writeSeveral(t.Context(), tx); !errors.Is(err, errRollback) {
				return err
			}
			panic("storetest: panic in fn")
		})
	}
	recovered, err := panicky()
	if recovered == nil {
		require.Error(t, err, "Update neither propagated fn's panic nor returned an error")
	}
	diff(t, before, activities(t, s, orgA), "contents after a panicking Update")

	seed(t, s, orgA, change("p-ada", "create"), activity("act-next", "p-ada", "requested"))
	require.Len(t, listAll(t, s, orgA, cpd.KindActivity, cpd.Query{}), 3, "an Update after a panic commits")
}

// testViewIsReadOnly: Put and Delete in a View fail with ErrReadOnly and
// write nothing.
func testViewIsReadOnly(t *testing.T, newStore func(*testing.T) cpd.Store) {
	tests := []struct {
		name string
		op   func(context.Context, cpd.Tx) error
	}{
		{"Put/create", func(ctx context.Context, tx cpd.Tx) error {
			_, err := tx.Put(ctx, activity("act-2", "p-ada", "requested"), change("p-ada", "create"))
			return err
		}},
		{"Put/update", func(ctx context.Context, tx cpd.Tx) error {
			r := activity("act-1", "p-ada", "approved")
			r.Version = 1
			_, err := tx.Put(ctx, r, change("p-ada", "approve"))
			return err
		}},
		{"Delete", func(ctx context.Context, tx cpd.Tx) error {
			return tx.Delete(ctx, cpd.KindActivity, "act-1", 1, change("p-ada", "delete"))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			seed(t, s, orgA, change("p-ada", "create"), activity("act-1", "p-ada", "requested"))
			before := activities(t, s, orgA)
			var err error
			view(t, s, orgA, func(tx cpd.Tx) error {
				err = tc.op(t.Context(), tx)
				return nil
			})
			require.ErrorIs(t, err, cpd.ErrReadOnly)
			diff(t, before, activities(t, s, orgA), "contents after a write in a View")
		})
	}
}
