package cpd_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/cpd"
)

func TestRecordReview(t *testing.T) {
	tests := []struct {
		name  string
		by    string
		setup func(t *testing.T, f *afix) appraisal.Review
		want  error
		field string
	}{
		{"the line manager", "mgr", func(t *testing.T, f *afix) appraisal.Review {
			return annual(f.setTarget(t, "tina", "Questioning").ID)
		}, nil, ""},
		{"an interim review without targets", "mgr", func(t *testing.T, f *afix) appraisal.Review {
			r := annual()
			r.Kind = appraisal.Interim
			return r
		}, nil, ""},
		{"the head for their own report", "head", func(t *testing.T, f *afix) appraisal.Review {
			r := annual(f.setTarget(t, "pete", "Assessment").ID)
			r.Person = "pete"
			return r
		}, nil, ""},
		{"the head is not tina's appraiser", "head", func(t *testing.T, f *afix) appraisal.Review {
			return annual(f.setTarget(t, "tina", "Questioning").ID)
		}, cpd.ErrForbidden, ""},
		{"nobody appraises themself", "tina", func(t *testing.T, f *afix) appraisal.Review {
			return annual(f.setTarget(t, "tina", "Questioning").ID)
		}, cpd.ErrForbidden, ""},
		{"auditors read only", "audrey", func(t *testing.T, f *afix) appraisal.Review {
			return annual(f.setTarget(t, "tina", "Questioning").ID)
		}, cpd.ErrForbidden, ""},
		{"someone else's target", "mgr", func(t *testing.T, f *afix) appraisal.Review {
			return annual(f.setTarget(t, "pete", "Assessment").ID)
		}, cpd.ErrInvalid, "targets[0]"},
		{"an unknown target", "mgr", func(t *testing.T, f *afix) appraisal.Review { return annual("t-none") }, cpd.ErrInvalid, "targets[0]"},
		{"a withdrawn target", "mgr", func(t *testing.T, f *afix) appraisal.Review {
			tg := f.setTarget(t, "tina", "Questioning")
			_, err := f.svc.Appraisals.WithdrawTarget(as("mgr"), tg.ID, "merged")
			require.NoError(t, err)
			return annual(tg.ID)
		}, cpd.ErrInvalid, "targets[0]"},
		{"an unknown activity kind", "mgr", func(t *testing.T, f *afix) appraisal.Review {
			r := annual(f.setTarget(t, "tina", "Questioning").ID)
			r.Plan[0].Kind = "lecture"
			return r
		}, cpd.ErrInvalid, "plan[0].kind"},
		{"an unknown aspect", "mgr", func(t *testing.T, f *afix) appraisal.Review {
			r := annual(f.setTarget(t, "tina", "Questioning").ID)
			r.Plan[1].Aspect = "fun"
			return r
		}, cpd.ErrInvalid, "plan[1].aspect"},
		{"a need for a target not in the review", "mgr", func(t *testing.T, f *afix) appraisal.Review {
			r := annual(f.setTarget(t, "tina", "Questioning").ID)
			r.Plan[0].Target = "t-none"
			return r
		}, cpd.ErrInvalid, "plan[0].target"},
		{"held in the future", "mgr", func(t *testing.T, f *afix) appraisal.Review {
			r := annual()
			r.Kind, r.Held = appraisal.Interim, date.New(2026, 11, 26)
			return r
		}, cpd.ErrInvalid, "held"},
		{"held before the person started", "mgr", func(t *testing.T, f *afix) appraisal.Review {
			r := annual()
			r.Kind, r.Held = appraisal.Interim, date.New(2019, 11, 26)
			return r
		}, cpd.ErrInvalid, "held"},
		{"the wrong year", "mgr", func(t *testing.T, f *afix) appraisal.Review {
			r := annual(f.setTarget(t, "tina", "Questioning").ID)
			r.Year = "2025/26"
			return r
		}, cpd.ErrInvalid, "year"},
		{"a second annual appraisal", "mgr", func(t *testing.T, f *afix) appraisal.Review {
			tg := f.setTarget(t, "tina", "Questioning")
			_, err := f.svc.Appraisals.RecordReview(as("mgr"), annual(tg.ID))
			require.NoError(t, err)
			return annual(tg.ID)
		}, cpd.ErrConflict, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newAppraisalFixture(t)
			r := tc.setup(t, f)
			before := f.snapshot(t)
			got, err := f.svc.Appraisals.RecordReview(as(tc.by), r)
			wantErr(t, err, tc.want, tc.field)
			if tc.want != nil {
				require.Equal(t, before, f.snapshot(t), "a refused review changes nothing")
				return
			}
			stored, err := f.svc.Appraisals.Review(as(r.Person), got.ID)
			require.NoError(t, err)
			require.Equal(t, got, stored)
			require.Equal(t, tc.by, stored.Appraiser)
			require.Equal(t, "2026/27", stored.Year)
			require.Equal(t, "draft", stored.Stage())
		})
	}
}

