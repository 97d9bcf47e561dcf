package compliance

import (
	"fmt"
	"math"
	"slices"

	"github.com/rickb777/date/v2"
)

// track is the running state of one requirement during the evidence pass.
type track struct {
	latest    date.Date // latest completion without its own expiry
	ownExp    date.Date // best expiry among evidence with its own expiry
	latestIdx int32
	ownIdx    int32
}

// scratch is reused from person to person within one call.
type scratch struct {
	tracks               []track     // one per requirement
	chains               [][]link    // one per requirement; used by FromPreviousExpiry: every matching record
	future               []bool      // one per requirement: evidence dated after the day was ignored
	hours                []int64     // one per MinimumHours requirement: thousandths of an hour counted
	on                   date.Date   // the day evaluated
	memo                 []uint16    // memoDays per distinct expiry function (rule.memo)
	memos                uint        // expiry functions in memo: 0 for none
	topics               *topicCache // nil for none
	hoursUnits, fteUnits unitsCache  // evidence hours and FTEs converted to thousandths
}

// memoDays is how many days, up to the day evaluated, the expiry memo
// covers: about five and a half years, in which fall most of the records
// an evaluation reads. The memo keeps, for each expiry function and each
// of those days, the expiry of a completion on that day as a number of
// days after it (0 while not yet worked out), in 2 bytes so that the memo
// stays in the nearest cache: an organisation's cells look it up in no
// particular order. Expiries of other days, or more than 65,535 days
// after completion, are worked out each time.
const memoDays = 2048

// newScratch returns scratch space for evaluating on the day on; withMemo
// adds the expiry memo and the topic cache, which pay for themselves only
// across many people.
func (e *Evaluator) newScratch(on date.Date, withMemo bool) *scratch {
	n := len(e.rules)
	s := &scratch{on: on, tracks: make([]track, n), chains: make([][]link, n), future: make([]bool, n), hours: make([]int64, len(e.hoursRule))}
	if withMemo {
		s.memo, s.memos = make([]uint16, e.memos*memoDays), uint(e.memos)
		s.topics = &topicCache{on: true}
	}
	return s
}

// reset readies the scratch space for the next person. The future flags
// are cleared by evaluate, only when a person set them.
func (s *scratch) reset(e *Evaluator) {
	for i := range s.tracks {
		s.tracks[i] = track{latest: s.on, latestIdx: -1, ownIdx: -1} // latest is a day the memo covers
	}
	for _, i := range e.chainRules {
		s.chains[i] = s.chains[i][:0]
	}
	clear(s.hours)
}

// expiry is the rule's expiry for a completion on d, through the memo
// when the rule has one (its validity has months, so needs calendar
// arithmetic) and the scratch space holds memos.
func (s *scratch) expiry(r *rule, d date.Date) date.Date {
	if exp, ok := s.recall(r, d); ok {
		return exp
	}
	return s.remember(r, d)
}

// recall returns the rule's expiry for a completion on d from the memo, or
// false. It is small enough to inline where expiry runs for every cell.
func (s *scratch) recall(r *rule, d date.Date) (date.Date, bool) {
	if r.forever {
		return never, true
	}
	if i, ok := s.memoSlot(r, d); ok && s.memo[i] != 0 {
		return d + date.Date(s.memo[i]), true
	}
	return 0, false
}

// memoSlot returns where the memo keeps the rule's expiry for a completion
// on d, or false when it does not.
func (s *scratch) memoSlot(r *rule, d date.Date) (uint, bool) {
	return uint(r.memo)*memoDays + uint(s.on-d), uint(r.memo) < s.memos && within(s.on-d, 0, memoDays)
}

// remember works out the rule's expiry for a completion on d and keeps it
// in the memo, if the memo covers it.
func (s *scratch) remember(r *rule, d date.Date) date.Date {
	exp := r.expiry(d)
	if i, ok := s.memoSlot(r, d); ok && within(exp-d, 1, 1<<16-1) {
		s.memo[i] = uint16(exp - d)
	}
	return exp
}

// evaluate fills out (one cell per requirement) and, for MinimumHours
// requirements, hours (done, required pairs in thousandths) for one person
// on the day on, which falls in the academic year year. It returns the
// number of evidence records dated after on.
//
// Whatever does not depend on the requirement (validation, whether the
// person is in post, their FTE) is worked out once per person.
func (e *Evaluator) evaluate(p *Person, evs []Evidence, on date.Date, year AcademicYear, s *scratch, out cells, hours []int64) (int, error) {
	fte, err := p.validate(e, &s.fteUnits)
	if err != nil {
		return 0, err
	}
	s.reset(e)
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
		for i := range e.rules {
			out.set(i, cell{evidence: -1, why: away})
		}
	case len(p.Exemptions) == 0:
		// The fast path: the plain rules need only their tracks.
		for _, i := range e.plainRules {
			out.set(int(i), s.decide(&e.rules[i], p, on))
		}
		for _, i := range e.otherRules {
			out.set(int(i), e.decideOther(&e.rules[i], p, evs, s, fte, year, on, hours))
		}
	default:
		for i := range e.rules {
			out.set(i, e.decideOther(&e.rules[i], p, evs, s, fte, year, on, hours))
		}
	}
	if future > 0 {
		for i, f := range s.future {
			if f {
				out.why[i] |= futureBit
			}
		}
		clear(s.future)
	}
	return future, nil
}

