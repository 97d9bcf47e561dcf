package cpd_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// readCounter is a Store that counts the records of each kind its
// transactions return (Get, List, GetMany, ListOwners), to show which
// records a view reads.
type readCounter struct {
	cpd.Store
	mu   sync.Mutex
	read map[cpd.Kind]map[string]bool
}

func newReadCounter(s cpd.Store) *readCounter {
	return &readCounter{Store: s, read: map[cpd.Kind]map[string]bool{}}
}

// reset forgets what was read.
func (c *readCounter) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.read = map[cpd.Kind]map[string]bool{}
}

// of returns the IDs of the records of a kind read since the last reset.
func (c *readCounter) of(kind cpd.Kind) map[string]bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.read[kind]
}

func (c *readCounter) saw(rs ...cpd.Record) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range rs {
		if c.read[r.Kind] == nil {
			c.read[r.Kind] = map[string]bool{}
		}
		c.read[r.Kind][r.ID] = true
	}
}

func (c *readCounter) View(ctx context.Context, org string, fn func(cpd.Tx) error) error {
	return c.Store.View(ctx, org, func(tx cpd.Tx) error { return fn(countingTx{tx, c}) })
}

func (c *readCounter) Update(ctx context.Context, org string, fn func(cpd.Tx) error) error {
	return c.Store.Update(ctx, org, func(tx cpd.Tx) error { return fn(countingTx{tx, c}) })
}

// countingTx counts what a Tx returns; it offers ReadManyTx when its Tx does.
type countingTx struct {
	cpd.Tx
	c *readCounter
}

func (t countingTx) Get(ctx context.Context, kind cpd.Kind, id string) (cpd.Record, error) {
	r, err := t.Tx.Get(ctx, kind, id)
	if err == nil {
		t.c.saw(r)
	}
	return r, err
}

func (t countingTx) List(ctx context.Context, kind cpd.Kind, q cpd.Query) (cpd.Page, error) {
	p, err := t.Tx.List(ctx, kind, q)
	t.c.saw(p.Records...)
	return p, err
}

func (t countingTx) GetMany(ctx context.Context, kind cpd.Kind, ids []string) ([]cpd.Record, error) {
	rs, err := t.Tx.(cpd.ReadManyTx).GetMany(ctx, kind, ids)
	t.c.saw(rs...)
	return rs, err
}

func (t countingTx) ListOwners(ctx context.Context, kind cpd.Kind, owners, states []string) ([]cpd.Record, error) {
	rs, err := t.Tx.(cpd.ReadManyTx).ListOwners(ctx, kind, owners, states)
	t.c.saw(rs...)
	return rs, err
}

// addHistory records n completed activities for each person, in years
// before the fixture's today: the organisation's history, which no
// report of this year concerns.
func (f *fixture) addHistory(t *testing.T, n int, people ...string) {
	t.Helper()
	for _, p := range people {
		for i := range n {
			a := done(p, date.New(2022, 10, 1)+date.Date(i), "safeguarding")
			a.Provider = "old provider"
			_, err := f.svc.Activities.RecordCompleted(as("admin"), a)
			require.NoError(t, err)
		}
	}
}

// TestBudgetReportReadsItsBudget: the budget report and the books check
// read the activities charged to the budget (and the open requests),
// however much history the organisation has.
func TestBudgetReportReadsItsBudget(t *testing.T) {
	f := newMoneyFixture(t)
	committed := f.approveAll(t, f.request(t, paid("tina", "250")).ID, "holder", "head")
	waiting := f.request(t, paid("pete", "100"))
	f.addHistory(t, 10, "tina", "pete")

	rc := newReadCounter(f.store)
	svc := f.moneyService(t, rc)
	rep, err := svc.Budgets.BudgetReport(as("head"), "2026-27")
	require.NoError(t, err)
	require.Equal(t, "GBP 250.00", rep.Total.Committed.String())
	require.Equal(t, cpd.Waiting{Role: budget.RoleBudgetHolder, Activities: []string{waiting.ID}}, rep.Waiting[0])
	require.Equal(t, map[string]bool{committed.ID: true, waiting.ID: true}, rc.of(cpd.KindActivity), "BudgetReport")

	rc.reset()
	require.NoError(t, svc.Budgets.CheckBooks(as("head"), "2026-27"))
	require.Equal(t, map[string]bool{committed.ID: true, waiting.ID: true}, rc.of(cpd.KindActivity), "CheckBooks")
}

// editActivity rewrites a stored activity past the Service, as a bad
// write could have left it.
func (f *fixture) editActivity(t *testing.T, id string, edit func(*cpd.Activity)) {
	t.Helper()
	ctx := context.Background()
	err := f.store.Update(ctx, org, func(tx cpd.Tx) error {
		r, err := tx.Get(ctx, cpd.KindActivity, id)
		if err != nil {
			return err
		}
		var a cpd.Activity
		if err := json.Unmarshal(r.Data, &a); err != nil {
			return err
		}
		edit(&a)
		if r.Data, err = json.Marshal(a); err != nil {
			return err
		}
		r.State = a.State.String()
		_, err = tx.Put(ctx, r, cpd.Change{Actor: "dba", Action: "hand edit", At: fixedNow})
		return err
	})
	require.NoError(t, err)
}

