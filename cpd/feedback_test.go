package cpd_test

import (
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/cpd"
)

// scores are feedback scores at the first levels, in order.
func scores(ss ...appraisal.Score) []appraisal.LevelScore {
	out := make([]appraisal.LevelScore, len(ss))
	for i, s := range ss {
		out[i] = appraisal.LevelScore{Level: appraisal.Levels()[i], Score: s}
	}
	return out
}

func TestGiveFeedback(t *testing.T) {
	f := newAppraisalFixture(t)
	a := f.linkedDone(t, "tina", date.New(2026, 11, 20))
	requested, err := f.svc.Activities.Request(as("tina"), course("tina"))
	require.NoError(t, err)
	tests := []struct {
		name     string
		by       string
		activity string
		scores   []appraisal.LevelScore
		want     error
		field    string
	}{
		{"not the line manager", "mgr", a.ID, scores(5, 4), cpd.ErrForbidden, ""},
		{"not the head of education", "head", a.ID, scores(5, 4), cpd.ErrForbidden, ""},
		{"not an auditor", "audrey", a.ID, scores(5, 4), cpd.ErrForbidden, ""},
		{"a peer learns nothing of an unknown activity", "pete", "act-none", scores(5, 4), cpd.ErrForbidden, ""},
		{"learning must be scored", "tina", a.ID, scores(5), cpd.ErrInvalid, "scores"},
		{"scores run from 1 to 5", "tina", a.ID, scores(5, 6), cpd.ErrInvalid, "scores[1].score"},
		{"not on an activity still to happen", "tina", requested.ID, scores(5, 4), cpd.ErrInvalid, "activity"},
		{"the person who completed it", "tina", a.ID, scores(5, 4, 3, 4, 2), nil, ""},
		{"once only", "tina", a.ID, scores(1, 1), cpd.ErrConflict, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := f.snapshot(t)
			_, err := f.svc.Development.GiveFeedback(as(tc.by), appraisal.Feedback{Activity: tc.activity, Scores: tc.scores})
			wantErr(t, err, tc.want, tc.field)
			if tc.want != nil {
				require.Equal(t, before, f.snapshot(t), "refused feedback changes nothing")
			}
		})
	}
	got, err := f.svc.Development.Feedback(as("mgr"), a.ID)
	require.NoError(t, err)
	require.Equal(t, appraisal.Feedback{Activity: a.ID, By: "tina", Given: date.New(2026, 11, 25), Scores: scores(5, 4, 3, 4, 2)}, got)
	_, err = f.svc.Development.Feedback(as("pete"), a.ID)
	require.ErrorIs(t, err, cpd.ErrForbidden)
	_, err = f.svc.Development.Feedback(as("tina"), requested.ID)
	require.ErrorIs(t, err, cpd.ErrNotFound)
}

func TestFeedbackReport(t *testing.T) {
	f := newAppraisalFixture(t)
	a1 := f.linkedDone(t, "tina", date.New(2026, 11, 2))
	a2 := f.linkedDone(t, "pete", date.New(2026, 11, 5))
	webinar := done("pete", date.New(2026, 11, 15))
	webinar.Kind, webinar.Provider = cpd.Webinar, "DfE"
	a3, err := f.svc.Activities.RecordCompleted(as("pete"), webinar)
	require.NoError(t, err)
	for _, fb := range []struct {
		by, activity string
		scores       []appraisal.LevelScore
	}{{"tina", a1.ID, scores(5, 4, 3)}, {"pete", a2.ID, scores(4, 3)}} {
		_, err := f.svc.Development.GiveFeedback(as(fb.by), appraisal.Feedback{Activity: fb.activity, Scores: fb.scores})
		require.NoError(t, err)
	}

	t.Run("who may read it", func(t *testing.T) {
		for by, want := range map[string]error{"head": nil, "iqa": nil, "md": nil, "audrey": nil,
			"admin": cpd.ErrForbidden, "mgr": cpd.ErrForbidden, "tina": cpd.ErrForbidden} {
			_, err := f.svc.Development.FeedbackReport(as(by), nil)
			wantErr(t, err, want, "")
		}
	})
	r, err := f.svc.Development.FeedbackReport(as("head"), nil)
	require.NoError(t, err)
	t.Run("by provider", func(t *testing.T) {
		require.Len(t, r.ByProvider, 2)
		require.Equal(t, "DfE", r.ByProvider[0].Key)
		require.Equal(t, 0, r.ByProvider[0].Responses)
		hub := r.ByProvider[1]
		require.Equal(t, []any{"Maths Hub", 2, 2, "4.50", "3.50", "3.00", "3.80"},
			[]any{hub.Key, hub.Activities, hub.Responses, hub.Levels[0].Mean.StringFixed(2), hub.Levels[1].Mean.StringFixed(2),
				hub.Levels[2].Mean.StringFixed(2), hub.Average.Mean.StringFixed(2)})
	})
	t.Run("by kind and aspect", func(t *testing.T) {
		require.Equal(t, []string{"external_course", "webinar"}, []string{r.ByKind[0].Key, r.ByKind[1].Key})
		require.Equal(t, "keeping_up_to_date", r.ByAspect[0].Key)
		require.Equal(t, 3, r.ByAspect[0].Activities)
	})
	t.Run("outstanding", func(t *testing.T) {
		require.Equal(t, []appraisal.Outstanding{{Activity: a3.ID, Person: "pete", Title: a3.Title, Provider: "DfE",
			Completed: date.New(2026, 11, 15), Days: 10}}, r.Outstanding)
	})
	t.Run("a window", func(t *testing.T) {
		r, err := f.svc.Development.FeedbackReport(as("md"), &appraisal.ReportOptions{From: date.New(2026, 11, 3)})
		require.NoError(t, err)
		require.Equal(t, 2, r.Overall.Activities)
	})
}
