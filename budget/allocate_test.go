package budget

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func cand(id, cost string, p Priority) Candidate {
	return Candidate{ID: id, Cost: MustParse(cost), Priority: p}
}

// funded returns the IDs of the funded candidates, sorted.
func funded(a Allocation) []string {
	var ids []string
	for _, d := range a.Decisions {
		if d.Outcome == Funded {
			ids = append(ids, d.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

func TestAllocateChoices(t *testing.T) {
	tests := []struct {
		name      string
		available string
		cands     []Candidate
		want      []string
		value     int64
		remaining string
	}{
		{
			name: "nothing fits", available: "GBP 10",
			cands: []Candidate{cand("a", "GBP 11", Mandatory), cand("b", "GBP 10.01", Aspirational)},
			value: 0, remaining: "GBP 10.00",
		},
		{
			name: "everything fits", available: "GBP 100",
			cands: []Candidate{cand("a", "GBP 50", Aspirational), cand("b", "GBP 50", NecessaryForRole)},
			want:  []string{"a", "b"}, value: 25, remaining: "GBP 0.00",
		},
		{
			name: "no candidates", available: "GBP 100", remaining: "GBP 100.00",
		},
		{
			name: "zero cost always funded", available: "GBP 0",
			cands: []Candidate{cand("free", "GBP 0", Aspirational), cand("paid", "GBP 0.01", Mandatory)},
			want:  []string{"free"}, value: 5, remaining: "GBP 0.00",
		},
		{
			name: "exact beats greedy", available: "GBP 100",
			// Greedy by density takes a (60/51) and then nothing else fits;
			// b and c together are worth 80.
			cands: []Candidate{
				{ID: "a", Cost: MustParse("GBP 51"), Priority: ImprovementTarget, Value: 60},
				cand("b", "GBP 50", ImprovementTarget), cand("c", "GBP 50", ImprovementTarget),
			},
			want: []string{"b", "c"}, value: 80, remaining: "GBP 0.00",
		},
		{
			name: "mandatory dominates many others", available: "GBP 100",
			cands: []Candidate{
				cand("m", "GBP 100", Mandatory),
				cand("p1", "GBP 20", PerformanceImprovementPlan), cand("p2", "GBP 20", PerformanceImprovementPlan),
				cand("p3", "GBP 20", PerformanceImprovementPlan), cand("p4", "GBP 20", PerformanceImprovementPlan),
				cand("p5", "GBP 20", PerformanceImprovementPlan),
			},
			want: []string{"m"}, value: 100, remaining: "GBP 0.00",
		},
		{
			name: "mandatory over budget funds the most and cheapest", available: "GBP 100",
			cands: []Candidate{
				cand("m1", "GBP 60", Mandatory), cand("m2", "GBP 50", Mandatory), cand("m3", "GBP 40", Mandatory),
				cand("a", "GBP 10", Aspirational), cand("n", "GBP 11", NecessaryForRole),
			},
			want: []string{"a", "m2", "m3"}, value: 205, remaining: "GBP 0.00",
		},
		{
			name: "mandatory of equal cost settled by ID", available: "GBP 100",
			cands: []Candidate{cand("m2", "GBP 50", Mandatory), cand("m3", "GBP 50", Mandatory), cand("m1", "GBP 50", Mandatory)},
			want:  []string{"m1", "m2"}, value: 200, remaining: "GBP 0.00",
		},
		{
			name: "mandatory values differ", available: "GBP 100",
			cands: []Candidate{
				{ID: "m1", Cost: MustParse("GBP 100"), Priority: Mandatory, Value: 300},
				cand("m2", "GBP 50", Mandatory), cand("m3", "GBP 50", Mandatory),
			},
			want: []string{"m1"}, value: 300, remaining: "GBP 0.00",
		},
		{
			name: "tie settled by ID", available: "GBP 30",
			cands: []Candidate{cand("z", "GBP 30", NecessaryForRole), cand("b", "GBP 30", NecessaryForRole), cand("k", "GBP 30", NecessaryForRole)},
			want:  []string{"b"}, value: 20, remaining: "GBP 0.00",
		},
		{
			name: "value override", available: "GBP 10",
			cands: []Candidate{cand("a", "GBP 10", NecessaryForRole), {ID: "b", Cost: MustParse("GBP 10"), Priority: Aspirational, Value: 21}},
			want:  []string{"b"}, value: 21, remaining: "GBP 0.00",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Allocate(MustParse(tt.available), tt.cands, nil)
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, funded(got)); diff != "" {
				t.Errorf("funded (-want +got):\n%s", diff)
			}
			require.Equal(t, tt.value, got.Value)
			require.Equal(t, tt.remaining, got.Remaining.String())
		})
	}
}

func TestAllocateReasons(t *testing.T) {
	cands := []Candidate{
		cand("course", "GBP 80", Mandatory),
		cand("conference", "GBP 35", Aspirational),
		cand("masters", "GBP 120", ImprovementTarget),
	}
	got, err := Allocate(MustParse("GBP 100"), cands, nil)
	require.NoError(t, err)
	want := []Decision{
		{ID: "course", Cost: MustParse("GBP 80"), Priority: Mandatory, Value: 100, Outcome: Funded, Shortfall: MustParse("GBP 0"), Reason: "funded"},
		{ID: "conference", Cost: MustParse("GBP 35"), Priority: Aspirational, Value: 5, Outcome: Outranked, Shortfall: MustParse("GBP 15"),
			Reason: "not funded: lower priority than the funded requests it would displace (would exceed the GBP 20.00 left by GBP 15.00)"},
		{ID: "masters", Cost: MustParse("GBP 120"), Priority: ImprovementTarget, Value: 40, Outcome: ExceedsAvailable, Shortfall: MustParse("GBP 100"),
			Reason: "not funded: would exceed the available GBP 100.00 by GBP 20.00"},
	}
	if diff := cmp.Diff(want, got.Decisions); diff != "" {
		t.Errorf("decisions (-want +got):\n%s", diff)
	}
	require.Equal(t, "GBP 235.00", got.Demand.String())
	require.Equal(t, "GBP 80.00", got.Funded.String())
}

func TestAllocateErrors(t *testing.T) {
	tests := []struct {
		name      string
		available Money
		cands     []Candidate
		opts      *AllocateOptions
		err       error
	}{
		{name: "currency mismatch", available: MustParse("GBP 10"), cands: []Candidate{cand("a", "EUR 1", Mandatory)}, err: ErrCurrencyMismatch},
		{name: "unset cost", available: MustParse("GBP 10"), cands: []Candidate{{ID: "a", Priority: Mandatory}}, err: ErrCurrencyMismatch},
		{name: "unset available", available: Money{}, err: ErrUnknownCurrency},
		{name: "negative available", available: MustParse("GBP -1"), err: ErrInvalid},
		{name: "negative cost", available: MustParse("GBP 10"), cands: []Candidate{cand("a", "GBP -1", Mandatory)}, err: ErrInvalid},
		{name: "empty ID", available: MustParse("GBP 10"), cands: []Candidate{cand("", "GBP 1", Mandatory)}, err: ErrInvalid},
		{name: "duplicate ID", available: MustParse("GBP 10"), cands: []Candidate{cand("a", "GBP 1", Mandatory), cand("a", "GBP 2", Mandatory)}, err: ErrInvalid},
		{name: "unset priority", available: MustParse("GBP 10"), cands: []Candidate{cand("a", "GBP 1", 0)}, err: ErrInvalid},
		{name: "negative value", available: MustParse("GBP 10"), cands: []Candidate{{ID: "a", Cost: MustParse("GBP 1"), Priority: Aspirational, Value: -1}}, err: ErrInvalid},
		{name: "negative option value", available: MustParse("GBP 10"), opts: &AllocateOptions{Values: map[Priority]int{Aspirational: -1}}, err: ErrInvalid},
		{name: "search limit", available: MustParse("GBP 1000"), cands: hard(40), opts: &AllocateOptions{MaxNodes: 10, MaxTableCells: -1}, err: ErrSearchLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Allocate(tt.available, tt.cands, tt.opts)
			require.ErrorIs(t, err, tt.err)
		})
	}
}

// hard returns candidates whose value equals their cost, so every item has
// the same density and bounds prune little.
func hard(n int) []Candidate {
	r := rand.New(rand.NewPCG(7, 7))
	out := make([]Candidate, n)
	for i := range out {
		pence := 1000 + r.IntN(100000)
		out[i] = Candidate{ID: fmt.Sprintf("c%02d", i), Cost: minor(int64(pence), GBP), Priority: Aspirational, Value: pence}
	}
	return out
}

// brute returns the best (mandatory value, total value) over all subsets.
func brute(available Money, cands []Candidate, o AllocateOptions) (mand, total int64) {
	capacity, _ := available.MinorUnits()
	costs, vals, mands := make([]int64, len(cands)), make([]int64, len(cands)), make([]bool, len(cands))
	for i, c := range cands {
		costs[i], _ = c.Cost.MinorUnits()
		vals[i] = int64(c.Value)
		if vals[i] == 0 {
			vals[i] = int64(o.value(c.Priority))
		}
		mands[i] = c.Priority == Mandatory
	}
	for mask := 0; mask < 1<<len(cands); mask++ {
		var w, m, v int64
		for i := range cands {
			if mask&(1<<i) != 0 {
				w += costs[i]
				v += vals[i]
				if mands[i] {
					m += vals[i]
				}
			}
		}
		if w <= capacity && (m > mand || (m == mand && v > total)) {
			mand, total = m, v
		}
	}
	return mand, total
}

func mandatoryValue(a Allocation) int64 {
	var m int64
	for _, d := range a.Decisions {
		if d.Outcome == Funded && d.Priority == Mandatory {
			m += int64(d.Value)
		}
	}
	return m
}

func randomCandidates(r *rand.Rand, n int, costRange int) []Candidate {
	out := make([]Candidate, n)
	for i := range out {
		out[i] = Candidate{
			ID:       fmt.Sprintf("r%02d", r.IntN(1000)*100+i),
			Cost:     minor(int64(r.IntN(costRange)), GBP),
			Priority: Priority(1 + r.IntN(5)),
		}
		if r.IntN(4) == 0 {
			out[i].Value = 1 + r.IntN(100)
		}
	}
	return out
}

func TestAllocateAgainstBruteForce(t *testing.T) {
	for seed := range uint64(300) {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 1))
			n := 1 + r.IntN(16)
			costRange := []int{20, 5000, 300000}[seed%3]
			cands := randomCandidates(r, n, costRange)
			available := minor(int64(r.IntN(costRange*n/2+1)), GBP)
			wantM, wantV := brute(available, cands, AllocateOptions{})
			methods := map[string]*AllocateOptions{
				"table":  {MaxTableCells: 1 << 40},
				"search": {MaxTableCells: -1},
			}
			var sets [][]string
			for _, name := range []string{"table", "search"} {
				got, err := Allocate(available, cands, methods[name])
				require.NoError(t, err)
				require.Equal(t, wantM, mandatoryValue(got), name)
				require.Equal(t, wantV, got.Value, name)
				require.LessOrEqual(t, got.Funded.Amount().Cmp(available.Amount()), 0, name)
				sets = append(sets, funded(got))
			}
			require.Equal(t, sets[0], sets[1], "table and search chose different sets")
			shuffled := slices.Clone(cands)
			r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			again, err := Allocate(available, shuffled, nil)
			require.NoError(t, err)
			require.Equal(t, sets[0], funded(again), "order of candidates changed the answer")
		})
	}
}

