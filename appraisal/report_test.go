package appraisal_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
)

// decimals compares decimals by value.
var decimals = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

func TestBuildReport(t *testing.T) {
	a1 := done("a1", day(2026, 11, 2))
	a2 := done("a2", day(2026, 11, 5))
	a2.Provider, a2.Kind = "Provider B", "webinar"
	a3 := done("a3", day(2026, 11, 9))
	a3.Person = "pete"
	a4 := done("a4", day(2026, 11, 10))
	a4.Aspect = "induction"
	planned := done("a5", 0)
	planned.Progress = appraisal.Planned
	acts := []appraisal.Activity{a1, a2, a3, a4, planned}
	fb := []appraisal.Feedback{
		feedback("a1", 5, 4, 3, 4, 4),
		feedback("a2", 4, 4),
		feedback("a3", 1, 1),         // by tina on pete's activity: ignored
		feedback("a-other", 1, 1, 1), // not an activity in the report
	}
	r := appraisal.BuildReport(day(2026, 11, 30), acts, fb, nil)

	t.Run("overall", func(t *testing.T) {
		want := appraisal.Group{Key: "all", Activities: 4, Responses: 2, Levels: levels(
			avg(2, 9, "4.50"), avg(2, 8, "4.00"), avg(1, 3, "3.00"), avg(1, 4, "4.00"), avg(1, 4, "4.00")),
			Average: avg(7, 28, "4.00")}
		if d := cmp.Diff(want, r.Overall, decimals); d != "" {
			t.Errorf("overall (-want +got):\n%s", d)
		}
	})
	tests := []struct {
		name   string
		groups []appraisal.Group
		keys   []string
		counts [][2]int // activities, responses per group
	}{
		{"by provider", r.ByProvider, []string{"Provider A", "Provider B"}, [][2]int{{3, 1}, {1, 1}}},
		{"by kind", r.ByKind, []string{"external_course", "webinar"}, [][2]int{{3, 1}, {1, 1}}},
		{"by aspect", r.ByAspect, []string{"induction", "training_for_job"}, [][2]int{{1, 0}, {3, 2}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			keys, counts := groupCounts(tc.groups)
			require.Equal(t, tc.keys, keys)
			require.Equal(t, tc.counts, counts)
		})
	}
	t.Run("outstanding, longest waiting first", func(t *testing.T) {
		want := []appraisal.Outstanding{
			{Activity: "a3", Person: "pete", Title: "Course a3", Provider: "Provider A", Completed: day(2026, 11, 9), Days: 21},
			{Activity: "a4", Person: "tina", Title: "Course a4", Provider: "Provider A", Completed: day(2026, 11, 10), Days: 20},
		}
		if d := cmp.Diff(want, r.Outstanding); d != "" {
			t.Errorf("outstanding (-want +got):\n%s", d)
		}
	})
	t.Run("a third is rounded half up to two places", func(t *testing.T) {
		r := appraisal.BuildReport(day(2026, 11, 30), []appraisal.Activity{a1, a2, a4},
			[]appraisal.Feedback{feedback("a1", 5, 4), feedback("a2", 4, 4), feedback("a4", 4, 5)}, nil)
		require.Equal(t, "4.33", r.Overall.Levels[0].Mean.StringFixed(2))
		require.Equal(t, "4.33", r.Overall.Levels[1].Mean.StringFixed(2))
		r = appraisal.BuildReport(day(2026, 11, 30), []appraisal.Activity{a1, a2, a4},
			[]appraisal.Feedback{feedback("a1", 5, 5), feedback("a2", 5, 5), feedback("a4", 4, 5)}, nil)
		require.Equal(t, "4.67", r.Overall.Levels[0].Mean.StringFixed(2))
	})
	t.Run("window", func(t *testing.T) {
		r := appraisal.BuildReport(day(2026, 11, 30), acts, fb, &appraisal.ReportOptions{From: day(2026, 11, 5), Through: day(2026, 11, 9)})
		require.Equal(t, 2, r.Overall.Activities)
		require.Equal(t, 1, r.Overall.Responses)
	})
	t.Run("nothing", func(t *testing.T) {
		r := appraisal.BuildReport(day(2026, 11, 30), nil, nil, nil)
		require.Equal(t, 0, r.Overall.Activities)
		require.True(t, r.Overall.Average.Mean.IsZero())
		require.Empty(t, r.Outstanding)
	})
}

func avg(count, sum int, mean string) appraisal.Average {
	return appraisal.Average{Count: count, Sum: sum, Mean: decimal.RequireFromString(mean)}
}

func levels(avgs ...appraisal.Average) []appraisal.LevelAverage {
	out := make([]appraisal.LevelAverage, len(avgs))
	for i, a := range avgs {
		out[i] = appraisal.LevelAverage{Level: appraisal.Levels()[i], Average: a}
	}
	return out
}

func groupCounts(gs []appraisal.Group) (keys []string, counts [][2]int) {
	for _, g := range gs {
		keys = append(keys, g.Key)
		counts = append(counts, [2]int{g.Activities, g.Responses})
	}
	return keys, counts
}
