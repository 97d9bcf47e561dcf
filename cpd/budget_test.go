package cpd_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/cpd"
)

func TestBudgetLife(t *testing.T) {
	f := newFixture(t)
	f.svc = f.moneyService(t, f.store)
	for _, p := range []struct {
		id   string
		role cpd.Role
	}{{"bm", cpd.RoleBusinessManager}, {"trustee", cpd.RoleTrustee}} {
		f.dir.Set(org, cpd.Identity{Person: p.id, Roles: []cpd.Role{cpd.RoleStaff, p.role}})
	}
	b := testBudget()
	tests := []struct {
		name  string
		run   func() error
		err   error
		state budget.State
	}{
		{name: "staff may not propose", run: func() error { _, err := f.svc.Budgets.ProposeBudget(as("tina"), b); return err }, err: cpd.ErrForbidden},
		{name: "auditor may not propose", run: func() error { _, err := f.svc.Budgets.ProposeBudget(as("audrey"), b); return err }, err: cpd.ErrForbidden},
		{name: "euros", run: func() error {
			e := b
			e.Currency = budget.EUR
			_, err := f.svc.Budgets.ProposeBudget(as("bm"), e)
			return err
		}, err: cpd.ErrInvalid},
		{name: "a line without a holder", run: func() error {
			e := testBudget()
			e.Lines[0].Holder = ""
			_, err := f.svc.Budgets.ProposeBudget(as("bm"), e)
			return err
		}, err: cpd.ErrInvalid},
		{name: "business manager proposes", run: func() error { _, err := f.svc.Budgets.ProposeBudget(as("bm"), b); return err }, state: budget.Proposed},
		{name: "the same ID again", run: func() error { _, err := f.svc.Budgets.ProposeBudget(as("bm"), b); return err }, err: cpd.ErrConflict, state: budget.Proposed},
		{name: "business manager may not agree", run: func() error { _, err := f.svc.Budgets.AgreeBudget(as("bm"), b.ID); return err }, err: cpd.ErrForbidden, state: budget.Proposed},
		{name: "head may not agree", run: func() error { _, err := f.svc.Budgets.AgreeBudget(as("head"), b.ID); return err }, err: cpd.ErrForbidden, state: budget.Proposed},
		{name: "no money before it is agreed", run: func() error { _, err := f.svc.Activities.Request(as("tina"), paid("tina", "10")); return err }, err: cpd.ErrInvalid, state: budget.Proposed},
		{name: "trustee agrees", run: func() error { _, err := f.svc.Budgets.AgreeBudget(as("trustee"), b.ID); return err }, state: budget.Agreed},
		{name: "agreed once only", run: func() error { _, err := f.svc.Budgets.AgreeBudget(as("trustee"), b.ID); return err }, err: cpd.ErrTransition, state: budget.Agreed},
	}
	for _, tt := range tests { // in order: each step builds on the last
		t.Run(tt.name, func(t *testing.T) {
			before := f.everything(t)
			err := tt.run()
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				if d := cmp.Diff(before, f.everything(t)); d != "" {
					t.Fatalf("a failed call changed the store:\n%s", d)
				}
			} else {
				require.NoError(t, err)
			}
			got, err := f.svc.Budgets.Budget(as("head"), b.ID)
			if tt.state == 0 {
				require.ErrorIs(t, err, cpd.ErrNotFound)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.state, got.State)
		})
	}
	t.Run("books opened on agreement", func(t *testing.T) {
		require.Equal(t, [4]string{"GBP 1000.00", "GBP 0.00", "GBP 0.00", "GBP 1000.00"}, f.balance(t, "english"))
		f.books(t)
	})
	t.Run("who reads it", func(t *testing.T) {
		for _, who := range []string{"head", "bm", "trustee", "admin", "mgr", "audrey"} {
			_, err := f.svc.Budgets.Budget(as(who), b.ID)
			require.NoError(t, err, who)
		}
		_, err := f.svc.Budgets.Budget(as("tina"), b.ID)
		require.ErrorIs(t, err, cpd.ErrForbidden)
		_, err = f.svc.Budgets.Budget(as("tina"), "no-such-budget")
		require.ErrorIs(t, err, cpd.ErrForbidden, "a refusal does not reveal whether it exists")
	})
	t.Run("allocated directly", func(t *testing.T) {
		d := testBudget()
		d.ID = "direct"
		got, err := f.svc.Budgets.AllocateBudget(as("head"), d)
		require.NoError(t, err)
		require.Equal(t, budget.Allocated, got.State)
		require.NoError(t, f.svc.Budgets.CheckBooks(as("head"), "direct"))
		_, err = f.svc.Budgets.AllocateBudget(as("bm"), d)
		require.ErrorIs(t, err, cpd.ErrForbidden)
	})
	t.Run("no budget policy", func(t *testing.T) {
		g := newFixture(t)
		_, err := g.svc.Budgets.ProposeBudget(as("head"), testBudget())
		require.ErrorIs(t, err, cpd.ErrInvalid)
	})
}

