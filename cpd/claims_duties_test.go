package cpd_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestClaimExcessIsJudgedAtApproval checks that what a claim adds beyond
// the commitment is judged when the claim is approved, against what the
// claims approved before it left: three GBP 200 claims against a GBP 250
// commitment are not each the budget holder's alone to approve.
func TestClaimExcessIsJudgedAtApproval(t *testing.T) {
	f := newMoneyFixture(t)
	id := f.completedCourse(t)
	f.now = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	var claims []string
	for range 3 {
		cl, err := f.svc.Budgets.SubmitClaim(as("tina"), id, []budget.Cost{fee("200")}, false)
		require.NoError(t, err)
		claims = append(claims, cl.ID)
	}
	var states []budget.ClaimState
	for _, cl := range claims {
		got, err := f.svc.Budgets.ApproveClaim(as("holder"), cl)
		require.NoError(t, err)
		states = append(states, got.State)
	}
	require.Equal(t, []budget.ClaimState{budget.ClaimApproved, budget.ClaimSubmitted, budget.ClaimSubmitted}, states,
		"the second and third are above what is still committed and wait for the head")
	require.Equal(t, [4]string{"GBP 1000.00", "GBP 50.00", "GBP 200.00", "GBP 750.00"}, f.balance(t, "english"))
	second, err := f.svc.Budgets.ApproveClaim(as("head"), claims[1])
	require.NoError(t, err)
	require.Equal(t, budget.ClaimApproved, second.State)
	require.Equal(t, "GBP 150.00", second.Excess.String())
	require.Equal(t, [4]string{"GBP 1000.00", "GBP 0.00", "GBP 400.00", "GBP 600.00"}, f.balance(t, "english"))
	f.books(t)
}

// TestRacingClaimsCannotPassTheCommitment: 60 claims of GBP 50 against
// a GBP 250 commitment are approved by the budget holder at once. Five
// fit the commitment and are approved; every other waits for the head of
// education, and nothing beyond the commitment is spent.
func TestRacingClaimsCannotPassTheCommitment(t *testing.T) {
	f := newMoneyFixture(t)
	id := f.completedCourse(t)
	f.now = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	const racers = 60
	ids := make([]string, racers)
	for i := range ids {
		cl, err := f.svc.Budgets.SubmitClaim(as("tina"), id, []budget.Cost{fee("50")}, false)
		require.NoError(t, err)
		ids[i] = cl.ID
	}
	var wg sync.WaitGroup
	got := make([]budget.Claim, racers)
	errs := make([]error, racers)
	for i := range ids {
		wg.Go(func() { got[i], errs[i] = f.svc.Budgets.ApproveClaim(as("holder"), ids[i]) })
	}
	wg.Wait()
	approved := 0
	for i := range got {
		require.NoError(t, errs[i], "racer %d", i)
		if got[i].State == budget.ClaimApproved {
			approved++
		}
	}
	require.Equal(t, 5, approved)
	require.Equal(t, [4]string{"GBP 1000.00", "GBP 0.00", "GBP 250.00", "GBP 750.00"}, f.balance(t, "english"))
	f.books(t)
}

// TestClaimSubmitterDoesNotApprove checks that whoever submitted a claim,
// even for someone else and in the role that approves claims, may not
// approve it.
func TestClaimSubmitterDoesNotApprove(t *testing.T) {
	f := newMoneyFixture(t)
	f.dir.Set(org, cpd.Identity{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator, cpd.RoleBudgetHolder}, LineManager: "head"})
	id := f.completedCourse(t)
	f.now = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	cl, err := f.svc.Budgets.SubmitClaim(as("admin"), id, []budget.Cost{fee("100")}, false)
	require.NoError(t, err)
	require.Equal(t, "admin", cl.SubmittedBy)
	before := f.everything(t)
	_, err = f.svc.Budgets.ApproveClaim(as("admin"), cl.ID)
	require.ErrorIs(t, err, cpd.ErrForbidden)
	require.Equal(t, before, f.everything(t))
	got, err := f.svc.Budgets.ApproveClaim(as("holder"), cl.ID)
	require.NoError(t, err)
	require.Equal(t, budget.ClaimApproved, got.State, fmt.Sprint(got.Approvals))
}
