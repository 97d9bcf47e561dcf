package budget

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSolveMethodsAgree runs the table and the search on the same sorted
// instances, with no reduction first, and expects the same set.
func TestSolveMethodsAgree(t *testing.T) {
	for seed := range uint64(200) {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 3))
			items := make([]item, 1+r.IntN(14))
			var total int64
			for i := range items {
				items[i] = item{w: 1 + int64(r.IntN(50)), p: 1 + int64(r.IntN(10))}
				total += items[i].w
			}
			slices.SortStableFunc(items, func(a, b item) int {
				switch {
				case denser(a, b):
					return -1
				case denser(b, a):
					return 1
				}
				return 0
			})
			capacity := 1 + int64(r.IntN(int(total)))
			g, _, _ := dpSize(items, capacity)
			table := solveDP(items, capacity, g)
			search, err := solveBB(items, capacity, 0, 1<<30)
			require.NoError(t, err)
			require.Equal(t, table, search)
			require.LessOrEqual(t, cost(items, table), capacity)
		})
	}
}

func cost(items []item, x []bool) int64 {
	var w int64
	for i, in := range x {
		if in {
			w += items[i].w
		}
	}
	return w
}

func TestMulDivAndDenser(t *testing.T) {
	tests := []struct {
		name    string
		a, b, c int64
		want    int64
	}{
		{name: "small", a: 7, b: 3, c: 4, want: 5},
		{name: "128-bit product", a: 1 << 62, b: 1<<62 - 1, c: 1 << 62, want: 1<<62 - 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, mulDiv(tt.a, tt.b, tt.c))
		})
	}
	t.Run("denser", func(t *testing.T) {
		require.True(t, denser(item{w: 1 << 40, p: 1<<40 + 1}, item{w: 1 << 41, p: 1 << 41}))
		require.False(t, denser(item{w: 2, p: 4}, item{w: 1, p: 2}))
	})
}
