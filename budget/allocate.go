package budget

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// The default value of each priority, used by Allocate unless
// AllocateOptions.Values says otherwise. One performance-improvement-plan
// request outweighs one improvement-target request, and so on down; twenty
// aspirational requests weigh as much as one mandatory one, but Mandatory
// requests are funded first whatever the values (see Allocate).
const (
	DefaultMandatoryValue                  = 100
	DefaultPerformanceImprovementPlanValue = 60
	DefaultImprovementTargetValue          = 40
	DefaultNecessaryForRoleValue           = 20
	DefaultAspirationalValue               = 5
)

// Default search limits for Allocate.
const (
	// DefaultMaxNodes bounds the branch-and-bound search.
	DefaultMaxNodes = 20_000_000
	// DefaultMaxTableCells bounds the dynamic-programming table, in bits
	// (8 MB): one bit per candidate and 64 per unit of capacity.
	DefaultMaxTableCells = 64_000_000
)

// Candidate is one request for money.
type Candidate struct {
	// ID identifies the request; it must be non-empty and unique among the
	// candidates. Equal choices are settled by ID (see Allocate).
	ID string
	// Cost is what the request needs, in the currency of the money available.
	Cost Money
	// Priority is why the request matters.
	Priority Priority
	// Value, if positive, overrides the value of the priority for this request.
	Value int
}

// AllocateOptions configures Allocate. A nil *AllocateOptions means the defaults.
type AllocateOptions struct {
	// Values gives the value of each priority. A missing or zero entry means
	// the default (DefaultMandatoryValue and so on); negative values are an error.
	Values map[Priority]int
	// MaxNodes bounds the branch-and-bound search; zero means DefaultMaxNodes.
	MaxNodes int
	// MaxTableCells bounds the dynamic-programming table; zero means
	// DefaultMaxTableCells and a negative number never uses the table.
	MaxTableCells int64
}

// Decision is what Allocate decided for one candidate.
type Decision struct {
	ID       string
	Cost     Money
	Priority Priority
	// Value is the priority value the candidate counted for.
	Value int
	// Outcome is Funded, ExceedsAvailable or Outranked.
	Outcome Outcome
	// Shortfall is how much more money funding it (on top of the funded
	// set) would need; zero when funded.
	Shortfall Money
	// Reason explains the outcome in a sentence: "funded", "not funded:
	// would exceed the available GBP 100.00 by GBP 20.00", or "not funded:
	// lower priority than the funded requests it would displace (would
	// exceed the GBP 5.00 left by GBP 15.00)".
	Reason string
}

// Allocation is the result of Allocate.
type Allocation struct {
	// Available is the money there was to allocate.
	Available Money
	// Demand is the total cost of all the candidates.
	Demand Money
	// Funded is the total cost of the funded candidates.
	Funded Money
	// Remaining is Available less Funded.
	Remaining Money
	// Value is the total priority value of the funded candidates.
	Value int64
	// Decisions has one entry per candidate, in the order given.
	Decisions []Decision
}

// Allocate chooses the candidates to fund from the money available: the
// set of greatest total priority value whose total cost is at most
// available. The answer is exact (a 0/1 knapsack solved exactly, never
// greedily).
//
// Mandatory training comes first: the chosen set has the greatest total
// value of Mandatory candidates that fits and, among those, the greatest
// value of the rest. This is solved exactly in two phases: first the
// Mandatory set of greatest value and, among those, least cost (when all
// Mandatory values are equal, simply as many of the cheapest as fit); then
// the other candidates in the money left. As more money left can never
// lower the value of the rest, the two phases together are optimal.
//
// Zero-cost candidates are always funded. Among sets of equal value the one
// chosen prefers, in turn, the candidates of greatest value per unit of
// cost, then the smallest ID (cheapest first, then ID, for Mandatory
// candidates of equal value); so the answer depends neither on the order
// of cands nor on the method used.
//
// Errors: a *ValidationError (ErrInvalid) for an unset, negative or
// unknown-currency amount, an empty or duplicate ID, an unset priority or a
// negative value; a *CurrencyMismatchError (ErrCurrencyMismatch) if a cost
// is not in the currency of available; a *SearchLimitError
// (ErrSearchLimit) if the exact search needs more than
// AllocateOptions.MaxNodes nodes. Allocate is safe for concurrent use.
func Allocate(available Money, cands []Candidate, opts *AllocateOptions) (Allocation, error) {
	o := opts.withDefaults()
	p, err := prepare(available, cands, o)
	if err != nil {
		return Allocation{}, err
	}
	lim := limits{maxNodes: o.MaxNodes, maxCells: o.MaxTableCells}
	funded := slices.Clone(p.free)
	spent, err := p.chooseMandatory(cands, funded, lim)
	if err == nil {
		err = p.choose(p.others, p.capacity-spent, cands, funded, lim)
	}
	if err != nil {
		return Allocation{}, fmt.Errorf("allocate %s among %d candidates: %w", available, len(cands), err)
	}
	return p.result(available, cands, funded), nil
}

