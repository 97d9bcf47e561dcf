package report_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/report"
	"github.com/cpdkit/cpdkit/cpd"
	"github.com/cpdkit/cpdkit/demo"
)

// viewCounter counts the read transactions opened on a store.
type viewCounter struct {
	cpd.Store
	views atomic.Int64
}

func (s *viewCounter) View(ctx context.Context, org string, fn func(cpd.Tx) error) error {
	s.views.Add(1)
	return s.Store.View(ctx, org, fn)
}

// TestGatherEvaluatesInBatches: Gather evaluates people many at a time
// (a thousand a call), not one call (and transaction) per person, and
// gives the same report as it does on the store itself.
func TestGatherEvaluatesInBatches(t *testing.T) {
	d := newDemo(t, 60)
	vc := &viewCounter{Store: d.store}
	money := demo.BudgetPolicy()
	svc, err := cpd.New(vc, d.dir, letta(t), &cpd.Options{
		Now: func() time.Time { return on.Midnight().Add(12 * time.Hour) }, Location: time.UTC, Budget: &money})
	require.NoError(t, err)
	opts := &report.GatherOptions{ForecastDays: -1}
	got, err := report.Gather(as(d.org.Head), svc, opts)
	require.NoError(t, err)
	require.NotEmpty(t, got.People)
	require.Equal(t, int64(2), vc.views.Load(), "the organisation view, then everyone's evaluation")
	want, err := report.Gather(as(d.org.Head), d.svc, opts)
	require.NoError(t, err)
	require.Equal(t, want, got)
}
