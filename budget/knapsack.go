package budget

import (
	"math/bits"
	"sort"
)

// item is one candidate as the solver sees it: a positive cost w in minor
// units and a positive value p.
type item struct {
	w, p int64
}

// denser reports whether a has strictly more value per unit cost than b,
// comparing p_a·w_b with p_b·w_a exactly in 128 bits.
func denser(a, b item) bool {
	ah, al := bits.Mul64(uint64(a.p), uint64(b.w))
	bh, bl := bits.Mul64(uint64(b.p), uint64(a.w))
	return ah > bh || (ah == bh && al > bl)
}

// mulDiv returns floor(a·b/c) for a, b ≥ 0, c > 0 and b < c.
func mulDiv(a, b, c int64) int64 {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	q, _ := bits.Div64(hi, lo, uint64(c))
	return int64(q)
}

// limits bound the work of an exact solve.
type limits struct {
	maxNodes int
	maxCells int64
}

// solve returns the set of items of greatest total value whose total cost
// is at most capacity. Items must be sorted by value density, highest
// first, with 0 < w ≤ capacity and p > 0, and total costs and values must
// fit in an int64.
//
// Values are first divided by their greatest common divisor, which
// tightens the bounds. Among optimal sets it returns the lexicographically greatest in item
// order (it prefers to include earlier items), whichever method it uses, so
// the answer is determined by the order alone. It first fixes the items
// whose inclusion or exclusion is strictly worse than a greedy solution
// (Dantzig bounds), then solves the rest by dynamic programming over
// capacity if the table is small enough, otherwise by depth-first branch
// and bound, which gives up with a *SearchLimitError after maxNodes nodes.
func solve(items []item, capacity int64, lim limits) ([]bool, error) {
	n := len(items)
	x := make([]bool, n)
	items = scaleValues(items)
	full := newPrefix(items)
	if full.W[n] <= capacity {
		for i := range x {
			x[i] = true
		}
		return x, nil
	}
	lb := greedy(items, capacity)
	s := full.critical(0, capacity, -1)
	fixed := make([]int8, n) // +1 in, -1 out, 0 free
	left := capacity
	var free []int
	for j := range items {
		switch {
		case j < s && full.bound(0, capacity, j) < lb:
			fixed[j] = 1
			left -= items[j].w
		case j >= s && items[j].p+full.bound(0, capacity-items[j].w, j) < lb:
			fixed[j] = -1
		default:
			free = append(free, j)
		}
	}
	for j, f := range fixed {
		x[j] = f == 1
	}
	if len(free) == 0 || left < 0 {
		return x, nil
	}
	sub := make([]item, len(free))
	var fixedValue int64
	for j, f := range fixed {
		if f == 1 {
			fixedValue += items[j].p
		}
	}
	for k, j := range free {
		sub[k] = items[j]
	}
	var y []bool
	var err error
	if g, cells, ok := dpSize(sub, left); ok && cells <= lim.maxCells {
		y = solveDP(sub, left, g)
	} else {
		y, err = solveBB(sub, left, lb-fixedValue, lim.maxNodes)
	}
	if err != nil {
		return nil, err
	}
	for k, j := range free {
		x[j] = y[k]
	}
	return x, nil
}

// scaleValues divides the values by their greatest common divisor. Every
// total is then a whole number in the new unit, so the rounded-down bounds
// are tighter; the best sets are the same.
func scaleValues(items []item) []item {
	var g int64
	for _, it := range items {
		g = gcd(g, it.p)
	}
	if g <= 1 {
		return items
	}
	out := make([]item, len(items))
	for i, it := range items {
		out[i] = item{w: it.w, p: it.p / g}
	}
	return out
}

// greedy returns the value of taking items in order whenever they fit.
func greedy(items []item, capacity int64) int64 {
	var v int64
	for _, it := range items {
		if it.w <= capacity {
			capacity -= it.w
			v += it.p
		}
	}
	return v
}

// prefix holds running totals of cost and value: W[k] and P[k] are the
// sums over items [0, k).
type prefix struct {
	items []item
	W, P  []int64
}

func newPrefix(items []item) prefix {
	p := prefix{items: items, W: make([]int64, len(items)+1), P: make([]int64, len(items)+1)}
	for i, it := range items {
		p.W[i+1] = p.W[i] + it.w
		p.P[i+1] = p.P[i] + it.p
	}
	return p
}

