package storetest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// testCreateReadUpdate: versions go 1, 2, 3, and Put and Get return
// exactly what was stored, Owner, State and Data bytes included.
func testCreateReadUpdate(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	steps := []struct {
		owner, state, data string
	}{
		{"p-ada", "requested", `{"title": "Prevent", "hours": "1.5"}`},
		{"p-ada", "approved", `{"title": "Prevent",  "hours": "1.5", "approver": "p-bob"}`},
		{"p-cy", "", `{"z": 1, "a": [true, null]}`},
	}
	read := cpd.Record{Kind: cpd.KindActivity, ID: "act-1"}
	for i, step := range steps {
		in := read
		in.Owner, in.State, in.Data = step.owner, step.state, []byte(step.data)
		want := in
		want.Version = int64(i + 1)

		stored := seed(t, s, orgA, change("p-ada", "edit"), in)[0]
		diff(t, want, stored, "Put's result")
		got, err := get(t, s, orgA, in.Kind, in.ID)
		require.NoError(t, err)
		diff(t, want, got, "Get after Put")
		read = got
	}
}

// testCreateExisting: a create (version 0) of an existing ID fails with
// ErrConflict and changes nothing.
func testCreateExisting(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	first := seed(t, s, orgA, change("p-ada", "create"), activity("act-1", "p-ada", "requested"))[0]

	again := activity("act-1", "p-bob", "approved")
	again.Data = []byte(`{"other": true}`)
	var err error
	update(t, s, orgA, func(tx cpd.Tx) error {
		_, err = tx.Put(t.Context(), again, change("p-bob", "create"))
		return nil
	})
	require.ErrorIs(t, err, cpd.ErrConflict)
	got, gerr := get(t, s, orgA, cpd.KindActivity, "act-1")
	require.NoError(t, gerr)
	diff(t, first, got, "record after a conflicting create")
	require.Len(t, events(t, s, orgA, cpd.EventQuery{}), 1, "a failed create appends no event")
}

// testNotFound: Get and Delete of an absent record fail with ErrNotFound;
// kinds are separate namespaces.
func testNotFound(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	seed(t, s, orgA, change("p-ada", "create"),
		activity("act-1", "p-ada", "requested"), activity("act-gone", "p-ada", "requested"))
	update(t, s, orgA, func(tx cpd.Tx) error {
		return tx.Delete(t.Context(), cpd.KindActivity, "act-gone", 1, change("p-ada", "delete"))
	})
	tests := []struct {
		name string
		op   func(context.Context, cpd.Tx) error
	}{
		{"Get/never stored", func(ctx context.Context, tx cpd.Tx) error {
			_, err := tx.Get(ctx, cpd.KindActivity, "act-2")
			return err
		}},
		{"Get/deleted", func(ctx context.Context, tx cpd.Tx) error {
			_, err := tx.Get(ctx, cpd.KindActivity, "act-gone")
			return err
		}},
		{"Get/other kind", func(ctx context.Context, tx cpd.Tx) error {
			_, err := tx.Get(ctx, cpd.KindPerson, "act-1")
			return err
		}},
		{"Delete/never stored", func(ctx context.Context, tx cpd.Tx) error {
			return tx.Delete(ctx, cpd.KindActivity, "act-2", 1, change("p-ada", "delete"))
		}},
		{"Delete/version 0", func(ctx context.Context, tx cpd.Tx) error {
			return tx.Delete(ctx, cpd.KindActivity, "act-2", 0, change("p-ada", "delete"))
		}},
		{"Delete/deleted", func(ctx context.Context, tx cpd.Tx) error {
			return tx.Delete(ctx, cpd.KindActivity, "act-gone", 2, change("p-ada", "delete"))
		}},
		{"Delete/other kind", func(ctx context.Context, tx cpd.Tx) error {
			return tx.Delete(ctx, cpd.KindPerson, "act-1", 1, change("p-ada", "delete"))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			update(t, s, orgA, func(tx cpd.Tx) error {
				err = tc.op(t.Context(), tx)
				return nil
			})
			require.ErrorIs(t, err, cpd.ErrNotFound)
			require.Len(t, events(t, s, orgA, cpd.EventQuery{}), 3, "a failed write appends no event")
		})
	}
}

// testStaleVersion: a Put or Delete at any version but the stored one
// fails with ErrConflict, writes nothing and appends no event; the
// transaction stays usable and commits.
func testStaleVersion(t *testing.T, newStore func(*testing.T) cpd.Store) {
	put := func(id string, version int64) func(context.Context, cpd.Tx) error {
		return func(ctx context.Context, tx cpd.Tx) error {
			r := activity(id, "p-eve", "cancelled")
			r.Version = version
			_, err := tx.Put(ctx, r, change("p-eve", "stale put"))
			return err
		}
	}
	del := func(version int64) func(context.Context, cpd.Tx) error {
		return func(ctx context.Context, tx cpd.Tx) error {
			return tx.Delete(ctx, cpd.KindActivity, "act-1", version, change("p-eve", "stale delete"))
		}
	}
	tests := []struct {
		name string
		op   func(context.Context, cpd.Tx) error
	}{
		{"Put/older", put("act-1", 1)},
		{"Put/newer", put("act-1", 3)},
		{"Put/negative", put("act-1", -1)},
		{"Put/absent at a version", put("act-2", 1)},
		{"Delete/older", del(1)},
		{"Delete/newer", del(3)},
		{"Delete/version 0", del(0)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			v1 := seed(t, s, orgA, change("p-ada", "create"), activity("act-1", "p-ada", "requested"))[0]
			v1.State = "approved"
			v2 := seed(t, s, orgA, change("p-bob", "approve"), v1)[0]
			before := events(t, s, orgA, cpd.EventQuery{})

			var err error
			update(t, s, orgA, func(tx cpd.Tx) error {
				err = tc.op(t.Context(), tx)
				return nil
			})
			require.ErrorIs(t, err, cpd.ErrConflict)
			diff(t, []cpd.Record{v2}, listAll(t, s, orgA, cpd.KindActivity, cpd.Query{}), "records after a stale write")
			diff(t, before, events(t, s, orgA, cpd.EventQuery{}), "events after a stale write")
		})
	}
}