func TestSignReview(t *testing.T) {
	f := newAppraisalFixture(t)
	tg := f.setTarget(t, "tina", "Questioning")
	r, err := f.svc.Appraisals.RecordReview(as("mgr"), annual(tg.ID))
	require.NoError(t, err)

	t.Run("nobody signs for someone else", func(t *testing.T) {
		for _, who := range []string{"head", "pete", "admin", "audrey", "iqa"} {
			_, err := f.svc.Appraisals.SignReview(as(who), r.ID)
			require.ErrorIs(t, err, cpd.ErrForbidden, who)
		}
	})
	t.Run("the appraiser signs: no activities yet", func(t *testing.T) {
		got, err := f.svc.Appraisals.SignReview(as("mgr"), r.ID)
		require.NoError(t, err)
		require.Equal(t, "appraiser_signed", got.Stage())
		acts, err := f.svc.Activities.Activities(as("tina"), "tina")
		require.NoError(t, err)
		require.Empty(t, acts)
	})
	t.Run("signing twice", func(t *testing.T) {
		_, err := f.svc.Appraisals.SignReview(as("mgr"), r.ID)
		require.ErrorIs(t, err, cpd.ErrConflict)
	})
	t.Run("the appraisee signs it off: needs become requested activities", func(t *testing.T) {
		got, err := f.svc.Appraisals.SignReview(as("tina"), r.ID)
		require.NoError(t, err)
		require.True(t, got.SignedOff())
		acts, err := f.svc.Activities.Activities(as("tina"), "tina")
		require.NoError(t, err)
		want := []cpd.Activity{
			{ID: got.Plan[0].Activity, Person: "tina", Title: "Training for " + tg.ID, Kind: cpd.InternalCourse, Aspect: cpd.TrainingForJob,
				Necessity: cpd.Necessary, Source: cpd.Appraisal, Hours: got.Plan[0].Hours, Targets: []string{tg.ID},
				State: cpd.Requested, RequestedBy: "tina", Version: 1},
			{ID: got.Plan[1].Activity, Person: "tina", Title: "Middle leadership", Kind: cpd.ExternalCourse, Aspect: cpd.CareerProgression,
				Necessity: cpd.Aspirational, Source: cpd.Appraisal, Hours: got.Plan[1].Hours,
				State: cpd.Requested, RequestedBy: "tina", Version: 1},
		}
		if d := cmp.Diff(want, acts, decimals); d != "" {
			t.Errorf("requested activities (-want +got):\n%s", d)
		}
		_, err = f.svc.Activities.Approve(as("mgr"), got.Plan[0].Activity)
		require.NoError(t, err, "the line manager approves what the plan requested")
	})
	t.Run("a signed-off review does not change", func(t *testing.T) {
		_, err := f.svc.Appraisals.AmendReview(as("mgr"), r.ID, annual(tg.ID))
		require.ErrorIs(t, err, cpd.ErrInvalid)
		require.ErrorIs(t, err, appraisal.ErrSignedOff)
		_, err = f.svc.Appraisals.SignReview(as("tina"), r.ID)
		require.ErrorIs(t, err, cpd.ErrInvalid)
	})
	t.Run("a target's source becomes the activity's", func(t *testing.T) {
		g := newAppraisalFixture(t)
		qip, err := g.svc.Appraisals.SetTarget(as("head"), appraisal.Target{Title: "Maths pass rate", Source: appraisal.ImprovementPlanning,
			Owner: "tina", Due: date.New(2027, 7, 1)})
		require.NoError(t, err)
		r := g.signedOff(t, qip.ID)
		a, err := g.svc.Activities.Activity(as("tina"), r.Plan[0].Activity)
		require.NoError(t, err)
		require.Equal(t, cpd.ImprovementPlanning, a.Source)
	})
}

