package compliance

// The Evaluator: a validated, compiled policy (compiled in
// engine_compile.go), and what it tells about the policy.

import (
	"fmt"
	"slices"
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
	mostActs   int                  // the most requirements a topic meets, at least 1
}

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
	e.mostActs = 1
	for i := range e.topics.slots {
		e.topics.slots[i].compileHow(e.leveled)
		e.mostActs = max(e.mostActs, len(e.topics.slots[i].acts))
	}
	return e, nil
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
