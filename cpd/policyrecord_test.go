package cpd_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/adapters/storetest"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// storedPolicy is the data of a compliance_policy record.
type storedPolicy struct {
	Policy       string `json:"policy"`
	ID           string `json:"id"`
	Requirements []struct {
		ID, Name, Kind string
	} `json:"requirements"`
}

// policiesOf returns an organisation's compliance_policy records by ID,
// and checks that every stored status's policy is one of them.
func policiesOf(t *testing.T, store cpd.Store, o string) map[string]storedPolicy {
	t.Helper()
	out := map[string]storedPolicy{}
	err := store.View(context.Background(), o, func(tx cpd.Tx) error {
		page, err := tx.List(context.Background(), cpd.KindCompliancePolicy, cpd.Query{Limit: cpd.MaxLimit})
		if err != nil {
			return err
		}
		for _, r := range page.Records {
			var p storedPolicy
			require.NoError(t, json.Unmarshal(r.Data, &p))
			require.Equal(t, r.ID, p.Policy, "a policy record's ID is its fingerprint")
			require.Empty(t, r.Owner)
			out[r.ID] = p
		}
		statuses, err := tx.List(context.Background(), cpd.KindStatus, cpd.Query{Limit: cpd.MaxLimit})
		if err != nil {
			return err
		}
		require.NotEmpty(t, statuses.Records)
		for _, r := range statuses.Records {
			var st struct{ Policy string }
			require.NoError(t, json.Unmarshal(r.Data, &st))
			require.Contains(t, out, st.Policy, "status %s is stored under a policy with no record", r.ID)
		}
		return nil
	})
	require.NoError(t, err)
	return out
}

// The first status written in an organisation writes its policy's record,
// in the policy's order; later statuses write nothing more, and each
// organisation has its own.
func TestPolicyRecordWrittenWithFirstStatus(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.Activities.RecordCompleted(as("tina"), done("tina", date.New(2026, 11, 2), "safeguarding"))
	require.NoError(t, err)
	for _, o := range []string{org, otherOrg} {
		got := policiesOf(t, f.store, o)
		require.Len(t, got, 1, o)
		for _, p := range got {
			require.Equal(t, "test", p.ID)
			var ids, names, kinds []string
			for _, r := range p.Requirements {
				ids, names, kinds = append(ids, r.ID), append(names, r.Name), append(kinds, r.Kind)
			}
			require.Equal(t, []string{"safeguarding", "prevent", "hours", "qts", "cpd-log"}, ids)
			require.Equal(t, []string{"Safeguarding", "Prevent", "CPD hours", "QTS", "CPD log"}, names)
			require.Equal(t, []string{"renewable_training", "renewable_training", "minimum_hours", "qualification", "submission"}, kinds)
		}
	}
	trail, err := f.svc.AuditTrail(as("admin"), cpd.AuditQuery{Kind: cpd.KindCompliancePolicy})
	require.NoError(t, err)
	require.Len(t, trail.Entries, 1, "written once, however many statuses follow")
}

// A policy change gives a second record beside the first, written with
// the first status refreshed under the new policy; ImportPeople writes it
// with its statuses too.
func TestPolicyRecordOnPolicyChange(t *testing.T) {
	f := newFixture(t)
	changed := testPolicy()
	changed.Requirements = append(changed.Requirements[1:2], changed.Requirements[0])
	svc, err := cpd.New(f.store, f.dir, changed, &cpd.Options{Now: func() time.Time { return f.now }, Location: time.UTC})
	require.NoError(t, err)
	n, err := svc.Compliance.RefreshStatuses(as("admin"))
	require.NoError(t, err)
	require.Equal(t, 6, n)
	got := policiesOf(t, f.store, org)
	require.Len(t, got, 2)

	fresh := memory.New()
	f.dir.Set(org, cpd.Identity{Person: "new", Roles: []cpd.Role{cpd.RoleStaff}})
	svc, err = cpd.New(fresh, f.dir, changed, &cpd.Options{Now: func() time.Time { return f.now }, Location: time.UTC})
	require.NoError(t, err)
	_, err = svc.Staff.ImportPeople(as("admin"), []cpd.Person{{ID: "new", Name: "new", Employment: compliance.Employed,
		Start: date.New(2026, 9, 1), FTE: fte1}}, nil)
	require.NoError(t, err)
	got = policiesOf(t, fresh, org)
	require.Len(t, got, 1)
	for _, p := range got {
		require.Equal(t, "prevent", p.Requirements[0].ID)
	}
}

// A transaction that writes the policy's record and then fails leaves no
// record, and the next status written writes it again: the Service does
// not take the record as held for having read it back in the transaction
// that wrote it.
func TestPolicyRecordAfterRollback(t *testing.T) {
	f := newFixture(t)
	changed := testPolicy()
	changed.Requirements = changed.Requirements[:2]
	faulty := storetest.NewFaulty(f.store)
	svc, err := cpd.New(faulty, f.dir, changed, &cpd.Options{Now: func() time.Time { return f.now }, Location: time.UTC})
	require.NoError(t, err)
	// One transaction refreshes every status: the new policy's record,
	// then a status, then (failing) a second status.
	faulty.FailAt(3)
	_, err = svc.Compliance.RefreshStatuses(as("admin"))
	require.ErrorIs(t, err, storetest.ErrInjected)
	require.Len(t, policiesOf(t, f.store, org), 1, "the failed refresh left its policy's record")

	faulty.FailAt(0)
	_, err = svc.Compliance.RefreshStatuses(as("admin"))
	require.NoError(t, err)
	require.Len(t, policiesOf(t, f.store, org), 2)
}

// hidingStore is a Store whose transactions do not see compliance_policy
// records, as a transaction does not see one that a concurrent one
// commits after it read.
type hidingStore struct{ cpd.Store }

func (h hidingStore) Update(ctx context.Context, o string, fn func(cpd.Tx) error) error {
	return h.Store.Update(ctx, o, func(tx cpd.Tx) error { return fn(hidingTx{tx}) })
}

type hidingTx struct{ cpd.Tx }

func (h hidingTx) Get(ctx context.Context, kind cpd.Kind, id string) (cpd.Record, error) {
	if kind == cpd.KindCompliancePolicy {
		return cpd.Record{}, cpd.ErrNotFound
	}
	return h.Tx.Get(ctx, kind, id)
}

// Two processes writing the first status under a policy at once: the one
// that finds the record written after it looked still writes its status.
func TestPolicyRecordWrittenConcurrently(t *testing.T) {
	f := newFixture(t)
	svc, err := cpd.New(hidingStore{f.store}, f.dir, f.policy, &cpd.Options{Now: func() time.Time { return f.now }, Location: time.UTC})
	require.NoError(t, err)
	_, err = svc.Activities.RecordCompleted(as("tina"), done("tina", date.New(2026, 11, 2), "safeguarding"))
	require.NoError(t, err)
	require.Len(t, policiesOf(t, f.store, org), 1)
}
