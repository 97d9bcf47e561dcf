package compliance

// Policy rules: how long evidence counts and where a person stands on
// the day evaluated: the expiry a completion gives, the one a record
// carries of its own, the evidence that decides, and the stages of its
// life (valid, due soon, in its grace period, expired).

import (
	"github.com/rickb777/date/v2"
)

// expiry returns the first day evidence completed on d no longer counts,
// for the monotone bases (from completion and fixed date).
func (r *rule) expiry(d date.Date) date.Date {
	switch {
	case r.validity.isZero():
		return never
	case r.basis == FixedDate:
		return r.validity.add(r.dueBy.onOrAfter(d)) + 1
	default:
		return r.validity.add(d)
	}
}

// withOwnExpiry applies evidence's own expiry (its last valid day) to exp,
// the expiry the rule gives its completion: when earlier, or always for a
// membership, whose card's expiry ends its current period whatever the
// requirement's validity.
func (r *rule) withOwnExpiry(exp date.Date, ev *Evidence) date.Date {
	if ev.ValidUntil != 0 && (r.ownReplaces || ev.ValidUntil+1 < exp) {
		return ev.ValidUntil + 1
	}
	return exp
}

// decide settles a rule whose renewals are not chained from its track: the
// evidence that gives the latest expiry is the latest plain completion or
// the certificate with the latest expiry of its own, whichever expires
// later (the completion on a tie).
func (s *scratch) decide(r *rule, p *Person) cell {
	t := &s.tracks[r.index]
	exp, idx := t.ownExp, t.own1-1
	if t.latest1 > 0 {
		if e := s.expiry(r, t.latest); idx < 0 || e >= exp {
			exp, idx = e, t.latest1-1
		}
	}
	return s.settle(r, p, exp, idx)
}

// settle decides a requirement that applies to the person from the
// evidence that gives the latest expiry: exp, from record idx, or none when
// idx is -1. With evidence that expires, the day evaluated is in one of
// four stages of its life: before the renewal window, in it, in the grace
// period, or past all three; the rule's stages for the day evaluated make
// that three comparisons of exp, counted without branching because the
// answer varies from person to person.
func (s *scratch) settle(r *rule, p *Person, exp date.Date, idx int32) cell {
	on := s.on
	switch {
	case idx < 0:
		return cell{evidence: -1, why: r.decideAbsent(p, on)}
	case exp == never:
		return cell{evidence: idx, why: whyNeverExpires}
	}
	st := &s.stages[r.index]
	stage := b2i(exp <= st.window) + b2i(exp <= on) + b2i(exp <= st.grace)
	c := cell{validUntil: cday(exp - 1), evidence: idx, why: whyValid + why(stage)}
	if c.why == whyExpired && (len(p.Plans) > 0 || len(p.Extensions) > 0 || on < p.Start+r.deadlineMax) {
		c.why = r.wait(p, on, true)
	}
	return c
}

// offerOwn offers record k, which has an expiry of its own, to a track:
// it expires on the earlier of its own expiry and its completion plus the
// validity (on its own expiry, for a membership), and is kept if that is later than the best so far (ties keep
// the earlier record). A record whose own expiry is no later than the
// best so far cannot win, and needs no calendar arithmetic.
func (s *scratch) offerOwn(r *rule, t *track, ev *Evidence, k int) {
	if ev.ValidUntil+1 <= t.ownExp {
		return
	}
	if exp := r.withOwnExpiry(s.expiry(r, ev.Date), ev); exp > t.ownExp {
		t.ownExp, t.own1 = exp, int32(k+1)
	}
}
