package sqlstore

import (
	"context"
	"sync"
)

// turns queues this process's PostgreSQL writers by organisation: an
// Update waits here for its organisation's turn before it takes a
// connection from the pool, so that writers waiting for a busy
// organisation hold no connection (a thousand of them would otherwise
// hold a thousand, or fail with "too many clients"), and at most one
// connection per organisation waits for the advisory lock that other
// processes may hold. Waiters are served in the order they came. A
// turns is safe for concurrent use.
type turns struct {
	mu sync.Mutex
	m  map[string]*turn // organisations with a writer; removed when none is left
}

// turn is one organisation's place in turns.
type turn struct {
	slot  chan struct{} // one slot: held by the writer whose turn it is
	users int           // writers holding or waiting for the slot; guarded by turns.mu
}

// take waits until it is org's writer's turn, or ctx ends. Give the turn
// back with give.
func (ts *turns) take(ctx context.Context, org string) (*turn, error) {
	ts.mu.Lock()
	if ts.m == nil {
		ts.m = make(map[string]*turn)
	}
	t := ts.m[org]
	if t == nil {
		t = &turn{slot: make(chan struct{}, 1)}
		ts.m[org] = t
	}
	t.users++
	ts.mu.Unlock()
	select {
	case t.slot <- struct{}{}:
		return t, nil
	case <-ctx.Done():
		ts.leave(org, t)
		return nil, ctx.Err()
	}
}

// give ends org's writer's turn: the next waiter's begins.
func (ts *turns) give(org string, t *turn) {
	<-t.slot
	ts.leave(org, t)
}

// leave forgets a writer, and the organisation when it was the last.
func (ts *turns) leave(org string, t *turn) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	t.users--
	if t.users == 0 {
		delete(ts.m, org)
	}
}

// waiting returns how many writers hold or wait for org's turn.
func (ts *turns) waiting(org string) int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if t := ts.m[org]; t != nil {
		return t.users
	}
	return 0
}