// TestFundedApproval runs requests with costs through the chain: who may
// approve, partial approvals, and what the last approval commits.
func TestFundedApproval(t *testing.T) {
	type want struct {
		state   cpd.State
		waiting string // the roles still needed, comma-separated
		english [4]string
	}
	untouched := [4]string{"GBP 1000.00", "GBP 0.00", "GBP 0.00", "GBP 1000.00"}
	tests := []struct {
		name    string
		act     func() cpd.Activity
		by      []string // approvals that succeed
		refused string   // then one that is refused
		err     error
		want    want
	}{
		{name: "holder and head", act: func() cpd.Activity { return paid("tina", "250") }, by: []string{"holder", "head"},
			want: want{state: cpd.Approved, english: [4]string{"GBP 1000.00", "GBP 250.00", "GBP 0.00", "GBP 750.00"}}},
		{name: "head then holder", act: func() cpd.Activity { return paid("tina", "250") }, by: []string{"head", "holder"},
			want: want{state: cpd.Approved, english: [4]string{"GBP 1000.00", "GBP 250.00", "GBP 0.00", "GBP 750.00"}}},
		{name: "partial approval waits", act: func() cpd.Activity { return paid("tina", "250") }, by: []string{"holder"},
			want: want{state: cpd.Requested, waiting: "head_of_education", english: untouched}},
		{name: "the line manager does not hold the line", act: func() cpd.Activity { return paid("tina", "250") }, refused: "mgr", err: cpd.ErrForbidden,
			want: want{state: cpd.Requested, waiting: "budget_holder,head_of_education", english: untouched}},
		{name: "nobody approves their own", act: func() cpd.Activity { return paid("holder", "250") }, refused: "holder", err: cpd.ErrForbidden,
			want: want{state: cpd.Requested, waiting: "budget_holder,head_of_education", english: untouched}},
		{name: "an auditor approves nothing", act: func() cpd.Activity { return paid("tina", "250") }, refused: "audrey", err: cpd.ErrForbidden,
			want: want{state: cpd.Requested, waiting: "budget_holder,head_of_education", english: untouched}},
		{name: "the head twice", act: func() cpd.Activity { return paid("tina", "250") }, by: []string{"head"}, refused: "head", err: cpd.ErrForbidden,
			want: want{state: cpd.Requested, waiting: "budget_holder", english: untouched}},
		{name: "refused for funds", act: func() cpd.Activity { return paid("tina", "1000.01") }, by: []string{"holder"}, refused: "head", err: cpd.ErrInsufficientFunds,
			want: want{state: cpd.Requested, waiting: "head_of_education", english: untouched}},
		{name: "overnight waits for the managing director", act: func() cpd.Activity {
			a := paid("tina", "250")
			a.Funding.Overnight = true
			return a
		}, by: []string{"holder", "head"}, want: want{state: cpd.Requested, waiting: "managing_director", english: untouched}},
		{name: "overnight agreed", act: func() cpd.Activity {
			a := paid("tina", "250")
			a.Funding.Overnight = true
			return a
		}, by: []string{"holder", "md", "head"}, want: want{state: cpd.Approved, english: [4]string{"GBP 1000.00", "GBP 250.00", "GBP 0.00", "GBP 750.00"}}},
		{name: "overnight too late", act: func() cpd.Activity {
			a := paid("tina", "250")
			a.Funding.Overnight = true
			a.Start = date.New(2026, 11, 25) // today
			return a
		}, by: []string{"holder", "head"}, refused: "md", err: cpd.ErrInvalid,
			want: want{state: cpd.Requested, waiting: "managing_director", english: untouched}},
		{name: "significant travel", act: func() cpd.Activity {
			a := paid("tina", "250")
			a.Funding.Costs.Items = append(a.Funding.Costs.Items, budget.Cost{Kind: budget.Travel, Amount: gbp("120")})
			return a
		}, by: []string{"md", "holder", "head"}, want: want{state: cpd.Approved, english: [4]string{"GBP 1000.00", "GBP 370.00", "GBP 0.00", "GBP 630.00"}}},
		{name: "cover is counted", act: func() cpd.Activity {
			a := paid("tina", "100")
			a.Funding.Costs.Cover, a.Start = twoDaysCover(), date.New(2026, 11, 23)
			return a
		}, by: []string{"holder", "head"}, want: want{state: cpd.Approved, english: [4]string{"GBP 1000.00", "GBP 400.00", "GBP 0.00", "GBP 600.00"}}},
		{name: "work-shadowing: line manager and head", act: func() cpd.Activity {
			a := paid("tina", "80")
			a.Kind = cpd.WorkShadowing
			return a
		}, by: []string{"mgr", "head"}, want: want{state: cpd.Approved, english: [4]string{"GBP 1000.00", "GBP 80.00", "GBP 0.00", "GBP 920.00"}}},
		{name: "work-shadowing: not the holder", act: func() cpd.Activity {
			a := paid("tina", "80")
			a.Kind = cpd.Secondment
			return a
		}, refused: "holder", err: cpd.ErrForbidden, want: want{state: cpd.Requested, waiting: "line_manager,head_of_education", english: untouched}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newMoneyFixture(t)
			a := f.request(t, tt.act())
			for _, p := range tt.by {
				var err error
				a, err = f.svc.Activities.Approve(as(p), a.ID)
				require.NoError(t, err, "approval by %s", p)
			}
			if tt.refused != "" {
				before := f.everything(t)
				_, err := f.svc.Activities.Approve(as(tt.refused), a.ID)
				require.ErrorIs(t, err, tt.err)
				if d := cmp.Diff(before, f.everything(t)); d != "" {
					t.Fatalf("a refused approval changed the store:\n%s", d)
				}
				a, err = f.svc.Activities.Activity(as("head"), a.ID)
				require.NoError(t, err)
			}
			require.Equal(t, tt.want.state, a.State)
			require.Equal(t, tt.want.waiting, roles(a.Funding.Waiting))
			require.Equal(t, tt.want.english, f.balance(t, "english"))
			f.books(t)
		})
	}
}

