package cpd_test

import (
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/cpd"
)

func TestSetTarget(t *testing.T) {
	target := func(owner string, src appraisal.Source) appraisal.Target {
		return appraisal.Target{Title: "Improve feedback", Source: src, Owner: owner, Due: date.New(2027, 6, 30)}
	}
	tests := []struct {
		name  string
		by    string
		t     appraisal.Target
		want  error
		field string
		area  string
	}{
		{"the line manager", "mgr", target("tina", appraisal.FromAppraisal), nil, "", "maths"},
		{"the head of education", "head", target("tina", appraisal.OTLA), nil, "", "maths"},
		{"the IQA, for quality assurance", "iqa", target("tina", appraisal.QualityAssurance), nil, "", "maths"},
		{"a SAR/QIP target takes the owner's team as area", "head", target("pete", appraisal.ImprovementPlanning), nil, "", "english"},
		{"a SAR/QIP target needs an area", "head", target("admin", appraisal.ImprovementPlanning), cpd.ErrInvalid, "area", ""},
		{"not for oneself", "tina", target("tina", appraisal.FromAppraisal), cpd.ErrForbidden, "", ""},
		{"not for a peer", "pete", target("tina", appraisal.FromAppraisal), cpd.ErrForbidden, "", ""},
		{"not an administrator", "admin", target("tina", appraisal.FromAppraisal), cpd.ErrForbidden, "", ""},
		{"auditors read only", "audrey", target("tina", appraisal.FromAppraisal), cpd.ErrForbidden, "", ""},
		{"an unknown owner", "head", target("nobody", appraisal.FromAppraisal), cpd.ErrInvalid, "owner", ""},
		{"no title", "mgr", appraisal.Target{Source: appraisal.OTLA, Owner: "tina", Due: date.New(2027, 6, 30)}, cpd.ErrInvalid, "title", ""},
		{"due before today", "mgr", func() appraisal.Target { t := target("tina", appraisal.OTLA); t.Due = date.New(2026, 11, 1); return t }(), cpd.ErrInvalid, "due", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newAppraisalFixture(t)
			before := f.snapshot(t)
			got, err := f.svc.Appraisals.SetTarget(as(tc.by), tc.t)
			wantErr(t, err, tc.want, tc.field)
			require.Equal(t, tc.area, got.Area)
			if tc.want != nil {
				require.Equal(t, before, f.snapshot(t), "a refused target changes nothing")
				return
			}
			stored, err := f.svc.Appraisals.Target(as(tc.t.Owner), got.ID)
			require.NoError(t, err)
			require.Equal(t, got, stored)
			require.Equal(t, appraisal.Open, stored.Status)
			require.Equal(t, tc.by, stored.SetBy)
			require.Equal(t, date.New(2026, 11, 25), stored.Set)
		})
	}
}

func TestEvaluateTargetAndRateEffectiveness(t *testing.T) {
	f := newAppraisalFixture(t)
	tg := f.setTarget(t, "tina", "Questioning")
	linked := f.linkedDone(t, "tina", date.New(2026, 10, 5), tg.ID)
	other := f.linkedDone(t, "tina", date.New(2026, 10, 6))
	petes := f.linkedDone(t, "pete", date.New(2026, 10, 7), tg.ID)

	t.Run("rating before evaluation", func(t *testing.T) {
		_, err := f.svc.Appraisals.RateEffectiveness(as("tina"), tg.ID, linked.ID, appraisal.Effective, "helped")
		wantErr(t, err, cpd.ErrInvalid, "status")
	})
	evaluations := []struct {
		name string
		by   string
		want error
	}{
		{"not by the owner", "tina", cpd.ErrForbidden},
		{"not by a peer", "pete", cpd.ErrForbidden},
		{"not by an auditor", "audrey", cpd.ErrForbidden},
		{"by the line manager", "mgr", nil},
		{"once only", "head", cpd.ErrConflict},
	}
	for _, tc := range evaluations {
		t.Run("evaluate "+tc.name, func(t *testing.T) {
			_, err := f.svc.Appraisals.EvaluateTarget(as(tc.by), tg.ID, appraisal.OutcomePartlyAchieved, "two of three groups improved")
			wantErr(t, err, tc.want, "")
		})
	}
	ratings := []struct {
		name     string
		by       string
		activity string
		want     error
		also     error
		rater    appraisal.Rater
	}{
		{"the person rates a linked activity", "tina", linked.ID, nil, nil, appraisal.ByPerson},
		{"the line manager rates it", "mgr", linked.ID, nil, nil, appraisal.ByLineManager},
		{"a second rating by the person", "tina", linked.ID, cpd.ErrConflict, appraisal.ErrDuplicate, 0},
		{"an activity not linked to the target", "tina", other.ID, cpd.ErrInvalid, appraisal.ErrNotLinked, 0},
		{"someone else's activity linked to it", "tina", petes.ID, cpd.ErrInvalid, appraisal.ErrNotLinked, 0},
		{"an unknown activity", "mgr", "act-none", cpd.ErrInvalid, appraisal.ErrNotLinked, 0},
		{"not the head of education", "head", linked.ID, cpd.ErrForbidden, cpd.ErrForbidden, 0},
		{"not a peer", "pete", linked.ID, cpd.ErrForbidden, cpd.ErrForbidden, 0},
	}
	for _, tc := range ratings {
		t.Run("rate: "+tc.name, func(t *testing.T) {
			before := f.snapshot(t)
			got, err := f.svc.Appraisals.RateEffectiveness(as(tc.by), tg.ID, tc.activity, appraisal.Effective, "better questions in class")
			wantErr(t, err, tc.want, "")
			wantErr(t, err, tc.also, "")
			if tc.want != nil {
				require.Equal(t, before, f.snapshot(t), "a refused rating changes nothing")
				return
			}
			last := got.Ratings[len(got.Ratings)-1]
			require.Equal(t, appraisal.Rating{Activity: tc.activity, Rater: tc.rater, By: tc.by, Effectiveness: appraisal.Effective,
				Comment: "better questions in class", On: date.New(2026, 11, 25)}, last)
		})
	}
	t.Run("a rating needs a comment", func(t *testing.T) {
		g := newAppraisalFixture(t)
		tg := g.setTarget(t, "tina", "Questioning")
		a := g.linkedDone(t, "tina", date.New(2026, 10, 5), tg.ID)
		_, err := g.svc.Appraisals.EvaluateTarget(as("mgr"), tg.ID, appraisal.OutcomeAchieved, "")
		require.NoError(t, err)
		_, err = g.svc.Appraisals.RateEffectiveness(as("tina"), tg.ID, a.ID, appraisal.Effective, "")
		wantErr(t, err, cpd.ErrInvalid, "comment")
	})
	t.Run("the evaluated target", func(t *testing.T) {
		got, err := f.svc.Appraisals.Target(as("tina"), tg.ID)
		require.NoError(t, err)
		require.Equal(t, appraisal.PartlyAchieved, got.Status)
		require.Equal(t, "mgr", got.Evaluation.By)
		require.Empty(t, got.RatingsDue([]string{linked.ID}))
	})
}

