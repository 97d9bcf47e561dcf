package storetest

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// updateMany returns tx as a cpd.UpdateManyTx, skipping the test when the
// store does not offer the capability.
func updateMany(t *testing.T, tx cpd.Tx) cpd.UpdateManyTx {
	t.Helper()
	ut, ok := tx.(cpd.UpdateManyTx)
	if !ok {
		t.Skip("the store's Tx does not offer cpd.UpdateManyTx")
	}
	return ut
}

// updateManySize is how many records the large UpdateMany writes: more
// than one statement of a batching store writes.
const updateManySize = 1200

// at returns r at version v with new data and state, as a writer that
// read version v would write it.
func at(r cpd.Record, v int64, state string) cpd.Record {
	r.Version, r.State = v, state
	r.Data = []byte(`{"title": "` + r.ID + `", "state": "` + state + `", "hours": "2"}`)
	return r
}

// testUpdateMany (for stores whose Tx offers cpd.UpdateManyTx):
// UpdateMany rewrites existing records, of any kind and version,
// including ones this transaction wrote, at version+1 with one event each
// (the data before and after), in order, and List, ListOwners and Get see
// the new owner and state; a stale version, a version 0, a record that
// does not exist, a record given twice or an empty ID fails, writes
// nothing and leaves the transaction usable, however many records came
// before the bad one; in a View it is ErrReadOnly.
func testUpdateMany(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	c0 := change("p-ada", "create")
	seed(t, s, orgA, c0, activity("act-1", "p-ada", "requested"), activity("act-2", "p-ada", "requested"),
		activity("act-3", "p-bob", "requested"))
	seed(t, s, orgB, c0, activity("act-1", "p-ada", "requested"))
	person := cpd.Record{Kind: cpd.KindPerson, ID: "act-1", Owner: "act-1", Data: []byte(`{"name": "A"}`)}
	seed(t, s, orgA, c0, person)
	update(t, s, orgA, func(tx cpd.Tx) error { // act-2 to version 2, act-3 to 3
		for _, r := range []cpd.Record{at(activity("act-2", "p-ada", ""), 1, "approved"),
			at(activity("act-3", "p-bob", ""), 1, "approved"), at(activity("act-3", "p-bob", ""), 2, "booked")} {
			if _, err := tx.Put(t.Context(), r, c0); err != nil {
				return err
			}
		}
		return nil
	})
	before := map[string][]byte{}
	view(t, s, orgA, func(tx cpd.Tx) error {
		for _, id := range []string{"act-1", "act-2", "act-3"} {
			r, err := tx.Get(t.Context(), cpd.KindActivity, id)
			require.NoError(t, err)
			before[id] = r.Data
		}
		return nil
	})
	seqBefore := len(events(t, s, orgA, cpd.EventQuery{Limit: cpd.MaxLimit}))

	c := change("p-eve", "status.refresh")
	moved := at(activity("act-3", "p-cy", ""), 3, "done")
	rs := []cpd.Record{moved, at(activity("act-1", "p-ada", ""), 1, "done"), at(person, 1, "left"),
		at(activity("act-2", "p-ada", ""), 2, "done"), at(activity("act-4", "p-ada", ""), 1, "done")}
	update(t, s, orgA, func(tx cpd.Tx) error {
		// act-4 is this transaction's own, at version 1.
		_, err := tx.Put(t.Context(), activity("act-4", "p-ada", "requested"), c0)
		require.NoError(t, err)
		stored, err := updateMany(t, tx).UpdateMany(t.Context(), rs, c)
		require.NoError(t, err)
		want := make([]cpd.Record, len(rs))
		for i, r := range rs {
			want[i] = r
			want[i].Version++
		}
		diff(t, want, stored, "UpdateMany's result")
		got, err := tx.Get(t.Context(), cpd.KindActivity, "act-3")
		require.NoError(t, err)
		diff(t, want[0], got, "Get in the same transaction")
		return nil
	})
	want := []cpd.Record{at(activity("act-1", "p-ada", ""), 2, "done"), at(activity("act-2", "p-ada", ""), 3, "done"),
		at(activity("act-3", "p-cy", ""), 4, "done"), at(activity("act-4", "p-ada", ""), 2, "done")}
	diff(t, want, listAll(t, s, orgA, cpd.KindActivity, cpd.Query{}), "activities after UpdateMany")
	diff(t, []cpd.Record{at(person, 2, "left")}, listAll(t, s, orgA, cpd.KindPerson, cpd.Query{}), "people after UpdateMany")
	diff(t, []cpd.Record{want[2]}, listAll(t, s, orgA, cpd.KindActivity, cpd.Query{Owner: "p-cy"}), "List by the new owner")
	require.Empty(t, listAll(t, s, orgA, cpd.KindActivity, cpd.Query{Owner: "p-bob"}), "List by the old owner")
	require.Empty(t, listAll(t, s, orgA, cpd.KindActivity, cpd.Query{States: []string{"requested"}}), "List by an old state")
	other := activity("act-1", "p-ada", "requested")
	other.Version = 1
	diff(t, []cpd.Record{other}, listAll(t, s, orgB, cpd.KindActivity, cpd.Query{}), "the other organisation's records")
	evs := events(t, s, orgA, cpd.EventQuery{After: int64(seqBefore + 1), Limit: cpd.MaxLimit})
	wantEvs := []cpd.Event{
		{Kind: cpd.KindActivity, ID: "act-3", Owner: "p-cy", Before: before["act-3"], After: rs[0].Data},
		{Kind: cpd.KindActivity, ID: "act-1", Owner: "p-ada", Before: before["act-1"], After: rs[1].Data},
		{Kind: cpd.KindPerson, ID: "act-1", Owner: "act-1", Before: person.Data, After: rs[2].Data},
		{Kind: cpd.KindActivity, ID: "act-2", Owner: "p-ada", Before: before["act-2"], After: rs[3].Data},
		{Kind: cpd.KindActivity, ID: "act-4", Owner: "p-ada", Before: activity("act-4", "p-ada", "").Data, After: rs[4].Data},
	}
	for i := range wantEvs {
		wantEvs[i].Seq, wantEvs[i].At, wantEvs[i].Actor, wantEvs[i].Action = int64(seqBefore+2+i), c.At, c.Actor, c.Action
	}
	diff(t, wantEvs, evs, "UpdateMany's events")

	t.Run("many", func(t *testing.T) {
		s := newStore(t)
		rs := make([]cpd.Record, updateManySize)
		for i := range rs {
			rs[i] = activity(fmt.Sprintf("act-%05d", i), fmt.Sprintf("p-%03d", i%300), "requested")
		}
		seedMany(t, s, c0, rs)
		// Most keep their owner and state and only their data changes,
		// as a refreshed status does; the others, among them in every
		// statement, change state or owner too.
		for i := range rs {
			switch {
			case i%5 == 1:
				rs[i] = at(rs[i], 1, "done")
			case i%5 == 3:
				rs[i].Owner = "p-new"
				rs[i] = at(rs[i], 1, "requested")
			default:
				rs[i] = at(rs[i], 1, "requested")
			}
		}
		update(t, s, orgA, func(tx cpd.Tx) error {
			_, err := updateMany(t, tx).UpdateMany(t.Context(), rs, c)
			return err
		})
		for i := range rs {
			rs[i].Version = 2
		}
		diff(t, rs, listAll(t, s, orgA, cpd.KindActivity, cpd.Query{Limit: cpd.MaxLimit}), "records after a large UpdateMany")
		var done, moved []cpd.Record
		for _, r := range rs {
			if r.State == "done" {
				done = append(done, r)
			}
			if r.Owner == "p-new" {
				moved = append(moved, r)
			}
		}
		diff(t, done, listAll(t, s, orgA, cpd.KindActivity, cpd.Query{States: []string{"done"}, Limit: cpd.MaxLimit}), "List by the new state")
		diff(t, moved, listAll(t, s, orgA, cpd.KindActivity, cpd.Query{Owner: "p-new", Limit: cpd.MaxLimit}), "List by the new owner")
		require.Empty(t, listAll(t, s, orgA, cpd.KindActivity, cpd.Query{Owner: "p-003", States: []string{"requested"}}), "List by an old owner")
		evs := events(t, s, orgA, cpd.EventQuery{After: updateManySize + updateManySize - cpd.MaxLimit, Limit: cpd.MaxLimit})
		require.Len(t, evs, cpd.MaxLimit)
		last := evs[len(evs)-1]
		require.Equal(t, int64(2*updateManySize), last.Seq)
		require.Equal(t, rs[len(rs)-1].ID, last.ID)
		require.Equal(t, rs[len(rs)-1].Data, last.After)
	})

	stale := at(activity("act-1", "p-ada", ""), 1, "stale")
	tests := []struct {
		name string
		bad  cpd.Record
		want error
		many bool // also after updateManySize good records
	}{
		{"stale version", stale, cpd.ErrConflict, true},
		{"version 0", at(activity("act-1", "p-ada", ""), 0, "x"), cpd.ErrConflict, false},
		{"newer version", at(activity("act-1", "p-ada", ""), 3, "x"), cpd.ErrConflict, false},
		{"no such record", at(activity("act-none", "p-ada", ""), 1, "x"), cpd.ErrConflict, true},
		{"a create", at(activity("act-none", "p-ada", ""), 0, "x"), cpd.ErrConflict, false},
		{"another kind's ID", at(cpd.Record{Kind: cpd.KindStatus, ID: "act-1"}, 2, "x"), cpd.ErrConflict, false},
		{"given twice", at(activity("act-2", "p-ada", ""), 1, "twice"), cpd.ErrConflict, true},
		{"empty ID", at(activity("", "p-ada", ""), 1, "x"), cpd.ErrInvalid, false},
	}
	for _, tc := range tests {
		for _, many := range []bool{false, true} {
			if many && !tc.many {
				continue
			}
			name := tc.name
			if many {
				name += " after many"
			}
			t.Run(name, func(t *testing.T) {
				s := newStore(t)
				good := []cpd.Record{activity("act-1", "p-ada", "requested"), activity("act-2", "p-ada", "requested")}
				n := 0
				if many {
					n = updateManySize
				}
				for i := range n {
					good = append(good, activity(fmt.Sprintf("act-m%05d", i), "p-bob", "requested"))
				}
				seedMany(t, s, c0, good)
				update(t, s, orgA, func(tx cpd.Tx) error { // act-1 at version 2
					_, err := tx.Put(t.Context(), at(activity("act-1", "p-ada", ""), 1, "approved"), c0)
					return err
				})
				batch := []cpd.Record{at(activity("act-2", "p-ada", ""), 1, "done")}
				for _, r := range good[2:] {
					batch = append(batch, at(r, 1, "done"))
				}
				batch = append(batch, tc.bad)
				before := everything(t, s, orgA)
				update(t, s, orgA, func(tx cpd.Tx) error {
					_, err := updateMany(t, tx).UpdateMany(t.Context(), batch, c)
					require.ErrorIs(t, err, tc.want)
					r, err := tx.Get(t.Context(), cpd.KindActivity, "act-2")
					require.NoError(t, err)
					require.Equal(t, int64(1), r.Version, "nothing written")
					_, err = tx.Put(t.Context(), activity("act-after", "p-bob", ""), c)
					require.NoError(t, err, "a Put after a failed UpdateMany")
					return nil
				})
				after := everything(t, s, orgA)
				require.Len(t, after.Records, len(before.Records)+1)
				require.Len(t, after.Events, len(before.Events)+1, "only the Put's event")
				after.Records = removeID(after.Records, "act-after")
				after.Events = after.Events[:len(after.Events)-1]
				diff(t, before, after, "contents after a failed UpdateMany")
			})
		}
	}
	t.Run("empty", func(t *testing.T) {
		update(t, s, orgA, func(tx cpd.Tx) error {
			stored, err := updateMany(t, tx).UpdateMany(t.Context(), nil, c)
			require.NoError(t, err)
			require.Empty(t, stored)
			return nil
		})
	})
	t.Run("in a View", func(t *testing.T) {
		view(t, s, orgA, func(tx cpd.Tx) error {
			_, err := updateMany(t, tx).UpdateMany(t.Context(), []cpd.Record{want[0]}, c)
			require.ErrorIs(t, err, cpd.ErrReadOnly)
			return nil
		})
	})
}

