package cpd_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// callCounter counts what one Service call asks of its Store and its
// Directory: records read by kind, and identities looked up by person.
type callCounter struct {
	mu      sync.Mutex
	gets    map[cpd.Kind]int
	lookups map[string]int
}

func (rc *callCounter) reset() {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.gets, rc.lookups = map[cpd.Kind]int{}, map[string]int{}
}

// getCountingStore is a Store whose transactions count their Gets.
type getCountingStore struct {
	cpd.Store
	rc *callCounter
}

func (s getCountingStore) View(ctx context.Context, org string, fn func(cpd.Tx) error) error {
	return s.Store.View(ctx, org, func(tx cpd.Tx) error { return fn(getCountingTx{tx, s.rc}) })
}

func (s getCountingStore) Update(ctx context.Context, org string, fn func(cpd.Tx) error) error {
	return s.Store.Update(ctx, org, func(tx cpd.Tx) error { return fn(getCountingTx{tx, s.rc}) })
}

type getCountingTx struct {
	cpd.Tx
	rc *callCounter
}

func (tx getCountingTx) Get(ctx context.Context, kind cpd.Kind, id string) (cpd.Record, error) {
	tx.rc.mu.Lock()
	tx.rc.gets[kind]++
	tx.rc.mu.Unlock()
	return tx.Tx.Get(ctx, kind, id)
}

// lookupCountingDirectory is a Directory that counts its look-ups.
type lookupCountingDirectory struct {
	cpd.Directory
	rc *callCounter
}

func (d lookupCountingDirectory) Lookup(ctx context.Context, org, person string) (cpd.Identity, error) {
	d.rc.mu.Lock()
	d.rc.lookups[person]++
	d.rc.mu.Unlock()
	return d.Directory.Lookup(ctx, org, person)
}

// TestFundedApprovalDecidesFirst checks the money side of an approval is
// decided before the activity's state changes, from one reading: an
// approval that leaves the chain waiting records itself and leaves the
// activity requested (it is never written approved and set back), and
// each approval reads the budget once and asks the Directory once about
// each person it involves.
func TestFundedApprovalDecidesFirst(t *testing.T) {
	f := newMoneyFixture(t)
	id := f.request(t, paid("tina", "250")).ID
	rc := &callCounter{}
	svc, err := cpd.New(getCountingStore{f.store, rc}, lookupCountingDirectory{f.dir, rc}, testPolicy(), &cpd.Options{
		Now: f.clock, Location: time.UTC, Budget: parseMoneyPolicy(t),
	})
	require.NoError(t, err)
	trail := func() []cpd.AuditEntry {
		page, err := f.svc.AuditTrail(as("head"), cpd.AuditQuery{Kind: cpd.KindActivity, ID: id})
		require.NoError(t, err)
		return page.Entries
	}
	before := len(trail())

	rc.reset()
	a, err := svc.Activities.Approve(as("holder"), id)
	require.NoError(t, err)
	require.Equal(t, cpd.Requested, a.State, "the chain still waits for the head of education")
	require.Empty(t, a.ApprovedBy)
	require.Len(t, a.Funding.Approvals, 1)
	require.NotEmpty(t, a.Funding.Waiting)
	require.Equal(t, 1, rc.gets[cpd.KindBudget], "budget reads in a partial approval")
	require.Equal(t, map[string]int{"holder": 1, "tina": 1}, rc.lookups, "Directory look-ups in a partial approval")
	entries := trail()
	require.Len(t, entries, before+1)
	require.Equal(t, "activity.approval_recorded", entries[len(entries)-1].Action)

	rc.reset()
	a, err = svc.Activities.Approve(as("head"), id)
	require.NoError(t, err)
	require.Equal(t, cpd.Approved, a.State)
	require.Equal(t, "head", a.ApprovedBy)
	require.NotNil(t, a.Funding.Commitment, "the final approval commits the cost")
	require.Equal(t, 1, rc.gets[cpd.KindBudget], "budget reads in the final approval")
	require.Equal(t, map[string]int{"head": 1, "tina": 1}, rc.lookups, "Directory look-ups in the final approval")
	entries = trail()
	require.Equal(t, "activity.approved", entries[len(entries)-1].Action)
}
