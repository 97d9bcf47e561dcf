package compliance

// Engine internals: the evidence pass, one loop over a person's records
// that checks each, counts its hours and offers it to the tracks of the
// requirements its topic meets.

import (
	"fmt"
	"unsafe"

	"github.com/rickb777/date/v2"
)

// track is the running state of one requirement during the evidence pass.
// Its zero value is "nothing seen yet", so that a person's tracks are
// reset by clearing them.
type track struct {
	latest  date.Date // latest completion without its own expiry
	ownExp  date.Date // best expiry among evidence with its own expiry
	latest1 int32     // index+1 of the record of latest; 0 for none
	own1    int32     // index+1 of the record of ownExp; 0 for none
}

// scan is the single pass over a person's evidence, the hot loop of an
// organisation's evaluation (tens of records per person). Each record is
// checked, looked up by topic, and then either only noted (dated after
// on), or counted for hours (in the academic year, with hours) and offered
// to the track of every requirement its topic satisfies.
//
// The offers that chain a renewal or weigh an expiry of the record's own
// are set aside and made after the pass, in the records' order: only they
// read a chain or a track's own expiry, so that their order among
// themselves is all that matters, and setting one aside needs no branch.
// With the topic cache on, scanPlain takes the common records, and the
// loop here only those it stops at.
func (e *Evaluator) scan(evs []Evidence, on date.Date, year AcademicYear, s *scratch) (int, error) {
	future := 0
	cached := s.topics != nil && s.topics.on
	hoursFrom, hoursDays := year.Start, date.Date(0) // the days whose hours count
	if len(e.hoursRule) > 0 {
		hoursDays = year.End - year.Start
	}
	// scanPlain takes records dated before plainBefore: in the calendar,
	// not after on and before the days whose hours count.
	plainBefore := min(on+1, lastDay+1)
	if hoursDays > 0 {
		plainBefore = min(plainBefore, hoursFrom)
	}
	if m := len(evs) * e.mostActs; len(s.ownAside) < m {
		buf := s.asideBuf[:]
		if 2*m > len(buf) {
			buf = make([]setAside, 2*m)
		}
		s.ownAside, s.chainAside = buf[:m:m], buf[m:2*m]
	}
	s.ownN, s.chainN = 0, 0
	for k := 0; k < len(evs); k++ {
		if cached {
			if k = s.scanPlain(evs, k, plainBefore); k == len(evs) {
				break
			}
		}
		ev := &evs[k]
		day, until, sign := ev.Date, ev.ValidUntil, ev.Hours.Sign()
		if until == 0 {
			until = day // no expiry of its own: nothing to check
		}
		if !inCalendar(day) || !within(until, day, lastDay-day+1) || sign < 0 {
			return 0, &ValidationError{Field: fmt.Sprintf("evidence[%d]", k), Reason: validateEvidence(ev)}
		}
		var entry *topicEntry
		if cached {
			entry = s.topics.get(ev.Topic)
		}
		if entry == nil {
			entry = s.topics.find(&e.topics, ev.Topic)
		}
		if day > on {
			future++
			s.markFuture(e, entry.acts, sign != 0)
			continue
		}
		if within(day, hoursFrom, hoursDays) && sign != 0 { // most records are of earlier years
			if err := e.addHours(k, ev, s, len(entry.acts) > 0); err != nil {
				return 0, err
			}
		}
		switch how := entry.how; {
		case how == howLatest && ev.ValidUntil == 0:
			// The common case, for every record when scanPlain does not
			// run (one person alone, or the topic cache off): as there,
			// the track is updated by selection.
			t := &s.tracks[entry.track]
			latest, latest1 := t.latest, t.latest1
			if day > latest { // ties keep the earlier record
				latest, latest1 = day, int32(k+1)
			}
			t.latest, t.latest1 = latest, latest1
		case how != howNone:
			s.offerAll(e, entry.acts, ev, k)
		}
	}
	s.offerSetAside(e, evs)
	return future, nil
}