func (o *AllocateOptions) withDefaults() AllocateOptions {
	var r AllocateOptions
	if o != nil {
		r = *o
	}
	if r.MaxNodes == 0 {
		r.MaxNodes = DefaultMaxNodes
	}
	if r.MaxTableCells == 0 {
		r.MaxTableCells = DefaultMaxTableCells
	}
	return r
}

// value returns the value of priority p under the options.
func (o AllocateOptions) value(p Priority) int {
	if v := o.Values[p]; v != 0 {
		return v
	}
	return [...]int{0, DefaultMandatoryValue, DefaultPerformanceImprovementPlanValue,
		DefaultImprovementTargetValue, DefaultNecessaryForRoleValue, DefaultAspirationalValue}[p]
}

// problem is the candidates, checked, in minor units and split by phase.
type problem struct {
	capacity int64
	costs    []int64 // minor units, per candidate
	values   []int   // unweighted value, per candidate
	free     []bool  // funded without search: zero cost
	mand     []int   // Mandatory candidates costing from 1 unit to capacity
	others   []int   // the other candidates costing from 1 unit to capacity
}

func prepare(available Money, cands []Candidate, o AllocateOptions) (problem, error) {
	if err := available.currency.Validate(); err != nil {
		return problem{}, fmt.Errorf("available: %w", err)
	}
	if available.IsNegative() {
		return problem{}, invalid("available", "%s is negative", available)
	}
	capacity, err := available.MinorUnits()
	if err != nil {
		return problem{}, err
	}
	for p, v := range o.Values {
		if v < 0 || !p.Valid() {
			return problem{}, invalid("values", "%s: %d is not a value for a priority", p, v)
		}
	}
	pr := problem{capacity: capacity, costs: make([]int64, len(cands)), values: make([]int, len(cands)), free: make([]bool, len(cands))}
	seen := make(map[string]bool, len(cands))
	var demand, total int64
	for i, c := range cands {
		if err := pr.check(i, c, available, seen, o); err != nil {
			return problem{}, err
		}
		if demand > math.MaxInt64-pr.costs[i] || total > math.MaxInt64/2-int64(pr.values[i]) {
			return problem{}, invalid("candidates", "total cost or value too large")
		}
		demand += pr.costs[i]
		total += int64(pr.values[i])
		switch w := pr.costs[i]; {
		case w == 0:
			pr.free[i] = true
		case w > capacity:
		case c.Priority == Mandatory:
			pr.mand = append(pr.mand, i)
		default:
			pr.others = append(pr.others, i)
		}
	}
	return pr, nil
}

// chooseMandatory marks the Mandatory set of greatest value and, among
// those, least cost, and returns its cost.
func (pr *problem) chooseMandatory(cands []Candidate, funded []bool, lim limits) (int64, error) {
	var total int64
	equal := true
	for _, i := range pr.mand {
		total += pr.costs[i]
		equal = equal && pr.values[i] == pr.values[pr.mand[0]]
	}
	if total <= pr.capacity {
		for _, i := range pr.mand {
			funded[i] = true
		}
		return total, nil
	}
	if equal {
		order := slices.Clone(pr.mand)
		slices.SortFunc(order, func(a, b int) int {
			return cmp.Or(cmp.Compare(pr.costs[a], pr.costs[b]), cmp.Compare(cands[a].ID, cands[b].ID))
		})
		var spent int64
		for _, i := range order {
			if spent+pr.costs[i] > pr.capacity {
				break
			}
			spent += pr.costs[i]
			funded[i] = true
		}
		return spent, nil
	}
	// Value (total+1) per point less the cost: a greater value always
	// wins, and among equal values the lesser cost.
	scale := total + 1
	p := make([]int64, len(pr.costs))
	for _, i := range pr.mand {
		if int64(pr.values[i]) > (math.MaxInt64/2)/scale/int64(len(pr.mand)) {
			return 0, invalid("candidates", "mandatory values too large")
		}
		p[i] = int64(pr.values[i])*scale - pr.costs[i]
	}
	if err := pr.solveSet(pr.mand, p, pr.capacity, cands, funded, lim); err != nil {
		return 0, err
	}
	var spent int64
	for _, i := range pr.mand {
		if funded[i] {
			spent += pr.costs[i]
		}
	}
	return spent, nil
}

