package storetest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// testEmptyNames: an empty organisation, kind or ID is ErrInvalid, and
// writes nothing.
func testEmptyNames(t *testing.T, newStore func(*testing.T) cpd.Store) {
	noKind := activity("act-1", "p-ada", "requested")
	noKind.Kind = ""
	noID := activity("", "p-ada", "requested")
	tests := []struct {
		name string
		op   func(ctx context.Context, s cpd.Store) error
	}{
		{"View/org", func(ctx context.Context, s cpd.Store) error {
			return s.View(ctx, "", func(cpd.Tx) error { return nil })
		}},
		{"Update/org", func(ctx context.Context, s cpd.Store) error {
			return s.Update(ctx, "", func(tx cpd.Tx) error {
				_, err := tx.Put(ctx, activity("act-1", "p-ada", "requested"), change("p-ada", "create"))
				return err
			})
		}},
		{"Put/kind", func(ctx context.Context, s cpd.Store) error {
			return s.Update(ctx, orgA, func(tx cpd.Tx) error {
				_, err := tx.Put(ctx, noKind, change("p-ada", "create"))
				return err
			})
		}},
		{"Put/ID", func(ctx context.Context, s cpd.Store) error {
			return s.Update(ctx, orgA, func(tx cpd.Tx) error {
				_, err := tx.Put(ctx, noID, change("p-ada", "create"))
				return err
			})
		}},
		{"Delete/kind", func(ctx context.Context, s cpd.Store) error {
			return s.Update(ctx, orgA, func(tx cpd.Tx) error {
				return tx.Delete(ctx, "", "act-1", 1, change("p-ada", "delete"))
			})
		}},
		{"Delete/ID", func(ctx context.Context, s cpd.Store) error {
			return s.Update(ctx, orgA, func(tx cpd.Tx) error {
				return tx.Delete(ctx, cpd.KindActivity, "", 1, change("p-ada", "delete"))
			})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			seed(t, s, orgA, change("p-ada", "create"), activity("act-0", "p-ada", "requested"))
			before := activities(t, s, orgA)
			require.ErrorIs(t, tc.op(t.Context(), s), cpd.ErrInvalid)
			diff(t, before, activities(t, s, orgA), "contents after a refused write")
		})
	}
}

// testUsableAfterFailedWrite: a Put or Delete that fails with ErrConflict
// or ErrNotFound writes nothing and leaves the transaction usable, so the
// writes after it commit (in PostgreSQL a failed statement would abort the
// whole transaction unless the store guards against it).
func testUsableAfterFailedWrite(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	v1 := seed(t, s, orgA, change("p-ada", "create"), activity("act-1", "p-ada", "requested"))[0]
	var created, updated cpd.Record
	update(t, s, orgA, func(tx cpd.Tx) error {
		ctx := t.Context()
		_, err := tx.Put(ctx, activity("act-1", "p-bob", "requested"), change("p-bob", "create again"))
		require.ErrorIs(t, err, cpd.ErrConflict, "create of an existing ID")
		stale := v1
		stale.Version = 7
		_, err = tx.Put(ctx, stale, change("p-bob", "stale put"))
		require.ErrorIs(t, err, cpd.ErrConflict, "stale Put")
		require.ErrorIs(t, tx.Delete(ctx, cpd.KindActivity, "act-1", 3, change("p-bob", "stale delete")), cpd.ErrConflict,
			"stale Delete")
		require.ErrorIs(t, tx.Delete(ctx, cpd.KindActivity, "act-9", 1, change("p-bob", "delete")), cpd.ErrNotFound,
			"Delete of an absent record")

		created, err = tx.Put(ctx, activity("act-2", "p-bob", "requested"), change("p-bob", "create"))
		require.NoError(t, err, "a Put after the failures")
		next := v1
		next.State = "approved"
		updated, err = tx.Put(ctx, next, change("p-bob", "approve"))
		require.NoError(t, err, "an update after the failures")
		return nil
	})
	created.Version, updated.Version = 1, 2
	diff(t, []cpd.Record{updated, created}, listAll(t, s, orgA, cpd.KindActivity, cpd.Query{}), "records")
	type entry struct {
		Seq    int64
		ID     string
		Action string
	}
	var got []entry
	for _, e := range events(t, s, orgA, cpd.EventQuery{}) {
		got = append(got, entry{e.Seq, e.ID, e.Action})
	}
	diff(t, []entry{{1, "act-1", "create"}, {2, "act-2", "create"}, {3, "act-1", "approve"}}, got,
		"events (none for the failed writes)")
}
