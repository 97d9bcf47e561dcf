package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// BudgetOptions configures [RunBudget]. A nil *BudgetOptions means the
// defaults.
type BudgetOptions struct {
	// Racers is how many goroutines race for one budget line's money in
	// the race tests; 0 means 50.
	Racers int
}

func (o *BudgetOptions) racers() int {
	if o == nil || o.Racers <= 0 {
		return 50
	}
	return o.Racers
}

// RunBudget runs the conformance tests of the records cpd's budget use
// cases keep (budget.Account records rewritten at the version read, and
// ledger entries created beside them), one named subtest per behaviour,
// each with a fresh, empty store from newStore:
//
//   - LedgerKeys: ledger IDs ("budget/line/0000000012") page in byte
//     order, so one budget's or one line's records are read by keyset
//     from their prefix;
//   - AccountRace: goroutines that each read an account, commit from it
//     and write it back (retrying on cpd.ErrConflict) never spend the same
//     money twice: exactly as many succeed as the line affords, and the
//     books reconcile;
//   - ApprovalRace: the same through cpd.Service: concurrent final
//     approvals of requests charged to one line;
//   - FundedUseCasesAtomic: the final approval of a funded request and the
//     approval of a final claim leave nothing behind when a write fails;
//   - ClaimRace: concurrent approvals of claims against one commitment
//     never spend beyond it without the excess approver.
//
// A store that passes Run and RunBudget can keep a CPD budget.
func RunBudget(t *testing.T, newStore func(t *testing.T) cpd.Store, opts *BudgetOptions) {
	tests := []struct {
		name string
		test func(*testing.T, func(*testing.T) cpd.Store, *BudgetOptions)
	}{
		{"LedgerKeys", testLedgerKeys},
		{"AccountRace", testAccountRace},
		{"ApprovalRace", testApprovalRace},
		{"FundedUseCasesAtomic", testFundedAtomic},
		{"ClaimRace", testClaimRace},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, newStore, opts) })
	}
}

// testLedgerKeys: entries of several budgets and lines list in byte order,
// so a keyset read from a budget's prefix ("2026-27/") starts at its first
// record and reads its records in one run ('.' sorts before '/', and '0'
// after it).
func testLedgerKeys(t *testing.T, newStore func(*testing.T) cpd.Store, _ *BudgetOptions) {
	s := newStore(t)
	var recs []cpd.Record
	for _, id := range []string{"2026-27/maths/0000000010", "2026-27/english/0000000002", "2025-26/english/0000000001",
		"2026-27/english/0000000010", "2026-27/english/0000000009", "2026-27.x/art/0000000001", "2026-270/art/0000000001"} {
		recs = append(recs, cpd.Record{Kind: cpd.KindLedgerEntry, ID: id, Data: []byte(`{}`)})
	}
	seed(t, s, orgA, change("p-ada", "post"), recs...)
	got := listAll(t, s, orgA, cpd.KindLedgerEntry, cpd.Query{After: "2026-27/", Limit: 2})
	diff(t, []string{"2026-27/english/0000000002", "2026-27/english/0000000009", "2026-27/english/0000000010",
		"2026-27/maths/0000000010", "2026-270/art/0000000001"}, ids(got), "keyset from the budget's prefix")
}

// testAccountRace races goroutines that each commit money from one
// account record, as cpd does, straight on the store.
func testAccountRace(t *testing.T, newStore func(*testing.T) cpd.Store, opts *BudgetOptions) {
	s := newStore(t)
	racers := opts.racers()
	cost := budget.MustParse("GBP 100")
	afford := racers / 3
	line := budget.Line{ID: "english", Name: "English", Kind: budget.SubjectLine, Holder: "p-ada"}
	acct := budget.NewAccount(line, budget.GBP)
	cause := budget.Cause{Action: "test", By: "p-ada", On: date.New(2026, 9, 1)}
	e, err := acct.Allocate(budget.MustParse(fmt.Sprintf("GBP %d.50", afford*100)), cause)
	require.NoError(t, err)
	seed(t, s, orgA, change("p-ada", "open"), jsonRecord(t, cpd.KindAccount, "b/english", "", acct), jsonRecord(t, cpd.KindLedgerEntry, "b/english/0000000001", "", e))

	comms := make([]budget.Commitment, racers)
	errs := make([]error, racers)
	var wg sync.WaitGroup
	for i := range racers {
		wg.Go(func() {
			comms[i] = budget.NewCommitment(fmt.Sprintf("r%03d", i), "english", budget.GBP)
			errs[i] = commitRetrying(t.Context(), s, &comms[i], cost, cause)
		})
	}
	wg.Wait()
	won := 0
	var committed []budget.Commitment
	for i, err := range errs {
		switch {
		case err == nil:
			won++
			committed = append(committed, comms[i])
		case !errors.Is(err, budget.ErrInsufficientFunds):
			t.Fatalf("racer %d: %v", i, err)
		}
	}
	require.Equal(t, afford, won, "racers that committed GBP 100 from GBP %d.50", afford*100)
	var stored budget.Account
	view(t, s, orgA, func(tx cpd.Tx) error {
		r, err := tx.Get(t.Context(), cpd.KindAccount, "b/english")
		require.NoError(t, err)
		return jsonDecode(r.Data, &stored)
	})
	var entries []budget.Entry
	for _, r := range listAll(t, s, orgA, cpd.KindLedgerEntry, cpd.Query{}) {
		var e budget.Entry
		require.NoError(t, jsonDecode(r.Data, &e))
		entries = append(entries, e)
	}
	require.NoError(t, budget.Reconcile(budget.GBP, []budget.Account{stored}, committed, entries))
	require.Equal(t, "GBP 0.50", stored.Available().String())
}