func TestAmendReview(t *testing.T) {
	f := newAppraisalFixture(t)
	t1, t2 := f.setTarget(t, "tina", "Questioning"), f.setTarget(t, "tina", "Feedback")
	r, err := f.svc.Appraisals.RecordReview(as("mgr"), annual(t1.ID))
	require.NoError(t, err)
	_, err = f.svc.Appraisals.SignReview(as("tina"), r.ID)
	require.NoError(t, err)

	tests := []struct {
		name  string
		by    string
		next  appraisal.Review
		want  error
		field string
		stage string   // afterwards
		held  []string // targets afterwards
	}{
		{"only the appraiser", "tina", annual(t1.ID, t2.ID), cpd.ErrForbidden, "", "appraisee_signed", []string{t1.ID}},
		{"not the head", "head", annual(t1.ID, t2.ID), cpd.ErrForbidden, "", "appraisee_signed", []string{t1.ID}},
		{"a need for an unknown target", "mgr", func() appraisal.Review { n := annual(t1.ID); n.Plan[0].Target = "x"; return n }(),
			cpd.ErrInvalid, "plan[0].target", "appraisee_signed", []string{t1.ID}},
		{"into another year", "mgr", func() appraisal.Review { n := annual(t1.ID); n.Held = date.New(2026, 8, 1); return n }(),
			cpd.ErrInvalid, "held", "appraisee_signed", []string{t1.ID}},
		{"adds a target and clears the signature", "mgr", annual(t1.ID, t2.ID), nil, "", "draft", []string{t1.ID, t2.ID}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.svc.Appraisals.AmendReview(as(tc.by), r.ID, tc.next)
			wantErr(t, err, tc.want, tc.field)
			stored, rerr := f.svc.Appraisals.Review(as("tina"), r.ID)
			require.NoError(t, rerr)
			require.Equal(t, tc.stage, stored.Stage())
			require.Equal(t, tc.held, stored.Targets)
		})
	}
}

func TestReviewReading(t *testing.T) {
	f := newAppraisalFixture(t)
	r := f.signedOff(t, f.setTarget(t, "tina", "Questioning").ID)
	tests := []struct {
		name string
		by   string
		id   string
		want error
	}{
		{"the person", "tina", r.ID, nil},
		{"the appraiser", "mgr", r.ID, nil},
		{"the head of education", "head", r.ID, nil},
		{"an auditor", "audrey", r.ID, nil},
		{"a peer", "pete", r.ID, cpd.ErrForbidden},
		{"a peer asking for nothing learns nothing", "pete", "missing", cpd.ErrForbidden},
		{"the head asking for nothing", "head", "missing", cpd.ErrNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.svc.Appraisals.Review(as(tc.by), tc.id)
			wantErr(t, err, tc.want, "")
		})
	}
	t.Run("cycle", func(t *testing.T) {
		interim := annual()
		interim.Kind, interim.Held = appraisal.Interim, date.New(2026, 11, 20)
		_, err := f.svc.Appraisals.RecordReview(as("mgr"), interim)
		require.NoError(t, err)
		c, err := f.svc.Appraisals.Cycle(as("tina"), "tina", "2026/27")
		require.NoError(t, err)
		require.Equal(t, r.ID, c.Annual().ID)
		require.Len(t, c.Interims(), 1)
		_, err = f.svc.Appraisals.Cycle(as("pete"), "tina", "2026/27")
		require.ErrorIs(t, err, cpd.ErrForbidden)
		empty, err := f.svc.Appraisals.Cycle(as("tina"), "tina", "2025/26")
		require.NoError(t, err)
		require.Empty(t, empty.Reviews)
	})
}
