package cpd_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
)

// BenchmarkComplianceWithLogs measures what CPD log submissions add to
// evaluating one person (every write re-evaluates the person it touches):
// nothing on a policy without a submission requirement, one more List of
// the person's submissions on a policy with one.
func BenchmarkComplianceWithLogs(b *testing.B) {
	tests := []struct {
		name    string
		fixture func(testing.TB) *fixture
		logs    int
	}{
		{"no cadence", newFixture, 0},
		{"cadence, no submissions", func(t testing.TB) *fixture { return newAppraisalFixture(t).fixture }, 0},
		{"cadence, 6 submissions", func(t testing.TB) *fixture { return newAppraisalFixture(t).fixture }, 6},
	}
	for _, tc := range tests {
		b.Run(tc.name, func(b *testing.B) {
			f := tc.fixture(b)
			for i := range 20 {
				_, err := f.svc.Activities.RecordCompleted(as("tina"), done("tina", date.New(2026, 9, 1)+date.Date(i), "safeguarding"))
				require.NoError(b, err)
			}
			for i := range tc.logs {
				f.now = time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC).AddDate(0, i, 0)
				_, err := f.svc.Appraisals.SubmitLog(as("tina"), appraisal.LogSubmission{Person: "tina", Progress: "p"})
				require.NoError(b, err)
			}
			f.now = fixedNow
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.svc.Compliance.Compliance(as("tina"), "tina"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFeedbackReport measures the director's report over an
// organisation's completed activities (feedback on half of them), on the
// memory store.
func BenchmarkFeedbackReport(b *testing.B) {
	for _, n := range []int{100, 1_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			f := newAppraisalFixture(b)
			for i := range n {
				person := []string{"tina", "pete", "mgr"}[i%3]
				a := done(person, date.New(2026, 9, 1)+date.Date(i%80))
				a.Provider = fmt.Sprintf("Provider %d", i%5)
				got, err := f.svc.Activities.RecordCompleted(as(person), a)
				require.NoError(b, err)
				if i%2 == 0 {
					_, err = f.svc.Development.GiveFeedback(as(person), appraisal.Feedback{Activity: got.ID, Scores: scores(5, 4, 3)})
					require.NoError(b, err)
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.svc.Development.FeedbackReport(as("head"), nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
