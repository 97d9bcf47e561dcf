package storetest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// testAuditEvents: a create, an update and a delete each append one event
// with the change's Actor, Action and At, the record's Kind, ID and Owner,
// and its data before (nil on create) and after (nil on delete).
func testAuditEvents(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	created := activity("act-1", "p-ada", "requested")
	update(t, s, orgA, func(tx cpd.Tx) error {
		_, err := tx.Put(t.Context(), created, cpd.Change{Actor: "p-ada", Action: "request", At: when(1)})
		return err
	})
	approved := created
	approved.Version, approved.State = 1, "approved"
	approved.Data = []byte(`{"title": "Safeguarding act-1", "approved_by": "p-bob"}`)
	update(t, s, orgA, func(tx cpd.Tx) error {
		_, err := tx.Put(t.Context(), approved, cpd.Change{Actor: "p-bob", Action: "approve", At: when(2)})
		return err
	})
	update(t, s, orgA, func(tx cpd.Tx) error {
		return tx.Delete(t.Context(), cpd.KindActivity, "act-1", 2, cpd.Change{Actor: "p-cy", Action: "erase", At: when(3)})
	})

	want := []cpd.Event{
		{Seq: 1, At: when(1), Actor: "p-ada", Action: "request", Kind: cpd.KindActivity, ID: "act-1", Owner: "p-ada",
			Before: nil, After: created.Data},
		{Seq: 2, At: when(2), Actor: "p-bob", Action: "approve", Kind: cpd.KindActivity, ID: "act-1", Owner: "p-ada",
			Before: created.Data, After: approved.Data},
		{Seq: 3, At: when(3), Actor: "p-cy", Action: "erase", Kind: cpd.KindActivity, ID: "act-1", Owner: "p-ada",
			Before: approved.Data, After: nil},
	}
	diff(t, want, events(t, s, orgA, cpd.EventQuery{}), "events")
}

// testEventSeq: every write appends exactly one event, in the order of
// the writes, with Seq 1, 2, 3, … per organisation.
func testEventSeq(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	seed(t, s, orgA, change("p-ada", "create"),
		activity("act-3", "p-ada", "requested"), activity("act-1", "p-ada", "requested"))
	seed(t, s, orgB, change("p-bob", "create"), activity("act-9", "p-bob", "requested"))
	update(t, s, orgA, func(tx cpd.Tx) error {
		r := activity("act-3", "p-ada", "approved")
		r.Version = 1
		if _, err := tx.Put(t.Context(), r, change("p-bob", "approve")); err != nil {
			return err
		}
		if err := tx.Delete(t.Context(), cpd.KindActivity, "act-1", 1, change("p-bob", "delete")); err != nil {
			return err
		}
		_, err := tx.Put(t.Context(), activity("act-2", "p-ada", "requested"), change("p-ada", "create"))
		return err
	})
	seed(t, s, orgB, change("p-bob", "create"), activity("act-8", "p-bob", "requested"))

	type entry struct {
		Seq    int64
		ID     string
		Action string
	}
	brief := func(evs []cpd.Event) []entry {
		var out []entry
		for _, e := range evs {
			out = append(out, entry{e.Seq, e.ID, e.Action})
		}
		return out
	}
	diff(t, []entry{{1, "act-3", "create"}, {2, "act-1", "create"}, {3, "act-3", "approve"}, {4, "act-1", "delete"},
		{5, "act-2", "create"}}, brief(events(t, s, orgA, cpd.EventQuery{})), "org A's events")
	diff(t, []entry{{1, "act-9", "create"}, {2, "act-8", "create"}},
		brief(events(t, s, orgB, cpd.EventQuery{})), "org B's events")
}

// testEventFilters: Events keeps events matching Kind, ID, Owner and
// After, at most Limit of them, in Seq order.
func testEventFilters(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	person := cpd.Record{Kind: cpd.KindPerson, ID: "p-ada", Owner: "p-ada", Data: []byte(`{"name": "Ada"}`)}
	seed(t, s, orgA, change("p-ada", "create"), // events 1–4
		person,
		activity("act-1", "p-ada", "requested"),
		activity("act-2", "p-bob", "requested"),
		cpd.Record{Kind: cpd.KindStatus, ID: "p-ada", Owner: "p-ada", Data: []byte(`{"ok": true}`)},
	)
	update(t, s, orgA, func(tx cpd.Tx) error { // events 5–6
		r := activity("act-1", "p-ada", "approved")
		r.Version = 1
		if _, err := tx.Put(t.Context(), r, change("p-bob", "approve")); err != nil {
			return err
		}
		return tx.Delete(t.Context(), cpd.KindActivity, "act-2", 1, change("p-bob", "delete"))
	})
	tests := []struct {
		name string
		q    cpd.EventQuery
		want []int64
	}{
		{"all", cpd.EventQuery{}, []int64{1, 2, 3, 4, 5, 6}},
		{"kind", cpd.EventQuery{Kind: cpd.KindActivity}, []int64{2, 3, 5, 6}},
		{"id", cpd.EventQuery{ID: "p-ada"}, []int64{1, 4}},
		{"kind and id", cpd.EventQuery{Kind: cpd.KindStatus, ID: "p-ada"}, []int64{4}},
		{"owner", cpd.EventQuery{Owner: "p-bob"}, []int64{3, 6}},
		{"after", cpd.EventQuery{After: 4}, []int64{5, 6}},
		{"after the last", cpd.EventQuery{After: 6}, []int64{}},
		{"limit", cpd.EventQuery{Limit: 2}, []int64{1, 2}},
		{"after and limit", cpd.EventQuery{After: 2, Limit: 3}, []int64{3, 4, 5}},
		{"filtered limit", cpd.EventQuery{Kind: cpd.KindActivity, After: 2, Limit: 2}, []int64{3, 5}},
		{"no match", cpd.EventQuery{Kind: "budget"}, []int64{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			diff(t, tc.want, seqs(events(t, s, orgA, tc.q)), "Seqs")
		})
	}
}

// testEventsAppendOnly: later changes to a record, including its
// deletion, leave its earlier events as they were.
func testEventsAppendOnly(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	r := seed(t, s, orgA, change("p-ada", "create"), activity("act-1", "p-ada", "requested"))[0]
	first := events(t, s, orgA, cpd.EventQuery{})
	require.Len(t, first, 1)

	r.State, r.Owner, r.Data = "approved", "p-bob", []byte(`{"changed": 1}`)
	r = seed(t, s, orgA, change("p-bob", "approve"), r)[0]
	diff(t, first, events(t, s, orgA, cpd.EventQuery{Limit: 1}), "the first event after an update")
	update(t, s, orgA, func(tx cpd.Tx) error {
		return tx.Delete(t.Context(), cpd.KindActivity, "act-1", r.Version, change("p-bob", "delete"))
	})
	diff(t, first, events(t, s, orgA, cpd.EventQuery{Limit: 1}), "the first event after a delete")
	require.Len(t, events(t, s, orgA, cpd.EventQuery{}), 3)
}
