package cpd_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestOneClockReadPerCall checks that each use case that writes reads the
// clock exactly once, when it begins, so that one call cannot straddle
// midnight: the day it records, the day it checks against and the time of
// its audit events all come from that one reading.
func TestOneClockReadPerCall(t *testing.T) {
	check := func(t *testing.T, f *fixture, run func() error) {
		t.Helper()
		f.reads.Store(0)
		require.NoError(t, run())
		require.EqualValues(t, 1, f.reads.Load(), "clock reads in one call")
	}
	for _, tc := range writingUseCases() {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			run := tc.uc(t, f)
			check(t, f, func() error { return run(context.Background(), f.svc) })
		})
	}
	for _, tc := range appraisalUseCases() {
		t.Run(tc.name, func(t *testing.T) {
			f := newAppraisalFixture(t)
			run := tc.setup(t, f)
			check(t, f.fixture, func() error { return run(f.svc) })
		})
	}
	for _, tc := range budgetUseCases() {
		t.Run(tc.name, func(t *testing.T) {
			f := newMoneyFixture(t)
			run := tc.uc(t, f)
			check(t, f, func() error { return run(f.svc) })
		})
	}
	t.Run("organisation view", func(t *testing.T) {
		f := newFixture(t)
		check(t, f, func() error { _, err := f.svc.Compliance.OrgCompliance(as("head")); return err })
	})
	t.Run("one person's compliance", func(t *testing.T) {
		f := newFixture(t)
		check(t, f, func() error { _, err := f.svc.Compliance.Compliance(as("head"), "tina"); return err })
	})
}
