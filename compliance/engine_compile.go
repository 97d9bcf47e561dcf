package compliance

// Engine internals: a policy compiled for evaluation. NewEvaluator turns
// each requirement into a rule (periods as spans, bounds in days, flags
// for the fast paths), shares expiry memos between rules with the same
// expiry function and indexes the job descriptions; the rules themselves
// (validity.go, wait.go, chain.go, hours.go, scope.go) read these fields.

import (
	"math"
	"slices"

	"github.com/rickb777/date/v2"
)

// jobNeed is one ByJobRole requirement a job role names: its index and the
// levels that meet it (nil: any).
type jobNeed struct {
	req    int32
	levels []string
}

// rule is a requirement compiled for the hot path.
type rule struct {
	id                                           string // the requirement's ID
	index                                        int    // the requirement's position in the policy
	slot                                         int    // MinimumHours: position among the hours rules
	kind                                         Kind
	basis                                        Basis
	validity, deadline, window, grace, minActive span
	dueBy                                        MonthDay
	windowMax, windowMin, graceMax, graceMin     date.Date // the window's and grace period's most and fewest days
	deadlineMax, deadlineMin                     date.Date // the induction deadline's most and fewest days
	everyone                                     bool      // no AppliesTo, no Except and not ByJobRole
	byJobRole                                    bool      // applies only to the job roles that name it
	chained                                      bool      // basis is FromPreviousExpiry
	plain                                        bool      // everyone, evidence-based and not chained: evaluate's fast path
	forever                                      bool      // no validity: evidence never expires (unless it carries its own expiry)
	ownReplaces                                  bool      // Membership: evidence's own expiry replaces the validity
	hours                                        *hoursRule
	memo                                         int // index of this rule's expiry memo in scratch.memo, or -1 for none
}

type hoursRule struct {
	minimum, floor   int64 // thousandths of an hour
	aspects, kinds   []string
	fte, service     bool
	relevantOnly     bool
	absenceThreshold span
}

// never is the expiry of evidence that does not expire.
const never = date.Date(math.MaxInt64)

// compileJobs indexes the job descriptions by job role.
func (e *Evaluator) compileJobs() {
	e.jobs = make(map[string][]jobNeed, len(e.policy.JobRoles))
	for _, jr := range e.policy.JobRoles {
		for _, rr := range jr.Requires {
			i := int32(e.index[rr.Requirement])
			e.jobs[jr.ID] = append(e.jobs[jr.ID], jobNeed{req: i, levels: rr.Levels})
			if len(rr.Levels) > 0 && !slices.Contains(e.leveled, i) {
				e.leveled = append(e.leveled, i)
			}
		}
	}
}

// memoFor returns the memo index for rule i, shared with any earlier rule
// whose expiry is the same function of the completion day, or -1 when its
// expiry needs no calendar arithmetic and so no memo.
func (e *Evaluator) memoFor(i int) int {
	r := &e.rules[i]
	if r.validity.months == 0 && r.basis != FixedDate {
		return -1
	}
	for j := range i {
		o := &e.rules[j]
		if o.memo >= 0 && o.validity == r.validity && (o.basis == FixedDate) == (r.basis == FixedDate) && o.dueBy == r.dueBy {
			return o.memo
		}
	}
	e.memos++
	return e.memos - 1
}

func compile(r *Requirement) rule {
	c := rule{
		id:        r.ID,
		kind:      r.Kind,
		basis:     r.Basis,
		validity:  spanOf(r.Validity),
		deadline:  spanOf(r.InductionDeadline),
		window:    spanOf(r.RenewalWindow),
		grace:     spanOf(r.GracePeriod),
		minActive: spanOf(r.MinimumActive),
		dueBy:     r.DueBy,
		everyone:  r.AppliesTo.IsZero() && r.Except.IsZero() && !r.ByJobRole,
		byJobRole: r.ByJobRole,
	}
	if c.basis == 0 {
		c.basis = FromCompletion
	}
	c.chained = c.basis == FromPreviousExpiry
	if r.Kind == Submission {
		c.validity = spanOf(r.Every)
		if c.deadline.isZero() {
			c.deadline = c.validity
		}
	}
	c.windowMax, c.windowMin = c.window.maxDays(), c.window.minDays()
	c.graceMax, c.graceMin = c.grace.maxDays(), c.grace.minDays()
	c.deadlineMax, c.deadlineMin = c.deadline.maxDays(), c.deadline.minDays()
	c.plain = c.everyone && c.kind != MinimumHours && !c.chained
	c.forever = c.validity.isZero()
	c.ownReplaces = r.Kind == Membership
	if h := r.Hours; h != nil {
		minimum, _ := hoursUnits(h.Minimum)
		floor, _ := hoursUnits(h.PartTimeFloor)
		c.hours = &hoursRule{
			minimum: minimum, floor: floor, aspects: h.Aspects, kinds: h.ActivityKinds,
			fte: h.ProRataFTE, service: h.ProRataService, absenceThreshold: spanOf(h.AbsenceThreshold), relevantOnly: h.RelevantOnly,
		}
	}
	return c
}
