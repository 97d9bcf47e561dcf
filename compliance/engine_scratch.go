package compliance

// Engine internals: the scratch space one call reuses from person to
// person: tracks and chains, the expiry memo, each rule's stages on the
// day evaluated and the plain columns decidePlain reads.

import (
	"slices"

	"github.com/rickb777/date/v2"
)

// scratch is reused from person to person within one call.
type scratch struct {
	tracks               []track     // one per requirement, and a spare one past them
	stages               []stages    // one per requirement, for the day on
	plain                []plainCol  // one per plain rule (Evaluator.plainRules), for decidePlain
	chains               [][]link    // one per requirement; used by FromPreviousExpiry: every matching record
	future               []bool      // one per requirement: evidence dated after the day was ignored
	hours                []int64     // one per MinimumHours requirement: thousandths of an hour counted
	on                   date.Date   // the day evaluated
	memo                 [][]uint16  // one per requirement: memoDays days, shared by rules with the same expiry function (rule.memo); nil for none
	topics               *topicCache // nil for none
	hoursUnits, fteUnits unitsCache  // evidence hours and FTEs converted to thousandths
	levels               [][]string  // one per requirement: the levels the person's job role needs (nil: any)
	ownAside, chainAside []setAside  // the evidence pass's offers set aside: the first ownN and chainN, with room for Evaluator.mostActs a record
	ownN, chainN         int
	asideBuf             [64]setAside // room for both lists of a person with few records, without an allocation
	ownCols              []ownCol     // one per requirement, for offerSetAside; nil without the memo
}

// setLevels sets, for each requirement some job role needs at a level, the
// levels the person's job role needs (nil when it names none, or does not
// name the requirement, which then does not apply).
func (s *scratch) setLevels(e *Evaluator, p *Person) {
	if s.levels == nil {
		s.levels = make([][]string, len(e.rules))
	}
	for _, i := range e.leveled {
		s.levels[i] = nil
	}
	for _, n := range e.jobs[p.JobRole] {
		s.levels[n.req] = n.levels
	}
}

