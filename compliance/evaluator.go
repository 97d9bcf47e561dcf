package compliance

import (
	"fmt"
	"math"
	"slices"

	"github.com/rickb777/date/v2"
)

// Evaluator is a validated, compiled policy, ready to evaluate people
// against. It is immutable and safe for concurrent use. Build one with
// [NewEvaluator] and keep it for as long as the policy holds.
type Evaluator struct {
	policy    Policy
	index     map[string]int // requirement ID to index
	topics    topicTable     // evidence topic to requirement indexes
	rules     []rule
	hoursRule []int32 // indexes of MinimumHours requirements
	memos     int     // distinct expiry functions, for scratch.memo
}

// rule is a requirement compiled for the hot path.
type rule struct {
	kind                                                     Kind
	basis                                                    Basis
	validity, deadline, window, grace, minActive, absenceMin span
	dueBy                                                    MonthDay
	everyone                                                 bool // no AppliesTo and no Except
	hours                                                    *hoursRule
	memo                                                     int // index of this rule's expiry memo
}

type hoursRule struct {
	minimum, floor   int64 // thousandths of an hour
	aspects, kinds   []string
	fte, service     bool
	absenceThreshold span
}

// never is the expiry of evidence that does not expire.
const never = date.Date(math.MaxInt64)

// NewEvaluator validates the policy and compiles it. It keeps its own copy
// of the policy, so later changes to p do not affect it. The error, if any,
// matches [ErrInvalid] and names each problem's path.
func NewEvaluator(p Policy) (*Evaluator, error) {
	p = p.clone()
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("policy %s: %w", p.ID, err)
	}
	e := &Evaluator{
		policy: p,
		index:  make(map[string]int, len(p.Requirements)),
		rules:  make([]rule, len(p.Requirements)),
	}
	byTopic := make(map[string][]int32)
	for i := range p.Requirements {
		r := &p.Requirements[i]
		e.index[r.ID] = i
		e.rules[i] = compile(r)
		e.rules[i].memo = e.memoFor(i)
		if r.Kind == MinimumHours {
			e.hoursRule = append(e.hoursRule, int32(i))
			continue
		}
		topics := r.Topics
		if len(topics) == 0 {
			topics = []string{r.ID}
		}
		for _, t := range topics {
			if !slices.Contains(byTopic[t], int32(i)) {
				byTopic[t] = append(byTopic[t], int32(i))
			}
		}
	}
	e.topics.build(byTopic)
	return e, nil
}

// memoFor returns the memo index for rule i, shared with any earlier rule
// whose expiry is the same function of the completion day.
func (e *Evaluator) memoFor(i int) int {
	r := &e.rules[i]
	for j := range i {
		o := &e.rules[j]
		if o.validity == r.validity && o.basis == r.basis && o.dueBy == r.dueBy {
			return o.memo
		}
	}
	e.memos++
	return e.memos - 1
}

func compile(r *Requirement) rule {
	c := rule{
		kind:      r.Kind,
		basis:     r.Basis,
		validity:  spanOf(r.Validity),
		deadline:  spanOf(r.InductionDeadline),
		window:    spanOf(r.RenewalWindow),
		grace:     spanOf(r.GracePeriod),
		minActive: spanOf(r.MinimumActive),
		dueBy:     r.DueBy,
		everyone:  r.AppliesTo.IsZero() && r.Except.IsZero(),
	}
	if c.basis == 0 {
		c.basis = FromCompletion
	}
	if r.Kind == Submission {
		c.validity = spanOf(r.Every)
		if c.deadline.isZero() {
			c.deadline = c.validity
		}
	}
	if h := r.Hours; h != nil {
		minimum, _ := hoursUnits(h.Minimum)
		floor, _ := hoursUnits(h.PartTimeFloor)
		c.hours = &hoursRule{
			minimum: minimum, floor: floor, aspects: h.Aspects, kinds: h.ActivityKinds,
			fte: h.ProRataFTE, service: h.ProRataService, absenceThreshold: spanOf(h.AbsenceThreshold),
		}
	}
	return c
}

// Policy returns a copy of the policy the evaluator was built from.
func (e *Evaluator) Policy() Policy { return e.policy.clone() }

// Requirement returns the requirement with the given ID, or false.
func (e *Evaluator) Requirement(id string) (Requirement, bool) {
	i, ok := e.index[id]
	if !ok {
		return Requirement{}, false
	}
	return e.policy.Requirements[i], true
}

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

// withOwnExpiry applies evidence's own expiry (its last valid day) when earlier.
func withOwnExpiry(exp date.Date, ev *Evidence) date.Date {
	if ev.ValidUntil != 0 && ev.ValidUntil+1 < exp {
		return ev.ValidUntil + 1
	}
	return exp
}
