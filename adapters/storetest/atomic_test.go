package storetest

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/cpd"
)

// recorder is a tester that records failures instead of failing the test.
type recorder struct {
	*testing.T
	failures []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.FailNow()
}

func (r *recorder) FailNow() { runtime.Goexit() }

// check runs atomicUseCase with a recorder and returns its failures.
func check(t *testing.T, s cpd.Store, run func(cpd.Store) error, opts *AtomicOptions) []string {
	r := &recorder{T: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		atomicUseCase(r, s, orgA, run, opts)
	}()
	<-done
	return r.failures
}

// approve is a use case: one Update that reads, writes three records and
// deletes one.
func approve(ctx context.Context) func(cpd.Store) error {
	return func(s cpd.Store) error {
		return s.Update(ctx, orgA, func(tx cpd.Tx) error {
			r, err := tx.Get(ctx, cpd.KindActivity, "act-1")
			if err != nil {
				return err
			}
			r.State = "approved"
			if _, err := tx.Put(ctx, r, change("p-bob", "approve")); err != nil {
				return fmt.Errorf("approve: %w", err)
			}
			b := cpd.Record{Kind: "budget", ID: "line-1", Data: []byte(`{"committed":"120.00"}`)}
			if _, err := tx.Put(ctx, b, change("p-bob", "commit")); err != nil {
				return fmt.Errorf("commit budget: %w", err)
			}
			if _, err := tx.Put(ctx, counter("p-ada", 1), change("p-bob", "status")); err != nil {
				return err
			}
			return tx.Delete(ctx, cpd.KindActivity, "act-2", 1, change("p-bob", "tidy"))
		})
	}
}

// seedApprove stores what approve changes.
func seedApprove(t *testing.T) cpd.Store {
	s := memory.New()
	seed(t, s, orgA, change("p-ada", "create"),
		activity("act-1", "p-ada", "requested"), activity("act-2", "p-ada", "requested"))
	return s
}

func TestAtomicUseCase(t *testing.T) {
	tests := []struct {
		name string
		run  func(context.Context) func(cpd.Store) error
		opts *AtomicOptions
		want []string // substrings of the failures, in order
	}{
		{"atomic", approve, nil, nil},
		{"atomic with an extra kind", approve, &AtomicOptions{Kinds: []cpd.Kind{"budget"}}, nil},
		{"no writes", func(ctx context.Context) func(cpd.Store) error {
			return func(s cpd.Store) error {
				return s.View(ctx, orgA, func(tx cpd.Tx) error { _, err := tx.Get(ctx, cpd.KindActivity, "act-1"); return err })
			}
		}, nil, nil},
		{"two transactions", func(ctx context.Context) func(cpd.Store) error {
			return func(s cpd.Store) error {
				if err := s.Update(ctx, orgA, func(tx cpd.Tx) error {
					_, err := tx.Put(ctx, activity("act-3", "p-ada", "requested"), change("p-ada", "create"))
					return err
				}); err != nil {
					return err
				}
				return approve(ctx)(s)
			}
		}, nil, []string{"write 2 failed (approve: put activity \"act-1\" (write 2): storetest: injected fault) but the store changed"}},
		{"ignores a write error", func(ctx context.Context) func(cpd.Store) error {
			return func(s cpd.Store) error {
				return s.Update(ctx, orgA, func(tx cpd.Tx) error {
					_, _ = tx.Put(ctx, activity("act-3", "p-ada", "requested"), change("p-ada", "create"))
					return nil
				})
			}
		}, nil, []string{"ignored a write error"}},
		{"hides the error", func(ctx context.Context) func(cpd.Store) error {
			return func(s cpd.Store) error {
				if err := approve(ctx)(s); err != nil {
					return fmt.Errorf("approval failed: %v", err)
				}
				return nil
			}
		}, nil, []string{"does not wrap", "does not wrap", "does not wrap", "does not wrap"}},
		{"fails by itself", func(ctx context.Context) func(cpd.Store) error {
			return func(s cpd.Store) error { return cpd.ErrForbidden }
		}, nil, []string{"no write failing"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := seedApprove(t)
			got := check(t, s, tc.run(t.Context()), tc.opts)
			require.Len(t, got, len(tc.want), "failures: %q", got)
			for i, want := range tc.want {
				require.True(t, strings.Contains(got[i], want), "failure %d is %q, want it to mention %q", i, got[i], want)
			}
		})
	}
}

// TestAtomicUseCaseComparesExtraKinds: a leaked write of any kind shows in
// the events; the records of a kind are compared only when it is listed.
func TestAtomicUseCaseComparesExtraKinds(t *testing.T) {
	budgetFirst := func(ctx context.Context) func(cpd.Store) error {
		return func(s cpd.Store) error {
			if err := s.Update(ctx, orgA, func(tx cpd.Tx) error {
				_, err := tx.Put(ctx, cpd.Record{Kind: "budget", ID: "line-0", Data: []byte(`{}`)}, change("p-bob", "commit"))
				return err
			}); err != nil {
				return err
			}
			return approve(ctx)(s)
		}
	}
	tests := []struct {
		name        string
		opts        *AtomicOptions
		wantRecords bool
	}{
		{"default kinds", nil, false},
		{"budget listed", &AtomicOptions{Kinds: []cpd.Kind{"budget", cpd.KindPerson}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := check(t, seedApprove(t), budgetFirst(t.Context()), tc.opts)
			require.Len(t, got, 1)
			require.Contains(t, got[0], `ID:     "line-0"`, "the event")
			require.Equal(t, tc.wantRecords, strings.Contains(got[0], `"budget":`), "the records: %s", got[0])
		})
	}
}

func TestAtomicUseCaseLeavesTheSuccessfulRun(t *testing.T) {
	s := seedApprove(t)
	AtomicUseCase(t, s, orgA, approve(t.Context()), nil)
	r, err := get(t, s, orgA, cpd.KindActivity, "act-1")
	require.NoError(t, err)
	require.Equal(t, "approved", r.State)
}
