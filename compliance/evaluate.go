package compliance

import (
	"fmt"
	"slices"

	"github.com/rickb777/date/v2"
)

// why records which reason text applies to a cell.
type why uint8

const (
	whyNone why = iota
	whyValid
	whyNeverExpires
	whyWindow
	whyGrace
	whyExpired
	whyExpiredExtended
	whyExpiredExtensionLapsed
	whyStarter
	whyFirstDue
	whyMissing
	whyMissingExtended
	whyMissingExtensionLapsed
	whyPlanned
	whyPlanPassed
	whyExempt
	whyOutOfScope
	whyExcluded
	whyNotStarted
	whyHoursMet
	whyHoursShort
	whyHoursNone
	whyHoursYearEnded
	whyLeft
)

// cell is one evaluated requirement for one person, kept compact and free
// of pointers so that an organisation's matrix is cheap to build and scan.
//
// The day to act by is not stored: item works it out from the reason.
type cell struct {
	validUntil cday  // last day the deciding evidence counts; 0 if none or never expires
	evidence   int32 // index into the person's evidence; -1 for none
	status     Status
	why        why // with futureBit set when evidence dated after the day was ignored
}

// futureBit marks a cell for which evidence dated after the evaluation day
// was ignored.
const futureBit why = 0x80

// cday is a date.Date in 32 bits, which covers every year up to 5 million.
type cday int32

// track is the running state of one requirement during the evidence pass.
type track struct {
	latest    date.Date // latest completion without its own expiry
	latestIdx int32
	ownExp    date.Date // best expiry among evidence with its own expiry
	ownIdx    int32
	future    bool
	chain     []int32 // FromPreviousExpiry: every matching record
}

// scratch is reused from person to person within one call.
type scratch struct {
	tracks []track
	hours  []int64
	memo   []expiryMemo // one per distinct expiry function (rule.memo)
}

// expiryMemo remembers a rule's expiry for recently seen completion days.
// An organisation's records share a few thousand distinct days, so most
// lookups hit and skip the calendar arithmetic.
type expiryMemo [2048]struct{ completed, expires date.Date }

// newScratch returns scratch space; withMemo adds the expiry memo, which
// pays for itself only across many people.
func (e *Evaluator) newScratch(withMemo bool) *scratch {
	s := &scratch{tracks: make([]track, len(e.rules)), hours: make([]int64, len(e.rules))}
	if withMemo {
		s.memo = make([]expiryMemo, e.memos)
	}
	return s
}

// expiry is rule i's expiry for a completion on d, through the memo.
func (s *scratch) expiry(r *rule, i int32, d date.Date) date.Date {
	if s.memo == nil || (r.validity.months == 0 && r.basis != FixedDate) {
		return r.expiry(d)
	}
	memo := &s.memo[r.memo]
	m := &memo[uint(d)%uint(len(memo))]
	if m.completed != d || m.expires == 0 {
		m.completed, m.expires = d, r.expiry(d)
	}
	return m.expires
}

// evaluate fills cells (one per requirement) and, for MinimumHours
// requirements, hours (done, required pairs in thousandths) for one person.
// It returns the number of evidence records dated after on.
func (e *Evaluator) evaluate(p *Person, evs []Evidence, on date.Date, s *scratch, cells []cell, hours []int64) (int, error) {
	if err := p.validate(e); err != nil {
		return 0, err
	}
	for i := range s.tracks {
		s.tracks[i] = track{latestIdx: -1, ownIdx: -1, chain: s.tracks[i].chain[:0]}
		s.hours[i] = 0
	}
	year := AcademicYearOf(e.policy.AcademicYearStart, on)
	future, err := e.scan(evs, on, year, s)
	if err != nil {
		return 0, err
	}
	for i := range e.rules {
		c := &cells[i]
		*c = cell{evidence: -1}
		r := &e.rules[i]
		if !e.decideScope(i, r, p, on, c) {
			if r.kind == MinimumHours {
				e.decideHours(r, p, s.hours[i], year, on, c, hours[2*hourSlot(e, i):])
			} else {
				e.decide(i, r, p, evs, s, on, c)
			}
		}
		if s.tracks[i].future {
			c.why |= futureBit
		}
	}
	return future, nil
}

// hourSlot returns the position of requirement i among the hours rules.
func hourSlot(e *Evaluator, i int) int { return slices.Index(e.hoursRule, int32(i)) }