// scan is the single pass over a person's evidence. It is the hot loop of
// an organisation's evaluation (tens of records per person), so the
// branches whose outcome varies from record to record (whether a record
// has its own expiry, whether it is the latest so far) are kept few or
// written so that the compiler can select rather than jump.
func (e *Evaluator) scan(evs []Evidence, on date.Date, year AcademicYear, s *scratch) (int, error) {
	future := 0
	cached := s.topics != nil && s.topics.on
	for k := range evs {
		ev := &evs[k]
		sign, day, until := ev.Hours.Sign(), ev.Date, ev.ValidUntil
		if until == 0 {
			until = day // no expiry of its own: nothing to check
		}
		if !inCalendar(day) || !within(until, day, lastDay-day+1) || sign < 0 {
			return 0, &ValidationError{Path: fmt.Sprintf("evidence[%d]", k), Reason: validateEvidence(ev)}
		}
		var idxs []int32
		ok := false
		if cached {
			idxs, ok = s.topics.get(ev.Topic)
		}
		if !ok {
			idxs = s.topics.find(&e.topics, ev.Topic)
		}
		if ev.Date > on {
			future++
			s.markFuture(e, idxs, sign != 0)
			continue
		}
		if year.Contains(ev.Date) && sign != 0 && len(e.hoursRule) > 0 {
			if err := e.addHours(k, ev, s); err != nil {
				return 0, err
			}
		}
		for _, r := range idxs {
			t := &s.tracks[r]
			switch {
			case e.chained[r]:
				s.chains[r] = append(s.chains[r], link{day: ev.Date, k: int32(k)})
			case ev.ValidUntil != 0:
				if exp := withOwnExpiry(s.expiry(&e.rules[r], ev.Date), ev); t.ownIdx < 0 || exp > t.ownExp {
					t.ownExp, t.ownIdx = exp, int32(k)
				}
			default:
				// The first record, or one later than the latest so far
				// (ties keep the earlier record).
				latest, idx := t.latest, t.latestIdx
				if b2i(ev.Date > latest)|b2i(idx < 0) != 0 {
					latest, idx = ev.Date, int32(k)
				}
				t.latest, t.latestIdx = latest, idx
			}
		}
	}
	return future, nil
}

// b2i is 1 for true and 0 for false; combining conditions with it rather
// than || leaves one branch, or none, where || would leave two.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// markFuture flags the requirements a record dated after the evaluation day
// would have counted towards: idxs, and every hours rule if it has hours.
func (s *scratch) markFuture(e *Evaluator, idxs []int32, hours bool) {
	for _, r := range idxs {
		s.future[r] = true
	}
	if hours {
		for _, r := range e.hoursRule {
			s.future[r] = true
		}
	}
}

func (e *Evaluator) addHours(k int, ev *Evidence, s *scratch) error {
	units, ok := s.hoursUnits.units(ev.Hours)
	if !ok {
		return &ValidationError{Path: fmt.Sprintf("evidence[%d].hours", k), Reason: validateEvidence(ev)}
	}
	for j, i := range e.hoursRule {
		h := e.rules[i].hours
		if len(h.aspects) > 0 && !slices.Contains(h.aspects, ev.Aspect) {
			continue
		}
		if len(h.kinds) > 0 && !slices.Contains(h.kinds, ev.Kind) {
			continue
		}
		s.hours[j] = addSaturated(s.hours[j], units)
	}
	return nil
}

// addSaturated adds two non-negative numbers of thousandths of an hour,
// stopping at the largest int64 rather than wrapping round to a negative
// sum: thousands of records of a billion hours each are absurd, but must
// not make a person fall short.
func addSaturated(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
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
		return r.settle(p, exp, idx, on)
	}
	return s.decide(r, p, on)
}

// exclusion returns why requirement r does not apply to the person (out of
// scope, excluded or exempt), or whyNone when it does.
func (e *Evaluator) exclusion(r *rule, p *Person) why {
	req := &e.policy.Requirements[r.index]
	switch {
	case !req.AppliesTo.matches(p):
		return whyOutOfScope
	case !req.Except.IsZero() && req.Except.matches(p):
		return whyExcluded
	case exemptionFor(p, r.id) >= 0:
		return whyExempt
	}
	return whyNone
}

