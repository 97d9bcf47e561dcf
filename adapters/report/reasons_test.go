package report_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/report"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestGatherFromReasonsIsGatherFromRecords: the report read from the
// maintained statuses and their reasons (cpd.KindStatusReasons) is the
// report worked out by evaluating everyone's records, person by person,
// cell by cell, reason by reason.
func TestGatherFromReasonsIsGatherFromRecords(t *testing.T) {
	d := newDemo(t, 150)
	ctx := context.Background()
	_, err := d.svc.Compliance.RefreshStatuses(as(d.org.Head))
	require.NoError(t, err)
	opts := &report.GatherOptions{Budget: d.org.Budget.ID}
	fromReasons, err := report.Gather(as(d.org.Head), d.svc, opts)
	require.NoError(t, err)

	n := 0
	err = d.store.Update(ctx, org, func(tx cpd.Tx) error {
		page, err := tx.List(ctx, cpd.KindStatusReasons, cpd.Query{Limit: cpd.MaxLimit})
		if err != nil {
			return err
		}
		for _, r := range page.Records {
			n++
			if err := tx.Delete(ctx, r.Kind, r.ID, r.Version, cpd.Change{Actor: "dba", Action: "test", At: time.Now()}); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, len(fromReasons.People), n, "everyone's status has its reasons")
	fromRecords, err := report.Gather(as(d.org.Head), d.svc, opts)
	require.NoError(t, err)
	require.Empty(t, cmp.Diff(fromRecords, fromReasons, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
		cmp.Comparer(func(a, b compliance.Tally) bool { return a == b })))
	minimum := 0
	for _, p := range fromRecords.People {
		if p.HasMinimum {
			minimum++
		}
	}
	require.Greater(t, minimum, len(fromRecords.People)/2, "most people are read from their reasons")
}
