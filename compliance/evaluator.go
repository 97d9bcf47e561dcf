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
	policy     Policy
	index      map[string]int // requirement ID to index
	topics     topicTable     // evidence topic to requirement indexes
	rules      []rule
	hoursRule  []int32              // indexes of MinimumHours requirements
	chainRules []int32              // indexes of FromPreviousExpiry requirements
	plainRules []int32              // indexes of the rules for evaluate's fast path (rule.plain)
	otherRules []int32              // indexes of the rest
	chained    []bool               // by requirement index: basis is FromPreviousExpiry
	memos      int                  // distinct expiry functions, for scratch.memo
	jobs       map[string][]jobNeed // job role to the ByJobRole requirements its description names
	leveled    []int32              // indexes of the requirements some job role requires at a level
}

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
	byTopic := make(map[string][]act)
	for i := range p.Requirements {
		r := &p.Requirements[i]
		e.index[r.ID] = i
		e.rules[i] = compile(r)
		e.rules[i].index, e.rules[i].memo = i, e.memoFor(i)
		e.chained = append(e.chained, e.rules[i].chained)
		if e.rules[i].plain {
			e.plainRules = append(e.plainRules, int32(i))
		} else {
			e.otherRules = append(e.otherRules, int32(i))
		}
		if e.chained[i] {
			e.chainRules = append(e.chainRules, int32(i))
		}
		if r.Kind == MinimumHours {
			e.rules[i].slot = len(e.hoursRule)
			e.hoursRule = append(e.hoursRule, int32(i))
			continue
		}
		topics := r.Topics
		if len(topics) == 0 {
			topics = []string{r.ID}
		}
		a := act(i)
		if e.rules[i].chained {
			a = ^a
		}
		for _, t := range topics {
			if !slices.Contains(byTopic[t], a) {
				byTopic[t] = append(byTopic[t], a)
			}
		}
	}
	e.compileJobs()
	e.topics.build(byTopic)
	for i := range e.topics.slots {
		e.topics.slots[i].compileHow(e.leveled)
	}
	return e, nil
}

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

// requiredByJob reports whether the person's job role names requirement i.
func (e *Evaluator) requiredByJob(p *Person, i int) bool {
	return slices.ContainsFunc(e.jobs[p.JobRole], func(n jobNeed) bool { return int(n.req) == i })
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

// Meets returns the IDs of the requirements that evidence of the topic can
// meet, in the policy's order, or nil when no requirement lists it (such
// evidence counts only towards minimum hours): an importer can warn of a
// topic that would otherwise count for nothing, silently.
func (e *Evaluator) Meets(topic string) []string {
	acts := e.topics.lookup(topic).acts
	if len(acts) == 0 {
		return nil
	}
	idx := make([]int, len(acts))
	for i, a := range acts {
		idx[i] = int(a.req())
	}
	slices.Sort(idx)
	out := make([]string, len(idx))
	for i, k := range idx {
		out[i] = e.rules[k].id
	}
	return out
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
