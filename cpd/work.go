package cpd

import (
	"context"
	"time"

	"github.com/rickb777/date/v2"
)

// work is one call's unit of work: who acts (the actor and their identity,
// asked of the Directory once, when the call begins) and the one instant
// the call happens at, with its calendar day in the organisation's time
// zone. Every step of a use case reads the time from here, never from the
// clock, so one call cannot straddle midnight: the day it records, the day
// it checks deadlines against and the time of its audit events agree.
type work struct {
	caller
	ctx   context.Context
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

// dayOf is the calendar day of an instant in the organisation's time zone:
// a Change's At is its call's now, so dayOf(ch.At) is the call's today.
func (s *kernel) dayOf(t time.Time) date.Date { return date.NewAt(t.In(s.loc)) }