func TestAllocateTwentyItems(t *testing.T) {
	for seed := range uint64(10) {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 2))
			cands := randomCandidates(r, 20, 300000)
			available := minor(int64(r.IntN(300000*10)), GBP)
			wantM, wantV := brute(available, cands, AllocateOptions{})
			got, err := Allocate(available, cands, &AllocateOptions{MaxTableCells: -1})
			require.NoError(t, err)
			require.Equal(t, wantM, mandatoryValue(got))
			require.Equal(t, wantV, got.Value)
		})
	}
}

// realistic returns n requests costing £20 to £3,000 with mixed
// priorities, and about 30% of their total as the money available.
func realistic(n int) (Money, []Candidate) {
	r := rand.New(rand.NewPCG(2026, 4))
	weights := []Priority{Mandatory, PerformanceImprovementPlan, ImprovementTarget, ImprovementTarget,
		NecessaryForRole, NecessaryForRole, NecessaryForRole, Aspirational, Aspirational, Aspirational}
	cands := make([]Candidate, n)
	var total int64
	for i := range cands {
		pence := int64(2000 + r.IntN(298001))
		total += pence
		cands[i] = Candidate{ID: fmt.Sprintf("req-%05d", i), Cost: minor(pence, GBP), Priority: weights[r.IntN(len(weights))]}
	}
	return minor(total*3/10, GBP), cands
}

func TestAllocateRealistic(t *testing.T) {
	available, cands := realistic(10000)
	tests := []struct {
		name   string
		values map[Priority]int
	}{
		{name: "default values"},
		{name: "coprime values", values: map[Priority]int{Mandatory: 97, PerformanceImprovementPlan: 61, ImprovementTarget: 37, NecessaryForRole: 19, Aspirational: 3}},
		{name: "equal values", values: map[Priority]int{Mandatory: 1, PerformanceImprovementPlan: 1, ImprovementTarget: 1, NecessaryForRole: 1, Aspirational: 1}},
		{name: "small values", values: map[Priority]int{PerformanceImprovementPlan: 7, ImprovementTarget: 3, NecessaryForRole: 2, Aspirational: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Allocate(available, cands, &AllocateOptions{Values: tt.values})
			require.NoError(t, err)
			require.LessOrEqual(t, got.Funded.Amount().Cmp(available.Amount()), 0)
			for _, d := range got.Decisions {
				require.False(t, d.Priority == Mandatory && d.Outcome != Funded, d.ID)
			}
		})
	}
}

func BenchmarkAllocate(b *testing.B) {
	available, cands := realistic(10000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Allocate(available, cands, nil); err != nil {
			b.Fatal(err)
		}
	}
}
