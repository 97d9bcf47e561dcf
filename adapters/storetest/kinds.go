package storetest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// storedKinds are every kind package cpd stores.
func storedKinds() []cpd.Kind {
	kinds := append([]cpd.Kind{cpd.KindPerson, cpd.KindActivity, cpd.KindStatus}, cpd.AppraisalKinds()...)
	return append(append(kinds, cpd.BudgetKinds()...), cpd.KindReminder)
}

// testKinds: every kind cpd stores is its own namespace. The same ID in
// each kind is a separate record, with its own version, owner, state and
// events; a List or a Delete touches one kind only.
func testKinds(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	type kindCase struct {
		want   cpd.Record
		events int
	}
	var tests []kindCase
	var records []cpd.Record
	for i, k := range storedKinds() {
		r := cpd.Record{Kind: k, ID: "same-id", Owner: "p-" + string(k), State: "s" + string(rune('a'+i)),
			Data: []byte(`{"kind": "` + string(k) + `"}`)}
		records = append(records, r)
		r.Version = 1
		tests = append(tests, kindCase{want: r, events: 1})
	}
	seed(t, s, orgA, change("p-ada", "create"), records...)
	// A second record of one kind, and a deleted one of another, so that
	// each List and Delete is seen to keep to its kind.
	seed(t, s, orgA, change("p-ada", "create"), cpd.Record{Kind: cpd.KindTarget, ID: "other", Data: []byte(`{}`)})
	seed(t, s, orgA, change("p-ada", "create"), cpd.Record{Kind: cpd.KindReview, ID: "gone", Data: []byte(`{}`)})
	update(t, s, orgA, func(tx cpd.Tx) error {
		return tx.Delete(t.Context(), cpd.KindReview, "gone", 1, change("p-ada", "delete"))
	})
	for _, tc := range tests {
		t.Run(string(tc.want.Kind), func(t *testing.T) {
			got, err := get(t, s, orgA, tc.want.Kind, "same-id")
			require.NoError(t, err)
			diff(t, tc.want, got, "record")
			diff(t, []cpd.Record{tc.want}, listAll(t, s, orgA, tc.want.Kind, cpd.Query{Owner: tc.want.Owner}), "List by owner")
			diff(t, []cpd.Record{tc.want}, listAll(t, s, orgA, tc.want.Kind, cpd.Query{States: []string{tc.want.State}}), "List by state")
			require.Len(t, events(t, s, orgA, cpd.EventQuery{Kind: tc.want.Kind, ID: "same-id"}), tc.events)
		})
	}
	require.Equal(t, []string{"other", "same-id"}, ids(listAll(t, s, orgA, cpd.KindTarget, cpd.Query{})))
	require.Equal(t, []string{"same-id"}, ids(listAll(t, s, orgA, cpd.KindReview, cpd.Query{})))
	require.Len(t, events(t, s, orgA, cpd.EventQuery{Kind: cpd.KindReview}), 3, "the same-id create, and gone's create and delete")
}

// testFiltersFollowUpdates: a Put that changes a record's Owner or State
// moves it between List filters, within the transaction and after it
// commits, and a rolled-back change leaves the filters as they were.
// cpd relies on this: a receipt goes from unread to read, a review from
// draft to signed off, a target from open to achieved.
func testFiltersFollowUpdates(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	first := seed(t, s, orgA, change("p-ada", "create"),
		cpd.Record{Kind: cpd.KindReceipt, ID: "u1/p-ada", Owner: "p-ada", State: "unread", Data: []byte(`{}`)},
		cpd.Record{Kind: cpd.KindReceipt, ID: "u1/p-bob", Owner: "p-bob", State: "unread", Data: []byte(`{}`)},
	)
	moved := first[0]
	moved.Owner, moved.State = "p-cy", "read"
	byFilter := func(t *testing.T, read func(cpd.Query) []string) [4][]string {
		t.Helper()
		return [4][]string{
			read(cpd.Query{States: []string{"unread"}}), read(cpd.Query{States: []string{"read"}}),
			read(cpd.Query{Owner: "p-ada"}), read(cpd.Query{Owner: "p-cy"}),
		}
	}
	before := [4][]string{{"u1/p-ada", "u1/p-bob"}, {}, {"u1/p-ada"}, {}}
	after := [4][]string{{"u1/p-bob"}, {"u1/p-ada"}, {}, {"u1/p-ada"}}
	committed := func(q cpd.Query) []string { return orEmpty(ids(listAll(t, s, orgA, cpd.KindReceipt, q))) }

	t.Run("rolled back", func(t *testing.T) {
		err := s.Update(t.Context(), orgA, func(tx cpd.Tx) error {
			if _, err := tx.Put(t.Context(), moved, change("p-ada", "read")); err != nil {
				return err
			}
			return errRollback
		})
		require.ErrorIs(t, err, errRollback)
		diff(t, before, byFilter(t, committed), "filters after a rollback")
	})
	t.Run("within the transaction", func(t *testing.T) {
		update(t, s, orgA, func(tx cpd.Tx) error {
			_, err := tx.Put(t.Context(), moved, change("p-ada", "read"))
			require.NoError(t, err)
			inside := func(q cpd.Query) []string {
				all, err := pages(t, tx, cpd.KindReceipt, q)
				require.NoError(t, err)
				return orEmpty(ids(all))
			}
			diff(t, after, byFilter(t, inside), "filters inside the transaction")
			return nil
		})
	})
	t.Run("committed", func(t *testing.T) {
		diff(t, after, byFilter(t, committed), "filters after commit")
	})
}

// testPrefixScan: IDs that share a prefix sort together, so a List from
// just after the prefix, stopped at the first ID without it, reads exactly
// the records with that prefix, page by page. cpd reads an update's
// receipts ("update/person") this way.
func testPrefixScan(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	stored := []string{"u1/p-bob", "u10/p-ada", "u1-x/p-ada", "u1/p-ada", "u1", "u2/p-ada", "u1/p-ada/2", "u0/p-zed", "u1/ü"}
	var records []cpd.Record
	for _, id := range stored {
		records = append(records, cpd.Record{Kind: cpd.KindReceipt, ID: id, Owner: "p", Data: []byte(`{}`)})
	}
	seed(t, s, orgA, change("p-ada", "create"), records...)
	want := []string{"u1/p-ada", "u1/p-ada/2", "u1/p-bob", "u1/ü"}
	for _, limit := range []int{0, 1, 2, 3} {
		var got []string
		view(t, s, orgA, func(tx cpd.Tx) error {
			all, err := pages(t, tx, cpd.KindReceipt, cpd.Query{After: "u1/", Limit: limit})
			got = leading(ids(all), "u1/")
			return err
		})
		require.Equal(t, want, got, "limit %d", limit)
	}
}

// leading returns the IDs up to the first that lacks the prefix.
func leading(ids []string, prefix string) []string {
	n := 0
	for n < len(ids) && strings.HasPrefix(ids[n], prefix) {
		n++
	}
	return ids[:n]
}

// orEmpty returns a non-nil slice.
func orEmpty(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}
