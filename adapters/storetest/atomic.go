package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// AtomicOptions configures [AtomicUseCase]. The zero value (or nil) means
// defaults.
type AtomicOptions struct {
	// Kinds are record kinds to compare besides cpd.KindPerson,
	// cpd.KindActivity and cpd.KindStatus, which are always compared.
	Kinds []cpd.Kind
}

// maxWrites bounds the writes AtomicUseCase expects of one use case.
const maxWrites = 10_000

// AtomicUseCase proves that a use case is all or nothing. For k = 1, 2, …
// it wraps store in a [Faulty] failing at the k-th write and calls run
// with it; whenever run returns an error, the organisation's complete
// contents (its records of every kind compared, and all its events) must
// be exactly as before, and the error must wrap [ErrInjected]. It stops
// when run succeeds without reaching the k-th write, leaving store
// changed by that successful run.
//
// The test fails if run fails although no write failed, or succeeds
// although one did (it ignored a write error), since either way its
// atomicity cannot be judged. run must be repeatable: each failed run
// leaves the store as it found it, so each call starts from the same
// state.
func AtomicUseCase(t *testing.T, store cpd.Store, org string, run func(s cpd.Store) error, opts *AtomicOptions) {
	t.Helper()
	atomicUseCase(t, store, org, run, opts)
}

// tester is what atomicUseCase needs of a *testing.T, so that its own
// tests can watch it fail.
type tester interface {
	require.TestingT
	Helper()
	Context() context.Context
	Logf(format string, args ...any)
	Fatalf(format string, args ...any)
}

func atomicUseCase(t tester, store cpd.Store, org string, run func(s cpd.Store) error, opts *AtomicOptions) {
	t.Helper()
	kinds := []cpd.Kind{cpd.KindPerson, cpd.KindActivity, cpd.KindStatus}
	if opts != nil {
		kinds = append(kinds, opts.Kinds...)
	}
	before := contents(t, store, org, kinds)
	for k := 1; k <= maxWrites; k++ {
		f := NewFaulty(store)
		f.FailAt(k)
		err := run(f)
		fired := f.Writes() >= k
		switch {
		case err == nil && !fired:
			t.Logf("storetest: the use case made %d writes, and was atomic when any of them failed", k-1)
			return
		case err == nil:
			t.Fatalf("storetest: write %d failed but the use case succeeded: it ignored a write error", k)
		case !fired:
			t.Fatalf("storetest: the use case failed with no write failing (after %d writes): %v", f.Writes(), err)
		case !errors.Is(err, ErrInjected):
			t.Errorf("storetest: write %d failed but the use case's error does not wrap it: %v", k, err)
		}
		if d := cmp.Diff(before, contents(t, store, org, kinds)); d != "" {
			t.Fatalf("storetest: write %d failed (%v) but the store changed (-before +after):\n%s", k, err, d)
		}
	}
	t.Fatalf("storetest: the use case made more than %d writes", maxWrites)
}

// snapshot is everything an organisation holds.
type snapshot struct {
	Records map[cpd.Kind][]cpd.Record
	Events  []cpd.Event
}

// contents reads the organisation's records of the kinds and all its
// events, in one View.
func contents(t tester, s cpd.Store, org string, kinds []cpd.Kind) snapshot {
	t.Helper()
	snap := snapshot{Records: make(map[cpd.Kind][]cpd.Record)}
	err := s.View(t.Context(), org, func(tx cpd.Tx) error {
		for _, kind := range slices.Compact(slices.Sorted(slices.Values(kinds))) {
			q := cpd.Query{Limit: cpd.MaxLimit}
			for {
				p, err := tx.List(t.Context(), kind, q)
				if err != nil {
					return err
				}
				snap.Records[kind] = append(snap.Records[kind], p.Records...)
				if p.Next == "" {
					break
				}
				q.After = p.Next
			}
		}
		for after := int64(0); ; {
			evs, err := tx.Events(t.Context(), cpd.EventQuery{After: after, Limit: cpd.MaxLimit})
			if err != nil || len(evs) == 0 {
				return err
			}
			snap.Events = append(snap.Events, evs...)
			after = evs[len(evs)-1].Seq
		}
	})
	require.NoError(t, err, "reading the store's contents")
	return snap
}
