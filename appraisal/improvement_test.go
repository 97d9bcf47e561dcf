package appraisal_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
)

func TestReviewPlan(t *testing.T) {
	sar := func(id, area string, due int) appraisal.Target { // due: day of January 2027
		tg := target(id)
		tg.Source, tg.Area, tg.Due = appraisal.ImprovementPlanning, area, day(2027, 1, due)
		return tg
	}
	evaluatedOn := func(tg appraisal.Target, y int, m time.Month, d int) appraisal.Target {
		tg.Status = appraisal.Achieved
		tg.Evaluation = &appraisal.Evaluation{Outcome: appraisal.OutcomeAchieved, On: day(y, m, d), By: "mgr"}
		return tg
	}
	future := sar("t-future", "maths", 31)
	future.Set = day(2027, 2, 1)
	withdrawn := sar("t-withdrawn", "maths", 31)
	withdrawn.Status, withdrawn.Reason, withdrawn.Withdrawn = appraisal.Withdrawn, "merged", day(2026, 12, 20)
	targets := []appraisal.Target{
		sar("t-eng", "english", 20),
		sar("t-late", "maths", 10),
		sar("t-maths", "maths", 25),
		evaluatedOn(sar("t-done-jan", "maths", 5), 2027, time.January, 6),
		evaluatedOn(sar("t-done-dec", "maths", 5), 2026, time.December, 30),
		future, withdrawn,
	}
	planned := done("a2", 0, "t-maths")
	planned.Progress, planned.Person = appraisal.Planned, "ann"
	proposed := appraisal.Activity{Person: "tina", Title: "Proposed need", Targets: []string{"t-maths"}, Progress: appraisal.Proposed}
	dropped := done("a3", 0, "t-maths")
	dropped.Progress = appraisal.Dropped
	needs := []appraisal.Activity{done("a1", day(2026, 12, 1), "t-maths", "t-late"), planned, proposed, dropped, done("a4", day(2026, 12, 2), "t-eng")}

	tests := []struct {
		name    string
		area    string
		rows    []string
		overdue []string
	}{
		{"whole organisation", "", []string{"t-eng", "t-done-jan", "t-late", "t-maths"}, []string{"t-late"}},
		{"one area", "maths", []string{"t-done-jan", "t-late", "t-maths"}, []string{"t-late"}},
		{"unknown area", "science", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pr := appraisal.ReviewPlan(day(2027, 1, 15), tc.area, targets, needs)
			require.Equal(t, day(2027, 1, 1), pr.Month)
			require.Equal(t, day(2027, 1, 31), pr.Through)
			rows, overdue := rowIDs(pr)
			require.Equal(t, tc.rows, rows)
			require.Equal(t, tc.overdue, overdue)
		})
	}

	t.Run("needs and their progress", func(t *testing.T) {
		pr := appraisal.ReviewPlan(day(2027, 1, 15), "maths", targets, needs)
		row := pr.Rows[2]
		require.Equal(t, "t-maths", row.Target.ID)
		// by person, then title: ann's, then tina's "Course a1", "Course a3", "Proposed need"
		want := []appraisal.Activity{planned, needs[0], dropped, proposed}
		if d := cmp.Diff(want, row.Needs); d != "" {
			t.Errorf("needs (-want +got):\n%s", d)
		}
		require.Equal(t, appraisal.Counts{Proposed: 1, Planned: 1, Done: 1, Dropped: 1}, row.Counts)
	})
}

func TestMonthOf(t *testing.T) {
	require.Equal(t, day(2027, 2, 1), appraisal.MonthOf(day(2027, 2, 28)))
	require.Equal(t, day(2027, 2, 1), appraisal.MonthOf(day(2027, 2, 1)))
}

// rowIDs returns the targets of a plan review's rows, and of its overdue
// rows.
func rowIDs(pr appraisal.PlanReview) (rows, overdue []string) {
	for _, r := range pr.Rows {
		rows = append(rows, r.Target.ID)
		if r.Overdue {
			overdue = append(overdue, r.Target.ID)
		}
	}
	return rows, overdue
}

func TestReviewPlanCountsANeedOnce(t *testing.T) {
	tg := target("t1")
	twice := done("a1", day(2026, 10, 1), "t1", "t1")
	pr := appraisal.ReviewPlan(day(2026, 11, 15), "", []appraisal.Target{tg}, []appraisal.Activity{twice})
	require.Len(t, pr.Rows, 1)
	require.Len(t, pr.Rows[0].Needs, 1)
	require.Equal(t, appraisal.Counts{Done: 1}, pr.Rows[0].Counts)
}
