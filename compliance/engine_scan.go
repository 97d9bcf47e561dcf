package compliance

// Engine internals: the evidence pass, one loop over a person's records
// that checks each, counts its hours and offers it to the tracks of the
// requirements its topic meets.

import (
	"fmt"

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
// checked, looked up by topic, and then either set aside (dated after on),
// or counted for hours (in the academic year, with hours) and offered to
// the track of every requirement its topic satisfies.
func (e *Evaluator) scan(evs []Evidence, on date.Date, year AcademicYear, s *scratch) (int, error) {
	future := 0
	cached := s.topics != nil && s.topics.on
	hoursFrom, hoursDays := year.Start, date.Date(0) // the days whose hours count
	if len(e.hoursRule) > 0 {
		hoursDays = year.End - year.Start
	}
	tracks := s.tracks
	for k := range evs {
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
			// The common case: one requirement, which keeps the latest
			// completion (ties keep the earlier record). Whether a record
			// is the latest so far is as good as random, so the track is
			// updated by selecting, not by jumping.
			t := &tracks[entry.track]
			latest, latest1 := t.latest, t.latest1
			if day > latest {
				latest, latest1 = day, int32(k+1)
			}
			t.latest, t.latest1 = latest, latest1
		case how == howChain:
			s.chains[entry.track] = append(s.chains[entry.track], link{day: day, k: int32(k)})
		case how != howNone:
			s.offerAll(e, entry.acts, ev, k)
		}
	}
	return future, nil
}

// offerAll offers record k to the track of every requirement in acts.
func (s *scratch) offerAll(e *Evaluator, acts []act, ev *Evidence, k int) {
	for _, a := range acts {
		if s.levels != nil && !s.atLevel(a.req(), ev.Level) {
			continue
		}
		t := &s.tracks[a.req()]
		switch {
		case a < 0:
			s.chains[^a] = append(s.chains[^a], link{day: ev.Date, k: int32(k)})
		case ev.ValidUntil != 0:
			s.offerOwn(&e.rules[a], t, ev, k)
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
