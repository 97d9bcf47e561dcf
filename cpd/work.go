package cpd

import (
	"context"
	"time"

	"github.com/rickb777/date/v2"
)

// work is one call's unit of work: its context, who acts (the actor and
// their identity, asked of the Directory once, when the call begins), its
// transaction (see update and view), the change its writes are audited as
// (see act), and the one instant the call happens at, with its calendar
// day in the organisation's time zone. The helpers of a use case take the
// work rather than a context, a transaction, a caller and a change apiece.
// Every step of a use case reads the time from here, never from the
// clock, so one call cannot straddle midnight: the day it records, the day
// it checks deadlines against and the time of its audit events agree.
type work struct {
	caller
	ctx   context.Context
	tx    Tx        // the call's transaction, while update or view runs
	ch    Change    // the change the call's writes are audited as (see act)
	now   time.Time // UTC
	today date.Date
}

// begin starts a call: it looks up the context's actor (see who) and reads
// the clock, once each.
func (s *kernel) begin(ctx context.Context) (*work, error) {
	c, err := s.who(ctx)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	return &work{caller: c, ctx: ctx, now: now.UTC(), today: date.NewAt(now.In(s.loc))}, nil
}

// change is the audit record of a change this call makes.
func (w *work) change(action string) Change {
	return Change{Actor: w.Person, Action: action, At: w.now}
}

// act sets the change the call's writes are audited as from here on (the
// actor, the action and the call's instant), which the helpers that write
// read from the work, and returns it.
func (w *work) act(action string) Change {
	w.ch = w.change(action)
	return w.ch
}

// dayOf is the calendar day of an instant in the organisation's time zone:
// a Change's At is its call's now, so dayOf(ch.At) is the call's today.
func (s *kernel) dayOf(t time.Time) date.Date { return date.NewAt(t.In(s.loc)) }

// update runs fn in a read-write transaction of the actor's organisation,
// with c.tx set to it while fn runs. (A use case that retries after a
// conflict, see retry, calls update again: each run sees its own
// transaction.)
func (s *kernel) update(c *work, fn func(tx Tx) error) error {
	defer func() { c.tx = nil }()
	return s.store.Update(c.ctx, c.Org, func(tx Tx) error {
		c.tx = tx
		return fn(tx)
	})
}

// view runs fn in a read-only transaction of the actor's organisation, with
// c.tx set to it while fn runs.
func (s *kernel) view(c *work, fn func(tx Tx) error) error {
	defer func() { c.tx = nil }()
	return s.store.View(c.ctx, c.Org, func(tx Tx) error {
		c.tx = tx
		return fn(tx)
	})
}
