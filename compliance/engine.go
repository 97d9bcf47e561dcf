package compliance

// Engine internals: evaluating one person against the compiled policy,
// the step Evaluate and Matrix share: validate the person, run the
// evidence pass, then settle each cell, the plain rules on a fast path of
// their own and the rest through the rules they need.

import (
	"math"

	"github.com/rickb777/date/v2"
)

// evaluate fills out (one cell per requirement) and, for MinimumHours
// requirements, hours (done, required pairs in thousandths) for one person
// on the day on, which falls in the academic year year. It returns the
// number of evidence records dated after on.
//
// Whatever does not depend on the requirement (validation, whether the
// person is in post, their FTE) is worked out once per person.
func (e *Evaluator) evaluate(p *Person, evs []Evidence, on date.Date, year AcademicYear, s *scratch, out []cell, hours []int64) (int, error) {
	fte, err := p.validate(e, &s.fteUnits)
	if err != nil {
		return 0, err
	}
	s.reset(e)
	if len(e.leveled) > 0 {
		s.setLevels(e, p)
	}
	if s.topics != nil {
		s.topics.seen += len(evs)
	}
	future, err := e.scan(evs, on, year, s)
	if err != nil {
		return 0, err
	}
	away := whyNone
	switch {
	case on < p.Start:
		away = whyNotStarted
	case p.Leaving != 0 && on > p.Leaving:
		away = whyLeft
	}
	switch {
	case away != whyNone:
		for i := range out {
			out[i] = cell{evidence: -1, why: away}
		}
	case len(p.Exemptions) == 0:
		// The fast path: the plain rules need only their tracks.
		s.decidePlain(p, out)
		for _, i := range e.otherRules {
			out[i] = e.decideOther(&e.rules[i], p, evs, s, fte, year, on, hours)
		}
	default:
		for i := range out {
			out[i] = e.decideOther(&e.rules[i], p, evs, s, fte, year, on, hours)
		}
	}
	if future > 0 {
		for i, f := range s.future {
			if f {
				out[i].why |= futureBit
			}
		}
		clear(s.future)
	}
	return future, nil
}

// decideOther settles a requirement off the fast path: one with a scope,
// a person with exemptions, a minimum of hours, or renewals dated from the
// previous expiry.
func (e *Evaluator) decideOther(r *rule, p *Person, evs []Evidence, s *scratch, fte int64, year AcademicYear, on date.Date, hours []int64) cell {
	if !r.everyone || len(p.Exemptions) > 0 {
		if w := e.exclusion(r, p); w != whyNone {
			return cell{evidence: -1, why: w}
		}
	}
	switch {
	case r.kind == MinimumHours:
		return r.decideHours(p, fte, s.hours[r.slot], year, on, hours[2*r.slot:])
	case r.chained:
		exp, idx := r.chainExpiry(evs, s, s.chains[r.index])
		return s.settle(r, p, exp, idx)
	}
	return s.decide(r, p)
}

// decidePlain settles every plain rule (evaluate's fast path) for the
// person: decide and settle written out in one loop over the plain
// columns, because it runs for most cells of an organisation. Which record
// wins, and the stage of its life, are as good as random from cell to
// cell, so they are selected rather than branched on. The loop calls
// nothing, so that its state stays in registers: a cell that needs
// calendar arithmetic (its expiry is not in the memo yet) or may wait on
// something (a plan, an extension, an induction deadline) and has no valid
// evidence is left to decide, after the loop.
func (s *scratch) decidePlain(p *Person, out []cell) {
	on := s.on
	// A cell may wait while the person is within the rule's induction
	// deadline's most days of starting, or at all if they have a plan or
	// an extension (they then count as starting today).
	since := on - p.Start
	if len(p.Plans) > 0 || len(p.Extensions) > 0 {
		since = math.MinInt32
	}
	tracks, cols, slow := s.tracks, s.plain, false
	for j := range cols {
		c := &cols[j]
		t := &tracks[c.req]
		latest1, own1 := t.latest1, t.own1
		// The expiry of the latest completion, worked out for on itself
		// (which the memo covers) when there is none (latest is then 0).
		d := t.latest
		if latest1 == 0 {
			d = on
		}
		var x date.Date
		switch c.exp {
		case expDays:
			x = d + c.days
		case expNever:
			x = never
		default:
			off := uint(on - d)
			if off >= uint(len(c.memo)) || c.memo[off] == 0 {
				out[c.req].why, slow = whyNone, true
				continue
			}
			x = d + date.Date(c.memo[off])
		}
		exp, idx := t.ownExp, own1-1
		if b2i(latest1 > 0)&(b2i(own1 == 0)|b2i(x >= exp)) != 0 {
			exp, idx = x, latest1-1
		}
		w := whyValid + why(b2i(exp <= c.window)+b2i(exp <= on)+b2i(exp <= c.grace))
		until := cday(exp - 1)
		if exp == never {
			w, until = whyNeverExpires, 0
		}
		if idx < 0 {
			w, until = whyMissing, 0
		}
		if since < c.deadlineMax && (w == whyExpired || w == whyMissing) {
			out[c.req].why, slow = whyNone, true
			continue
		}
		out[c.req] = cell{validUntil: until, evidence: idx, why: w}
	}
	if slow {
		for j := range cols {
			if c := &cols[j]; out[c.req].why == whyNone {
				out[c.req] = s.decide(c.rule, p)
			}
		}
	}
}

// within reports whether d is one of the n days from first, with one
// comparison. (Only dates so far apart that their difference overflows can
// make it report true wrongly.)
func within(d, first, n date.Date) bool { return uint64(d-first) < uint64(n) }

// b2i is 1 for true and 0 for false; combining conditions with it rather
// than || leaves one branch, or none, where || would leave two.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
