package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// badNames are names every store refuses (see cpd.CheckName): one each
// that PostgreSQL, SQLite or an index would otherwise treat differently
// from memory.
func badNames() map[string]string {
	return map[string]string{
		"NUL":           "p-\x00ada",
		"invalid UTF-8": "p-\xffada",
		"too long":      strings.Repeat("a", cpd.MaxNameLen+1),
		"a mebibyte":    strings.Repeat("é", 1<<19),
	}
}

// longestName is a name of exactly cpd.MaxNameLen bytes, in characters of
// two and three bytes, which every store keeps.
func longestName() string {
	s := strings.Repeat("é€", cpd.MaxNameLen/5) // 5 bytes each
	return s + strings.Repeat("x", cpd.MaxNameLen-len(s))
}

// nameUse is one place a name is given to a store.
type nameUse struct {
	name string
	op   func(ctx context.Context, s cpd.Store, bad string) error
}

// inUpdate runs op in an Update of orgA, which returns op's error.
func inUpdate(op func(ctx context.Context, tx cpd.Tx, bad string) error) func(context.Context, cpd.Store, string) error {
	return func(ctx context.Context, s cpd.Store, bad string) error {
		return s.Update(ctx, orgA, func(tx cpd.Tx) error { return op(ctx, tx, bad) })
	}
}

// put writes r with c.
func put(r cpd.Record, c cpd.Change) func(context.Context, cpd.Tx, string) error {
	return func(ctx context.Context, tx cpd.Tx, _ string) error {
		_, err := tx.Put(ctx, r, c)
		return err
	}
}

