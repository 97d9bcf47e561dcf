package appraisal_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
)

// feedback is valid feedback from tina on a1, scoring every level.
func feedback(act string, scores ...appraisal.Score) appraisal.Feedback {
	f := appraisal.Feedback{Activity: act, By: "tina", Given: day(2026, 11, 20)}
	for i, s := range scores {
		f.Scores = append(f.Scores, appraisal.LevelScore{Level: appraisal.Levels()[i], Score: s})
	}
	return f
}

func TestFeedbackValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*appraisal.Feedback)
		want  error
		field string
	}{
		{"all five levels", func(*appraisal.Feedback) {}, nil, ""},
		{"reactions and learning only", func(f *appraisal.Feedback) { f.Scores = f.Scores[:2] }, nil, ""},
		{"no activity", func(f *appraisal.Feedback) { f.Activity = "" }, appraisal.ErrInvalid, "activity"},
		{"nobody", func(f *appraisal.Feedback) { f.By = "" }, appraisal.ErrInvalid, "by"},
		{"undated", func(f *appraisal.Feedback) { f.Given = 0 }, appraisal.ErrInvalid, "given"},
		{"no scores", func(f *appraisal.Feedback) { f.Scores = nil }, appraisal.ErrInvalid, "scores"},
		{"learning missing", func(f *appraisal.Feedback) { f.Scores = f.Scores[:1] }, appraisal.ErrInvalid, "scores"},
		{"reactions missing", func(f *appraisal.Feedback) { f.Scores = f.Scores[1:] }, appraisal.ErrInvalid, "scores"},
		{"level unset", func(f *appraisal.Feedback) { f.Scores[2].Level = 0 }, appraisal.ErrInvalid, "scores[2].level"},
		{"level unknown", func(f *appraisal.Feedback) { f.Scores[2].Level = 6 }, appraisal.ErrInvalid, "scores[2].level"},
		{"level twice", func(f *appraisal.Feedback) { f.Scores[2].Level = appraisal.Reactions }, appraisal.ErrInvalid, "scores[2].level"},
		{"score zero", func(f *appraisal.Feedback) { f.Scores[1].Score = 0 }, appraisal.ErrInvalid, "scores[1].score"},
		{"score six", func(f *appraisal.Feedback) { f.Scores[4].Score = 6 }, appraisal.ErrInvalid, "scores[4].score"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := feedback("a1", 5, 4, 3, 2, 1)
			tc.edit(&f)
			wantErr(t, f.Validate(), tc.want, tc.field)
		})
	}
}

func TestFeedbackCheck(t *testing.T) {
	planned := done("a1", 0)
	planned.Progress = appraisal.Planned
	tests := []struct {
		name  string
		act   appraisal.Activity
		edit  func(*appraisal.Feedback)
		want  error
		field string
	}{
		{"the person who completed it", done("a1", day(2026, 11, 19)), func(*appraisal.Feedback) {}, nil, ""},
		{"someone else", done("a1", day(2026, 11, 19)), func(f *appraisal.Feedback) { f.By = "mgr" }, appraisal.ErrNotParticipant, ""},
		{"not completed", planned, func(*appraisal.Feedback) {}, appraisal.ErrInvalid, "activity"},
		{"another activity", done("a2", day(2026, 11, 19)), func(*appraisal.Feedback) {}, appraisal.ErrInvalid, "activity"},
		{"before completion", done("a1", day(2026, 11, 21)), func(*appraisal.Feedback) {}, appraisal.ErrInvalid, "given"},
		{"invalid feedback", done("a1", day(2026, 11, 19)), func(f *appraisal.Feedback) { f.Scores = nil }, appraisal.ErrInvalid, "scores"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := feedback("a1", 5, 4)
			tc.edit(&f)
			wantErr(t, f.Check(tc.act), tc.want, tc.field)
		})
	}
}

func TestFeedbackScore(t *testing.T) {
	f := feedback("a1", 5, 4)
	s, ok := f.Score(appraisal.Learning)
	require.True(t, ok)
	require.Equal(t, appraisal.Score(4), s)
	_, ok = f.Score(appraisal.LearnerOutcomes)
	require.False(t, ok)
}
