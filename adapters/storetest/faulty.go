package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/cpdkit/cpdkit/cpd"
)

// ErrInjected is the error a [Faulty] store's failing write returns
// (wrapped with the write's details).
var ErrInjected = errors.New("storetest: injected fault")

// Faulty wraps a cpd.Store and makes one chosen write fail: after
// FailAt(k), the k-th Put or Delete inside any Update returns an error
// wrapping ErrInjected without reaching the wrapped store. A PutMany
// (its Tx offers cpd.BulkTx; when the wrapped Tx does not, it puts the
// records one by one, stopping at the first error) counts one write per
// record, and fails whole, reaching nothing, if the k-th write is among
// them; so does an UpdateMany (its Tx offers cpd.UpdateManyTx too, with
// Put one by one when the wrapped Tx lacks it). Its Tx offers
// cpd.ReadManyTx too, reading with Get and List when the wrapped Tx does
// not. Writes are counted across transactions; writes in a View (which
// fail anyway) are not counted. Everything else passes through. A Faulty
// is safe for concurrent use.
type Faulty struct {
	store cpd.Store

	mu     sync.Mutex
	failAt int
	writes int
}

var _ cpd.Store = (*Faulty)(nil)

// NewFaulty returns a Faulty over store, with no fault armed.
func NewFaulty(store cpd.Store) *Faulty {
	return &Faulty{store: store}
}

// FailAt arms the fault: the k-th write from now fails (k = 1 is the next
// one), and only that one. It restarts the count of Writes. k <= 0
// disarms it.
func (f *Faulty) FailAt(k int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failAt, f.writes = k, 0
}

// Writes returns the number of writes attempted inside Updates since the
// last FailAt (or since NewFaulty), the failed one included. The fault
// has fired when Writes() >= k.
func (f *Faulty) Writes() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.writes
}

// View runs fn on the wrapped store, unchanged.
func (f *Faulty) View(ctx context.Context, org string, fn func(cpd.Tx) error) error {
	return f.store.View(ctx, org, fn)
}

// Update runs fn on the wrapped store with a Tx whose writes count
// towards the fault.
func (f *Faulty) Update(ctx context.Context, org string, fn func(cpd.Tx) error) error {
	return f.store.Update(ctx, org, func(tx cpd.Tx) error {
		return fn(&faultyTx{Tx: tx, f: f})
	})
}

// fail counts a write and reports whether it is the one to fail.
func (f *Faulty) fail() (int, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes++
	return f.writes, f.writes == f.failAt
}

// faultyTx passes reads through and counts writes.
type faultyTx struct {
	cpd.Tx
	f *Faulty
}

// Put fails if it is the chosen write.
func (t *faultyTx) Put(ctx context.Context, r cpd.Record, c cpd.Change) (cpd.Record, error) {
	if n, fail := t.f.fail(); fail {
		return cpd.Record{}, fmt.Errorf("put %s %q (write %d): %w", r.Kind, r.ID, n, ErrInjected)
	}
	return t.Tx.Put(ctx, r, c)
}

// Delete fails if it is the chosen write.
func (t *faultyTx) Delete(ctx context.Context, kind cpd.Kind, id string, version int64, c cpd.Change) error {
	if n, fail := t.f.fail(); fail {
		return fmt.Errorf("delete %s %q (write %d): %w", kind, id, n, ErrInjected)
	}
	return t.Tx.Delete(ctx, kind, id, version, c)
}

// PutMany fails whole if the chosen write is among its records; otherwise
// it passes them to the wrapped Tx's PutMany, or to Put one by one.
func (t *faultyTx) PutMany(ctx context.Context, rs []cpd.Record, c cpd.Change) ([]cpd.Record, error) {
	for _, r := range rs {
		if n, fail := t.f.fail(); fail {
			return nil, fmt.Errorf("put many: %s %q (write %d): %w", r.Kind, r.ID, n, ErrInjected)
		}
	}
	if bt, ok := t.Tx.(cpd.BulkTx); ok {
		return bt.PutMany(ctx, rs, c)
	}
	out := make([]cpd.Record, 0, len(rs))
	for _, r := range rs {
		stored, err := t.Tx.Put(ctx, r, c)
		if err != nil {
			return nil, err
		}
		out = append(out, stored)
	}
	return out, nil
}

// UpdateMany fails whole if the chosen write is among its records;
// otherwise it passes them to the wrapped Tx's UpdateMany, or to Put one
// by one.
func (t *faultyTx) UpdateMany(ctx context.Context, rs []cpd.Record, c cpd.Change) ([]cpd.Record, error) {
	for _, r := range rs {
		if n, fail := t.f.fail(); fail {
			return nil, fmt.Errorf("update many: %s %q (write %d): %w", r.Kind, r.ID, n, ErrInjected)
		}
	}
	if ut, ok := t.Tx.(cpd.UpdateManyTx); ok {
		return ut.UpdateMany(ctx, rs, c)
	}
	out := make([]cpd.Record, 0, len(rs))
	for _, r := range rs {
		stored, err := t.Tx.Put(ctx, r, c)
		if err != nil {
			return nil, err
		}
		out = append(out, stored)
	}
	return out, nil
}

// GetMany passes through to the wrapped Tx's GetMany, or reads with Get
// when it has none: reads are never faulted.
func (t *faultyTx) GetMany(ctx context.Context, kind cpd.Kind, ids []string) ([]cpd.Record, error) {
	if rt, ok := t.Tx.(cpd.ReadManyTx); ok {
		return rt.GetMany(ctx, kind, ids)
	}
	out := []cpd.Record{}
	for _, id := range slices.Compact(slices.Sorted(slices.Values(ids))) {
		r, err := t.Tx.Get(ctx, kind, id)
		switch {
		case err == nil:
			out = append(out, r)
		case !errors.Is(err, cpd.ErrNotFound):
			return nil, err
		}
	}
	return out, nil
}

// ListOwners passes through to the wrapped Tx's ListOwners, or reads with
// List when it has none.
func (t *faultyTx) ListOwners(ctx context.Context, kind cpd.Kind, owners, states []string) ([]cpd.Record, error) {
	if rt, ok := t.Tx.(cpd.ReadManyTx); ok {
		return rt.ListOwners(ctx, kind, owners, states)
	}
	out := []cpd.Record{}
	for _, owner := range slices.Compact(slices.Sorted(slices.Values(owners))) {
		q := cpd.Query{Owner: owner, States: states, Limit: cpd.MaxLimit}
		for {
			page, err := t.Tx.List(ctx, kind, q)
			if err != nil {
				return nil, err
			}
			for _, r := range page.Records {
				if r.Owner == owner { // List reads every owner for ""
					out = append(out, r)
				}
			}
			if page.Next == "" {
				break
			}
			q.After = page.Next
		}
	}
	return out, nil
}
