package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// The size of the concurrency tests.
const (
	writers    = 8
	readers    = 4
	increments = 25
	rounds     = 50
	maxRetries = 1000
)

// counter returns a status record holding the number n.
func counter(id string, n int) cpd.Record {
	return cpd.Record{Kind: cpd.KindStatus, ID: id, Data: []byte(strconv.Itoa(n))}
}

// increment adds one to a counter in a read-modify-write Update, retrying
// when a concurrent writer wins (ErrConflict).
func increment(ctx context.Context, s cpd.Store, id string) error {
	for range maxRetries {
		err := s.Update(ctx, orgA, func(tx cpd.Tx) error {
			r, err := tx.Get(ctx, cpd.KindStatus, id)
			if err != nil {
				return err
			}
			n, err := strconv.Atoi(string(r.Data))
			if err != nil {
				return err
			}
			r.Data = []byte(strconv.Itoa(n + 1))
			_, err = tx.Put(ctx, r, change("p-ada", "increment"))
			return err
		})
		if !errors.Is(err, cpd.ErrConflict) {
			return err
		}
	}
	return fmt.Errorf("storetest: %d conflicts in a row", maxRetries)
}

// collect gathers the first few errors from goroutines.
type collect struct {
	mu   sync.Mutex
	errs []error
}

func (c *collect) add(err error) {
	if err == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.errs) < 10 {
		c.errs = append(c.errs, err)
	}
}

// closed reports whether ch is closed.
func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// testConcurrentWriters: concurrent read-modify-write Updates lose no
// increment: the counter ends at the number of increments, with one event
// per increment, each going from n to n+1 in Seq order.
func testConcurrentWriters(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	seed(t, s, orgA, change("p-ada", "create"), counter("count", 0))
	var wg sync.WaitGroup
	var errs collect
	for range writers {
		wg.Go(func() {
			for range increments {
				errs.add(increment(t.Context(), s, "count"))
			}
		})
	}
	wg.Wait()
	require.NoError(t, errors.Join(errs.errs...))

	const total = writers * increments
	got, err := get(t, s, orgA, cpd.KindStatus, "count")
	require.NoError(t, err)
	require.Equal(t, strconv.Itoa(total), string(got.Data), "the counter")
	require.Equal(t, int64(total+1), got.Version, "the counter's version")

	evs := events(t, s, orgA, cpd.EventQuery{After: 1, Limit: cpd.MaxLimit})
	require.Len(t, evs, total, "one event per increment")
	type step struct {
		Seq           int64
		Before, After string
	}
	want, gotSteps := make([]step, total), make([]step, total)
	for i, e := range evs {
		want[i] = step{int64(i + 2), strconv.Itoa(i), strconv.Itoa(i + 1)}
		gotSteps[i] = step{e.Seq, string(e.Before), string(e.After)}
	}
	diff(t, want, gotSteps, "increments in Seq order")
}

// testViewSeesCommitted: a View started after an Update commits sees it.
func testViewSeesCommitted(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	for i := range rounds {
		id := fmt.Sprintf("act-%03d", i)
		stored := seed(t, s, orgA, change("p-ada", "create"), activity(id, "p-ada", "requested"))[0]
		got, err := get(t, s, orgA, cpd.KindActivity, id)
		require.NoError(t, err)
		diff(t, stored, got, "record read after its Update returned")
	}
}