// atLevel reports whether evidence at level meets requirement i for the
// person whose levels are set.
func (s *scratch) atLevel(i int32, level string) bool {
	return s.levels == nil || len(s.levels[i]) == 0 || slices.Contains(s.levels[i], level)
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
// adds the expiry memo, the topic cache and the expiry columns that read
// the memo (ownCols), which pay for themselves only across many people.
func (e *Evaluator) newScratch(on date.Date, withMemo bool) *scratch {
	n := len(e.rules)
	s := &scratch{on: on, tracks: make([]track, n+1), memo: make([][]uint16, n), chains: make([][]link, n), future: make([]bool, n), hours: make([]int64, len(e.hoursRule)), stages: make([]stages, n)}
	for i := range e.rules {
		s.stages[i] = stagesOn(&e.rules[i], on)
	}
	if withMemo {
		memos := make([]uint16, e.memos*memoDays)
		for i := range e.rules {
			if m := e.rules[i].memo; m >= 0 {
				s.memo[i] = memos[m*memoDays : (m+1)*memoDays]
				// decidePlain reads the expiry of a completion on the day
				// itself for every person without one; only such a
				// completion would put it in the memo.
				s.remember(&e.rules[i], on)
			}
		}
		s.topics = &topicCache{on: true, spare: int32(n)}
		s.ownCols = make([]ownCol, n)
		days := make([]uint16, n) // the expiries of a number of days
		for i := range e.rules {
			r := &e.rules[i]
			c := ownCol{memo: s.memo[i], mask: ^uint(0), replaces: r.ownReplaces}
			switch {
			case r.validity.isZero():
				c.memo, c.mask, c.never = days[i:i+1], 0, true
			case r.validity.months == 0 && r.basis != FixedDate && within(date.Date(r.validity.days), 1, 1<<16-1):
				days[i] = uint16(r.validity.days)
				c.memo, c.mask = days[i:i+1], 0
			}
			s.ownCols[i] = c
		}
	}
	s.plain = make([]plainCol, len(e.plainRules))
	for j, i := range e.plainRules {
		r := &e.rules[i]
		c := plainCol{rule: r, req: int(i), memo: s.memo[i], window: s.stages[i].window, grace: s.stages[i].grace, deadlineMax: r.deadlineMax}
		switch {
		case r.validity.isZero():
			c.exp = expNever
		case r.validity.months == 0 && r.basis != FixedDate:
			c.exp, c.days = expDays, date.Date(r.validity.days)
		}
		s.plain[j] = c
	}
	return s
}

// plainCol is a plain rule as decidePlain reads it on the day evaluated:
// how its expiry is worked out, its memo, its stages and its induction
// deadline's most days, side by side.
type plainCol struct {
	exp           expiryBy
	req           int // the requirement's index
	days          date.Date
	memo          []uint16 // expMemo: the rule's memo (nil for none)
	window, grace date.Date
	deadlineMax   date.Date
	rule          *rule
}

// expiryBy is how a rule's expiry follows from the day of completion,
// settled when the scratch space is made so that no cell asks.
type expiryBy uint8

const (
	expMemo  expiryBy = iota // calendar arithmetic, through the memo when there is one
	expDays                  // a number of days (plainCol.days) later
	expNever                 // never: no validity
)

// reset readies the scratch space for the next person. The future flags
// are cleared by evaluate, only when a person set them.
func (s *scratch) reset(e *Evaluator) {
	clear(s.tracks)
	for _, i := range e.chainRules {
		s.chains[i] = s.chains[i][:0]
	}
	clear(s.hours)
}

// expiry is the rule's expiry for a completion on d, through the memo
// when the rule has one (its validity has months, so needs calendar
// arithmetic) and the scratch space holds memos.
func (s *scratch) expiry(r *rule, d date.Date) date.Date {
	if exp, ok := s.recall(r.index, d); ok {
		return exp
	}
	return s.remember(r, d)
}

// recall returns requirement i's expiry for a completion on d from the
// memo, or false. It is small enough to inline.
func (s *scratch) recall(i int, d date.Date) (date.Date, bool) {
	m, off := s.memo[i], uint(s.on-d)
	if off < uint(len(m)) && m[off] != 0 {
		return d + date.Date(m[off]), true
	}
	return 0, false
}

// remember works out the rule's expiry for a completion on d and keeps it
// in the memo, if the memo covers it.
func (s *scratch) remember(r *rule, d date.Date) date.Date {
	exp := r.expiry(d)
	if m, off := s.memo[r.index], uint(s.on-d); off < uint(len(m)) && within(exp-d, 1, 1<<16-1) {
		m[off] = uint16(exp - d)
	}
	return exp
}

// stages are the last expiries at which evidence of a rule has reached its
// renewal window and passed its grace period on the day evaluated: evidence
// expiring on exp (the first day it no longer counts) is
//
//   - before its renewal window when exp > window,
//   - in the renewal window when on < exp ≤ window,
//   - in its grace period when grace < exp ≤ on,
//   - and past all three when exp ≤ grace.
//
// These are the boundaries of DESIGN's validity (due soon on the days
// exp−W ≤ d < exp) and of the grace period (exp ≤ d < exp+G), turned round
// once per rule and day evaluated so that no cell needs calendar
// arithmetic to find its stage.
type stages struct {
	window, grace date.Date
}

// stagesOn works out a rule's stages on the day on. The window starts on
// exp−W and the grace period ends on exp+G, both non-decreasing in exp, so
// each bound is the last exp whose boundary has been reached, found by
// stepping down from a day past it: a period of months is at most 31 days
// a month and at least 28, so only a few steps are needed.
func stagesOn(r *rule, on date.Date) stages {
	window := on + r.windowMax
	for r.window.neg().add(window) > on {
		window--
	}
	grace := on - r.graceMin
	for r.grace.add(grace) > on {
		grace--
	}
	return stages{window: window, grace: grace}
}