func roles(rs []budget.Role) string {
	s := ""
	for i, r := range rs {
		if i > 0 {
			s += ","
		}
		s += r.String()
	}
	return s
}

// TestFundingRequests checks what a request for money must be.
func TestFundingRequests(t *testing.T) {
	tests := []struct {
		name   string
		act    func() cpd.Activity
		err    error
		line   string
		chain  string
		as     string
		record bool // RecordCompleted rather than Request
	}{
		{name: "mandatory training goes to its line", act: func() cpd.Activity {
			a := paid("tina", "40")
			a.Source, a.Funding.Line = cpd.Required, ""
			return a
		}, line: "mandatory", chain: "costs: budget_holder + head_of_education"},
		{name: "aspirational and not relevant is not funded", act: func() cpd.Activity {
			a := paid("tina", "400")
			a.Necessity = cpd.Aspirational
			return a
		}, err: budget.ErrNotFundable},
		{name: "aspirational but relevant to the role", act: func() cpd.Activity {
			a := paid("tina", "400")
			a.Necessity, a.Funding.RelevantToRole = cpd.Aspirational, true
			return a
		}, line: "english", chain: "costs: budget_holder + head_of_education"},
		{name: "no such budget", act: func() cpd.Activity {
			a := paid("tina", "40")
			a.Funding.Budget = "2030-31"
			return a
		}, err: cpd.ErrInvalid},
		{name: "no such line", act: func() cpd.Activity {
			a := paid("tina", "40")
			a.Funding.Line = "art"
			return a
		}, err: cpd.ErrInvalid},
		{name: "not mandatory on the mandatory line", act: func() cpd.Activity {
			a := paid("tina", "40")
			a.Funding.Line = "mandatory"
			return a
		}, err: cpd.ErrInvalid},
		{name: "a negative cost", act: func() cpd.Activity { return paid("tina", "-1") }, err: cpd.ErrInvalid},
		{name: "approvals cannot be forged", act: func() cpd.Activity {
			a := paid("tina", "40")
			a.Funding.Approvals = []budget.Approval{{Role: budget.RoleHeadOfEducation, By: "head", On: date.New(2026, 11, 1)}}
			c := budget.NewCommitment("x", "english", budget.GBP)
			a.Funding.Commitment = &c
			return a
		}, line: "english", chain: "costs: budget_holder + head_of_education"},
		{name: "a self-recorded activity asks for no money", record: true, act: func() cpd.Activity {
			a := done("tina", date.New(2026, 11, 2))
			a.Funding = paid("tina", "40").Funding
			return a
		}, err: cpd.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newMoneyFixture(t)
			in := tt.act()
			var a cpd.Activity
			var err error
			if tt.record {
				a, err = f.svc.Activities.RecordCompleted(as("tina"), in)
			} else {
				a, err = f.svc.Activities.Request(as("tina"), in)
			}
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.line, a.Funding.Line)
			require.Equal(t, tt.chain, a.Funding.Chain.String())
			require.Empty(t, a.Funding.Approvals)
			require.Nil(t, a.Funding.Commitment)
		})
	}
	t.Run("an import carries no money", func(t *testing.T) {
		f := newMoneyFixture(t)
		a := done("tina", date.New(2026, 11, 2))
		a.Funding = paid("tina", "40").Funding
		_, err := f.svc.Activities.ImportCompletions(as("admin"), []cpd.Activity{a}, nil)
		require.ErrorIs(t, err, cpd.ErrInvalid)
	})
}

