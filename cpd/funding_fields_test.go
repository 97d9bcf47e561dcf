package cpd_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestFundingKeepsEveryField checks every field of an activity's Funding is
// stored and read back: those the requester gives as given, and those the
// Service keeps as it recorded them.
func TestFundingKeepsEveryField(t *testing.T) {
	f := newMoneyFixture(t)
	a := paid("tina", "250")
	a.Funding.Costs.Cover, a.Funding.Overnight, a.Funding.RelevantToRole = twoDaysCover(), true, true
	a.Funding.Costs.Items = append(a.Funding.Costs.Items, budget.Cost{Kind: budget.Travel, Amount: gbp("30"), Note: "train"})
	given := *a.Funding
	stored := f.request(t, a)
	_, err := f.svc.Activities.AuthoriseOverride(as("head"), stored.ID, "a planned overspend")
	require.NoError(t, err)
	f.approveAll(t, stored.ID, "holder")
	pending, err := f.svc.Activities.Activity(as("head"), stored.ID)
	require.NoError(t, err)
	want := given
	want.Chain = budget.Chain{Steps: []budget.Step{
		{Rule: "costs", Roles: []budget.Role{budget.RoleBudgetHolder, budget.RoleHeadOfEducation}},
		{Rule: "overnight", Roles: []budget.Role{budget.RoleManagingDirector}, BeforeStart: true},
	}}
	want.Approvals = []budget.Approval{{Role: budget.RoleBudgetHolder, By: "holder", On: date.New(2026, 11, 25)}}
	want.Waiting = []budget.Role{budget.RoleHeadOfEducation, budget.RoleManagingDirector}
	want.Override = &budget.Override{By: "head", Reason: "a planned overspend"}
	if d := cmp.Diff(&want, pending.Funding); d != "" {
		t.Fatalf("pending funding (-want +read):\n%s", d)
	}
	requireAllSet(t, *pending.Funding, "Commitment")

	approved := f.approveAll(t, stored.ID, "head", "md")
	got, err := f.svc.Activities.Activity(as("head"), stored.ID)
	require.NoError(t, err)
	if d := cmp.Diff(approved, got); d != "" {
		t.Fatalf("approved activity as returned and as read (-returned +read):\n%s", d)
	}
	c := budget.NewCommitment(stored.ID, "english", budget.GBP)
	c.Outstanding, c.Committed = gbp("580"), gbp("580")
	if d := cmp.Diff(&c, got.Funding.Commitment); d != "" {
		t.Fatalf("commitment (-want +read):\n%s", d)
	}
	require.Equal(t, cpd.Approved, got.State)
	requireAllSet(t, *got.Funding, "Waiting")
}
