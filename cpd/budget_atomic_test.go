package cpd_test

import (
	"context"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/storetest"
	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/cpd"
)

// budgetKinds are the kinds the atomicity checks compare besides people,
// activities and statuses.
var budgetKinds = &storetest.AtomicOptions{Kinds: cpd.BudgetKinds()}

// budgetUseCase is a use case that moves money (or sets a budget),
// prepared on a money fixture as someone allowed to take it, to run on a
// Service over any store.
type budgetUseCase struct {
	name, method, actor string
	uc                  func(t *testing.T, f *fixture) func(svc *cpd.Service) error
}

// budgetUseCases are the budget use cases proved atomic and audited.
func budgetUseCases() []budgetUseCase {
	ignore := func(_ any, err error) error { return err }
	approved := func(t *testing.T, f *fixture) string {
		id := f.request(t, paid("tina", "250")).ID
		f.approveAll(t, id, "holder", "head")
		return id
	}
	return []budgetUseCase{
		{"propose", "ProposeBudget", "bm", func(t *testing.T, f *fixture) func(*cpd.Service) error {
			b := testBudget()
			b.ID = "next"
			return func(svc *cpd.Service) error { return ignore(svc.Budgets.ProposeBudget(as("bm"), b)) }
		}},
		{"agree and open the books", "AgreeBudget", "trustee", func(t *testing.T, f *fixture) func(*cpd.Service) error {
			b := testBudget()
			b.ID = "next"
			_, err := f.svc.Budgets.ProposeBudget(as("bm"), b)
			require.NoError(t, err)
			return func(svc *cpd.Service) error { return ignore(svc.Budgets.AgreeBudget(as("trustee"), "next")) }
		}},
		{"allocate directly", "AllocateBudget", "head", func(t *testing.T, f *fixture) func(*cpd.Service) error {
			b := testBudget()
			b.ID = "next"
			return func(svc *cpd.Service) error { return ignore(svc.Budgets.AllocateBudget(as("head"), b)) }
		}},
		{"request with costs", "Request", "tina", func(t *testing.T, f *fixture) func(*cpd.Service) error {
			return func(svc *cpd.Service) error { return ignore(svc.Activities.Request(as("tina"), paid("tina", "250"))) }
		}},
		{"partial approval", "Approve", "holder", func(t *testing.T, f *fixture) func(*cpd.Service) error {
			id := f.request(t, paid("tina", "250")).ID
			return func(svc *cpd.Service) error { return ignore(svc.Activities.Approve(as("holder"), id)) }
		}},
		{"final approval commits", "Approve", "head", func(t *testing.T, f *fixture) func(*cpd.Service) error {
			id := f.request(t, paid("tina", "250")).ID
			f.approveAll(t, id, "holder")
			return func(svc *cpd.Service) error { return ignore(svc.Activities.Approve(as("head"), id)) }
		}},
		{"override", "AuthoriseOverride", "head", func(t *testing.T, f *fixture) func(*cpd.Service) error {
			id := f.request(t, paid("tina", "250")).ID
			return func(svc *cpd.Service) error {
				return ignore(svc.Activities.AuthoriseOverride(as("head"), id, "agreed"))
			}
		}},
		{"decline a pending request", "Decline", "head", func(t *testing.T, f *fixture) func(*cpd.Service) error {
			id := f.request(t, paid("tina", "250")).ID
			f.approveAll(t, id, "holder")
			return func(svc *cpd.Service) error { return ignore(svc.Activities.Decline(as("head"), id, "no")) }
		}},
		{"cancel releases", "Cancel", "tina", func(t *testing.T, f *fixture) func(*cpd.Service) error {
			id := approved(t, f)
			return func(svc *cpd.Service) error { return ignore(svc.Activities.Cancel(as("tina"), id, "clash")) }
		}},
		{"delegate moves", "Delegate", "head", func(t *testing.T, f *fixture) func(*cpd.Service) error {
			id := approved(t, f)
			return func(svc *cpd.Service) error { return ignore(svc.Activities.Delegate(as("head"), id, "pete", "cover")) }
		}},
		{"complete spends cover", "Complete", "tina", func(t *testing.T, f *fixture) func(*cpd.Service) error {
			a := paid("tina", "100")
			a.Funding.Costs.Cover, a.Start = twoDaysCover(), date.New(2026, 11, 23)
			id := f.request(t, a).ID
			f.approveAll(t, id, "holder", "head")
			return func(svc *cpd.Service) error {
				return ignore(svc.Activities.Complete(as("tina"), id, cpd.Completion{On: date.New(2026, 11, 24), Evidence: "cert"}))
			}
		}},
		{"resign releases and moves", "Resign", "head", func(t *testing.T, f *fixture) func(*cpd.Service) error {
			keep := approved(t, f)
			approved(t, f)
			return func(svc *cpd.Service) error {
				return ignore(svc.Staff.Resign(as("head"), "tina", cpd.Resignation{
					ResignedOn: date.New(2026, 11, 20), Leaving: date.New(2026, 12, 31),
					Decisions: map[string]cpd.Decision{keep: {Action: cpd.DelegateActivity, To: "pete"}},
				}))
			}
		}},
		{"submit a claim", "SubmitClaim", "tina", func(t *testing.T, f *fixture) func(*cpd.Service) error {
			id := f.completedCourse(t)
			return func(svc *cpd.Service) error {
				return ignore(svc.Budgets.SubmitClaim(as("tina"), id, []budget.Cost{fee("200")}, true))
			}
		}},
		{"approve a final claim", "ApproveClaim", "holder", func(t *testing.T, f *fixture) func(*cpd.Service) error {
			cl, err := f.svc.Budgets.SubmitClaim(as("tina"), f.completedCourse(t), []budget.Cost{fee("200")}, true)
			require.NoError(t, err)
			return func(svc *cpd.Service) error { return ignore(svc.Budgets.ApproveClaim(as("holder"), cl.ID)) }
		}},
		{"reject a claim", "RejectClaim", "holder", func(t *testing.T, f *fixture) func(*cpd.Service) error {
			cl, err := f.svc.Budgets.SubmitClaim(as("tina"), f.completedCourse(t), []budget.Cost{fee("200")}, true)
			require.NoError(t, err)
			return func(svc *cpd.Service) error {
				return ignore(svc.Budgets.RejectClaim(as("holder"), cl.ID, "no receipt"))
			}
		}},
		{"transfer", "TransferBudget", "head", func(t *testing.T, f *fixture) func(*cpd.Service) error {
			return func(svc *cpd.Service) error {
				return svc.Budgets.TransferBudget(as("head"), "2026-27", "english", "maths", gbp("100"), "maths needs more")
			}
		}},
		{"support decision", "DecideSupport", "md", func(t *testing.T, f *fixture) func(*cpd.Service) error {
			_, err := f.svc.Staff.Resign(as("head"), "tina", cpd.Resignation{ResignedOn: date.New(2026, 11, 20), Leaving: date.New(2026, 12, 31)})
			require.NoError(t, err)
			return func(svc *cpd.Service) error {
				return ignore(svc.Budgets.DecideSupport(as("md"), cpd.SupportDecision{Person: "tina", Granted: true, Reason: "discretion"}))
			}
		}},
	}
}