// testDeleteThenCreate: after a delete, the ID can be created again, at
// version 1, and the audit trail shows all three changes.
func testDeleteThenCreate(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	seed(t, s, orgA, change("p-ada", "create"), activity("act-1", "p-ada", "requested"))
	update(t, s, orgA, func(tx cpd.Tx) error {
		return tx.Delete(t.Context(), cpd.KindActivity, "act-1", 1, change("p-ada", "delete"))
	})
	again := activity("act-1", "p-bob", "completed")
	got := seed(t, s, orgA, change("p-bob", "create"), again)[0]
	again.Version = 1
	diff(t, again, got, "re-created record")
	evs := events(t, s, orgA, cpd.EventQuery{})
	require.Len(t, evs, 3)
	require.Nil(t, evs[2].Before, "a re-create's event has no Before")
}

// testDataIsCopied: changing the bytes passed to Put, or returned by Put,
// Get, List or Events, does not change what is stored.
func testDataIsCopied(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	in := activity("act-1", "p-ada", "requested")
	want := in.Data
	in.Data = append([]byte(nil), want...)
	var r cpd.Record
	var l cpd.Page
	var evs []cpd.Event
	update(t, s, orgA, func(tx cpd.Tx) error {
		var err error
		r, err = tx.Put(t.Context(), in, change("p-ada", "create"))
		return err
	})
	view(t, s, orgA, func(tx cpd.Tx) error {
		got, err := tx.Get(t.Context(), cpd.KindActivity, "act-1")
		require.NoError(t, err)
		l, err = tx.List(t.Context(), cpd.KindActivity, cpd.Query{})
		require.NoError(t, err)
		evs, err = tx.Events(t.Context(), cpd.EventQuery{})
		require.NoError(t, err)
		scribble(got.Data)
		return nil
	})
	require.Len(t, l.Records, 1)
	require.Len(t, evs, 1)
	scribble(in.Data, r.Data, l.Records[0].Data, evs[0].After)

	got, err := get(t, s, orgA, cpd.KindActivity, "act-1")
	require.NoError(t, err)
	diff(t, want, got.Data, "stored data")
	diff(t, want, events(t, s, orgA, cpd.EventQuery{})[0].After, "stored event data")
}

// scribble overwrites byte slices.
func scribble(bufs ...[]byte) {
	for _, b := range bufs {
		for i := range b {
			b[i] = 'X'
		}
	}
}

// testReadYourWrites: inside an Update, Get, List (with paging) and
// Events see the transaction's own writes, merged with committed data.
func testReadYourWrites(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	committed := seed(t, s, orgA, change("p-ada", "create"),
		activity("act-b", "p-ada", "requested"), activity("act-d", "p-ada", "requested"))
	update(t, s, orgA, func(tx cpd.Tx) error {
		ctx := t.Context()
		a, err := tx.Put(ctx, activity("act-a", "p-ada", "requested"), change("p-ada", "create"))
		require.NoError(t, err)
		c, err := tx.Put(ctx, activity("act-c", "p-ada", "requested"), change("p-ada", "create"))
		require.NoError(t, err)
		require.NoError(t, tx.Delete(ctx, cpd.KindActivity, "act-d", 1, change("p-ada", "delete")))
		b := committed[0]
		b.State = "approved"
		b, err = tx.Put(ctx, b, change("p-bob", "approve"))
		require.NoError(t, err)

		got, err := tx.Get(ctx, cpd.KindActivity, "act-b")
		require.NoError(t, err)
		diff(t, b, got, "Get of a record updated in this transaction")
		_, err = tx.Get(ctx, cpd.KindActivity, "act-d")
		require.ErrorIs(t, err, cpd.ErrNotFound, "Get of a record deleted in this transaction")
		all, err := pages(t, tx, cpd.KindActivity, cpd.Query{Limit: 1})
		require.NoError(t, err)
		diff(t, []cpd.Record{a, b, c}, all, "List, one record a page, inside the transaction")
		evs, err := tx.Events(ctx, cpd.EventQuery{})
		require.NoError(t, err)
		diff(t, []int64{1, 2, 3, 4, 5, 6}, seqs(evs), "Events inside the transaction")
		return nil
	})
}

// testUpdateReturnsFnError: Update returns fn's error, testable with
// errors.Is.
func testUpdateReturnsFnError(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	err := s.Update(t.Context(), orgA, func(cpd.Tx) error { return cpd.ErrForbidden })
	require.ErrorIs(t, err, cpd.ErrForbidden)
	err = s.View(t.Context(), orgA, func(cpd.Tx) error { return cpd.ErrForbidden })
	require.ErrorIs(t, err, cpd.ErrForbidden)
}
