package memory

import (
	"context"
	"fmt"
	"sync"

	"github.com/cpdkit/cpdkit/cpd"
)

// Store is a cpd.Store held in memory. The zero value is not usable; call
// [New]. A Store is safe for concurrent use.
//
// Updates to one organisation run one at a time; Views run alongside them
// and see only committed data. A transaction's fn must not start another
// transaction on the same Store for the same organisation: that waits for
// the first one to end, and so never returns.
type Store struct {
	mu   sync.Mutex // guards orgs
	orgs map[string]*org
}

var _ cpd.Store = (*Store)(nil)

// New returns an empty Store.
func New() *Store {
	return &Store{orgs: make(map[string]*org)}
}

// View runs fn in a read-only transaction for the organisation. Inside it,
// Put and Delete fail with cpd.ErrReadOnly. It returns fn's error; an error
// wrapping ctx.Err() without running fn if ctx is already done; or an error
// wrapping cpd.ErrInvalid if org is empty or not a valid name (cpd.CheckOrg).
func (s *Store) View(ctx context.Context, org string, fn func(cpd.Tx) error) error {
	if err := begin(ctx, "view", org); err != nil {
		return err
	}
	o := s.org(org)
	o.mu.RLock()
	defer o.mu.RUnlock()
	t := &tx{org: o}
	defer t.close()
	return fn(t)
}

// Update runs fn in a read-write transaction for the organisation and
// commits what it wrote when fn returns nil. If fn returns an error or
// panics, nothing it wrote is kept (a panic propagates after the
// rollback).
//
// It returns fn's error unchanged; an error wrapping ctx.Err() if ctx is
// done before fn runs (fn is not run) or by the time fn returns (nothing is
// committed); or an error wrapping cpd.ErrInvalid if org is empty or not a valid name (cpd.CheckOrg).
func (s *Store) Update(ctx context.Context, org string, fn func(cpd.Tx) error) error {
	if err := begin(ctx, "update", org); err != nil {
		return err
	}
	o := s.org(org)
	select {
	case o.writer <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("memory: update %q: %w", org, ctx.Err())
	}
	defer func() { <-o.writer }()
	if err := ctx.Err(); err != nil { // cancelled while both were ready
		return fmt.Errorf("memory: update %q: %w", org, err)
	}
	t := &tx{org: o, w: newWrites()}
	defer t.close()
	if err := fn(t); err != nil {
		return err
	}
	t.close()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memory: commit %q: %w", org, err)
	}
	o.commit(t.w)
	return nil
}

// begin checks what every transaction needs before it starts, and
// returns the error of op ("view" or "update"), which names org only if it
// is a valid name (cpd.CheckOrg).
func begin(ctx context.Context, op, org string) error {
	if err := cpd.CheckOrg(org); err != nil {
		return fmt.Errorf("memory: %s: %w", op, err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memory: %s %q: %w", op, org, err)
	}
	return nil
}

// org returns the organisation's data, creating it on first use.
func (s *Store) org(name string) *org {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orgs[name]
	if o == nil {
		o = &org{writer: make(chan struct{}, 1), tables: make(map[cpd.Kind]*table)}
		s.orgs[name] = o
	}
	return o
}