// removeID returns records without the one with the ID.
func removeID(records []cpd.Record, id string) []cpd.Record {
	out := records[:0:0]
	for _, r := range records {
		if r.ID != id {
			out = append(out, r)
		}
	}
	return out
}

// everything reads the organisation's activities and all its events, page
// by page.
func everything(t *testing.T, s cpd.Store, org string) state {
	t.Helper()
	st := state{Records: listAll(t, s, org, cpd.KindActivity, cpd.Query{})}
	for {
		page := events(t, s, org, cpd.EventQuery{After: int64(len(st.Events)), Limit: cpd.MaxLimit})
		if len(page) == 0 {
			return st
		}
		st.Events = append(st.Events, page...)
	}
}

// seedMany stores new records in orgA in one Update, with PutMany if the
// store offers it (it is faster, and checked by PutMany's test).
func seedMany(t *testing.T, s cpd.Store, c cpd.Change, records []cpd.Record) {
	t.Helper()
	update(t, s, orgA, func(tx cpd.Tx) error {
		if bt, ok := tx.(cpd.BulkTx); ok {
			_, err := bt.PutMany(t.Context(), records, c)
			return err
		}
		for _, r := range records {
			if _, err := tx.Put(t.Context(), r, c); err != nil {
				return err
			}
		}
		return nil
	})
}
