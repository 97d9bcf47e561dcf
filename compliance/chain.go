package compliance

// Policy rules: renewals dated from the previous expiry
// (FromPreviousExpiry), folded in date order, with the renewal window and
// the grace period they may fall in.

import (
	"github.com/rickb777/date/v2"
)

// link is a record counted towards a FromPreviousExpiry requirement: its
// completion day and its index.
type link struct {
	day date.Date
	k   int32
}

// chainExpiry folds renewals in date order: a renewal inside the renewal
// window (or grace period) of the running expiry extends that expiry by the
// validity, but lasts at least the minimum active period from completion;
// any other renewal runs from its own completion. It sorts chain, in place
// and stably (records of one day keep their order), by insertion: a
// person's chain is a few records, often already in order.
func (r *rule) chainExpiry(evs []Evidence, s *scratch, chain []link) (date.Date, int32) {
	for i := 1; i < len(chain); i++ {
		for j := i; j > 0 && chain[j].day < chain[j-1].day; j-- {
			chain[j], chain[j-1] = chain[j-1], chain[j]
		}
	}
	exp, idx := date.Date(0), int32(-1)
	for _, l := range chain {
		next := s.expiry(r, l.day)
		if idx >= 0 && r.renews(exp, l.day) {
			next = max(s.expiry(r, exp), r.minActive.add(l.day))
		}
		next = r.withOwnExpiry(next, &evs[l.k])
		if idx < 0 || next >= exp {
			exp, idx = next, l.k
		}
	}
	return exp, idx
}

// beforeWindow reports whether on, before exp, is before the renewal window
// of evidence expiring on exp. The window's bounds in days settle all but a
// few days a year without calendar arithmetic; with no window, every day
// before exp is before it.
func (r *rule) beforeWindow(exp, on date.Date) bool {
	switch {
	case on < exp-r.windowMax:
		return true
	case on >= exp-r.windowMin:
		return false
	}
	return on < r.window.neg().add(exp)
}

// renews reports whether a completion on d renews evidence expiring on
// exp: d is inside the renewal window [exp−W, exp) or the grace period
// [exp, exp+G).
func (r *rule) renews(exp, d date.Date) bool {
	if d < exp {
		return !r.window.isZero() && !r.beforeWindow(exp, d)
	}
	return r.inGrace(exp, d)
}

// inGrace reports whether on, on or after exp, is inside the grace period;
// with no grace period, it never is.
func (r *rule) inGrace(exp, on date.Date) bool {
	switch {
	case on >= exp+r.graceMax:
		return false
	case on < exp+r.graceMin:
		return true
	}
	return on < r.grace.add(exp)
}