// sums returns the cost and value of items [start, k) without skip.
func (p prefix) sums(start, k, skip int) (int64, int64) {
	w, v := p.W[k]-p.W[start], p.P[k]-p.P[start]
	if skip >= start && skip < k {
		w -= p.items[skip].w
		v -= p.items[skip].p
	}
	return w, v
}

// critical returns the largest k such that items [start, k), without
// skip, cost at most c.
func (p prefix) critical(start int, c int64, skip int) int {
	n := len(p.items)
	k := sort.Search(n-start+1, func(i int) bool {
		w, _ := p.sums(start, start+i, skip)
		return w > c
	})
	return start + k - 1
}

// bound returns the Dantzig upper bound (the fractional knapsack, rounded
// down) on the value of items [start, n) without skip in capacity c.
func (p prefix) bound(start int, c int64, skip int) int64 {
	if c < 0 {
		return -1 << 62
	}
	k := p.critical(start, c, skip)
	w, v := p.sums(start, k, skip)
	if k == len(p.items) {
		return v
	}
	it := p.items[k]
	return v + mulDiv(it.p, c-w, it.w)
}

// dpSize returns the gcd of the costs and the memory, in bits, a dynamic
// programme over capacity would need: a decision bit per item and a 64-bit
// best value for each capacity.
func dpSize(items []item, capacity int64) (g, cells int64, ok bool) {
	for _, it := range items {
		g = gcd(g, it.w)
	}
	c := capacity/g + 1
	hi, lo := bits.Mul64(uint64(c), uint64(len(items)+64))
	if hi != 0 || lo > 1<<62 {
		return g, 0, false
	}
	return g, int64(lo), true
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// solveDP is the 0/1 knapsack by dynamic programming over the suffixes of
// items, with costs divided by g. Ties prefer inclusion, so reading the
// decisions from the first item gives the lexicographically greatest
// optimal set.
func solveDP(items []item, capacity, g int64) []bool {
	c := int(capacity / g)
	width := c + 1
	f := make([]int64, width)
	take := make([]uint64, (len(items)*width+63)/64)
	for i := len(items) - 1; i >= 0; i-- {
		w := int(items[i].w / g)
		for cc := c; cc >= w; cc-- {
			if inc := f[cc-w] + items[i].p; inc >= f[cc] {
				f[cc] = inc
				bit := i*width + cc
				take[bit/64] |= 1 << (bit % 64)
			}
		}
	}
	x := make([]bool, len(items))
	for i := range items {
		bit := i*width + c
		if take[bit/64]&(1<<(bit%64)) != 0 {
			x[i] = true
			c -= int(items[i].w / g)
		}
	}
	return x
}

// bb is the state of a depth-first branch and bound.
type bb struct {
	pre      prefix
	minW     []int64 // minW[i] is the cheapest cost in items [i, n)
	x, best  []bool
	need     int64 // a leaf is accepted if its value is at least need
	nodes    int
	maxNodes int
}

// solveBB explores including each item before excluding it and accepts
// only strict improvements, so the first optimal leaf it meets, the
// lexicographically greatest, is the one it keeps. lb is the value of a
// known feasible set: subtrees whose bound is below it are pruned.
func solveBB(items []item, capacity, lb int64, maxNodes int) ([]bool, error) {
	n := len(items)
	s := &bb{pre: newPrefix(items), minW: make([]int64, n+1), x: make([]bool, n), best: make([]bool, n), need: lb, maxNodes: maxNodes}
	s.minW[n] = 1 << 62
	for i := n - 1; i >= 0; i-- {
		s.minW[i] = min(s.minW[i+1], items[i].w)
	}
	if err := s.dfs(0, capacity, 0); err != nil {
		return nil, err
	}
	return s.best, nil
}

func (s *bb) dfs(i int, c, v int64) error {
	s.nodes++
	if s.nodes > s.maxNodes {
		return &SearchLimitError{Nodes: s.maxNodes}
	}
	if i == len(s.x) || c < s.minW[i] {
		if v >= s.need {
			s.need = v + 1
			copy(s.best, s.x)
			clear(s.best[i:])
		}
		return nil
	}
	if v+s.pre.bound(i, c, -1) < s.need {
		return nil
	}
	it := s.pre.items[i]
	if it.w <= c {
		s.x[i] = true
		err := s.dfs(i+1, c-it.w, v+it.p)
		s.x[i] = false
		if err != nil {
			return err
		}
	}
	return s.dfs(i+1, c, v)
}
