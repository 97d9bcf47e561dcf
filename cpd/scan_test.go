package cpd_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// noScan hides every optional capability of the Tx of its Views but
// ReadManyTx, so that the Service reads statuses a page at a time.
type noScan struct{ cpd.Store }

func (s noScan) View(ctx context.Context, org string, fn func(cpd.Tx) error) error {
	return s.Store.View(ctx, org, func(tx cpd.Tx) error {
		return fn(struct {
			cpd.Tx
			cpd.ReadManyTx
		}{tx, tx.(cpd.ReadManyTx)})
	})
}

// TestOrgComplianceScanIsTheSame: the organisation view is the same
// whether the Service reads the stored statuses in one pass (cpd.ScanTx)
// or a page at a time, with a status that no longer decodes (so is
// evaluated again, in its place) among fresh ones, today and on a later
// day when every status is stale.
func TestOrgComplianceScanIsTheSame(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.Activities.RecordCompleted(as("tina"), done("tina", date.New(2026, 11, 1), "safeguarding"))
	require.NoError(t, err)
	_, err = f.svc.Activities.RecordCompleted(as("pete"), done("pete", date.New(2026, 10, 1), "prevent"))
	require.NoError(t, err)
	require.NoError(t, f.store.Update(t.Context(), org, func(tx cpd.Tx) error {
		r, err := tx.Get(t.Context(), cpd.KindStatus, "mgr")
		if err != nil {
			return err
		}
		var old map[string]any
		if err := json.Unmarshal(r.Data, &old); err != nil {
			return err
		}
		old["cells"] = "compliant,,"
		if r.Data, err = json.Marshal(old); err != nil {
			return err
		}
		_, err = tx.Put(t.Context(), r, cpd.Change{Actor: "test", Action: "corrupt", At: f.now})
		return err
	}))
	paged := f.on(t, noScan{f.store})
	for _, on := range []date.Date{date.New(2026, 11, 25), date.New(2027, 11, 25)} {
		want, err := paged.Compliance.OrgComplianceOn(as("admin"), on)
		require.NoError(t, err)
		got, err := f.svc.Compliance.OrgComplianceOn(as("admin"), on)
		require.NoError(t, err)
		require.Len(t, got.Rows, 6)
		if diff := cmp.Diff(want, got, cmpopts.EquateComparable(compliance.Tally{})); diff != "" {
			t.Errorf("on %s (-paged +scanned):\n%s", on, diff)
		}
	}
}