// nameUses lists every argument of the cpd.Store and cpd.Tx methods that
// is a name.
func nameUses() []nameUse {
	rec := func(change func(r *cpd.Record, bad string)) func(context.Context, cpd.Tx, string) error {
		return func(ctx context.Context, tx cpd.Tx, bad string) error {
			r := activity("act-1", "p-ada", "requested")
			change(&r, bad)
			return put(r, change0())(ctx, tx, bad)
		}
	}
	chg := func(change func(c *cpd.Change, bad string)) func(context.Context, cpd.Tx, string) error {
		return func(ctx context.Context, tx cpd.Tx, bad string) error {
			c := change0()
			change(&c, bad)
			return put(activity("act-1", "p-ada", "requested"), c)(ctx, tx, bad)
		}
	}
	return []nameUse{
		{"View/org", func(ctx context.Context, s cpd.Store, bad string) error {
			return s.View(ctx, bad, func(cpd.Tx) error { return nil })
		}},
		{"Update/org", func(ctx context.Context, s cpd.Store, bad string) error {
			return s.Update(ctx, bad, func(tx cpd.Tx) error {
				return put(activity("act-1", "p-ada", "requested"), change0())(ctx, tx, bad)
			})
		}},
		{"Put/Kind", inUpdate(rec(func(r *cpd.Record, bad string) { r.Kind = cpd.Kind(bad) }))},
		{"Put/ID", inUpdate(rec(func(r *cpd.Record, bad string) { r.ID = bad }))},
		{"Put/Owner", inUpdate(rec(func(r *cpd.Record, bad string) { r.Owner = bad }))},
		{"Put/State", inUpdate(rec(func(r *cpd.Record, bad string) { r.State = bad }))},
		{"Put/Actor", inUpdate(chg(func(c *cpd.Change, bad string) { c.Actor = bad }))},
		{"Put/Action", inUpdate(chg(func(c *cpd.Change, bad string) { c.Action = bad }))},
		{"Delete/Kind", inUpdate(func(ctx context.Context, tx cpd.Tx, bad string) error {
			return tx.Delete(ctx, cpd.Kind(bad), "act-0", 1, change0())
		})},
		{"Delete/ID", inUpdate(func(ctx context.Context, tx cpd.Tx, bad string) error {
			return tx.Delete(ctx, cpd.KindActivity, bad, 1, change0())
		})},
		{"Delete/Actor", inUpdate(func(ctx context.Context, tx cpd.Tx, bad string) error {
			return tx.Delete(ctx, cpd.KindActivity, "act-0", 1, cpd.Change{Actor: bad, Action: "delete", At: when(0)})
		})},
		{"Get/Kind", inUpdate(func(ctx context.Context, tx cpd.Tx, bad string) error {
			_, err := tx.Get(ctx, cpd.Kind(bad), "act-0")
			return err
		})},
		{"Get/ID", inUpdate(func(ctx context.Context, tx cpd.Tx, bad string) error {
			_, err := tx.Get(ctx, cpd.KindActivity, bad)
			return err
		})},
		{"List/Kind", inUpdate(func(ctx context.Context, tx cpd.Tx, bad string) error {
			_, err := tx.List(ctx, cpd.Kind(bad), cpd.Query{})
			return err
		})},
		{"List/Owner", inUpdate(func(ctx context.Context, tx cpd.Tx, bad string) error {
			_, err := tx.List(ctx, cpd.KindActivity, cpd.Query{Owner: bad})
			return err
		})},
		{"List/States", inUpdate(func(ctx context.Context, tx cpd.Tx, bad string) error {
			_, err := tx.List(ctx, cpd.KindActivity, cpd.Query{States: []string{"requested", bad}})
			return err
		})},
		{"List/After", inUpdate(func(ctx context.Context, tx cpd.Tx, bad string) error {
			_, err := tx.List(ctx, cpd.KindActivity, cpd.Query{After: bad})
			return err
		})},
		{"Events/Kind", inUpdate(func(ctx context.Context, tx cpd.Tx, bad string) error {
			_, err := tx.Events(ctx, cpd.EventQuery{Kind: cpd.Kind(bad)})
			return err
		})},
		{"Events/ID", inUpdate(func(ctx context.Context, tx cpd.Tx, bad string) error {
			_, err := tx.Events(ctx, cpd.EventQuery{ID: bad})
			return err
		})},
		{"Events/Owner", inUpdate(func(ctx context.Context, tx cpd.Tx, bad string) error {
			_, err := tx.Events(ctx, cpd.EventQuery{Owner: bad})
			return err
		})},
		{"PutMany/ID", inUpdate(func(ctx context.Context, tx cpd.Tx, bad string) error {
			bt, ok := tx.(cpd.BulkTx)
			if !ok {
				return errNoCapability
			}
			_, err := bt.PutMany(ctx, []cpd.Record{activity("act-1", "p-ada", "requested"), activity(bad, "p-ada", "requested")}, change0())
			return err
		})},
		{"PutMany/Owner", inUpdate(func(ctx context.Context, tx cpd.Tx, bad string) error {
			bt, ok := tx.(cpd.BulkTx)
			if !ok {
				return errNoCapability
			}
			_, err := bt.PutMany(ctx, []cpd.Record{activity("act-1", bad, "requested")}, change0())
			return err
		})},
		{"PutMany/Actor", inUpdate(func(ctx context.Context, tx cpd.Tx, bad string) error {
			bt, ok := tx.(cpd.BulkTx)
			if !ok {
				return errNoCapability
			}
			_, err := bt.PutMany(ctx, []cpd.Record{activity("act-1", "p-ada", "requested")}, cpd.Change{Actor: bad, At: when(0)})
			return err
		})},
		{"GetMany/IDs", inUpdate(func(ctx context.Context, tx cpd.Tx, bad string) error {
			rt, ok := tx.(cpd.ReadManyTx)
			if !ok {
				return errNoCapability
			}
			_, err := rt.GetMany(ctx, cpd.KindActivity, []string{"act-0", bad})
			return err
		})},
		{"ListOwners/Owners", inUpdate(func(ctx context.Context, tx cpd.Tx, bad string) error {
			rt, ok := tx.(cpd.ReadManyTx)
			if !ok {
				return errNoCapability
			}
			_, err := rt.ListOwners(ctx, cpd.KindActivity, []string{"p-ada", bad}, nil)
			return err
		})},
		{"ListOwners/States", inUpdate(func(ctx context.Context, tx cpd.Tx, bad string) error {
			rt, ok := tx.(cpd.ReadManyTx)
			if !ok {
				return errNoCapability
			}
			_, err := rt.ListOwners(ctx, cpd.KindActivity, []string{"p-ada"}, []string{bad})
			return err
		})},
	}
}

// errNoCapability is what a nameUse returns for a store whose Tx lacks
// the optional interface it needs; the subtest is then skipped.
var errNoCapability = errors.New("storetest: the store's Tx lacks this capability")

// change0 is the Change the names tests write with.
func change0() cpd.Change { return change("p-ada", "create") }

