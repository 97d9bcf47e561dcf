package cpd_test

import (
	"strings"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// TestNobodyDelegatesToThemself checks that whoever may delegate an
// approved, funded course (the person's line manager, the head of
// education, or whoever records a resignation) cannot pass it to
// themself, nor to anyone who approved it: they would hold learning
// nobody independent approved for them. The refusal changes nothing.
func TestNobodyDelegatesToThemself(t *testing.T) {
	resign := func(f *fixture, by, to string) error {
		_, err := f.svc.Resign(as(by), "tina", cpd.Resignation{ResignedOn: date.New(2026, 11, 25), Leaving: date.New(2026, 12, 31),
			Default: cpd.Decision{Action: cpd.DelegateActivity, To: to}})
		return err
	}
	delegate := func(f *fixture, by, to string) error {
		_, err := f.svc.Delegate(as(by), "id-001", to, "cover")
		return err
	}
	tests := []struct {
		name   string
		by, to string
		op     func(f *fixture, by, to string) error
	}{
		{"line manager delegates to themself", "mgr", "mgr", delegate},
		{"head of education delegates to themself", "head", "head", delegate},
		{"head of education delegates to an approver", "head", "holder", delegate},
		{"line manager resigns a report to themself", "mgr", "mgr", resign},
		{"head of education resigns a report to themself", "head", "head", resign},
		{"administrator resigns a report to an approver", "admin", "holder", resign},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newMoneyFixture(t)
			id := f.request(t, paid("tina", "250")).ID
			require.Equal(t, "id-001", id)
			f.approveAll(t, id, "holder", "head")
			before := f.everything(t)
			err := tt.op(f, tt.by, tt.to)
			require.ErrorIs(t, err, cpd.ErrForbidden)
			require.Equal(t, before, f.everything(t))
		})
	}
	t.Run("a colleague who did not approve it may have it", func(t *testing.T) {
		f := newMoneyFixture(t)
		id := f.request(t, paid("tina", "250")).ID
		f.approveAll(t, id, "holder", "head")
		n, err := f.svc.Delegate(as("head"), id, "pete", "cover")
		require.NoError(t, err)
		require.Equal(t, cpd.Approved, n.State)
	})
}

// TestBudgetRefusalsRevealNothing checks a member of staff who may
// neither agree budgets nor move their money learns nothing from a
// refusal: a budget that does not exist, one proposed and one agreed get
// the same error.
func TestBudgetRefusalsRevealNothing(t *testing.T) {
	f := newMoneyFixture(t)
	proposed := testBudget()
	proposed.ID, proposed.Year = "2027-28", "2027/28"
	_, err := f.svc.ProposeBudget(as("bm"), proposed)
	require.NoError(t, err)
	ops := []struct {
		name string
		op   func(id string) error
	}{
		{"agree", func(id string) error { _, err := f.svc.AgreeBudget(as("tina"), id); return err }},
		{"transfer", func(id string) error {
			return f.svc.TransferBudget(as("tina"), id, "english", "maths", gbp("10"), "moving")
		}},
	}
	for _, o := range ops {
		t.Run(o.name, func(t *testing.T) {
			var texts []string
			for _, id := range []string{"2026-27", "2027-28", "no-such-budget"} {
				err := o.op(id)
				require.ErrorIs(t, err, cpd.ErrForbidden, id)
				texts = append(texts, strings.ReplaceAll(err.Error(), id, "ID"))
			}
			require.Equal(t, texts[0], texts[1])
			require.Equal(t, texts[0], texts[2])
		})
	}
}
