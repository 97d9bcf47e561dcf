package cpd_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/cpd"
)

func fee(s string) budget.Cost    { return budget.Cost{Kind: budget.Fee, Amount: gbp(s)} }
func travel(s string) budget.Cost { return budget.Cost{Kind: budget.Travel, Amount: gbp(s)} }

// completedCourse requests, approves and completes a GBP 250 course for
// tina on 2026-11-20, and returns its ID.
func (f *fixture) completedCourse(t testing.TB) string {
	t.Helper()
	a := paid("tina", "250")
	a.Start = date.New(2026, 11, 20)
	id := f.request(t, a).ID
	f.approveAll(t, id, "holder", "head")
	_, err := f.svc.Activities.Complete(as("tina"), id, cpd.Completion{On: date.New(2026, 11, 20), Evidence: "cert"})
	require.NoError(t, err)
	return id
}

func TestClaims(t *testing.T) {
	type want struct {
		state   budget.ClaimState
		late    bool
		english [4]string
	}
	committed := [4]string{"GBP 1000.00", "GBP 250.00", "GBP 0.00", "GBP 750.00"}
	tests := []struct {
		name     string
		items    []budget.Cost
		final    bool
		days     int // after completion that it is submitted
		by       []string
		refused  string
		err      error
		want     want
		rejectBy string
	}{
		{name: "within the commitment", items: []budget.Cost{fee("240")}, days: 3, by: []string{"holder"},
			want: want{state: budget.ClaimApproved, english: [4]string{"GBP 1000.00", "GBP 10.00", "GBP 240.00", "GBP 750.00"}}},
		{name: "final claim releases the rest", items: []budget.Cost{fee("240")}, final: true, days: 3, by: []string{"holder"},
			want: want{state: budget.ClaimApproved, english: [4]string{"GBP 1000.00", "GBP 0.00", "GBP 240.00", "GBP 760.00"}}},
		{name: "late but accepted", items: []budget.Cost{fee("250")}, days: 40, by: []string{"holder"},
			want: want{state: budget.ClaimApproved, late: true, english: [4]string{"GBP 1000.00", "GBP 0.00", "GBP 250.00", "GBP 750.00"}}},
		{name: "above the commitment waits for the head", items: []budget.Cost{fee("250"), travel("30")}, days: 3, by: []string{"holder"},
			want: want{state: budget.ClaimSubmitted, english: committed}},
		{name: "above the commitment, approved", items: []budget.Cost{fee("250"), travel("30")}, days: 3, by: []string{"holder", "head"},
			want: want{state: budget.ClaimApproved, english: [4]string{"GBP 1000.00", "GBP 0.00", "GBP 280.00", "GBP 720.00"}}},
		{name: "above what the line can afford", items: []budget.Cost{fee("250"), travel("750.01")}, days: 3, by: []string{"holder"},
			refused: "head", err: cpd.ErrInsufficientFunds, want: want{state: budget.ClaimSubmitted, english: committed}},
		{name: "the claimant may not approve", items: []budget.Cost{fee("200")}, days: 3, refused: "tina", err: cpd.ErrForbidden,
			want: want{state: budget.ClaimSubmitted, english: committed}},
		{name: "the head is not the claim approver", items: []budget.Cost{fee("200")}, days: 3, refused: "head", err: cpd.ErrForbidden,
			want: want{state: budget.ClaimSubmitted, english: committed}},
		{name: "rejected", items: []budget.Cost{fee("200")}, days: 3, rejectBy: "holder",
			want: want{state: budget.ClaimRejected, english: committed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newMoneyFixture(t)
			id := f.completedCourse(t)
			f.now = time.Date(2026, 11, 20+tt.days, 9, 0, 0, 0, time.UTC)
			cl, err := f.svc.Budgets.SubmitClaim(as("tina"), id, tt.items, tt.final)
			require.NoError(t, err)
			for _, p := range tt.by {
				cl, err = f.svc.Budgets.ApproveClaim(as(p), cl.ID)
				require.NoError(t, err, "approval by %s", p)
			}
			if tt.refused != "" {
				before := f.everything(t)
				_, err := f.svc.Budgets.ApproveClaim(as(tt.refused), cl.ID)
				require.ErrorIs(t, err, tt.err)
				if d := cmp.Diff(before, f.everything(t)); d != "" {
					t.Fatalf("a refused approval changed the store:\n%s", d)
				}
			}
			if tt.rejectBy != "" {
				_, err := f.svc.Budgets.RejectClaim(as(tt.rejectBy), cl.ID, "")
				require.ErrorIs(t, err, cpd.ErrInvalid)
				_, err = f.svc.Budgets.RejectClaim(as(tt.rejectBy), cl.ID, "no receipt")
				require.NoError(t, err)
			}
			claims, err := f.svc.Budgets.Claims(as("tina"), "tina")
			require.NoError(t, err)
			require.Len(t, claims, 1)
			require.Equal(t, []any{tt.want.state, tt.want.late}, []any{claims[0].State, claims[0].Late})
			require.Equal(t, tt.want.english, f.balance(t, "english"))
			f.books(t)
		})
	}
}

func TestClaimRules(t *testing.T) {
	f := newMoneyFixture(t)
	a := paid("tina", "250")
	a.Start = date.New(2026, 11, 20)
	id := f.request(t, a).ID
	t.Run("not before completion", func(t *testing.T) {
		f.approveAll(t, id, "holder", "head")
		_, err := f.svc.Budgets.SubmitClaim(as("tina"), id, []budget.Cost{fee("250")}, false)
		require.ErrorIs(t, err, cpd.ErrInvalid)
	})
	_, err := f.svc.Activities.Complete(as("tina"), id, cpd.Completion{On: date.New(2026, 11, 20), Evidence: "cert"})
	require.NoError(t, err)
	tests := []struct {
		name  string
		as    string
		items []budget.Cost
		err   error
	}{
		{name: "no items", as: "tina", err: cpd.ErrInvalid},
		{name: "a zero item", as: "tina", items: []budget.Cost{fee("0")}, err: cpd.ErrInvalid},
		{name: "euros", as: "tina", items: []budget.Cost{{Kind: budget.Fee, Amount: budget.MustParse("EUR 5")}}, err: cpd.ErrInvalid},
		{name: "a colleague may not claim for her", as: "pete", items: []budget.Cost{fee("5")}, err: cpd.ErrForbidden},
		{name: "an auditor may not claim", as: "audrey", items: []budget.Cost{fee("5")}, err: cpd.ErrForbidden},
		{name: "her line manager may", as: "mgr", items: []budget.Cost{fee("5")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.Budgets.SubmitClaim(as(tt.as), id, tt.items, false)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
		})
	}
	t.Run("an unfunded activity has no claims", func(t *testing.T) {
		plain, err := f.svc.Activities.RecordCompleted(as("tina"), done("tina", date.New(2026, 11, 2)))
		require.NoError(t, err)
		_, err = f.svc.Budgets.SubmitClaim(as("tina"), plain.ID, []budget.Cost{fee("5")}, false)
		require.ErrorIs(t, err, cpd.ErrInvalid)
	})
}
