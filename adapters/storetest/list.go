package storetest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// testListFilters: Owner and States keep only matching records of the
// kind asked for.
func testListFilters(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	seed(t, s, orgA, change("p-ada", "create"),
		activity("a1", "p-ada", "requested"),
		activity("a2", "p-ada", "approved"),
		activity("a3", "p-bob", "approved"),
		activity("a4", "p-bob", "completed"),
		activity("a5", "", "completed"),
		activity("a6", "p-ada", ""),
		cpd.Record{Kind: cpd.KindPerson, ID: "a0", Owner: "p-ada", State: "approved", Data: []byte(`{}`)},
	)
	tests := []struct {
		name string
		q    cpd.Query
		want []string
	}{
		{"none", cpd.Query{}, []string{"a1", "a2", "a3", "a4", "a5", "a6"}},
		{"owner", cpd.Query{Owner: "p-ada"}, []string{"a1", "a2", "a6"}},
		{"one state", cpd.Query{States: []string{"approved"}}, []string{"a2", "a3"}},
		{"states", cpd.Query{States: []string{"completed", "requested"}}, []string{"a1", "a4", "a5"}},
		{"empty states", cpd.Query{States: []string{}}, []string{"a1", "a2", "a3", "a4", "a5", "a6"}},
		{"owner and states", cpd.Query{Owner: "p-bob", States: []string{"approved", "requested"}}, []string{"a3"}},
		{"unknown owner", cpd.Query{Owner: "p-zed"}, []string{}},
		{"unknown state", cpd.Query{States: []string{"evaluated"}}, []string{}},
		{"after", cpd.Query{Owner: "p-ada", After: "a1"}, []string{"a2", "a6"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			diff(t, tc.want, ids(listAll(t, s, orgA, cpd.KindActivity, tc.q)), "IDs")
		})
	}
}

// testListOrder: records come in byte order of ID, whatever the order
// they were stored in (so SQL must compare IDs with the C collation).
func testListOrder(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	stored := []string{"b", "a0", "B", "é", "a-1", "10", "a", "9", "Z", "aa", "a_", "~", "A b"}
	var records []cpd.Record
	for _, id := range stored {
		records = append(records, activity(id, "p-ada", "requested"))
	}
	seed(t, s, orgA, change("p-ada", "create"), records...)
	want := slices.Clone(stored)
	slices.Sort(want)
	diff(t, want, ids(listAll(t, s, orgA, cpd.KindActivity, cpd.Query{})), "IDs in one page")
	diff(t, want, ids(listAll(t, s, orgA, cpd.KindActivity, cpd.Query{Limit: 2})), "IDs two a page")
}