// commitRetrying commits amount to c from the account in one Update,
// again while it fails with cpd.ErrConflict.
func commitRetrying(ctx context.Context, s cpd.Store, c *budget.Commitment, amount budget.Money, cause budget.Cause) error {
	for {
		fresh := *c
		err := s.Update(ctx, orgA, func(tx cpd.Tx) error {
			r, err := tx.Get(ctx, cpd.KindAccount, "b/english")
			if err != nil {
				return err
			}
			var a budget.Account
			if err := jsonDecode(r.Data, &a); err != nil {
				return err
			}
			e, err := a.Commit(&fresh, amount, cause, nil)
			if err != nil {
				return err
			}
			r.Data, err = jsonEncode(a)
			if err != nil {
				return err
			}
			if _, err := tx.Put(ctx, r, change("p-ada", "commit")); err != nil {
				return err
			}
			data, err := jsonEncode(e)
			if err != nil {
				return err
			}
			_, err = tx.Put(ctx, cpd.Record{Kind: cpd.KindLedgerEntry, ID: fmt.Sprintf("b/english/%010d", e.Seq), Data: data}, change("p-ada", "commit"))
			return err
		})
		if err == nil {
			*c = fresh
		}
		if !errors.Is(err, cpd.ErrConflict) || ctx.Err() != nil {
			return err
		}
	}
}

// budgetWorld is an organisation with a budget, for the Service tests:
// "head" (head of education) allocates, "holder" holds the English line
// and approves costs, and "tina" asks.
type budgetWorld struct {
	svc *cpd.Service
	dir directory
	mu  sync.Mutex
	ids int
}

// service builds the world's Service over a store.
func (w *budgetWorld) service(store cpd.Store) (*cpd.Service, error) {
	p := budgetPolicy()
	return cpd.New(store, w.dir, compliance.Policy{ID: "storetest", AcademicYearStart: compliance.MonthDay{Month: 9, Day: 1}}, &cpd.Options{
		Now: worldNow, Location: time.UTC, Budget: &p,
		NewID: func() string {
			w.mu.Lock()
			defer w.mu.Unlock()
			w.ids++
			return fmt.Sprintf("id-%05d", w.ids)
		},
	})
}

// directory is a fixed cpd.Directory, safe for concurrent reads.
type directory map[string]cpd.Identity

// Lookup returns the person's identity, or cpd.ErrNotFound.
func (d directory) Lookup(_ context.Context, org, person string) (cpd.Identity, error) {
	id, ok := d[org+"/"+person]
	if !ok {
		return cpd.Identity{}, fmt.Errorf("storetest directory: %s: %w", person, cpd.ErrNotFound)
	}
	return id, nil
}

// worldNow is the clock of the budget tests.
func worldNow() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) }

func budgetPolicy() budget.Policy {
	return budget.Policy{
		ID: "storetest", Currency: budget.GBP,
		Budget: budget.Setting{AllocatedBy: budget.RoleHeadOfEducation},
		Rules: []budget.Rule{{ID: "costs", When: budget.Condition{CostOver: budget.MustParse("GBP 0")},
			Approvers: []budget.Role{budget.RoleBudgetHolder}}},
		Claims: budget.ClaimRules{Approver: budget.RoleBudgetHolder, ExcessApprovers: []budget.Role{budget.RoleHeadOfEducation}},
	}
}

// newBudgetWorld builds the Service over store, with people and a budget
// whose English line holds available.
func newBudgetWorld(t *testing.T, store cpd.Store, available string) *budgetWorld {
	t.Helper()
	w := &budgetWorld{dir: directory{}}
	people := map[string][]cpd.Role{"head": {cpd.RoleStaff, cpd.RoleHeadOfEducation}, "holder": {cpd.RoleStaff, cpd.RoleBudgetHolder}, "tina": {cpd.RoleStaff}}
	for p, roles := range people {
		w.dir[orgA+"/"+p] = cpd.Identity{Org: orgA, Person: p, Roles: roles, LineManager: "head"}
	}
	svc, err := w.service(store)
	require.NoError(t, err)
	w.svc = svc
	for _, id := range []string{"head", "holder", "tina"} {
		_, err := svc.Staff.AddPerson(w.as("head"), cpd.Person{ID: id, Name: id, JobRole: "teacher", Employment: compliance.Employed,
			Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)})
		require.NoError(t, err)
	}
	_, err = svc.Budgets.AllocateBudget(w.as("head"), budget.Budget{ID: "2026-27", Year: "2026/27", Currency: budget.GBP, Lines: []budget.Line{
		{ID: "english", Name: "English", Kind: budget.SubjectLine, Holder: "holder", Amount: budget.MustParse("GBP " + available)},
	}})
	require.NoError(t, err)
	return w
}

