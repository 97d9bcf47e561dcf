package sqlstore_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/cpd"
)

var bulkChange = cpd.Change{Actor: "p-admin", Action: "import", At: at}

// bulkRecords returns n new activity records with IDs prefix-0000 ….
func bulkRecords(prefix string, n int) []cpd.Record {
	rs := make([]cpd.Record, n)
	for i := range rs {
		rs[i] = cpd.Record{Kind: cpd.KindActivity, ID: fmt.Sprintf("%s-%07d", prefix, i), Owner: fmt.Sprintf("p-%d", i%7),
			State: "completed", Data: []byte(benchData)}
	}
	return rs
}

// equalRecords compares records cheaply (cmp is slow under the race
// detector), nil data differing from empty.
func equalRecords(a, b cpd.Record) bool {
	return a.Kind == b.Kind && a.ID == b.ID && a.Version == b.Version && a.Owner == b.Owner && a.State == b.State &&
		bytes.Equal(a.Data, b.Data) && (a.Data == nil) == (b.Data == nil)
}

func putMany(t testing.TB, tx cpd.Tx, rs []cpd.Record) ([]cpd.Record, error) {
	t.Helper()
	bt, ok := tx.(cpd.BulkTx)
	require.True(t, ok, "the Tx offers cpd.BulkTx")
	return bt.PutMany(t.Context(), rs, bulkChange)
}

// allEvents reads every event of org-a.
func allEvents(t *testing.T, s *sqlstore.Store) []cpd.Event {
	t.Helper()
	var out []cpd.Event
	require.NoError(t, s.View(t.Context(), "org-a", func(tx cpd.Tx) error {
		for after := int64(0); ; {
			evs, err := tx.Events(t.Context(), cpd.EventQuery{After: after, Limit: cpd.MaxLimit})
			if err != nil || len(evs) == 0 {
				return err
			}
			out = append(out, evs...)
			after = evs[len(evs)-1].Seq
		}
	}))
	return out
}

// TestPutMany: records are created at version 1, with one event each,
// numbered on from earlier events, across more than one INSERT batch.
func TestPutMany(t *testing.T) {
	on(t, func(t *testing.T, s *sqlstore.Store, _ string) {
		rs := bulkRecords("a", 1003) // a full INSERT batch and a short one
		rs[0].Data, rs[1].Data = nil, []byte{}
		require.NoError(t, s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
			_, err := put(t.Context(), tx, "first", []byte(`{}`))
			require.NoError(t, err)
			stored, err := putMany(t, tx, rs)
			require.NoError(t, err)
			require.Len(t, stored, len(rs))
			for i := range stored {
				require.Equal(t, int64(1), stored[i].Version)
			}
			got, err := tx.Get(t.Context(), cpd.KindActivity, rs[1002].ID) // reads its own writes
			require.NoError(t, err)
			require.Equal(t, rs[1002].Data, got.Data)
			_, err = put(t.Context(), tx, "last", []byte(`{}`))
			return err
		}))
		var got []cpd.Record
		require.NoError(t, s.View(t.Context(), "org-a", func(tx cpd.Tx) error {
			q := cpd.Query{After: "a", Limit: cpd.MaxLimit}
			for {
				p, err := tx.List(t.Context(), cpd.KindActivity, q)
				if err != nil || p.Next == "" {
					got = append(got, p.Records...)
					return err
				}
				got, q.After = append(got, p.Records...), p.Next
			}
		}))
		require.Equal(t, len(rs)+2, len(got), "and first and last")
		for i, r := range rs {
			r.Version = 1
			if !equalRecords(r, got[i]) {
				require.Empty(t, cmp.Diff(r, got[i]))
			}
		}
		evs := allEvents(t, s)
		require.Len(t, evs, len(rs)+2)
		for i, e := range evs {
			require.Equal(t, int64(i+1), e.Seq)
		}
		require.Equal(t, "first", evs[0].ID)
		require.Equal(t, "last", evs[len(evs)-1].ID)
		for i, r := range rs {
			want, e := cpd.Event{Seq: int64(i + 2), At: at, Actor: "p-admin", Action: "import", Kind: r.Kind, ID: r.ID, Owner: r.Owner, After: r.Data}, evs[i+1]
			if e.Seq != want.Seq || !e.At.Equal(at) || e.Actor != want.Actor || e.Action != want.Action || e.Kind != want.Kind ||
				e.ID != want.ID || e.Owner != want.Owner || e.Before != nil || !bytes.Equal(e.After, want.After) || (e.After == nil) != (want.After == nil) {
				require.Empty(t, cmp.Diff(want, e))
			}
		}
	})
}

// TestPutManyConflict: an existing ID, an ID given twice or a version
// other than 0 fails with ErrConflict, and an empty ID with ErrInvalid;
// each writes nothing and leaves the transaction usable.
func TestPutManyConflict(t *testing.T) {
	on(t, func(t *testing.T, s *sqlstore.Store, _ string) {
		require.NoError(t, s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
			_, err := put(t.Context(), tx, "b-0001100", []byte(`{}`))
			return err
		}))
		twice := bulkRecords("c", 3)
		twice[2].ID = twice[0].ID
		versioned := bulkRecords("d", 3)
		versioned[1].Version = 1
		empty := bulkRecords("e", 3)
		empty[1].ID = ""
		tests := []struct {
			name string
			rs   []cpd.Record
			want error
		}{
			{"existing", bulkRecords("b", 1200), cpd.ErrConflict},
			{"twice", twice, cpd.ErrConflict},
			{"version", versioned, cpd.ErrConflict},
			{"empty ID", empty, cpd.ErrInvalid},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				require.NoError(t, s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
					_, err := putMany(t, tx, tc.rs)
					require.ErrorIs(t, err, tc.want)
					for _, r := range tc.rs[:1] {
						_, err := tx.Get(t.Context(), r.Kind, r.ID)
						require.ErrorIs(t, err, cpd.ErrNotFound, "nothing written")
					}
					_, err = put(t.Context(), tx, "after-"+tc.name, []byte(`{}`)) // the transaction goes on
					return err
				}))
			})
		}
		evs := allEvents(t, s)
		require.Len(t, evs, 1+len(tests))
		for i, e := range evs {
			require.Equal(t, int64(i+1), e.Seq)
		}
	})
}

// TestPutManyRollback: PutMany in an Update whose fn fails keeps nothing,
// and in a View fails with ErrReadOnly.
func TestPutManyRollback(t *testing.T) {
	on(t, func(t *testing.T, s *sqlstore.Store, _ string) {
		boom := errors.New("boom")
		err := s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
			_, err := putMany(t, tx, bulkRecords("a", 10))
			require.NoError(t, err)
			return boom
		})
		require.ErrorIs(t, err, boom)
		require.NoError(t, s.View(t.Context(), "org-a", func(tx cpd.Tx) error {
			_, err := tx.Get(t.Context(), cpd.KindActivity, "a-0000000")
			require.ErrorIs(t, err, cpd.ErrNotFound)
			_, err = putMany(t, tx, bulkRecords("v", 1))
			require.ErrorIs(t, err, cpd.ErrReadOnly)
			return nil
		}))
		require.Empty(t, allEvents(t, s))
	})
}