// testPaging: After and Limit page through the records; Next is "" on the
// last page and only there, even when it is full.
func testPaging(t *testing.T, newStore func(*testing.T) cpd.Store) {
	tests := []struct {
		name  string
		n     int
		q     cpd.Query
		pages [][]string
	}{
		{"empty", 0, cpd.Query{Limit: 3}, [][]string{{}}},
		{"one short page", 2, cpd.Query{Limit: 3}, [][]string{{"r0", "r1"}}},
		{"one full page", 3, cpd.Query{Limit: 3}, [][]string{{"r0", "r1", "r2"}}},
		{"last page short", 7, cpd.Query{Limit: 3},
			[][]string{{"r0", "r1", "r2"}, {"r3", "r4", "r5"}, {"r6"}}},
		{"last page full", 6, cpd.Query{Limit: 3},
			[][]string{{"r0", "r1", "r2"}, {"r3", "r4", "r5"}}},
		{"after an ID", 5, cpd.Query{Limit: 2, After: "r1"}, [][]string{{"r2", "r3"}, {"r4"}}},
		{"after between IDs", 5, cpd.Query{Limit: 2, After: "r1x"}, [][]string{{"r2", "r3"}, {"r4"}}},
		{"after the last", 3, cpd.Query{Limit: 2, After: "r2"}, [][]string{{}}},
		{"filtered", 7, cpd.Query{Limit: 2, Owner: "p-even"}, [][]string{{"r0", "r2"}, {"r4", "r6"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			seedNumbered(t, s, orgA, tc.n)
			diff(t, tc.pages, pageIDs(t, s, orgA, tc.q), "pages")
		})
	}
}

// seedNumbered stores activities r0, r1, … (fewer than 10), owned by
// p-even or p-odd.
func seedNumbered(t *testing.T, s cpd.Store, org string, n int) {
	t.Helper()
	var records []cpd.Record
	for i := range n {
		owner := []string{"p-even", "p-odd"}[i%2]
		records = append(records, activity(fmt.Sprintf("r%d", i), owner, "requested"))
	}
	seed(t, s, org, change("p-ada", "create"), records...)
}

// pageIDs lists the IDs on each page, checking that Next is set exactly
// when another page follows.
func pageIDs(t *testing.T, s cpd.Store, org string, q cpd.Query) [][]string {
	t.Helper()
	var out [][]string
	view(t, s, org, func(tx cpd.Tx) error {
		for {
			p, err := tx.List(t.Context(), cpd.KindActivity, q)
			require.NoError(t, err)
			out = append(out, ids(p.Records))
			if p.Next == "" {
				return nil
			}
			require.NotEmpty(t, p.Records, "an empty page with a Next cursor")
			require.Greater(t, p.Next, q.After, "Next must move forward")
			q.After = p.Next
		}
	})
	return out
}

// testPageLimits: List and Events apply cpd.PageLimit to Limit.
func testPageLimits(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	n := cpd.MaxLimit + 1
	records := make([]cpd.Record, n)
	for i := range records {
		records[i] = activity(fmt.Sprintf("r%05d", i), "p-ada", "requested")
	}
	seed(t, s, orgA, change("p-ada", "create"), records...)
	tests := []struct {
		name  string
		limit int
	}{
		{"zero", 0},
		{"negative", -5},
		{"one", 1},
		{"default", cpd.DefaultLimit},
		{"between", 250},
		{"max", cpd.MaxLimit},
		{"over max", 5 * cpd.MaxLimit},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := min(cpd.PageLimit(tc.limit), n)
			var p cpd.Page
			var evs []cpd.Event
			view(t, s, orgA, func(tx cpd.Tx) error {
				var err error
				p, err = tx.List(t.Context(), cpd.KindActivity, cpd.Query{Limit: tc.limit})
				require.NoError(t, err)
				evs, err = tx.Events(t.Context(), cpd.EventQuery{Limit: tc.limit})
				return err
			})
			require.Len(t, p.Records, want, "List")
			require.NotEmpty(t, p.Next, "List's Next with more records to come")
			require.Len(t, evs, want, "Events")
			require.Equal(t, int64(want), evs[len(evs)-1].Seq, "the last event's Seq")
		})
	}
}

// testPagingStableUnderInserts: records added between page fetches never
// make a record that was there before listing began come twice or not at
// all.
func testPagingStableUnderInserts(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	before := []string{"b", "d", "f", "h", "j", "l"}
	inserts := [][]string{{"a", "c", "e"}, {"g", "c2"}, {"i", "k", "m"}, {"a1", "n"}, {"o"}}
	var records []cpd.Record
	for _, id := range before {
		records = append(records, activity(id, "p-ada", "requested"))
	}
	seed(t, s, orgA, change("p-ada", "create"), records...)

	var got []string
	q := cpd.Query{Limit: 2}
	for page := 0; ; page++ {
		var p cpd.Page
		view(t, s, orgA, func(tx cpd.Tx) error {
			var err error
			p, err = tx.List(t.Context(), cpd.KindActivity, q)
			return err
		})
		got = append(got, ids(p.Records)...)
		if p.Next == "" {
			break
		}
		require.Less(t, page, 20, "too many pages")
		q.After = p.Next
		if page < len(inserts) {
			var more []cpd.Record
			for _, id := range inserts[page] {
				more = append(more, activity(id, "p-ada", "requested"))
			}
			seed(t, s, orgA, change("p-bob", "create"), more...)
		}
	}
	require.True(t, slices.IsSorted(got), "IDs out of order: %v", got)
	require.Len(t, slices.Compact(slices.Clone(got)), len(got), "an ID came twice: %v", got)
	for _, id := range before {
		require.Contains(t, got, id, "a record present before listing began was skipped")
	}
}