// choose marks the set of idx of greatest value within capacity.
func (pr *problem) choose(idx []int, capacity int64, cands []Candidate, funded []bool, lim limits) error {
	p := make([]int64, len(pr.costs))
	for _, i := range idx {
		p[i] = int64(pr.values[i])
	}
	return pr.solveSet(idx, p, capacity, cands, funded, lim)
}

// solveSet runs the solver on candidates idx with values p, ordered by
// value per unit cost and then ID, and marks those chosen.
func (pr *problem) solveSet(idx []int, p []int64, capacity int64, cands []Candidate, funded []bool, lim limits) error {
	var items []item
	var order []int
	for _, i := range idx {
		if pr.costs[i] <= capacity {
			items = append(items, item{w: pr.costs[i], p: p[i]})
			order = append(order, i)
		}
	}
	perm := make([]int, len(items))
	for k := range perm {
		perm[k] = k
	}
	slices.SortFunc(perm, func(a, b int) int {
		switch {
		case denser(items[a], items[b]):
			return -1
		case denser(items[b], items[a]):
			return 1
		}
		return cmp.Compare(cands[order[a]].ID, cands[order[b]].ID)
	})
	sorted := make([]item, len(perm))
	for k, q := range perm {
		sorted[k] = items[q]
	}
	if len(sorted) == 0 {
		return nil
	}
	x, err := solve(sorted, capacity, lim)
	if err != nil {
		return err
	}
	for k, q := range perm {
		funded[order[q]] = x[k]
	}
	return nil
}

// check validates candidate i and records its cost and value.
func (pr *problem) check(i int, c Candidate, available Money, seen map[string]bool, o AllocateOptions) error {
	if err := pr.checkFields(i, c, available, seen); err != nil {
		return err
	}
	seen[c.ID] = true
	w, err := c.Cost.MinorUnits()
	if err != nil {
		return fmt.Errorf("candidates[%d] (%s): %w", i, c.ID, err)
	}
	pr.costs[i] = w
	pr.values[i] = c.Value
	if c.Value == 0 {
		pr.values[i] = o.value(c.Priority)
	}
	if pr.values[i] <= 0 {
		return invalid(fmt.Sprintf("candidates[%d].value", i), "priority %s has no positive value", c.Priority)
	}
	return nil
}

// checkFields reports the first thing wrong with candidate i.
func (pr *problem) checkFields(i int, c Candidate, available Money, seen map[string]bool) error {
	field := func() string { return fmt.Sprintf("candidates[%d]", i) }
	switch {
	case c.ID == "":
		return invalid(field()+".id", "empty")
	case seen[c.ID]:
		return invalid(field()+".id", "duplicate %q", c.ID)
	case !c.Priority.Valid():
		return invalid(field()+".priority", "%s is not a priority", c.Priority)
	case c.Value < 0:
		return invalid(field()+".value", "%d is negative", c.Value)
	case c.Cost.currency != available.currency:
		return fmt.Errorf("%s (%s): %w", field(), c.ID, &CurrencyMismatchError{Want: available.currency, Got: c.Cost.currency})
	case c.Cost.IsNegative():
		return invalid(field()+".cost", "%s is negative", c.Cost)
	}
	return nil
}

// result builds the Allocation and the reasons from the funded flags.
func (pr *problem) result(available Money, cands []Candidate, funded []bool) Allocation {
	cur := available.currency
	var spent, demand int64
	a := Allocation{Available: available, Decisions: make([]Decision, len(cands))}
	for i, f := range funded {
		demand += pr.costs[i]
		if f {
			spent += pr.costs[i]
			a.Value += int64(pr.values[i])
		}
	}
	left := pr.capacity - spent
	a.Demand = minor(demand, cur)
	a.Funded = minor(spent, cur)
	a.Remaining = minor(left, cur)
	zero, availableText, leftText := minor(0, cur), available.String(), a.Remaining.String()
	for i, c := range cands {
		d := Decision{ID: c.ID, Cost: c.Cost, Priority: c.Priority, Value: pr.values[i], Shortfall: zero}
		switch w := pr.costs[i]; {
		case funded[i]:
			d.Outcome, d.Reason = Funded, "funded"
		case w > pr.capacity:
			d.Outcome, d.Shortfall = ExceedsAvailable, minor(w-left, cur)
			d.Reason = "not funded: would exceed the available " + availableText + " by " + minor(w-pr.capacity, cur).String()
		default:
			d.Outcome, d.Shortfall = Outranked, minor(w-left, cur)
			d.Reason = "not funded: lower priority than the funded requests it would displace (would exceed the " +
				leftText + " left by " + d.Shortfall.String() + ")"
		}
		a.Decisions[i] = d
	}
	return a
}

// minor is FromMinor for a currency already known to be valid.
func minor(units int64, cur Currency) Money {
	m, _ := FromMinor(units, cur)
	return m
}
