package appraisal

import (
	"fmt"

	"github.com/rickb777/date/v2"
)

// LogSubmission is one submission of a person's CPD log, on the cadence
// the policy sets (every two months in one policy): the log brought up to
// date with sector expertise and occupational competence, progress and
// impact. Package cpd turns each submission into compliance evidence for
// the policy's submission requirement.
type LogSubmission struct {
	ID        string    `json:"id"`
	Person    string    `json:"person"`
	Submitted date.Date `json:"submitted"`
	// Activities are the IDs of the activities the log covers.
	Activities []string `json:"activities,omitzero"`
	// SectorExpertise records sector expertise for teaching, learning and
	// assessment (occupational competence).
	SectorExpertise string `json:"sector_expertise,omitzero"`
	// Progress and Impact say what has moved on since the last log and
	// what difference it made.
	Progress string `json:"progress,omitzero"`
	Impact   string `json:"impact,omitzero"`
	// Document refers to the log itself (a document ID or URL).
	Document string `json:"document,omitzero"`
}

// Validate checks the submission: a person, a day, and either the log
// document or a progress statement.
func (s *LogSubmission) Validate() error {
	switch {
	case s.Person == "":
		return invalid("person", "is required")
	case s.Submitted == 0:
		return invalid("submitted", "is required")
	case s.Document == "" && s.Progress == "":
		return invalid("progress", "is required when no log document is attached")
	}
	for i, a := range s.Activities {
		if a == "" {
			return invalid(fmt.Sprintf("activities[%d]", i), "is empty")
		}
	}
	if d := duplicate(s.Activities); d != "" {
		return invalid("activities", "%s is listed twice", d)
	}
	return nil
}
