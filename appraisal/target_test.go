package appraisal_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
)

func TestTargetValidate(t *testing.T) {
	evaluated := func(o appraisal.Outcome, s appraisal.TargetStatus) appraisal.Target {
		tg := target("t1")
		tg.Status, tg.Evaluation = s, &appraisal.Evaluation{Outcome: o, On: day(2027, 3, 31), By: "mgr"}
		return tg
	}
	tests := []struct {
		name  string
		edit  func(*appraisal.Target)
		want  error
		field string
	}{
		{"valid", func(*appraisal.Target) {}, nil, ""},
		{"no title", func(t *appraisal.Target) { t.Title = "" }, appraisal.ErrInvalid, "title"},
		{"no source", func(t *appraisal.Target) { t.Source = 0 }, appraisal.ErrInvalid, "source"},
		{"bad source", func(t *appraisal.Target) { t.Source = 99 }, appraisal.ErrInvalid, "source"},
		{"no owner", func(t *appraisal.Target) { t.Owner = "" }, appraisal.ErrInvalid, "owner"},
		{"SAR/QIP target needs an area", func(t *appraisal.Target) { t.Source = appraisal.ImprovementPlanning }, appraisal.ErrInvalid, "area"},
		{"SAR/QIP target with an area", func(t *appraisal.Target) { t.Source, t.Area = appraisal.ImprovementPlanning, "maths" }, nil, ""},
		{"no set day", func(t *appraisal.Target) { t.Set = 0 }, appraisal.ErrInvalid, "set"},
		{"no due day", func(t *appraisal.Target) { t.Due = 0 }, appraisal.ErrInvalid, "due"},
		{"due before set", func(t *appraisal.Target) { t.Due = day(2026, 9, 19) }, appraisal.ErrInvalid, "due"},
		{"no status", func(t *appraisal.Target) { t.Status = 0 }, appraisal.ErrInvalid, "status"},
		{"withdrawn without reason", func(t *appraisal.Target) { t.Status, t.Withdrawn = appraisal.Withdrawn, day(2026, 10, 1) }, appraisal.ErrInvalid, "reason"},
		{"withdrawn without day", func(t *appraisal.Target) { t.Status, t.Reason = appraisal.Withdrawn, "left the area" }, appraisal.ErrInvalid, "withdrawn"},
		{"withdrawn before set", func(t *appraisal.Target) {
			t.Status, t.Reason, t.Withdrawn = appraisal.Withdrawn, "r", day(2026, 9, 1)
		}, appraisal.ErrInvalid, "withdrawn"},
		{"outcome status without evaluation", func(t *appraisal.Target) { t.Status = appraisal.Achieved }, appraisal.ErrInvalid, "evaluation"},
		{"evaluation on an open target", func(t *appraisal.Target) {
			t.Evaluation = &appraisal.Evaluation{Outcome: appraisal.OutcomeAchieved, On: day(2027, 3, 1), By: "mgr"}
		}, appraisal.ErrInvalid, "evaluation"},
		{"evaluation without outcome", func(t *appraisal.Target) { *t = evaluated(0, appraisal.Achieved) }, appraisal.ErrInvalid, "evaluation.outcome"},
		{"status differs from outcome", func(t *appraisal.Target) {
			*t = evaluated(appraisal.OutcomeNotAchieved, appraisal.Achieved)
		}, appraisal.ErrInvalid, "status"},
		{"evaluated", func(t *appraisal.Target) { *t = evaluated(appraisal.OutcomePartlyAchieved, appraisal.PartlyAchieved) }, nil, ""},
		{"rating without comment", func(t *appraisal.Target) {
			*t = evaluated(appraisal.OutcomeAchieved, appraisal.Achieved)
			t.Ratings = []appraisal.Rating{{Activity: "a1", Rater: appraisal.ByPerson, By: "tina", Effectiveness: appraisal.Effective, On: day(2027, 4, 1)}}
		}, appraisal.ErrInvalid, "ratings[0].comment"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tg := target("t1")
			tc.edit(&tg)
			wantErr(t, tg.Validate(), tc.want, tc.field)
		})
	}
}