// scan is the single pass over a person's evidence.
func (e *Evaluator) scan(evs []Evidence, on date.Date, year AcademicYear, s *scratch) (int, error) {
	future := 0
	for k := range evs {
		ev := &evs[k]
		if ev.Date == 0 || (ev.ValidUntil != 0 && ev.ValidUntil < ev.Date) || ev.Hours.Sign() < 0 {
			return 0, &ValidationError{Path: fmt.Sprintf("evidence[%d]", k), Reason: validateEvidence(ev)}
		}
		idxs := e.topics.lookup(ev.Topic)
		if ev.Date > on {
			future++
			for _, r := range idxs {
				s.tracks[r].future = true
			}
			if !ev.Hours.IsZero() {
				for _, r := range e.hoursRule {
					s.tracks[r].future = true
				}
			}
			continue
		}
		if len(e.hoursRule) > 0 && year.Contains(ev.Date) && !ev.Hours.IsZero() {
			if err := e.addHours(k, ev, s); err != nil {
				return 0, err
			}
		}
		for _, r := range idxs {
			t := &s.tracks[r]
			switch {
			case e.rules[r].basis == FromPreviousExpiry:
				t.chain = append(t.chain, int32(k))
			case ev.ValidUntil != 0:
				if exp := withOwnExpiry(s.expiry(&e.rules[r], r, ev.Date), ev); t.ownIdx < 0 || exp > t.ownExp {
					t.ownExp, t.ownIdx = exp, int32(k)
				}
			case t.latestIdx < 0 || ev.Date > t.latest:
				t.latest, t.latestIdx = ev.Date, int32(k)
			}
		}
	}
	return future, nil
}

func (e *Evaluator) addHours(k int, ev *Evidence, s *scratch) error {
	units, ok := hoursUnits(ev.Hours)
	if !ok {
		return &ValidationError{Path: fmt.Sprintf("evidence[%d].hours", k), Reason: validateEvidence(ev)}
	}
	for _, i := range e.hoursRule {
		h := e.rules[i].hours
		if len(h.aspects) > 0 && !slices.Contains(h.aspects, ev.Aspect) {
			continue
		}
		if len(h.kinds) > 0 && !slices.Contains(h.kinds, ev.Kind) {
			continue
		}
		s.hours[i] += units
	}
	return nil
}

// decideScope settles the cell when the requirement does not apply or the
// person is exempt, and reports whether it did.
func (e *Evaluator) decideScope(i int, r *rule, p *Person, on date.Date, c *cell) bool {
	req := &e.policy.Requirements[i]
	switch {
	case on < p.Start:
		c.status, c.why = NotApplicable, whyNotStarted
	case p.Leaving != 0 && on > p.Leaving:
		c.status, c.why = NotApplicable, whyLeft
	case !r.everyone && !req.AppliesTo.matches(p):
		c.status, c.why = NotApplicable, whyOutOfScope
	case !r.everyone && !req.Except.IsZero() && req.Except.matches(p):
		c.status, c.why = NotApplicable, whyExcluded
	default:
		if exemptionFor(p, req.ID) < 0 {
			return false
		}
		c.status, c.why = Exempt, whyExempt
	}
	return true
}

// decide settles an evidence-based requirement from its track.
func (e *Evaluator) decide(i int, r *rule, p *Person, evs []Evidence, s *scratch, on date.Date, c *cell) {
	exp, idx := r.best(evs, s, int32(i))
	if idx >= 0 {
		c.evidence = idx
		e.decideHeld(i, r, p, exp, on, c)
		return
	}
	e.decideAbsent(i, r, p, on, c)
}

// best returns the expiry and index of the evidence that gives the latest
// expiry, or -1 when there is none.
func (r *rule) best(evs []Evidence, s *scratch, i int32) (date.Date, int32) {
	t := &s.tracks[i]
	if r.basis == FromPreviousExpiry {
		return r.chainExpiry(evs, s, i, t.chain)
	}
	exp, idx := date.Date(0), int32(-1)
	if t.latestIdx >= 0 {
		exp, idx = s.expiry(r, i, t.latest), t.latestIdx
	}
	if t.ownIdx >= 0 && (idx < 0 || t.ownExp > exp) {
		exp, idx = t.ownExp, t.ownIdx
	}
	return exp, idx
}