func TestWithdrawTarget(t *testing.T) {
	f := newAppraisalFixture(t)
	tg := f.setTarget(t, "tina", "Questioning")
	tests := []struct {
		name   string
		by     string
		reason string
		want   error
		field  string
	}{
		{"not the owner", "tina", "r", cpd.ErrForbidden, ""},
		{"a reason is required", "mgr", "", cpd.ErrInvalid, "reason"},
		{"the line manager", "mgr", "moved to English", nil, ""},
		{"only an open target", "head", "again", cpd.ErrInvalid, "status"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.svc.Appraisals.WithdrawTarget(as(tc.by), tg.ID, tc.reason)
			wantErr(t, err, tc.want, tc.field)
		})
	}
	got, err := f.svc.Appraisals.Targets(as("mgr"), "tina")
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, appraisal.Withdrawn, got[0].Status)
}

func TestImprovementPlanReview(t *testing.T) {
	f := newAppraisalFixture(t)
	maths, err := f.svc.Appraisals.SetTarget(as("head"), appraisal.Target{Title: "Maths pass rate", Source: appraisal.ImprovementPlanning,
		Owner: "tina", Due: date.New(2027, 7, 1)})
	require.NoError(t, err)
	english, err := f.svc.Appraisals.SetTarget(as("head"), appraisal.Target{Title: "English pass rate", Source: appraisal.ImprovementPlanning,
		Owner: "pete", Due: date.New(2027, 7, 1)})
	require.NoError(t, err)
	f.linkedDone(t, "tina", date.New(2026, 10, 5), maths.ID)
	f.linkedDone(t, "pete", date.New(2026, 10, 5), maths.ID, english.ID)
	_, err = f.svc.Appraisals.RecordReview(as("mgr"), annual(maths.ID)) // not signed off: its need is proposed
	require.NoError(t, err)

	tests := []struct {
		name   string
		by     string
		area   string
		want   error
		rows   []string
		counts []appraisal.Counts
	}{
		{"the head, everything, by area", "head", "", nil, []string{english.ID, maths.ID},
			[]appraisal.Counts{{Done: 1}, {Done: 2, Proposed: 1}}},
		{"the head, one area", "head", "maths", nil, []string{maths.ID}, []appraisal.Counts{{Done: 2, Proposed: 1}}},
		{"an auditor", "audrey", "english", nil, []string{english.ID}, []appraisal.Counts{{Done: 1}}},
		{"a line manager, their own area", "mgr", "maths", nil, []string{maths.ID}, []appraisal.Counts{{Done: 2, Proposed: 1}}},
		{"a line manager, another area", "mgr", "english", cpd.ErrForbidden, nil, nil},
		{"a line manager, everything", "mgr", "", cpd.ErrForbidden, nil, nil},
		{"a teacher", "tina", "maths", cpd.ErrForbidden, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pr, err := f.svc.Appraisals.ImprovementPlanReview(as(tc.by), date.New(2026, 11, 25), tc.area)
			wantErr(t, err, tc.want, "")
			rows, counts := planRows(pr)
			require.Equal(t, tc.rows, rows)
			require.Equal(t, tc.counts, counts)
		})
	}
}

func planRows(pr appraisal.PlanReview) (rows []string, counts []appraisal.Counts) {
	for _, r := range pr.Rows {
		rows = append(rows, r.Target.ID)
		counts = append(counts, r.Counts)
	}
	return rows, counts
}
