package appraisal_test

import (
	"testing"

	"github.com/cpdkit/cpdkit/appraisal"
)

func TestLogSubmissionValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*appraisal.LogSubmission)
		want  error
		field string
	}{
		{"with progress", func(*appraisal.LogSubmission) {}, nil, ""},
		{"with a document only", func(s *appraisal.LogSubmission) { s.Progress, s.Document = "", "doc-17" }, nil, ""},
		{"no person", func(s *appraisal.LogSubmission) { s.Person = "" }, appraisal.ErrInvalid, "person"},
		{"undated", func(s *appraisal.LogSubmission) { s.Submitted = 0 }, appraisal.ErrInvalid, "submitted"},
		{"neither document nor progress", func(s *appraisal.LogSubmission) { s.Progress = "" }, appraisal.ErrInvalid, "progress"},
		{"empty activity", func(s *appraisal.LogSubmission) { s.Activities = []string{"a1", ""} }, appraisal.ErrInvalid, "activities[1]"},
		{"activity twice", func(s *appraisal.LogSubmission) { s.Activities = []string{"a1", "a1"} }, appraisal.ErrInvalid, "activities"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := appraisal.LogSubmission{Person: "tina", Submitted: day(2026, 11, 1), Activities: []string{"a1", "a2"},
				SectorExpertise: "Kept up with the phonics framework", Progress: "Two courses done", Impact: "Better questioning"}
			tc.edit(&s)
			wantErr(t, s.Validate(), tc.want, tc.field)
		})
	}
}