// TestCheckBooksFindsDisagreements: the books check, reading only the
// budget's ledger and open activities, still finds a commitment the
// ledger does not hold and ledger entries whose activity holds none.
func TestCheckBooksFindsDisagreements(t *testing.T) {
	f := newMoneyFixture(t)
	committed := f.approveAll(t, f.request(t, paid("tina", "250")).ID, "holder", "head")
	other := f.request(t, paid("pete", "100"))
	f.addHistory(t, 3, "tina")
	require.NoError(t, f.svc.Budgets.CheckBooks(as("head"), "2026-27"))

	f.editActivity(t, other.ID, func(a *cpd.Activity) {
		c := *committed.Funding.Commitment
		c.Request = a.ID
		a.State, a.Funding.Commitment = cpd.Approved, &c
	})
	err := f.svc.Budgets.CheckBooks(as("head"), "2026-27")
	require.ErrorContains(t, err, "commitment "+other.ID+" has no entries")

	f.editActivity(t, committed.ID, func(a *cpd.Activity) { a.Funding.Commitment = nil })
	err = f.svc.Budgets.CheckBooks(as("head"), "2026-27")
	require.ErrorContains(t, err, "request "+committed.ID+" has entries but no commitment")
}

// TestExplainManyReadsNoHistory: an organisation's report (ExplainMany,
// under report.Gather) reads each person's maintained status and its
// reasons, not their activities, however much history they have; and
// what it reads is what evaluating their records gives.
func TestExplainManyReadsNoHistory(t *testing.T) {
	f := newMoneyFixture(t)
	f.addHistory(t, 10, "tina", "pete")
	rc := newReadCounter(f.store)
	svc := f.moneyService(t, rc)
	people := []string{"tina", "pete"}
	many, err := svc.Compliance.ExplainMany(as("head"), people)
	require.NoError(t, err)
	require.Len(t, many.People, 2)
	require.Empty(t, rc.of(cpd.KindActivity), "activities read")
	require.Empty(t, rc.of(cpd.KindPerson), "people read")
	require.Equal(t, map[string]bool{"tina": true, "pete": true}, rc.of(cpd.KindStatusReasons))

	evaluated, err := svc.Compliance.ComplianceOfMany(as("head"), people)
	require.NoError(t, err)
	for i, pc := range evaluated.People {
		got := many.People[i]
		require.Equal(t, pc.Person, got.Person)
		require.Len(t, got.Items, len(pc.Result.Items))
		for j, it := range pc.Result.Items {
			require.Equal(t, it.Reason(), got.Items[j].Reason, "%s %s", pc.Person, it.Requirement.ID)
			require.Equal(t, it.Status, got.Items[j].Status)
		}
	}
}

// TestExplainManyLongReasons: a reason longer than a stored text may be
// (an extension's reason at its limit, quoted in the item's reason) is
// not stored; that person is evaluated instead, with the same result.
func TestExplainManyLongReasons(t *testing.T) {
	f := newMoneyFixture(t)
	long := strings.Repeat("r", cpd.MaxTextLen)
	_, err := f.svc.Compliance.GrantExtension(as("mgr"), "tina", compliance.Extension{Requirement: "prevent", Until: date.New(2027, 1, 31), Reason: long})
	require.NoError(t, err)
	rc := newReadCounter(f.store)
	svc := f.moneyService(t, rc)
	many, err := svc.Compliance.ExplainMany(as("head"), []string{"tina"})
	require.NoError(t, err)
	res, err := svc.Compliance.Compliance(as("head"), "tina")
	require.NoError(t, err)
	it, ok := res.Item("prevent")
	require.True(t, ok)
	require.Greater(t, len(it.Reason()), cpd.MaxTextLen, "%s", it.Status)
	require.True(t, rc.of(cpd.KindPerson)["tina"], "tina is evaluated, from her records")
	i := slices.IndexFunc(many.People[0].Items, func(e cpd.ExplainedItem) bool { return e.Requirement == "prevent" })
	require.Equal(t, it.Reason(), many.People[0].Items[i].Reason)
}

// TestRefreshAddsMissingReasons: a status stored without its reasons (by
// an older cpdkit, say) is rewritten by RefreshStatuses, with them, though
// time has not made it stale; one with its reasons is left alone.
func TestRefreshAddsMissingReasons(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	require.NoError(t, f.store.Update(ctx, org, func(tx cpd.Tx) error {
		r, err := tx.Get(ctx, cpd.KindStatusReasons, "pete")
		if err != nil {
			return err
		}
		return tx.Delete(ctx, cpd.KindStatusReasons, "pete", r.Version, cpd.Change{Actor: "dba", Action: "test", At: f.now})
	}))
	n, err := f.svc.Compliance.RefreshStatuses(as("admin"))
	require.NoError(t, err)
	require.Equal(t, 1, n, "pete's status alone")
	rc := newReadCounter(f.store)
	many, err := f.on(t, rc).Compliance.ExplainMany(as("head"), []string{"pete"})
	require.NoError(t, err)
	require.Len(t, many.People, 1)
	require.Empty(t, rc.of(cpd.KindPerson), "pete is read from his reasons")
}
