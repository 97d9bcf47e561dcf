package appraisal

import (
	"fmt"
	"slices"

	"github.com/rickb777/date/v2"
)

// Score is a participant's score at one level, from 1 (not at all) to 5
// (fully).
type Score uint8

// The bounds of a score.
const (
	MinScore Score = 1
	MaxScore Score = 5
)

// Feedback is a participant's evaluation of a completed development
// activity against the five levels (see Level). Reactions and Learning are
// always scored, since a participant can judge them as soon as the
// activity ends; the other three levels may be scored when they can be
// judged.
type Feedback struct {
	Activity string       `json:"activity"`
	By       string       `json:"by"`
	Given    date.Date    `json:"given"`
	Scores   []LevelScore `json:"scores"`
	Comment  string       `json:"comment,omitzero"`
}

// LevelScore is the score at one level, with an optional comment.
type LevelScore struct {
	Level   Level  `json:"level"`
	Score   Score  `json:"score"`
	Comment string `json:"comment,omitzero"`
}

// Validate checks the feedback's own fields: an activity, who gave it and
// when, and a score from 1 to 5 at each level scored, no level twice,
// Reactions and Learning always.
func (f *Feedback) Validate() error {
	switch {
	case f.Activity == "":
		return invalid("activity", "is required")
	case f.By == "":
		return invalid("by", "is required")
	case f.Given == 0:
		return invalid("given", "is required")
	}
	seen := make(map[Level]bool, len(f.Scores))
	for i, s := range f.Scores {
		field := fmt.Sprintf("scores[%d]", i)
		switch {
		case !levelNames.Valid(uint8(s.Level)):
			return invalid(field+".level", "is required")
		case seen[s.Level]:
			return invalid(field+".level", "%s is scored twice", s.Level)
		case s.Score < MinScore || s.Score > MaxScore:
			return invalid(field+".score", "%d is not from %d to %d", s.Score, MinScore, MaxScore)
		}
		seen[s.Level] = true
	}
	for _, l := range [...]Level{Reactions, Learning} {
		if !seen[l] {
			return invalid("scores", "%s must be scored", l)
		}
	}
	return nil
}

// Check checks the feedback against the activity it is about: only the
// person who completed it may give feedback (ErrNotParticipant), and not
// before it was completed.
func (f *Feedback) Check(a Activity) error {
	if err := f.Validate(); err != nil {
		return err
	}
	switch {
	case f.Activity != a.ID:
		return invalid("activity", "%s is not activity %s", f.Activity, a.ID)
	case f.By != a.Person:
		return state(ErrNotParticipant, "%s giving feedback on activity %s", f.By, a.ID)
	case !a.Done():
		return invalid("activity", "%s is %s: feedback is given on completed activities", a.ID, a.Progress)
	case f.Given < a.Completed:
		return invalid("given", "%s is before the activity was completed on %s", f.Given, a.Completed)
	}
	return nil
}

// Score returns the score at a level, or false when it was not scored.
func (f *Feedback) Score(l Level) (Score, bool) {
	i := slices.IndexFunc(f.Scores, func(s LevelScore) bool { return s.Level == l })
	if i < 0 {
		return 0, false
	}
	return f.Scores[i].Score, true
}