// TestEnforcement checks each line's enforcement at the last approval.
func TestEnforcement(t *testing.T) {
	t.Run("warn lets an overspend through and records it", func(t *testing.T) {
		f := newMoneyFixture(t)
		a := paid("tina", "600")
		a.Funding.Line = "maths"
		got := f.approveAll(t, f.request(t, a).ID, "mgr", "head")
		require.Equal(t, cpd.Approved, got.State)
		require.Equal(t, [4]string{"GBP 500.00", "GBP 600.00", "GBP 0.00", "GBP -100.00"}, f.balance(t, "maths"))
		f.books(t) // a line below zero reconciles only with the override recorded
	})
	t.Run("allow needs an authorised override", func(t *testing.T) {
		f := newMoneyFixture(t)
		a := paid("tina", "350")
		a.Source, a.Funding.Line = cpd.Required, ""
		id := f.request(t, a).ID
		f.approveAll(t, id, "admin")
		_, err := f.svc.Activities.Approve(as("head"), id)
		require.ErrorIs(t, err, cpd.ErrInsufficientFunds)
		_, err = f.svc.Activities.AuthoriseOverride(as("md"), id, "inspection next month")
		require.ErrorIs(t, err, cpd.ErrForbidden, "the policy names the head of education")
		_, err = f.svc.Activities.AuthoriseOverride(as("head"), id, "")
		require.ErrorIs(t, err, cpd.ErrInvalid)
		_, err = f.svc.Activities.AuthoriseOverride(as("head"), id, "inspection next month")
		require.NoError(t, err)
		got := f.approveAll(t, id, "head")
		require.Equal(t, cpd.Approved, got.State)
		require.Equal(t, [4]string{"GBP 300.00", "GBP 350.00", "GBP 0.00", "GBP -50.00"}, f.balance(t, "mandatory"))
		f.books(t)
	})
	t.Run("stop refuses even with an override", func(t *testing.T) {
		f := newMoneyFixture(t)
		id := f.request(t, paid("tina", "1200")).ID
		_, err := f.svc.Activities.AuthoriseOverride(as("head"), id, "please")
		require.NoError(t, err)
		f.approveAll(t, id, "holder")
		_, err = f.svc.Activities.Approve(as("head"), id)
		require.ErrorIs(t, err, cpd.ErrInsufficientFunds)
		var ie *budget.InsufficientFundsError
		require.ErrorAs(t, err, &ie)
		require.Equal(t, "english", ie.Line)
	})
}

