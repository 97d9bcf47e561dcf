package storetest

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// readMany returns tx as a cpd.ReadManyTx, skipping the test when the
// store does not offer the capability.
func readMany(t *testing.T, tx cpd.Tx) cpd.ReadManyTx {
	t.Helper()
	rt, ok := tx.(cpd.ReadManyTx)
	if !ok {
		t.Skip("the store's Tx does not offer cpd.ReadManyTx")
	}
	return rt
}

// testReadMany (for stores whose Tx offers cpd.ReadManyTx): GetMany
// returns the records of the IDs that exist, once each, in ID order;
// ListOwners the records of the owners (and states) asked for, by owner
// and then ID; both see the transaction's own writes and only its
// organisation's records, work in a View, and agree with Get and List,
// for more IDs and owners than one statement may name.
func testReadMany(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	c := change("p-ada", "create")
	seed(t, s, orgA, c, activity("a1", "p-ada", "completed"), activity("a2", "p-ada", "requested"),
		activity("a3", "p-bob", "completed"), activity("a4", "", "completed"), activity("a6", "p-cy", "completed"))
	seed(t, s, orgB, c, activity("b1", "p-ada", "completed"), activity("a1", "p-ada", "completed"))
	stored := func(r cpd.Record, version int64) cpd.Record {
		r.Version = version
		return r
	}
	a1, a2, a3, a4 := stored(activity("a1", "p-ada", "completed"), 1), stored(activity("a2", "p-ada", "requested"), 1),
		stored(activity("a3", "p-bob", "completed"), 1), stored(activity("a4", "", "completed"), 1)
	a5 := stored(activity("a5", "p-ada", "completed"), 1)
	moved := stored(activity("a6", "p-bob", "completed"), 2)

	update(t, s, orgA, func(tx cpd.Tx) error {
		ctx := t.Context()
		rt := readMany(t, tx)
		// This transaction's own writes: a new record, and one that moves
		// from p-cy to p-bob.
		_, err := tx.Put(ctx, activity("a5", "p-ada", "completed"), c)
		require.NoError(t, err)
		_, err = tx.Put(ctx, stored(activity("a6", "p-bob", "completed"), 1), c)
		require.NoError(t, err)

		got, err := rt.GetMany(ctx, cpd.KindActivity, []string{"a5", "a3", "missing", "a1", "a3"})
		require.NoError(t, err)
		diff(t, []cpd.Record{a1, a3, a5}, got, "GetMany")
		got, err = rt.GetMany(ctx, cpd.KindActivity, nil)
		require.NoError(t, err)
		require.Empty(t, got, "GetMany of no IDs")
		got, err = rt.GetMany(ctx, cpd.KindPerson, []string{"a1"})
		require.NoError(t, err)
		require.Empty(t, got, "GetMany of another kind")

		got, err = rt.ListOwners(ctx, cpd.KindActivity, []string{"p-bob", "p-ada", "p-bob", "p-nobody"}, nil)
		require.NoError(t, err)
		diff(t, []cpd.Record{a1, a2, a5, a3, moved}, got, "ListOwners")
		got, err = rt.ListOwners(ctx, cpd.KindActivity, []string{"p-ada", "p-bob"}, []string{"completed", "evaluated"})
		require.NoError(t, err)
		diff(t, []cpd.Record{a1, a5, a3, moved}, got, "ListOwners in states")
		got, err = rt.ListOwners(ctx, cpd.KindActivity, []string{""}, nil)
		require.NoError(t, err)
		diff(t, []cpd.Record{a4}, got, "ListOwners of no owner")
		got, err = rt.ListOwners(ctx, cpd.KindActivity, []string{"p-cy"}, nil)
		require.NoError(t, err)
		require.Empty(t, got, "ListOwners of an owner whose record moved away")
		got, err = rt.ListOwners(ctx, cpd.KindActivity, nil, nil)
		require.NoError(t, err)
		require.Empty(t, got, "ListOwners of no owners")
		return nil
	})
	view(t, s, orgB, func(tx cpd.Tx) error {
		got, err := readMany(t, tx).ListOwners(t.Context(), cpd.KindActivity, []string{"p-ada", "p-bob"}, nil)
		require.NoError(t, err)
		diff(t, []string{"a1", "b1"}, ids(got), "another organisation's ListOwners")
		got, err = readMany(t, tx).GetMany(t.Context(), cpd.KindActivity, []string{"a1", "a3"})
		require.NoError(t, err)
		diff(t, []string{"a1"}, ids(got), "another organisation's GetMany")
		return nil
	})

	// Many: 1,200 records of 1,200 owners, more than one statement names.
	const n = 1200
	many := make([]cpd.Record, n)
	idList, owners := make([]string, 0, n+1), make([]string, 0, n)
	for i := range many {
		many[i] = activity(fmt.Sprintf("m-%04d", i), fmt.Sprintf("o-%04d", n-1-i), "completed")
		idList = append(idList, many[i].ID)
		owners = append(owners, many[i].Owner)
	}
	idList = append(idList, "m-missing")
	update(t, s, orgA, func(tx cpd.Tx) error {
		if bt, ok := tx.(cpd.BulkTx); ok {
			_, err := bt.PutMany(t.Context(), many, c)
			return err
		}
		for _, r := range many {
			if _, err := tx.Put(t.Context(), r, c); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, orgA, func(tx cpd.Tx) error {
		ctx := t.Context()
		got, err := readMany(t, tx).GetMany(ctx, cpd.KindActivity, idList)
		require.NoError(t, err)
		require.Len(t, got, n)
		for i, r := range got {
			want, err := tx.Get(ctx, cpd.KindActivity, fmt.Sprintf("m-%04d", i))
			require.NoError(t, err)
			diff(t, want, r, "GetMany of many")
		}
		got, err = readMany(t, tx).ListOwners(ctx, cpd.KindActivity, owners, []string{"completed"})
		require.NoError(t, err)
		var want []cpd.Record
		for i := range n {
			page, err := tx.List(ctx, cpd.KindActivity, cpd.Query{Owner: fmt.Sprintf("o-%04d", i)})
			require.NoError(t, err)
			want = append(want, page.Records...)
		}
		diff(t, want, got, "ListOwners of many, against List")
		return nil
	})
}
