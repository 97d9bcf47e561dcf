package cpd_test

import (
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestResignationMoney: a leaver's cancelled activities release their
// money, delegated ones move it to the colleague, and claims for completed
// activities stay payable after they leave.
func TestResignationMoney(t *testing.T) {
	f := newMoneyFixture(t)
	done := f.completedCourse(t) // GBP 250 committed, completed
	cancelled := f.request(t, paid("tina", "100")).ID
	f.approveAll(t, cancelled, "holder", "head")
	delegated := f.request(t, paid("tina", "150")).ID
	f.approveAll(t, delegated, "holder", "head")
	pending := f.request(t, paid("tina", "60")).ID
	f.approveAll(t, pending, "holder")
	require.Equal(t, [4]string{"GBP 1000.00", "GBP 500.00", "GBP 0.00", "GBP 500.00"}, f.balance(t, "english"))

	out, err := f.svc.Staff.Resign(as("head"), "tina", cpd.Resignation{
		ResignedOn: date.New(2026, 11, 24), Leaving: date.New(2026, 12, 31),
		Decisions: map[string]cpd.Decision{delegated: {Action: cpd.DelegateActivity, To: "pete"}},
	})
	require.NoError(t, err)
	require.Len(t, out, 3)
	require.Equal(t, [4]string{"GBP 1000.00", "GBP 400.00", "GBP 0.00", "GBP 600.00"}, f.balance(t, "english"),
		"the cancelled GBP 100 is released; the delegated GBP 150 and the completed GBP 250 stay committed")
	for _, o := range out {
		if o.Activity == delegated {
			n, err := f.svc.Activities.Activity(as("head"), o.NewActivity)
			require.NoError(t, err)
			require.Equal(t, "pete", n.Person)
			require.Equal(t, "GBP 150.00", n.Funding.Commitment.Outstanding.String())
		}
	}
	p, err := f.svc.Activities.Activity(as("head"), pending)
	require.NoError(t, err)
	require.Equal(t, cpd.Cancelled, p.State)
	require.Empty(t, p.Funding.Waiting, "a cancelled request waits for nobody")
	f.books(t)

	t.Run("the claim stays payable", func(t *testing.T) {
		cl, err := f.svc.Budgets.SubmitClaim(as("mgr"), done, []budget.Cost{fee("250")}, true)
		require.NoError(t, err)
		_, err = f.svc.Budgets.ApproveClaim(as("holder"), cl.ID)
		require.NoError(t, err)
		require.Equal(t, [4]string{"GBP 1000.00", "GBP 150.00", "GBP 250.00", "GBP 600.00"}, f.balance(t, "english"))
		f.books(t)
	})
}

func TestSupportDecision(t *testing.T) {
	f := newMoneyFixture(t)
	id := f.request(t, paid("tina", "100")).ID
	amount := gbp("200")
	decision := cpd.SupportDecision{Person: "tina", Activities: []string{id}, Granted: true, Amount: &amount, Reason: "to finish the qualification"}
	_, err := f.svc.Budgets.DecideSupport(as("md"), decision)
	require.ErrorIs(t, err, cpd.ErrInvalid, "tina has not resigned")
	_, err = f.svc.Staff.Resign(as("head"), "tina", cpd.Resignation{ResignedOn: date.New(2026, 11, 24), Leaving: date.New(2026, 12, 31)})
	require.NoError(t, err)
	tests := []struct {
		name   string
		as     string
		change func(*cpd.SupportDecision)
		err    error
	}{
		{name: "the head may not decide", as: "head", err: cpd.ErrForbidden},
		{name: "no reason", as: "md", change: func(d *cpd.SupportDecision) { d.Reason = "" }, err: cpd.ErrInvalid},
		{name: "an amount refused", as: "md", change: func(d *cpd.SupportDecision) { d.Granted = false }, err: cpd.ErrInvalid},
		{name: "someone else's activity", as: "md", change: func(d *cpd.SupportDecision) { d.Activities = []string{"nope"} }, err: cpd.ErrInvalid},
		{name: "granted", as: "md"},
		{name: "refused", as: "md", change: func(d *cpd.SupportDecision) { d.Granted, d.Amount = false, nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := decision
			if tt.change != nil {
				tt.change(&d)
			}
			got, err := f.svc.Budgets.DecideSupport(as(tt.as), d)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, []any{tt.as, date.New(2026, 11, 25), d.Granted}, []any{got.DecidedBy, got.On, got.Granted})
		})
	}
	t.Run("kept in the leaver's subject-access export", func(t *testing.T) {
		data, err := f.svc.Staff.SubjectAccess(as("head"), "tina")
		require.NoError(t, err)
		require.Contains(t, string(data), "to finish the qualification")
	})
}
