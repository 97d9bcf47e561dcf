package memory_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/cpd"
)

// benchData is a typical activity record's JSON.
const benchData = `{"title":"Safeguarding refresher","aspect":"keeping_up_to_date","hours":"1.5","provider":"LSCB","start":"2026-03-02"}`

func BenchmarkPut(b *testing.B) {
	ctx := b.Context()
	change := cpd.Change{Actor: "p-ada", Action: "edit", At: time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)}
	b.Run("create", func(b *testing.B) {
		s := memory.New()
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			i++
			r := cpd.Record{Kind: cpd.KindActivity, ID: fmt.Sprintf("act-%09d", i), Owner: "p-ada", State: "requested", Data: []byte(benchData)}
			err := s.Update(ctx, "org", func(tx cpd.Tx) error {
				_, err := tx.Put(ctx, r, change)
				return err
			})
			require.NoError(b, err)
		}
	})
	b.Run("update", func(b *testing.B) {
		s := memory.New()
		r := cpd.Record{Kind: cpd.KindActivity, ID: "act-1", Owner: "p-ada", State: "requested", Data: []byte(benchData)}
		b.ReportAllocs()
		for b.Loop() {
			err := s.Update(ctx, "org", func(tx cpd.Tx) error {
				var err error
				r, err = tx.Put(ctx, r, change)
				return err
			})
			require.NoError(b, err)
		}
	})
}

func BenchmarkGet(b *testing.B) {
	ctx := b.Context()
	s := memory.New()
	const n = 10_000
	require.NoError(b, s.Update(ctx, "org", func(tx cpd.Tx) error {
		for i := range n {
			r := cpd.Record{Kind: cpd.KindActivity, ID: fmt.Sprintf("act-%05d", i), Owner: "p-ada", Data: []byte(benchData)}
			if _, err := tx.Put(ctx, r, cpd.Change{Actor: "p-ada", Action: "create"}); err != nil {
				return err
			}
		}
		return nil
	}))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		id := fmt.Sprintf("act-%05d", i%n)
		err := s.View(ctx, "org", func(tx cpd.Tx) error {
			_, err := tx.Get(ctx, cpd.KindActivity, id)
			return err
		})
		require.NoError(b, err)
	}
}

// BenchmarkListRareState lists the 100 records in one state among 100,000
// of the kind: the state index makes it cost the 100, not the 100,000.
func BenchmarkListRareState(b *testing.B) {
	ctx := b.Context()
	s := memory.New()
	change := cpd.Change{Actor: "p-ada", Action: "import", At: time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)}
	err := s.Update(ctx, "org", func(tx cpd.Tx) error {
		rs := make([]cpd.Record, 100_000)
		for i := range rs {
			state := "completed"
			if i%1000 == 0 {
				state = "requested"
			}
			rs[i] = cpd.Record{Kind: cpd.KindActivity, ID: fmt.Sprintf("act-%09d", i), Owner: fmt.Sprintf("p-%05d", i%5000), State: state, Data: []byte(benchData)}
		}
		_, err := tx.(cpd.BulkTx).PutMany(ctx, rs, change)
		return err
	})
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		err := s.View(ctx, "org", func(tx cpd.Tx) error {
			p, err := tx.List(ctx, cpd.KindActivity, cpd.Query{States: []string{"requested"}, Limit: cpd.MaxLimit})
			if err == nil && len(p.Records) != 100 {
				err = fmt.Errorf("listed %d, want 100", len(p.Records))
			}
			return err
		})
		require.NoError(b, err)
	}
}

// BenchmarkPutAtScale creates one completed activity, with a random ID as
// cpd gives one, in an organisation that holds n of them already, spread
// over 10,000 people: the cost of a write is to follow the write, not the
// organisation's history, so ns/op stays within noise from 10,000 records
// to 1,000,000.
func BenchmarkPutAtScale(b *testing.B) {
	ctx := b.Context()
	change := cpd.Change{Actor: "p-ada", Action: "import", At: time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)}
	sizes := []int{10_000, 100_000, 1_000_000}
	if testing.Short() {
		sizes = sizes[:2]
	}
	rng := rand.New(rand.NewPCG(1, 2))
	randomID := func() string { return fmt.Sprintf("%016x%016x", rng.Uint64(), rng.Uint64()) }
	for _, n := range sizes {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			rs := make([]cpd.Record, n)
			for i := range rs {
				rs[i] = cpd.Record{Kind: cpd.KindActivity, ID: randomID(), Owner: fmt.Sprintf("p-%05d", i%10_000), State: "completed", Data: []byte(benchData)}
			}
			s := seedAtScale(b, rs)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				r := cpd.Record{Kind: cpd.KindActivity, ID: randomID(), Owner: fmt.Sprintf("p-%05d", i%10_000), State: "completed", Data: []byte(benchData)}
				err := s.Update(ctx, "org", func(tx cpd.Tx) error {
					_, err := tx.Put(ctx, r, change)
					return err
				})
				require.NoError(b, err)
			}
		})
	}
}