// decide settles a rule whose renewals are not chained from its track: the
// evidence that gives the latest expiry is the latest plain completion or
// the certificate with the latest expiry of its own, whichever expires
// later (the completion on a tie). It selects rather than branches: which
// record wins varies from person to person.
func (s *scratch) decide(r *rule, p *Person, on date.Date) cell {
	t := &s.tracks[r.index]
	exp, ok := s.recall(r, t.latest) // without a latest, t.latest is 0 and exp unused
	if !ok {
		exp = s.remember(r, t.latest)
	}
	idx := t.latestIdx
	if b2i(t.ownIdx >= 0)&(b2i(idx < 0)|b2i(t.ownExp > exp)) != 0 {
		exp, idx = t.ownExp, t.ownIdx
	}
	return r.settle(p, exp, idx, on)
}

// settle decides a requirement that applies to the person from the
// evidence that gives the latest expiry: exp, from record idx, or none when
// idx is -1.
//
// With evidence that expires, the day on is in one of four stages: before
// the renewal window, in it, in the grace period after exp, or past all
// three. The stage is the number of those boundaries on has reached,
// counted without branching, because it varies from person to person.
// Each boundary is a day on the same side of on as the exact one: the
// bounds of the window and grace period in days settle all but a few days
// a year, and only on those days is the exact boundary worked out with
// calendar arithmetic. With no window (or no grace period) the boundary is
// exp itself.
func (r *rule) settle(p *Person, exp date.Date, idx int32, on date.Date) cell {
	switch {
	case idx < 0:
		return cell{evidence: -1, why: r.decideAbsent(p, on)}
	case exp == never:
		return cell{evidence: idx, why: whyNeverExpires}
	}
	windowStart, graceEnd := exp-r.windowMin, exp+r.graceMin
	if within(on, exp-r.windowMax, r.windowMax-r.windowMin) {
		windowStart = r.window.neg().add(exp)
	}
	if within(on, graceEnd, r.graceMax-r.graceMin) {
		graceEnd = r.grace.add(exp)
	}
	stage := b2i(on >= windowStart) + b2i(on >= exp) + b2i(on >= graceEnd)
	c := cell{validUntil: cday(exp - 1), evidence: idx, why: [...]why{whyValid, whyWindow, whyGrace, whyExpired}[stage]}
	if c.why == whyExpired && (len(p.Plans) > 0 || len(p.Extensions) > 0 || on < p.Start+r.deadlineMax) {
		c.why = r.wait(p, on, true)
	}
	return c
}

// within reports whether d is one of the n days from first, with one
// comparison. (Only dates so far apart that their difference overflows can
// make it report true wrongly.)
func within(d, first, n date.Date) bool { return uint64(d-first) < uint64(n) }

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
		next = withOwnExpiry(next, &evs[l.k])
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

// decideAbsent settles a requirement the person has no evidence for.
func (r *rule) decideAbsent(p *Person, on date.Date) why { return r.wait(p, on, false) }

// wait settles a requirement the person has no valid evidence for: none at
// all, or (expired) only evidence that has expired past any grace period.
// The item is held against them (Missing or Overdue) unless something lets
// them wait, checked in this order:
//
//   - a dated plan to achieve a qualification that has not passed (Planned);
//   - a starter's induction deadline that has not passed (Pending), unless
//     an extension runs later;
//   - an extension that has not passed (Pending).
//
// A plan or extension that has passed is named in the reason.
func (r *rule) wait(p *Person, on date.Date, expired bool) why {
	planPassed := false
	if len(p.Plans) > 0 {
		if k := planFor(p, r.id); k >= 0 {
			if on <= p.Plans[k].By {
				return pick(expired, whyExpiredPlanned, whyPlanned)
			}
			planPassed = true
		}
	}
	ext := -1
	if len(p.Extensions) > 0 {
		ext = extensionFor(p, r.id)
	}
	if r.starting(p, on) && (ext < 0 || p.Extensions[ext].Until < r.deadline.add(p.Start)) {
		switch {
		case expired:
			return whyExpiredStarter
		case r.kind == Submission:
			return whyFirstDue
		}
		return whyStarter
	}
	switch {
	case ext >= 0 && on <= p.Extensions[ext].Until:
		return pick(expired, whyExpiredExtended, whyMissingExtended)
	case ext >= 0 && expired:
		return whyExpiredExtensionLapsed
	case ext >= 0 && !planPassed:
		return whyMissingExtensionLapsed
	case planPassed && !expired:
		return whyPlanPassed
	}
	return pick(expired, whyExpired, whyMissing)
}

// starting reports whether on is before the person's induction deadline
// for the requirement. The deadline's bounds in days settle most days
// without calendar arithmetic.
func (r *rule) starting(p *Person, on date.Date) bool {
	switch {
	case r.deadline.isZero() || on >= p.Start+r.deadlineMax:
		return false
	case on < p.Start+r.deadlineMin:
		return true
	}
	return on < r.deadline.add(p.Start)
}

// pick returns a when c is true and b otherwise.
func pick(c bool, a, b why) why {
	if c {
		return a
	}
	return b
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

// extensionRuns reports whether the person's latest extension for the
// requirement runs on the day on.
func extensionRuns(p *Person, id string, on date.Date) bool {
	k := extensionFor(p, id)
	return k >= 0 && on <= p.Extensions[k].Until
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
