package cpd_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/cpd"
)

// moneyPolicy is the budget policy of the budget tests: LETTA's chains
// (costs: the line's holder and the head of education; work-shadowing and
// secondments: the line manager and the head) with AVCT's managing
// director agreeing overnight stays and travel over GBP 100 before the
// course. A trustee approves in the head of education's place for the
// head's own requests.
const moneyPolicy = `{
  "id": "test-money", "currency": "GBP",
  "budget": {"proposed_by": "business_manager", "agreed_by": "trustee", "allocated_by": "head_of_education"},
  "rules": [
    {"id": "costs", "when": {"cost_over": "GBP 0", "except_kinds": ["work_shadowing", "secondment"]}, "approvers": ["budget_holder", "head_of_education"]},
    {"id": "placements", "when": {"cost_over": "GBP 0", "kinds": ["work_shadowing", "secondment"]}, "approvers": ["line_manager", "head_of_education"]},
    {"id": "overnight", "when": {"overnight": true}, "approvers": ["managing_director"], "before_start": true},
    {"id": "travel", "when": {"travel_over": "GBP 100"}, "approvers": ["managing_director"], "before_start": true}
  ],
  "alternates": [{"role": "head_of_education", "by": "trustee"}],
  "override_by": ["head_of_education"],
  "claims": {"due_within": "P1M", "approver": "budget_holder", "excess_approvers": ["head_of_education"]},
  "support_by": "managing_director"
}`

func parseMoneyPolicy(t testing.TB) *budget.Policy {
	t.Helper()
	p, err := budget.ParsePolicy([]byte(moneyPolicy))
	require.NoError(t, err)
	return &p
}

// newMoneyFixture is the fixture with a budget policy and the people who
// handle money: "holder" holds the English line, "md" is the managing
// director, "bm" the business manager and "trustee" a trustee. "mgr" holds
// the maths line (warn) and "admin" the mandatory-training line (allow
// with override). Budget "2026-27" is proposed and agreed: English GBP
// 1000, maths GBP 500, mandatory GBP 300.
func newMoneyFixture(t testing.TB) *fixture {
	t.Helper()
	f := newFixture(t)
	f.svc = f.moneyService(t, f.store)
	for _, p := range []struct {
		id   string
		role cpd.Role
	}{{"holder", cpd.RoleBudgetHolder}, {"md", cpd.RoleManagingDirector}, {"bm", cpd.RoleBusinessManager}, {"trustee", cpd.RoleTrustee}} {
		roles := []cpd.Role{cpd.RoleStaff, p.role}
		f.dir.Set(org, cpd.Identity{Person: p.id, Roles: roles, LineManager: "head"})
		f.addPerson(t, org, cpd.Person{ID: p.id, Name: p.id, JobRole: "manager", Roles: roles, LineManager: "head"})
	}
	_, err := f.svc.Budgets.ProposeBudget(as("bm"), testBudget())
	require.NoError(t, err)
	_, err = f.svc.Budgets.AgreeBudget(as("trustee"), "2026-27")
	require.NoError(t, err)
	return f
}

// moneyService builds a Service like the fixture's, with the budget
// policy, over a store.
func (f *fixture) moneyService(t testing.TB, s cpd.Store) *cpd.Service {
	t.Helper()
	svc, err := cpd.New(s, f.dir, testPolicy(), &cpd.Options{
		Now: f.clock, Location: time.UTC,
		NewID:  func() string { return fmt.Sprintf("id-%03d", f.ids.Add(1)) },
		Budget: parseMoneyPolicy(t),
	})
	require.NoError(t, err)
	return svc
}

func gbp(s string) budget.Money { return budget.MustParse("GBP " + s) }

func testBudget() budget.Budget {
	return budget.Budget{ID: "2026-27", Year: "2026/27", Currency: budget.GBP, Lines: []budget.Line{
		{ID: "english", Name: "English", Kind: budget.SubjectLine, Holder: "holder", Amount: gbp("1000")},
		{ID: "maths", Name: "Maths", Kind: budget.SubjectLine, Holder: "mgr", Amount: gbp("500"), Enforcement: budget.Warn},
		{ID: "mandatory", Name: "Mandatory training", Kind: budget.MandatoryLine, Holder: "admin", Amount: gbp("300"), Enforcement: budget.AllowOverride},
	}}
}

// paid is a course for a person costing a fee on the English line,
// starting 2026-12-10 (after the fixture's today, 2026-11-25).
func paid(person, fee string) cpd.Activity {
	a := course(person)
	a.Start = date.New(2026, 12, 10)
	a.Funding = &cpd.Funding{Budget: "2026-27", Line: "english",
		Costs: budget.Costs{Items: []budget.Cost{{Kind: budget.Fee, Amount: gbp(fee)}}}}
	return a
}

// request stores a request as its person.
func (f *fixture) request(t testing.TB, a cpd.Activity) cpd.Activity {
	t.Helper()
	got, err := f.svc.Activities.Request(as(a.Person), a)
	require.NoError(t, err)
	return got
}

// approveAll approves an activity as each person in turn.
func (f *fixture) approveAll(t testing.TB, id string, by ...string) cpd.Activity {
	t.Helper()
	var a cpd.Activity
	for _, p := range by {
		var err error
		a, err = f.svc.Activities.Approve(as(p), id)
		require.NoError(t, err, "approval by %s", p)
	}
	return a
}

// balance returns a line's allocated, committed, spent and available
// money as text.
func (f *fixture) balance(t testing.TB, line string) [4]string {
	t.Helper()
	rep, err := f.svc.Budgets.BudgetReport(as("head"), "2026-27")
	require.NoError(t, err)
	for _, l := range rep.Lines {
		if l.Line == line {
			return [4]string{l.Allocated.String(), l.Committed.String(), l.Spent.String(), l.Available.String()}
		}
	}
	t.Fatalf("no line %s", line)
	return [4]string{}
}

// books requires the budget's books to balance.
func (f *fixture) books(t testing.TB) {
	t.Helper()
	require.NoError(t, f.svc.Budgets.CheckBooks(as("head"), "2026-27"))
}

// everything reads every record of every kind and every event, to prove
// a failed call changed nothing.
func (f *fixture) everything(t testing.TB) any {
	t.Helper()
	kinds := append([]cpd.Kind{cpd.KindPerson, cpd.KindActivity, cpd.KindStatus}, cpd.BudgetKinds()...)
	type all struct {
		Records map[cpd.Kind][]cpd.Record
		Events  []cpd.Event
	}
	out := all{Records: map[cpd.Kind][]cpd.Record{}}
	err := f.store.View(context.Background(), org, func(tx cpd.Tx) error {
		for _, k := range kinds {
			q := cpd.Query{Limit: cpd.MaxLimit}
			for {
				p, err := tx.List(context.Background(), k, q)
				if err != nil {
					return err
				}
				out.Records[k] = append(out.Records[k], p.Records...)
				if p.Next == "" {
					break
				}
				q.After = p.Next
			}
		}
		evs, err := tx.Events(context.Background(), cpd.EventQuery{Limit: cpd.MaxLimit})
		out.Events = evs
		return err
	})
	require.NoError(t, err)
	return out
}

// twoDaysCover is two days of supply cover at GBP 150 a day.
func twoDaysCover() *budget.Cover {
	return &budget.Cover{Days: decimal.NewFromInt(2), DayRate: gbp("150")}
}
