package storetest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/cpd"
)

// testClaimRace: concurrent approvals through cpd.Service of GBP 50
// claims against a GBP 250 commitment. Each claim's excess is judged at
// approval, in the transaction that spends it, so exactly five fit the
// commitment and are approved by the budget holder alone; the rest wait
// for the excess approver, and nothing beyond the commitment is spent.
func testClaimRace(t *testing.T, newStore func(*testing.T) cpd.Store, opts *BudgetOptions) {
	racers := opts.racers()
	w := newBudgetWorld(t, newStore(t), "1000")
	id := w.request(t, "course", "250").ID
	_, err := w.svc.Activities.Approve(w.as("holder"), id)
	require.NoError(t, err)
	_, err = w.svc.Activities.Complete(w.as("tina"), id, cpd.Completion{On: date.New(2026, 11, 24), Evidence: "certificate"})
	require.NoError(t, err)
	claims := make([]string, racers)
	for i := range claims {
		cl, err := w.svc.Budgets.SubmitClaim(w.as("tina"), id, []budget.Cost{{Kind: budget.Fee, Amount: budget.MustParse("GBP 50")}}, false)
		require.NoError(t, err)
		claims[i] = cl.ID
	}
	got := make([]budget.Claim, racers)
	errs := make([]error, racers)
	var wg sync.WaitGroup
	for i := range claims {
		wg.Go(func() { got[i], errs[i] = w.svc.Budgets.ApproveClaim(w.as("holder"), claims[i]) })
	}
	wg.Wait()
	approved := 0
	for i := range got {
		require.NoError(t, errs[i], "racer %d", i)
		if got[i].State == budget.ClaimApproved {
			approved++
		}
	}
	require.Equal(t, 5, approved, "of %d racing claims", racers)
	require.NoError(t, w.svc.Budgets.CheckBooks(w.as("head"), "2026-27"))
	rep, err := w.svc.Budgets.BudgetReport(w.as("head"), "2026-27")
	require.NoError(t, err)
	l := rep.Lines[0]
	require.Equal(t, []string{"GBP 0.00", "GBP 250.00", "GBP 750.00"},
		[]string{l.Committed.String(), l.Spent.String(), l.Available.String()}, fmt.Sprint(l))
}