// BenchmarkGetManyAtScale reads the same number of records (10,000, by
// ID, as a report reads its window's activities) from organisations of
// 300,000 and 900,000 records of the kind: the work is the same, so what
// differs is how the larger map sits in the processor's caches.
func BenchmarkGetManyAtScale(b *testing.B) {
	ctx := b.Context()
	for _, n := range []int{300_000, 900_000} {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(5, 6))
			rs := make([]cpd.Record, n)
			for i := range rs {
				rs[i] = cpd.Record{Kind: cpd.KindActivity, ID: fmt.Sprintf("%016x%016x", rng.Uint64(), rng.Uint64()), Owner: fmt.Sprintf("p-%06d", i%100_000), State: "completed", Data: []byte(benchData)}
			}
			ids := make([]string, 10_000)
			for i := range ids {
				ids[i] = rs[rng.IntN(n)].ID
			}
			s := seedAtScale(b, rs)
			b.ReportAllocs()
			for b.Loop() {
				err := s.View(ctx, "org", func(tx cpd.Tx) error {
					got, err := tx.(cpd.ReadManyTx).GetMany(ctx, cpd.KindActivity, ids)
					if err == nil && len(got) == 0 {
						err = fmt.Errorf("nothing read")
					}
					return err
				})
				require.NoError(b, err)
			}
		})
	}
}

// BenchmarkListStateAtScale lists, a page of cpd.MaxLimit at a time, the
// 10,000 records in one state (requested, as a budget report lists the
// open activities) of an organisation that holds 100,000 or 300,000
// other records of the kind (completed, as a year's or three years'
// history): the walk is the same, so ms/op is to stay within noise as
// the history grows, which it did not while each record the state index
// named was looked up in the table's map.
func BenchmarkListStateAtScale(b *testing.B) {
	ctx := b.Context()
	const open = 10_000
	for _, n := range []int{100_000, 300_000} {
		b.Run(fmt.Sprintf("others=%d", n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(7, 8))
			rs := make([]cpd.Record, n+open)
			for i := range rs {
				state := "completed"
				if i < open {
					state = "requested"
				}
				rs[i] = cpd.Record{Kind: cpd.KindActivity, ID: fmt.Sprintf("%016x%016x", rng.Uint64(), rng.Uint64()), Owner: fmt.Sprintf("p-%05d", i%10_000), State: state, Data: []byte(benchData)}
			}
			s := seedAtScale(b, rs)
			b.ReportAllocs()
			for b.Loop() {
				err := s.View(ctx, "org", func(tx cpd.Tx) error {
					got := 0
					for q := (cpd.Query{States: []string{"requested"}, Limit: cpd.MaxLimit}); ; {
						p, err := tx.List(ctx, cpd.KindActivity, q)
						if err != nil {
							return err
						}
						got += len(p.Records)
						if p.Next == "" {
							break
						}
						q.After = p.Next
					}
					if got != open {
						return fmt.Errorf("listed %d, want %d", got, open)
					}
					return nil
				})
				require.NoError(b, err)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
		})
	}
}

// seedAtScale returns a new store whose organisation "org" holds rs,
// written in one bulk write, with the garbage of making them collected:
// the set-up of the benchmarks at scale, before their timers start. The
// caller is to drop rs, which the store has copied.
func seedAtScale(b *testing.B, rs []cpd.Record) *memory.Store {
	b.Helper()
	s := memory.New()
	change := cpd.Change{Actor: "p-ada", Action: "import", At: time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)}
	require.NoError(b, s.Update(b.Context(), "org", func(tx cpd.Tx) error {
		_, err := tx.(cpd.BulkTx).PutMany(b.Context(), rs, change)
		return err
	}))
	runtime.GC()
	return s
}