func TestTargetEvaluate(t *testing.T) {
	ok := appraisal.Evaluation{Outcome: appraisal.OutcomePartlyAchieved, On: day(2027, 3, 30), By: "mgr", Note: "most groups improved"}
	tests := []struct {
		name       string
		status     appraisal.TargetStatus
		eval       appraisal.Evaluation
		want       error
		field      string
		wantStatus appraisal.TargetStatus
	}{
		{"achieved", appraisal.Open, appraisal.Evaluation{Outcome: appraisal.OutcomeAchieved, On: day(2027, 3, 30), By: "mgr"}, nil, "", appraisal.Achieved},
		{"partly", appraisal.Open, ok, nil, "", appraisal.PartlyAchieved},
		{"not achieved", appraisal.Open, appraisal.Evaluation{Outcome: appraisal.OutcomeNotAchieved, On: day(2027, 3, 30), By: "mgr"}, nil, "", appraisal.NotAchieved},
		{"no outcome", appraisal.Open, appraisal.Evaluation{On: day(2027, 3, 30), By: "mgr"}, appraisal.ErrInvalid, "outcome", appraisal.Open},
		{"bad outcome", appraisal.Open, appraisal.Evaluation{Outcome: 9, On: day(2027, 3, 30), By: "mgr"}, appraisal.ErrInvalid, "outcome", appraisal.Open},
		{"no day", appraisal.Open, appraisal.Evaluation{Outcome: appraisal.OutcomeAchieved, By: "mgr"}, appraisal.ErrInvalid, "on", appraisal.Open},
		{"before set", appraisal.Open, appraisal.Evaluation{Outcome: appraisal.OutcomeAchieved, On: day(2026, 9, 1), By: "mgr"}, appraisal.ErrInvalid, "on", appraisal.Open},
		{"no evaluator", appraisal.Open, appraisal.Evaluation{Outcome: appraisal.OutcomeAchieved, On: day(2027, 3, 30)}, appraisal.ErrInvalid, "by", appraisal.Open},
		{"twice", appraisal.Achieved, ok, appraisal.ErrDuplicate, "", appraisal.Achieved},
		{"withdrawn", appraisal.Withdrawn, ok, appraisal.ErrInvalid, "status", appraisal.Withdrawn},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tg := target("t1")
			tg.Status = tc.status
			wantErr(t, tg.Evaluate(tc.eval), tc.want, tc.field)
			require.Equal(t, tc.wantStatus, tg.Status)
		})
	}
}

func TestTargetRate(t *testing.T) {
	linked := []string{"a1", "a2"}
	rating := func(act string, r appraisal.Rater, by string) appraisal.Rating {
		return appraisal.Rating{Activity: act, Rater: r, By: by, Effectiveness: appraisal.Effective,
			Comment: "helped plan the lessons", On: day(2027, 4, 1)}
	}
	tests := []struct {
		name   string
		open   bool
		before []appraisal.Rating
		r      appraisal.Rating
		want   error
		field  string
		count  int // ratings afterwards
	}{
		{"person rates a linked activity", false, nil, rating("a1", appraisal.ByPerson, "tina"), nil, "", 1},
		{"manager rates it too", false, []appraisal.Rating{rating("a1", appraisal.ByPerson, "tina")}, rating("a1", appraisal.ByLineManager, "mgr"), nil, "", 2},
		{"activity not linked", false, nil, rating("a9", appraisal.ByPerson, "tina"), appraisal.ErrNotLinked, "activity", 0},
		{"not linked is also invalid", false, nil, rating("a9", appraisal.ByPerson, "tina"), appraisal.ErrInvalid, "activity", 0},
		{"before evaluation", true, nil, rating("a1", appraisal.ByPerson, "tina"), appraisal.ErrInvalid, "status", 0},
		{"same rater twice", false, []appraisal.Rating{rating("a1", appraisal.ByPerson, "tina")}, rating("a1", appraisal.ByPerson, "tina"), appraisal.ErrDuplicate, "", 1},
		{"no rater", false, nil, rating("a1", 0, "tina"), appraisal.ErrInvalid, "rater", 0},
		{"no one", false, nil, rating("a1", appraisal.ByPerson, ""), appraisal.ErrInvalid, "by", 0},
		{"no effectiveness", false, nil, func() appraisal.Rating { r := rating("a1", appraisal.ByPerson, "tina"); r.Effectiveness = 0; return r }(), appraisal.ErrInvalid, "effectiveness", 0},
		{"no comment", false, nil, func() appraisal.Rating { r := rating("a1", appraisal.ByPerson, "tina"); r.Comment = ""; return r }(), appraisal.ErrInvalid, "comment", 0},
		{"no day", false, nil, func() appraisal.Rating { r := rating("a1", appraisal.ByPerson, "tina"); r.On = 0; return r }(), appraisal.ErrInvalid, "on", 0},
		{"before the evaluation day", false, nil, func() appraisal.Rating {
			r := rating("a1", appraisal.ByPerson, "tina")
			r.On = day(2027, 3, 1)
			return r
		}(), appraisal.ErrInvalid, "on", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tg := target("t1")
			if !tc.open {
				require.NoError(t, tg.Evaluate(appraisal.Evaluation{Outcome: appraisal.OutcomeAchieved, On: day(2027, 3, 30), By: "mgr"}))
			}
			tg.Ratings = tc.before
			wantErr(t, tg.Rate(tc.r, linked), tc.want, tc.field)
			require.Len(t, tg.Ratings, tc.count, "ratings afterwards")
		})
	}
}