// budgetMethods names every Service method the budget tests cover: the
// use cases above, and those that only read.
func budgetMethods() []string {
	methods := []string{"Budget", "BudgetReport", "CheckBooks", "Claims"}
	for _, uc := range budgetUseCases() {
		methods = append(methods, uc.method)
	}
	return methods
}

// TestBudgetUseCasesAreAtomic proves that every use case that moves money
// leaves nothing behind (no entry, no account change, no approval) when
// any one of its writes fails.
func TestBudgetUseCasesAreAtomic(t *testing.T) {
	for _, tc := range budgetUseCases() {
		t.Run(tc.name, func(t *testing.T) {
			f := newMoneyFixture(t)
			run := tc.uc(t, f)
			storetest.AtomicUseCase(t, f.store, org, func(s cpd.Store) error {
				return run(f.moneyService(t, s))
			}, budgetKinds)
			require.NoError(t, f.svc.Budgets.CheckBooks(as("head"), "2026-27"))
		})
	}
}

// TestBudgetUseCasesAreAudited checks each budget use case appends one
// event per write, by its actor, at the Service's time.
func TestBudgetUseCasesAreAudited(t *testing.T) {
	for _, tc := range budgetUseCases() {
		t.Run(tc.name, func(t *testing.T) {
			f := newMoneyFixture(t)
			run := tc.uc(t, f)
			before := f.eventCount(t, org)
			counter := storetest.NewFaulty(f.store)
			require.NoError(t, run(f.moneyService(t, counter)))
			require.Positive(t, counter.Writes(), "the use case wrote nothing")
			var evs []cpd.Event
			require.NoError(t, f.store.View(context.Background(), org, func(tx cpd.Tx) error {
				var err error
				evs, err = tx.Events(context.Background(), cpd.EventQuery{After: int64(before), Limit: cpd.MaxLimit})
				return err
			}))
			require.Len(t, evs, counter.Writes(), "one event per write")
			for _, e := range evs {
				require.Equal(t, tc.actor, e.Actor, "event %d (%s %s %s)", e.Seq, e.Action, e.Kind, e.ID)
				require.True(t, f.now.Equal(e.At), "event %d is at %v, not the Service's now %v", e.Seq, e.At, f.now)
				require.NotNil(t, e.After, "event %d: no budget use case deletes", e.Seq)
			}
		})
	}
}

