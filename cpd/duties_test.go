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
		_, err := f.svc.Staff.Resign(as(by), "tina", cpd.Resignation{ResignedOn: date.New(2026, 11, 25), Leaving: date.New(2026, 12, 31),
			Default: cpd.Decision{Action: cpd.DelegateActivity, To: to}})
		return err
	}
	delegate := func(f *fixture, by, to string) error {
		_, err := f.svc.Activities.Delegate(as(by), "id-001", to, "cover")
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
		n, err := f.svc.Activities.Delegate(as("head"), id, "pete", "cover")
		require.NoError(t, err)
		require.Equal(t, cpd.Approved, n.State)
	})
}

// TestBudgetRefusalsRevealNothing checks a member of staff who may
// neither agree budgets, move their money nor read them learns nothing
// from a refusal: a budget that does not exist, one proposed and one agreed get
// the same error.
func TestBudgetRefusalsRevealNothing(t *testing.T) {
	f := newMoneyFixture(t)
	proposed := testBudget()
	proposed.ID, proposed.Year = "2027-28", "2027/28"
	_, err := f.svc.Budgets.ProposeBudget(as("bm"), proposed)
	require.NoError(t, err)
	ops := []struct {
		name string
		op   func(id string) error
	}{
		{"agree", func(id string) error { _, err := f.svc.Budgets.AgreeBudget(as("tina"), id); return err }},
		{"transfer", func(id string) error {
			return f.svc.Budgets.TransferBudget(as("tina"), id, "english", "maths", gbp("10"), "moving")
		}},
		{"read", func(id string) error { _, err := f.svc.Budgets.Budget(as("tina"), id); return err }},
		{"report", func(id string) error { _, err := f.svc.Budgets.BudgetReport(as("tina"), id); return err }},
		{"check books", func(id string) error { return f.svc.Budgets.CheckBooks(as("tina"), id) }},
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

// TestAmendOfficialRecords checks who may amend a completed record. What
// a person recorded themself stays theirs to amend; a record that came
// from an import or that someone else recorded for them (an
// administrator, say) is amended only by an administrator or the head of
// education, or whoever recorded it, and never by the person it is about:
// otherwise a member of staff could move an imported safeguarding
// completion's date and become compliant.
func TestAmendOfficialRecords(t *testing.T) {
	d := date.New
	imported := func(f *fixture, person string) string {
		a := done(person, d(2025, 6, 1), "safeguarding")
		a.ExternalRef = "lms:" + person
		res, err := f.svc.Activities.ImportCompletions(as("admin"), []cpd.Activity{a}, nil)
		require.NoError(t, err)
		return res.IDs[0]
	}
	recordedBy := func(by string) func(f *fixture, person string) string {
		return func(f *fixture, person string) string {
			a, err := f.svc.Activities.RecordCompleted(as(by), done(person, d(2025, 6, 1), "safeguarding"))
			require.NoError(t, err)
			return a.ID
		}
	}
	completedBy := func(by string) func(f *fixture, person string) string {
		return func(f *fixture, person string) string {
			a, err := f.svc.Activities.Request(as("mgr"), course(person, "safeguarding"))
			require.NoError(t, err)
			_, err = f.svc.Activities.Approve(as("head"), a.ID)
			require.NoError(t, err)
			_, err = f.svc.Activities.Complete(as(by), a.ID, cpd.Completion{On: d(2025, 6, 1), Evidence: "cert"})
			require.NoError(t, err)
			return a.ID
		}
	}
	tests := []struct {
		name   string
		person string
		record func(f *fixture, person string) string
		by     string
		want   error
	}{
		{"staff amend an imported record", "tina", imported, "tina", cpd.ErrForbidden},
		{"staff amend what an administrator recorded", "tina", recordedBy("admin"), "tina", cpd.ErrForbidden},
		{"staff amend what their manager completed for them", "tina", completedBy("mgr"), "tina", cpd.ErrForbidden},
		{"a line manager amends an imported record", "tina", imported, "mgr", cpd.ErrForbidden},
		{"an administrator amends their own imported record", "admin", imported, "admin", cpd.ErrForbidden},
		{"an administrator amends an imported record", "tina", imported, "admin", nil},
		{"the head amends an imported record", "admin", imported, "head", nil},
		{"whoever recorded it amends it", "tina", recordedBy("mgr"), "mgr", nil},
		{"staff amend what they recorded", "tina", recordedBy("tina"), "tina", nil},
		{"staff amend what they completed", "tina", completedBy("tina"), "tina", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			id := tt.record(f, tt.person)
			a, err := f.svc.Activities.Activity(as("admin"), id)
			require.NoError(t, err)
			before := f.everything(t)
			a.Completed = d(2026, 11, 1)
			got, err := f.svc.Activities.Amend(as(tt.by), id, a, "wrong date")
			if tt.want != nil {
				require.ErrorIs(t, err, tt.want)
				require.Equal(t, before, f.everything(t))
				return
			}
			require.NoError(t, err)
			require.Equal(t, d(2026, 11, 1), got.Completed)
		})
	}
}

// TestHeadOfEducationsOwnRequest checks the only head of education's own
// funded request can be approved: nobody approves their own, so the
// budget policy's alternate for the role (a trustee) approves in the
// head's place, independent of them.
func TestHeadOfEducationsOwnRequest(t *testing.T) {
	f := newMoneyFixture(t)
	a := f.request(t, paid("head", "250"))
	require.Equal(t, "budget_holder,trustee", roles(a.Funding.Waiting))
	_, err := f.svc.Activities.Approve(as("head"), a.ID)
	require.ErrorIs(t, err, cpd.ErrForbidden)
	got := f.approveAll(t, a.ID, "holder", "trustee")
	require.Equal(t, cpd.Approved, got.State)
	require.Equal(t, [4]string{"GBP 1000.00", "GBP 250.00", "GBP 0.00", "GBP 750.00"}, f.balance(t, "english"))
}

// TestBeforeStartRulesNeedAStart checks a funded request whose chain has
// a rule to be approved before the learning starts (an overnight stay)
// must say when it starts: otherwise the rule could be approved after the
// event.
func TestBeforeStartRulesNeedAStart(t *testing.T) {
	f := newMoneyFixture(t)
	a := paid("tina", "250")
	a.Start, a.Funding.Overnight = 0, true
	_, err := f.svc.Activities.Request(as("tina"), a)
	require.ErrorIs(t, err, cpd.ErrInvalid)
	require.Contains(t, err.Error(), "start")
	a.Funding.Overnight = false
	_, err = f.svc.Activities.Request(as("tina"), a)
	require.NoError(t, err, "a request no rule needs approved before the start needs no start date")
}

// TestHeadOfEducationsRequestForAColleague checks a course the only head
// of education requests for a colleague can be approved: the head may not
// approve what they asked for, so a trustee approves in their place.
func TestHeadOfEducationsRequestForAColleague(t *testing.T) {
	f := newMoneyFixture(t)
	a, err := f.svc.Activities.Request(as("head"), paid("pete", "250"))
	require.NoError(t, err)
	require.Equal(t, "budget_holder,trustee", roles(a.Funding.Waiting))
	got := f.approveAll(t, a.ID, "holder", "trustee")
	require.Equal(t, cpd.Approved, got.State)
}