// chainExpiry folds renewals in date order: a renewal inside the renewal
// window (or grace period) of the running expiry extends that expiry by the
// validity, but lasts at least the minimum active period from completion;
// any other renewal runs from its own completion.
func (r *rule) chainExpiry(evs []Evidence, s *scratch, i int32, chain []int32) (date.Date, int32) {
	if !slices.IsSortedFunc(chain, func(a, b int32) int { return int(evs[a].Date - evs[b].Date) }) {
		slices.SortStableFunc(chain, func(a, b int32) int { return int(evs[a].Date - evs[b].Date) })
	}
	exp, idx := date.Date(0), int32(-1)
	for _, k := range chain {
		ev := &evs[k]
		next := s.expiry(r, i, ev.Date)
		if idx >= 0 && r.renews(exp, ev.Date) {
			next = max(s.expiry(r, i, exp), r.minActive.add(ev.Date))
		}
		next = withOwnExpiry(next, ev)
		if idx < 0 || next >= exp {
			exp, idx = next, k
		}
	}
	return exp, idx
}

// decideHeld settles a requirement the person has evidence for, expiring
// on exp (the first day it no longer counts).
func (e *Evaluator) decideHeld(i int, r *rule, p *Person, exp, on date.Date, c *cell) {
	if exp == never {
		c.status, c.why = Compliant, whyNeverExpires
		return
	}
	c.validUntil = cday(exp - 1)
	switch {
	case on < exp && r.beforeWindow(exp, on):
		c.status, c.why = Compliant, whyValid
	case on < exp:
		c.status, c.why = DueSoon, whyWindow
	case r.inGrace(exp, on):
		c.status, c.why = DueSoon, whyGrace
	default:
		c.status, c.why = Overdue, whyExpired
		if k := extensionFor(p, e.policy.Requirements[i].ID); k >= 0 {
			if on <= p.Extensions[k].Until {
				c.status, c.why = Pending, whyExpiredExtended
			} else {
				c.why = whyExpiredExtensionLapsed
			}
		}
	}
}

// beforeWindow reports whether on is before the renewal window of evidence
// expiring on exp. The day-count bounds settle most cases without calendar
// arithmetic.
func (r *rule) beforeWindow(exp, on date.Date) bool {
	switch {
	case r.window.isZero() || on < exp-r.window.maxDays():
		return true
	case on >= exp-r.window.minDays():
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

// inGrace reports whether on, on or after exp, is inside the grace period.
func (r *rule) inGrace(exp, on date.Date) bool {
	switch {
	case r.grace.isZero() || on >= exp+r.grace.maxDays():
		return false
	case on < exp+r.grace.minDays():
		return true
	}
	return on < r.grace.add(exp)
}

// decideAbsent settles a requirement the person has no evidence for.
func (e *Evaluator) decideAbsent(i int, r *rule, p *Person, on date.Date, c *cell) {
	id := e.policy.Requirements[i].ID
	c.status, c.why = Missing, whyMissing
	if k := planFor(p, id); k >= 0 {
		if on <= p.Plans[k].By {
			c.status, c.why = Planned, whyPlanned
			return
		}
		c.why = whyPlanPassed
	}
	if !r.deadline.isZero() {
		if deadline := r.deadline.add(p.Start); on < deadline {
			c.status, c.why = Pending, whyStarter
			if r.kind == Submission {
				c.why = whyFirstDue
			}
			return
		}
	}
	if k := extensionFor(p, id); k >= 0 {
		if on <= p.Extensions[k].Until {
			c.status, c.why = Pending, whyMissingExtended
		} else if c.why == whyMissing {
			c.why = whyMissingExtensionLapsed
		}
	}
}

// extensionFor returns the index of the person's latest extension for the
// requirement, or -1.
func extensionFor(p *Person, id string) int {
	best := -1
	for k := range p.Extensions {
		if p.Extensions[k].Requirement == id && (best < 0 || p.Extensions[k].Until > p.Extensions[best].Until) {
			best = k
		}
	}
	return best
}

// exemptionFor returns the index of the person's first exemption from the
// requirement, or -1.
func exemptionFor(p *Person, id string) int {
	for k := range p.Exemptions {
		if p.Exemptions[k].Requirement == id {
			return k
		}
	}
	return -1
}

// planFor returns the index of the person's latest plan for the
// requirement, or -1.
func planFor(p *Person, id string) int {
	best := -1
	for k := range p.Plans {
		if p.Plans[k].Requirement == id && (best < 0 || p.Plans[k].By > p.Plans[best].By) {
			best = k
		}
	}
	return best
}