// TestTransfers checks who may move money between lines, and that a line
// cannot give away what it has committed.
func TestTransfers(t *testing.T) {
	tests := []struct {
		name   string
		as     string
		from   string
		amount string
		reason string
		err    error
	}{
		{name: "the head", as: "head", from: "english", amount: "100", reason: "r"},
		{name: "the holder of the line it leaves", as: "holder", from: "english", amount: "100", reason: "r"},
		{name: "the trustees", as: "trustee", from: "english", amount: "100", reason: "r"},
		{name: "not the holder of the line it goes to", as: "mgr", from: "english", amount: "100", reason: "r", err: cpd.ErrForbidden},
		{name: "no reason", as: "head", from: "english", amount: "100", err: cpd.ErrInvalid},
		{name: "more than is available", as: "head", from: "english", amount: "750.01", reason: "r", err: cpd.ErrInsufficientFunds},
		{name: "to itself", as: "head", from: "maths", amount: "1", reason: "r", err: cpd.ErrInvalid},
		{name: "from no line", as: "head", from: "art", amount: "1", reason: "r", err: cpd.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newMoneyFixture(t)
			approvedID := f.request(t, paid("tina", "250")).ID
			f.approveAll(t, approvedID, "holder", "head")
			err := f.svc.Budgets.TransferBudget(as(tt.as), "2026-27", tt.from, "maths", gbp(tt.amount), tt.reason)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				require.Equal(t, [4]string{"GBP 500.00", "GBP 0.00", "GBP 0.00", "GBP 500.00"}, f.balance(t, "maths"))
				return
			}
			require.NoError(t, err)
			require.Equal(t, [4]string{"GBP 600.00", "GBP 0.00", "GBP 0.00", "GBP 600.00"}, f.balance(t, "maths"))
			require.Equal(t, [4]string{"GBP 900.00", "GBP 250.00", "GBP 0.00", "GBP 650.00"}, f.balance(t, "english"))
			f.books(t)
		})
	}
}
