package cpd_test

import (
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/cpd"
)

// oneToOneFixture gives tina a year of records: safeguarding done last
// December (expiring soon), Prevent never done, a target due in December,
// two activities (one with feedback), a CPD log submitted on 1 October
// and a 1-to-1 on 15 October.
func oneToOneFixture(t *testing.T) (*afix, map[string]string) {
	t.Helper()
	f := newAppraisalFixture(t)
	ids := map[string]string{}
	sg, err := f.svc.Activities.RecordCompleted(as("tina"), done("tina", date.New(2025, 12, 10), "safeguarding"))
	require.NoError(t, err)
	ids["safeguarding"] = sg.ID
	tg, err := f.svc.Appraisals.SetTarget(as("mgr"), appraisal.Target{Title: "Questioning", Source: appraisal.OTLA, Owner: "tina",
		Set: date.New(2026, 9, 20), Due: date.New(2026, 12, 12)})
	require.NoError(t, err)
	ids["target"] = tg.ID
	ids["a1"] = f.linkedDone(t, "tina", date.New(2026, 10, 1), tg.ID).ID
	ids["a2"] = f.linkedDone(t, "tina", date.New(2026, 11, 10), tg.ID).ID
	_, err = f.svc.Development.GiveFeedback(as("tina"), appraisal.Feedback{Activity: ids["a1"], Scores: scores(4, 4)})
	require.NoError(t, err)
	f.now = time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	_, err = f.svc.Appraisals.SubmitLog(as("tina"), appraisal.LogSubmission{Person: "tina", Progress: "On track"})
	require.NoError(t, err)
	f.now = fixedNow
	_, err = f.svc.Appraisals.RecordOneToOne(as("mgr"), appraisal.Meeting{Person: "tina", On: date.New(2026, 10, 15), Items: []string{"Workload"}})
	require.NoError(t, err)
	return f, ids
}

func TestOneToOneAgenda(t *testing.T) {
	f, ids := oneToOneFixture(t)
	it, err := f.svc.Appraisals.OneToOneAgenda(as("mgr"), "tina", date.New(2026, 11, 25))
	require.NoError(t, err)
	t.Run("since the last meeting", func(t *testing.T) {
		require.Equal(t, date.New(2026, 10, 15), it.Since)
		require.Equal(t, []string{ids["a2"]}, viewIDs(it.Completed))
	})
	t.Run("feedback outstanding, this academic year", func(t *testing.T) {
		// Safeguarding was done last academic year, a1 has feedback.
		require.Equal(t, []string{ids["a2"]}, viewIDs(it.FeedbackOutstanding))
	})
	t.Run("targets due", func(t *testing.T) {
		require.Len(t, it.TargetsDue, 1)
		require.Equal(t, ids["target"], it.TargetsDue[0].ID)
	})
	t.Run("compliance expiring or lapsed", func(t *testing.T) {
		require.Equal(t, []appraisal.Expiry{
			{Requirement: "prevent", Name: "Prevent", Date: date.New(2020, 9, 30), Lapsed: true}, // the last day it was due
			{Requirement: "safeguarding", Name: "Safeguarding", Date: date.New(2026, 12, 9)},
		}, it.Expiring)
	})
	t.Run("the CPD log", func(t *testing.T) {
		require.Equal(t, appraisal.LogState{Required: true, LastSubmitted: date.New(2026, 10, 1), Due: date.New(2026, 11, 30), UpToDate: true}, it.Log)
		late, err := f.svc.Appraisals.OneToOneAgenda(as("tina"), "tina", date.New(2026, 12, 1))
		require.NoError(t, err)
		require.False(t, late.Log.UpToDate)
	})
	t.Run("who may ask", func(t *testing.T) {
		for by, want := range map[string]error{"tina": nil, "mgr": nil, "head": nil, "audrey": nil, "pete": cpd.ErrForbidden} {
			_, err := f.svc.Appraisals.OneToOneAgenda(as(by), "tina", date.New(2026, 11, 25))
			wantErr(t, err, want, "")
		}
	})
}

func TestRecordOneToOne(t *testing.T) {
	f, ids := oneToOneFixture(t)
	tests := []struct {
		name  string
		by    string
		m     appraisal.Meeting
		want  error
		field string
	}{
		{"not the person", "tina", appraisal.Meeting{Person: "tina"}, cpd.ErrForbidden, ""},
		{"not someone else's manager", "head", appraisal.Meeting{Person: "tina"}, cpd.ErrForbidden, ""},
		{"not an auditor", "audrey", appraisal.Meeting{Person: "tina"}, cpd.ErrForbidden, ""},
		{"not in the future", "mgr", appraisal.Meeting{Person: "tina", On: date.New(2026, 11, 26)}, cpd.ErrInvalid, "on"},
		{"an empty agenda item", "mgr", appraisal.Meeting{Person: "tina", Items: []string{""}}, cpd.ErrInvalid, "items[0]"},
		{"the line manager, today", "mgr", appraisal.Meeting{Person: "tina", Notes: "Good progress"}, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := f.snapshot(t)
			_, err := f.svc.Appraisals.RecordOneToOne(as(tc.by), tc.m)
			wantErr(t, err, tc.want, tc.field)
			if tc.want != nil {
				require.Equal(t, before, f.snapshot(t), "a refused meeting changes nothing")
			}
		})
	}
	t.Run("the standing item is built by cpd", func(t *testing.T) {
		ms, err := f.svc.Appraisals.OneToOnes(as("tina"), "tina")
		require.NoError(t, err)
		require.Len(t, ms, 2)
		last := ms[1]
		require.Equal(t, "mgr", last.Manager)
		require.Equal(t, date.New(2026, 11, 25), last.On)
		require.Equal(t, []string{ids["a2"]}, viewIDs(last.Learning.Completed))
		require.Equal(t, date.New(2026, 10, 15), last.Learning.Since)
	})
	t.Run("the first meeting covers everything before it", func(t *testing.T) {
		ms, err := f.svc.Appraisals.OneToOnes(as("mgr"), "tina")
		require.NoError(t, err)
		require.Zero(t, ms[0].Learning.Since)
		require.Equal(t, []string{ids["safeguarding"], ids["a1"]}, viewIDs(ms[0].Learning.Completed))
	})
}

func viewIDs(acts []appraisal.Activity) []string {
	out := []string{}
	for _, a := range acts {
		out = append(out, a.ID)
	}
	return out
}