// TestFundingFollowsTheActivity checks releases, moves and cover as an
// approved activity is declined, cancelled, delegated or completed.
func TestFundingFollowsTheActivity(t *testing.T) {
	t.Run("decline a pending request", func(t *testing.T) {
		f := newMoneyFixture(t)
		id := f.request(t, paid("tina", "250")).ID
		f.approveAll(t, id, "holder")
		_, err := f.svc.Activities.Decline(as("tina"), id, "no")
		require.ErrorIs(t, err, cpd.ErrForbidden)
		a, err := f.svc.Activities.Decline(as("head"), id, "not this year")
		require.NoError(t, err)
		require.Equal(t, cpd.Declined, a.State)
		require.Empty(t, a.Funding.Waiting)
		require.Equal(t, [4]string{"GBP 1000.00", "GBP 0.00", "GBP 0.00", "GBP 1000.00"}, f.balance(t, "english"))
	})
	t.Run("cancel releases the commitment", func(t *testing.T) {
		f := newMoneyFixture(t)
		id := f.request(t, paid("tina", "250")).ID
		f.approveAll(t, id, "holder", "head")
		a, err := f.svc.Activities.Cancel(as("tina"), id, "course withdrawn")
		require.NoError(t, err)
		require.Equal(t, "GBP 0.00", a.Funding.Commitment.Outstanding.String())
		require.Equal(t, [4]string{"GBP 1000.00", "GBP 0.00", "GBP 0.00", "GBP 1000.00"}, f.balance(t, "english"))
		f.books(t)
	})
	t.Run("delegate moves the commitment", func(t *testing.T) {
		f := newMoneyFixture(t)
		id := f.request(t, paid("tina", "250")).ID
		f.approveAll(t, id, "holder", "head")
		n, err := f.svc.Activities.Delegate(as("head"), id, "pete", "tina is on leave")
		require.NoError(t, err)
		require.Equal(t, "GBP 250.00", n.Funding.Commitment.Outstanding.String())
		old, err := f.svc.Activities.Activity(as("head"), id)
		require.NoError(t, err)
		require.Equal(t, "GBP 0.00", old.Funding.Commitment.Outstanding.String())
		require.Equal(t, [4]string{"GBP 1000.00", "GBP 250.00", "GBP 0.00", "GBP 750.00"}, f.balance(t, "english"))
		f.books(t)
	})
	t.Run("delegating a pending request starts its chain again", func(t *testing.T) {
		f := newMoneyFixture(t)
		a := paid("tina", "80")
		a.Kind = cpd.WorkShadowing
		id := f.request(t, a).ID
		f.approveAll(t, id, "mgr")
		n, err := f.svc.Activities.Delegate(as("head"), id, "pete", "swap")
		require.NoError(t, err)
		require.Empty(t, n.Funding.Approvals)
		require.Equal(t, "line_manager,head_of_education", roles(n.Funding.Waiting))
		_, err = f.svc.Activities.Approve(as("mgr"), n.ID)
		require.ErrorIs(t, err, cpd.ErrForbidden, "pete's line manager is the head")
		got := f.approveAll(t, n.ID, "head")
		require.Equal(t, cpd.Approved, got.State, "the head is pete's line manager and the head of education")
		f.books(t)
	})
	t.Run("completing spends the cover", func(t *testing.T) {
		f := newMoneyFixture(t)
		a := paid("tina", "100")
		a.Funding.Costs.Cover, a.Start = twoDaysCover(), date.New(2026, 11, 23)
		id := f.request(t, a).ID
		f.approveAll(t, id, "holder", "head")
		_, err := f.svc.Activities.Complete(as("tina"), id, cpd.Completion{On: date.New(2026, 11, 24), Evidence: "cert"})
		require.NoError(t, err)
		require.Equal(t, [4]string{"GBP 1000.00", "GBP 100.00", "GBP 300.00", "GBP 600.00"}, f.balance(t, "english"))
		f.books(t)
	})
}
