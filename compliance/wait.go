package compliance

// Policy rules: what a person without valid evidence may wait on (a dated
// plan, a starter's induction deadline, an extension) before the item is
// held against them.

import (
	"github.com/rickb777/date/v2"
)

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