func TestRatingsDue(t *testing.T) {
	tg := target("t1")
	require.NoError(t, tg.Evaluate(appraisal.Evaluation{Outcome: appraisal.OutcomeAchieved, On: day(2027, 3, 30), By: "mgr"}))
	require.NoError(t, tg.Rate(appraisal.Rating{Activity: "a1", Rater: appraisal.ByPerson, By: "tina",
		Effectiveness: appraisal.HighlyEffective, Comment: "c", On: day(2027, 3, 30)}, []string{"a1", "a2"}))
	want := []appraisal.RatingDue{
		{Activity: "a1", Rater: appraisal.ByLineManager},
		{Activity: "a2", Rater: appraisal.ByPerson},
		{Activity: "a2", Rater: appraisal.ByLineManager},
	}
	if d := cmp.Diff(want, tg.RatingsDue([]string{"a1", "a2"})); d != "" {
		t.Errorf("ratings due (-want +got):\n%s", d)
	}
}

func TestTargetWithdraw(t *testing.T) {
	tests := []struct {
		name   string
		status appraisal.TargetStatus
		reason string
		on     date.Date
		want   error
		field  string
	}{
		{"open", appraisal.Open, "moved to another area", day(2026, 10, 5), nil, ""},
		{"no reason", appraisal.Open, "", day(2026, 10, 5), appraisal.ErrInvalid, "reason"},
		{"no day", appraisal.Open, "r", 0, appraisal.ErrInvalid, "withdrawn"},
		{"before it was set", appraisal.Open, "r", day(2026, 9, 1), appraisal.ErrInvalid, "withdrawn"},
		{"already evaluated", appraisal.Achieved, "r", day(2026, 10, 5), appraisal.ErrInvalid, "status"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tg := target("t1")
			tg.Status = tc.status
			wantErr(t, tg.Withdraw(tc.reason, tc.on), tc.want, tc.field)
		})
	}
}

func TestLinked(t *testing.T) {
	planned := done("a3", 0, "t1")
	planned.Progress = appraisal.Planned
	acts := []appraisal.Activity{done("a1", day(2026, 11, 1), "t1"), done("a2", day(2026, 11, 2), "t2"), planned,
		done("a4", day(2026, 11, 3), "t2", "t1")}
	require.Equal(t, []string{"a1", "a4"}, appraisal.Linked("t1", acts))
	require.Empty(t, appraisal.Linked("t9", acts))
}

func TestTargetDueBy(t *testing.T) {
	tests := []struct {
		name   string
		status appraisal.TargetStatus
		by     int // day of March 2027
		want   bool
	}{
		{"due that day", appraisal.Open, 31, true},
		{"not yet due", appraisal.Open, 30, false},
		{"evaluated targets are never due", appraisal.Achieved, 31, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tg := target("t1")
			tg.Status = tc.status
			require.Equal(t, tc.want, tg.DueBy(day(2027, 3, tc.by)))
		})
	}
}