// scanPlain runs the evidence pass from record k over the records it can
// take on its own, the common ones: valid, dated before before, and of a
// topic in the cache that meets one requirement at any level or none. It
// returns the index of the first record it cannot take (len(evs) when
// none), which scan then takes.
//
// Which kind of record comes next is as good as random, so its loop
// calls nothing and takes no branch but to stop: a record updates the
// track its topic's slot names for its kind (with or without an expiry of
// its own), by selection, and is set aside when its slot says so for its
// kind.
func (s *scratch) scanPlain(evs []Evidence, k int, before date.Date) int {
	c, tracks := s.topics, s.tracks
	own, chain, no, nc := s.ownAside, s.chainAside, s.ownN, s.chainN
	for ; k < len(evs); k++ {
		ev := &evs[k]
		p, size := unsafe.StringData(ev.Topic), len(ev.Topic)
		i := c.slotFor(p)
		slot := &c.slots[i]
		if slot.data != p || slot.n != size {
			if slot = &c.slots[i^1]; slot.data != p || slot.n != size {
				break
			}
		}
		day, until := ev.Date, ev.ValidUntil
		last := until
		if until == 0 {
			last = day
		}
		if !slot.plain || !within(day, 1, before-1) || !within(last, day, lastDay-day+1) || ev.Hours.Sign() < 0 {
			break
		}
		hasOwn := b2i(until != 0)
		t := &tracks[slot.latest[hasOwn]]
		latest, latest1 := t.latest, t.latest1
		if day > latest { // ties keep the earlier record
			latest, latest1 = day, int32(k+1)
		}
		t.latest, t.latest1 = latest, latest1
		own[no] = setAside{k: int32(k), req: slot.req}
		no += int(slot.own[hasOwn])
		chain[nc] = setAside{k: int32(k), req: slot.req}
		nc += int(slot.chain)
	}
	s.ownN, s.chainN = no, nc
	return k
}

// setAside is an offer the evidence pass set aside: record k, to
// requirement req, whose renewals it chains or which it may meet with an
// expiry of its own.
type setAside struct {
	k, req int32
}

// offerSetAside makes the offers the evidence pass set aside, in order:
// the links of chains, and then the records with expiries of their own,
// each weighed without a branch when the rule's expiry for its day is at
// hand (ownCol, in a matrix's scratch space), and by offerOwn when not.
func (s *scratch) offerSetAside(e *Evaluator, evs []Evidence) {
	for _, a := range s.chainAside[:s.chainN] {
		s.chains[a.req] = append(s.chains[a.req], link{day: evs[a.k].Date, k: a.k})
	}
	on, cols, tracks := s.on, s.ownCols, s.tracks
	for _, a := range s.ownAside[:s.ownN] {
		ev, t := &evs[a.k], &tracks[a.req]
		if cols == nil {
			s.offerOwn(&e.rules[a.req], t, ev, int(a.k))
			continue
		}
		c := &cols[a.req]
		day, own := ev.Date, ev.ValidUntil+1
		off := uint(on-day) & c.mask
		if off >= uint(len(c.memo)) || c.memo[off] == 0 && !c.never {
			s.offerOwn(&e.rules[a.req], t, ev, int(a.k))
			continue
		}
		// The rule's expiry for a completion on day, replaced by the
		// record's own when earlier or always (a membership's card).
		x := day + date.Date(c.memo[off])
		if c.never {
			x = never
		}
		exp := min(x, own)
		if c.replaces {
			exp = own
		}
		best, best1 := t.ownExp, t.own1
		if exp > best { // ties keep the earlier record
			best, best1 = exp, a.k+1
		}
		t.ownExp, t.own1 = best, best1
	}
}

// ownCol is how offerSetAside works out a rule's expiry for a completion
// on a day: d + memo[(on−d) & mask] (for a number of days, memo holds it
// alone and mask is 0), never when never is set, and by offerOwn when the
// memo does not have it (0, or the day is not in it).
type ownCol struct {
	memo            []uint16
	mask            uint
	never, replaces bool
}

// offerAll offers record k to the track of every requirement in acts,
// setting aside the offers that chain a renewal or weigh the record's own
// expiry.
func (s *scratch) offerAll(e *Evaluator, acts []act, ev *Evidence, k int) {
	for _, a := range acts {
		if s.levels != nil && !s.atLevel(a.req(), ev.Level) {
			continue
		}
		t := &s.tracks[a.req()]
		switch {
		case a < 0:
			s.chainAside[s.chainN] = setAside{k: int32(k), req: a.req()}
			s.chainN++
		case ev.ValidUntil != 0:
			s.ownAside[s.ownN] = setAside{k: int32(k), req: a.req()}
			s.ownN++
		case ev.Date > t.latest:
			t.latest, t.latest1 = ev.Date, int32(k+1) // ties keep the earlier record
		}
	}
}

// markFuture flags the requirements a record dated after the evaluation day
// would have counted towards: acts, and every hours rule if it has hours.
func (s *scratch) markFuture(e *Evaluator, acts []act, hours bool) {
	for _, a := range acts {
		s.future[a.req()] = true
	}
	if hours {
		for _, r := range e.hoursRule {
			s.future[r] = true
		}
	}
}