// testNames: a name that is too long, has a NUL byte or is not valid
// UTF-8 is refused with ErrInvalid wherever it is given, by every store
// alike, before the store touches any data: nothing is written, and the
// transaction stays usable. A name of exactly cpd.MaxNameLen bytes is kept
// exactly.
func testNames(t *testing.T, newStore func(*testing.T) cpd.Store) {
	for _, use := range nameUses() {
		for label, bad := range badNames() {
			t.Run(use.name+"/"+label, func(t *testing.T) {
				s := newStore(t)
				seed(t, s, orgA, change0(), activity("act-0", "p-ada", "requested"))
				before := activities(t, s, orgA)
				err := use.op(t.Context(), s, bad)
				if errors.Is(err, errNoCapability) {
					t.Skip("the store's Tx lacks the optional interface")
				}
				require.ErrorIs(t, err, cpd.ErrInvalid)
				require.Less(t, len(err.Error()), 1000, "the error names the argument, not its whole value")
				diff(t, before, activities(t, s, orgA), "contents after a refused name")
			})
		}
	}
	t.Run("UsableAfter", func(t *testing.T) { testUsableAfterBadName(t, newStore) })
	t.Run("Longest", func(t *testing.T) { testLongestName(t, newStore) })
	t.Run("ChangeAt", func(t *testing.T) { testChangeAt(t, newStore) })
}

// testUsableAfterBadName: after every refused name, the same Update's
// later writes commit.
func testUsableAfterBadName(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	seed(t, s, orgA, change0(), activity("act-0", "p-ada", "requested"))
	update(t, s, orgA, func(tx cpd.Tx) error {
		for _, use := range nameUses()[2:] { // those inside an Update
			for label, bad := range badNames() {
				err := use.op(t.Context(), onlyTx{tx}, bad)
				if !errors.Is(err, errNoCapability) {
					require.ErrorIs(t, err, cpd.ErrInvalid, "%s/%s", use.name, label)
				}
			}
		}
		_, err := tx.Put(t.Context(), activity("act-1", "p-ada", "requested"), change0())
		require.NoError(t, err, "a Put after the refused names")
		return nil
	})
	require.Equal(t, []string{"act-0", "act-1"}, ids(listAll(t, s, orgA, cpd.KindActivity, cpd.Query{})))
}

// onlyTx is a cpd.Store whose Update runs fn in an existing transaction,
// so that nameUses' operations can run one after another in one Update.
type onlyTx struct{ tx cpd.Tx }

func (o onlyTx) View(context.Context, string, func(cpd.Tx) error) error {
	panic("storetest: onlyTx has no View")
}

func (o onlyTx) Update(_ context.Context, _ string, fn func(cpd.Tx) error) error { return fn(o.tx) }

// testLongestName: names of exactly cpd.MaxNameLen bytes, in every place,
// are kept and found.
func testLongestName(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	long := longestName()
	require.Len(t, long, cpd.MaxNameLen)
	r := cpd.Record{Kind: cpd.Kind(long), ID: long, Owner: long, State: long, Data: []byte(`{}`)}
	c := cpd.Change{Actor: long, Action: long, At: when(0)}
	stored := seed(t, s, long, c, r)[0]
	got, err := get(t, s, long, r.Kind, long)
	require.NoError(t, err)
	diff(t, stored, got, "the record with the longest names")
	diff(t, []cpd.Record{stored}, listAll(t, s, long, r.Kind, cpd.Query{Owner: long, States: []string{long}}), "List by the longest names")
	evs := events(t, s, long, cpd.EventQuery{Kind: r.Kind, ID: long, Owner: long})
	require.Len(t, evs, 1)
	require.Equal(t, []string{long, long}, []string{evs[0].Actor, evs[0].Action})
}

// testChangeAt: an audit time outside the years 1 to 9999 is refused
// with ErrInvalid, writing nothing; the first and last microseconds of
// that range are kept.
func testChangeAt(t *testing.T, newStore func(*testing.T) cpd.Store) {
	tests := []struct {
		name string
		at   time.Time
		ok   bool
	}{
		{"year 10000", time.Date(10000, time.January, 1, 0, 0, 0, 0, time.UTC), false},
		{"year 0", time.Date(0, time.December, 31, 23, 59, 59, 0, time.UTC), false},
		{"far future", time.Date(300000, time.January, 1, 0, 0, 0, 0, time.UTC), false},
		{"last microsecond", time.Date(9999, time.December, 31, 23, 59, 59, 999999000, time.UTC), true},
		{"first microsecond", time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			c := cpd.Change{Actor: "p-ada", Action: "create", At: tt.at}
			err := inUpdate(put(activity("act-1", "p-ada", "requested"), c))(t.Context(), s, "")
			if !tt.ok {
				require.ErrorIs(t, err, cpd.ErrInvalid)
				require.Empty(t, listAll(t, s, orgA, cpd.KindActivity, cpd.Query{}))
				return
			}
			require.NoError(t, err)
			evs := events(t, s, orgA, cpd.EventQuery{})
			require.Len(t, evs, 1)
			require.True(t, evs[0].At.Equal(tt.at), "event time %s, want %s", evs[0].At, tt.at)
		})
	}
}
