package cpd_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestApprovalsRaceForTheLastPound: 100 goroutines give the last approval
// to 100 requests at once, each committing from the same line. Exactly as
// many succeed as the line can afford, every other fails with
// ErrInsufficientFunds, and the books balance to the penny.
func TestApprovalsRaceForTheLastPound(t *testing.T) {
	tests := []struct {
		name      string
		available string // the English line's money
		cost      string
		want      int
		left      string
	}{
		{name: "ten of a hundred", available: "1000", cost: "100", want: 10, left: "GBP 0.00"},
		{name: "the last hundred pounds", available: "100", cost: "100", want: 1, left: "GBP 0.00"},
		{name: "pennies over", available: "150.51", cost: "50.25", want: 2, left: "GBP 50.01"},
		{name: "a penny short for the third", available: "150.74", cost: "50.25", want: 2, left: "GBP 50.24"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newMoneyFixture(t)
			b := testBudget()
			b.ID, b.Lines[0].Amount = "race", gbp(tt.available)
			_, err := f.svc.Budgets.AllocateBudget(as("head"), b)
			require.NoError(t, err)
			const racers = 100
			ids := make([]string, racers)
			for i := range ids {
				a := paid("tina", tt.cost)
				a.Title, a.Funding.Budget = fmt.Sprintf("course %d", i), "race"
				ids[i] = f.request(t, a).ID
				f.approveAll(t, ids[i], "holder")
			}
			var wg sync.WaitGroup
			errs := make([]error, racers)
			for i := range ids {
				wg.Go(func() { _, errs[i] = f.svc.Activities.Approve(as("head"), ids[i]) })
			}
			wg.Wait()
			won := 0
			for i, err := range errs {
				switch {
				case err == nil:
					won++
				case !errors.Is(err, cpd.ErrInsufficientFunds):
					t.Fatalf("racer %d: %v", i, err)
				}
			}
			require.Equal(t, tt.want, won)
			require.NoError(t, f.svc.Budgets.CheckBooks(as("head"), "race"))
			rep, err := f.svc.Budgets.BudgetReport(as("head"), "race")
			require.NoError(t, err)
			require.Equal(t, tt.left, rep.Lines[0].Available.String())
			committed := 0
			for _, id := range ids {
				a, err := f.svc.Activities.Activity(as("head"), id)
				require.NoError(t, err)
				if a.State == cpd.Approved {
					committed++
					require.Equal(t, "GBP "+budget.MustParse("GBP "+tt.cost).Amount().StringFixed(2), a.Funding.Commitment.Outstanding.String())
				}
			}
			require.Equal(t, tt.want, committed)
		})
	}
}
