package compliance

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"
)

// TestScanMatchesInOrder checks the evidence pass, which takes the common
// records in a loop of its own and sets offers aside, against offering
// every record to every requirement its topic meets one by one, in the
// records' order: each track (latest completion and best own expiry, with
// the record of each, ties to the earlier), each chain (its records in
// order), the hours counted and the requirements with records dated after
// the day must be the same. Random organisations have records that share
// days and expiries, so that ties between records decide.
func TestScanMatchesInOrder(t *testing.T) {
	e, err := NewEvaluator(mixedPolicy())
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(5, 6))
	for trial := range 6 {
		on := date.New(2024, time.January, 1) + date.Date(r.IntN(3*365))
		year := AcademicYearOf(e.policy.AcademicYearStart, on)
		distinct := trial%2 == 1
		t.Run(fmt.Sprintf("%s distinct=%t", on, distinct), func(t *testing.T) {
			s, want := e.newScratch(on, true), e.newScratch(on, false)
			for i, sub := range randomOrg(r, e.policy, 300, on, distinct) {
				p, evs := &sub.Person, sub.Evidence
				s.reset(e)
				s.setLevels(e, p)
				future, err := e.scan(evs, on, year, s)
				require.NoError(t, err)

				want.reset(e)
				want.setLevels(e, p)
				wantFuture := offerInOrder(e, want, evs, on, year)

				require.Equal(t, wantFuture, future, "person %d: records after the day", i)
				require.Equal(t, want.tracks[:len(e.rules)], s.tracks[:len(e.rules)], "person %d: tracks", i)
				for _, c := range e.chainRules {
					require.Equal(t, want.chains[c], s.chains[c], "person %d: chain of %s", i, e.rules[c].id)
				}
				require.Equal(t, want.hours, s.hours, "person %d: hours", i)
				require.Equal(t, want.future, s.future, "person %d: future", i)
				clear(s.future)
				clear(want.future)
			}
		})
	}
}

// offerInOrder is the evidence pass written plainly, for valid records:
// each record, in order, offered to each requirement its topic meets.
func offerInOrder(e *Evaluator, s *scratch, evs []Evidence, on date.Date, year AcademicYear) int {
	future := 0
	for k := range evs {
		ev := &evs[k]
		acts := e.topics.lookup(ev.Topic).acts
		if ev.Date > on {
			future++
			s.markFuture(e, acts, !ev.Hours.IsZero())
			continue
		}
		if within(ev.Date, year.Start, year.End-year.Start) && !ev.Hours.IsZero() && len(e.hoursRule) > 0 {
			if err := e.addHours(k, ev, s, len(acts) > 0); err != nil {
				panic(err)
			}
		}
		for _, a := range acts {
			if !s.atLevel(a.req(), ev.Level) {
				continue
			}
			t := &s.tracks[a.req()]
			switch {
			case a < 0:
				s.chains[a.req()] = append(s.chains[a.req()], link{day: ev.Date, k: int32(k)})
			case ev.ValidUntil != 0:
				s.offerOwn(&e.rules[a.req()], t, ev, k)
			case ev.Date > t.latest:
				t.latest, t.latest1 = ev.Date, int32(k+1)
			}
		}
	}
	return future
}