func (w *budgetWorld) as(person string) context.Context {
	return cpd.WithActor(context.Background(), cpd.Actor{Org: orgA, Person: person})
}

// request asks for a course for tina costing cost, starting on the
// world's today.
func (w *budgetWorld) request(t *testing.T, title, cost string) cpd.Activity {
	t.Helper()
	a, err := w.svc.Activities.Request(w.as("tina"), cpd.Activity{
		Person: "tina", Title: title, Kind: cpd.ExternalCourse, Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary,
		Source: cpd.SelfIdentified, Hours: decimal.NewFromInt(6), Start: date.New(2026, 11, 24),
		Funding: &cpd.Funding{Budget: "2026-27", Line: "english",
			Costs: budget.Costs{Items: []budget.Cost{{Kind: budget.Fee, Amount: budget.MustParse("GBP " + cost)}}}},
	})
	require.NoError(t, err)
	return a
}

// testApprovalRace: concurrent final approvals through cpd.Service, each
// committing GBP 100 from a line that affords a third of them.
func testApprovalRace(t *testing.T, newStore func(*testing.T) cpd.Store, opts *BudgetOptions) {
	racers := opts.racers()
	afford := racers / 3
	w := newBudgetWorld(t, newStore(t), fmt.Sprintf("%d.99", afford*100))
	ids := make([]string, racers)
	for i := range ids {
		ids[i] = w.request(t, fmt.Sprintf("course %d", i), "100").ID
	}
	errs := make([]error, racers)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() { _, errs[i] = w.svc.Activities.Approve(w.as("holder"), ids[i]) })
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, cpd.ErrInsufficientFunds):
			t.Fatalf("racer %d: %v", i, err)
		}
	}
	require.Equal(t, afford, won)
	require.NoError(t, w.svc.Budgets.CheckBooks(w.as("head"), "2026-27"))
	rep, err := w.svc.Budgets.BudgetReport(w.as("head"), "2026-27")
	require.NoError(t, err)
	require.Equal(t, "GBP 0.99", rep.Lines[0].Available.String())
	require.Equal(t, fmt.Sprintf("GBP %d.00", afford*100), rep.Lines[0].Committed.String())
}

// testFundedAtomic checks two money-moving use cases with a failing write
// at every position.
func testFundedAtomic(t *testing.T, newStore func(*testing.T) cpd.Store, _ *BudgetOptions) {
	kinds := &AtomicOptions{Kinds: cpd.BudgetKinds()}
	t.Run("final approval", func(t *testing.T) {
		s := newStore(t)
		w := newBudgetWorld(t, s, "500")
		id := w.request(t, "course", "120").ID
		AtomicUseCase(t, s, orgA, func(f cpd.Store) error {
			_, err := w.on(t, f).Activities.Approve(w.as("holder"), id)
			return err
		}, kinds)
		require.NoError(t, w.svc.Budgets.CheckBooks(w.as("head"), "2026-27"))
	})
	t.Run("final claim", func(t *testing.T) {
		s := newStore(t)
		w := newBudgetWorld(t, s, "500")
		id := w.request(t, "course", "120").ID
		_, err := w.svc.Activities.Approve(w.as("holder"), id)
		require.NoError(t, err)
		_, err = w.svc.Activities.Complete(w.as("tina"), id, cpd.Completion{On: date.New(2026, 11, 24), Evidence: "certificate"})
		require.NoError(t, err)
		cl, err := w.svc.Budgets.SubmitClaim(w.as("tina"), id, []budget.Cost{{Kind: budget.Fee, Amount: budget.MustParse("GBP 110")}}, true)
		require.NoError(t, err)
		AtomicUseCase(t, s, orgA, func(f cpd.Store) error {
			_, err := w.on(t, f).Budgets.ApproveClaim(w.as("holder"), cl.ID)
			return err
		}, kinds)
		require.NoError(t, w.svc.Budgets.CheckBooks(w.as("head"), "2026-27"))
	})
}

// on returns the world's Service over another store (a Faulty wrapping
// its own).
func (w *budgetWorld) on(t *testing.T, s cpd.Store) *cpd.Service {
	t.Helper()
	svc, err := w.service(s)
	require.NoError(t, err)
	return svc
}

// jsonRecord is a new record holding v's JSON.
func jsonRecord(t *testing.T, kind cpd.Kind, id, owner string, v any) cpd.Record {
	t.Helper()
	data, err := jsonEncode(v)
	require.NoError(t, err)
	return cpd.Record{Kind: kind, ID: id, Owner: owner, Data: data}
}

func jsonEncode(v any) ([]byte, error) { return json.Marshal(v) }

func jsonDecode(data []byte, v any) error { return json.Unmarshal(data, v) }