// testNoDirtyReads: the writes of an Update that fails are never seen by
// a View, whether it runs alongside the Update or waits for it.
func testNoDirtyReads(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	base := seed(t, s, orgA, change("p-ada", "create"), counter("x", 0))[0]
	clean := func() error {
		return s.View(t.Context(), orgA, func(tx cpd.Tx) error {
			return checkClean(t.Context(), tx, base)
		})
	}
	var wg sync.WaitGroup
	var errs collect
	wg.Go(func() {
		for range rounds {
			var inside chan error
			err := s.Update(t.Context(), orgA, func(tx cpd.Tx) error {
				dirty := base
				dirty.Data = []byte("-1")
				if _, err := tx.Put(t.Context(), dirty, change("p-eve", "dirty")); err != nil {
					return err
				}
				if _, err := tx.Put(t.Context(), counter("ghost", -1), change("p-eve", "dirty")); err != nil {
					return err
				}
				inside = make(chan error, 1)
				go func() { inside <- clean() }() // runs now, or after the rollback
				runtime.Gosched()
				return errRollback
			})
			if !errors.Is(err, errRollback) {
				errs.add(fmt.Errorf("failing Update: %w", err))
			}
			if inside != nil {
				errs.add(<-inside)
			}
		}
	})
	wg.Go(func() {
		for range rounds {
			errs.add(clean())
		}
	})
	wg.Wait()
	require.NoError(t, errors.Join(errs.errs...))
}

// checkClean fails if tx sees anything but the base counter and its
// creation event.
func checkClean(ctx context.Context, tx cpd.Tx, base cpd.Record) error {
	got, err := tx.Get(ctx, cpd.KindStatus, "x")
	if err != nil {
		return err
	}
	if got.Version != base.Version || !bytes.Equal(got.Data, base.Data) {
		return fmt.Errorf("dirty read: x is version %d %q", got.Version, got.Data)
	}
	if _, err := tx.Get(ctx, cpd.KindStatus, "ghost"); !errors.Is(err, cpd.ErrNotFound) {
		return fmt.Errorf("dirty read: ghost: %v", err)
	}
	evs, err := tx.Events(ctx, cpd.EventQuery{})
	if err != nil {
		return err
	}
	if len(evs) != 1 {
		return fmt.Errorf("dirty read: %d events", len(evs))
	}
	return nil
}

// testConsistentSnapshot: a View sees each Update whole or not at all:
// two records an Update always changes together are always read equal.
func testConsistentSnapshot(t *testing.T, newStore func(*testing.T) cpd.Store) {
	s := newStore(t)
	seed(t, s, orgA, change("p-ada", "create"), counter("a", 0), counter("b", 0))
	var wg sync.WaitGroup
	var errs collect
	done := make(chan struct{})
	wg.Go(func() {
		defer close(done)
		for range 2 * rounds {
			errs.add(s.Update(t.Context(), orgA, bothPlusOne(t.Context())))
		}
	})
	for range readers {
		wg.Go(func() {
			for !closed(done) {
				errs.add(s.View(t.Context(), orgA, func(tx cpd.Tx) error {
					a, err := tx.Get(t.Context(), cpd.KindStatus, "a")
					if err != nil {
						return err
					}
					runtime.Gosched()
					p, err := tx.List(t.Context(), cpd.KindStatus, cpd.Query{})
					if err != nil {
						return err
					}
					if len(p.Records) != 2 || string(p.Records[0].Data) != string(a.Data) ||
						string(p.Records[1].Data) != string(a.Data) {
						return fmt.Errorf("inconsistent snapshot: a was %s, then a and b were %v", a.Data, p.Records)
					}
					return nil
				}))
			}
		})
	}
	wg.Wait()
	require.NoError(t, errors.Join(errs.errs...))
}

// bothPlusOne adds one to counters a and b.
func bothPlusOne(ctx context.Context) func(cpd.Tx) error {
	return func(tx cpd.Tx) error {
		for _, id := range []string{"a", "b"} {
			r, err := tx.Get(ctx, cpd.KindStatus, id)
			if err != nil {
				return err
			}
			n, err := strconv.Atoi(string(r.Data))
			if err != nil {
				return err
			}
			r.Data = []byte(strconv.Itoa(n + 1))
			if _, err := tx.Put(ctx, r, change("p-ada", "increment")); err != nil {
				return err
			}
			runtime.Gosched()
		}
		return nil
	}
}
