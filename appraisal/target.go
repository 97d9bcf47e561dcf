package appraisal

import (
	"fmt"
	"slices"

	"github.com/rickb777/date/v2"
)

// Target is an improvement target: what a person (or, for improvement
// planning, an area through a responsible person) must achieve by a date.
// Development activities serve it by naming it in their targets.
type Target struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Detail string `json:"detail,omitzero"`
	Source Source `json:"source"`
	// Owner is the person responsible for meeting it, whose development
	// serves it.
	Owner string `json:"owner"`
	// Area is the team, subject or department it belongs to; required for
	// improvement-planning targets, which the SAR/QIP sets per area.
	Area string `json:"area,omitzero"`
	// SetBy set it on Set; it is due by Due (inclusive).
	SetBy string    `json:"set_by,omitzero"`
	Set   date.Date `json:"set"`
	Due   date.Date `json:"due"`
	// Origin is the review, plan or observation that set it, if any.
	Origin string       `json:"origin,omitzero"`
	Status TargetStatus `json:"status"`
	// Reason says why it was withdrawn, on Withdrawn.
	Reason    string    `json:"reason,omitzero"`
	Withdrawn date.Date `json:"withdrawn,omitzero"`
	// Evaluation is set once it has been evaluated.
	Evaluation *Evaluation `json:"evaluation,omitzero"`
	// Ratings are the effectiveness ratings of its linked activities.
	Ratings []Rating `json:"ratings,omitzero"`
}

// Evaluation is the judgement of whether a target was met.
type Evaluation struct {
	Outcome Outcome   `json:"outcome"`
	On      date.Date `json:"on"`
	By      string    `json:"by"`
	Note    string    `json:"note,omitzero"`
}

// Rating is how effective one development activity was in reaching a
// target, in the view of the person or of their line manager.
type Rating struct {
	Activity      string        `json:"activity"`
	Rater         Rater         `json:"rater"`
	By            string        `json:"by"`
	Effectiveness Effectiveness `json:"effectiveness"`
	Comment       string        `json:"comment"`
	On            date.Date     `json:"on"`
}

// RatingDue is a rating still to be given: of Activity, by Rater.
type RatingDue struct {
	Activity string `json:"activity"`
	Rater    Rater  `json:"rater"`
}

// Validate checks the target's fields, its evaluation and its ratings.
func (t *Target) Validate() error {
	switch {
	case t.Title == "":
		return invalid("title", "is required")
	case !sourceNames.Valid(uint8(t.Source)):
		return invalid("source", "is required")
	case t.Owner == "":
		return invalid("owner", "is required")
	case t.Source == ImprovementPlanning && t.Area == "":
		return invalid("area", "is required for an improvement-planning (SAR/QIP) target")
	case t.Set == 0:
		return invalid("set", "is required")
	case t.Due == 0:
		return invalid("due", "is required")
	case t.Due < t.Set:
		return invalid("due", "%s is before the target was set on %s", t.Due, t.Set)
	case !targetStatusNames.Valid(uint8(t.Status)):
		return invalid("status", "is required")
	case t.Status == Withdrawn && t.Reason == "":
		return invalid("reason", "is required to withdraw a target")
	case (t.Status == Withdrawn) != (t.Withdrawn != 0):
		return invalid("withdrawn", "is set exactly when the target is withdrawn (status %s)", t.Status)
	case t.Withdrawn != 0 && t.Withdrawn < t.Set:
		return invalid("withdrawn", "%s is before the target was set on %s", t.Withdrawn, t.Set)
	case t.Status.Evaluated() != (t.Evaluation != nil):
		return invalid("evaluation", "a target is evaluated exactly when its status is an outcome (status %s)", t.Status)
	}
	if e := t.Evaluation; e != nil {
		if err := t.checkEvaluation(*e); err != nil {
			return within("evaluation", err)
		}
		if e.Outcome.Status() != t.Status {
			return invalid("status", "%s does not match the evaluation's outcome %s", t.Status, e.Outcome)
		}
	}
	for i, r := range t.Ratings {
		if err := t.checkRating(r); err != nil {
			return within(fmt.Sprintf("ratings[%d]", i), err)
		}
	}
	return nil
}

// Withdraw stops pursuing an open target on a day, with a reason.
func (t *Target) Withdraw(reason string, on date.Date) error {
	switch {
	case t.Status != Open:
		return invalid("status", "target %s is %s; only an open target can be withdrawn", t.ID, t.Status)
	case reason == "":
		return invalid("reason", "is required to withdraw a target")
	case on == 0:
		return invalid("withdrawn", "is required")
	case on < t.Set:
		return invalid("withdrawn", "%s is before the target was set on %s", on, t.Set)
	}
	t.Status, t.Reason, t.Withdrawn = Withdrawn, reason, on
	return nil
}

// Evaluate records whether an open target was met. A target is evaluated
// once: evaluating it again is ErrDuplicate.
func (t *Target) Evaluate(e Evaluation) error {
	switch {
	case t.Status.Evaluated():
		return state(ErrDuplicate, "target %s is already evaluated (%s)", t.ID, t.Status)
	case t.Status != Open:
		return invalid("status", "target %s is %s; only an open target can be evaluated", t.ID, t.Status)
	}
	if err := t.checkEvaluation(e); err != nil {
		return err
	}
	t.Evaluation, t.Status = &e, e.Outcome.Status()
	return nil
}

func (t *Target) checkEvaluation(e Evaluation) error {
	switch {
	case !outcomeNames.Valid(uint8(e.Outcome)):
		return invalid("outcome", "is required: achieved, partly_achieved or not_achieved")
	case e.On == 0:
		return invalid("on", "is required")
	case e.On < t.Set:
		return invalid("on", "%s is before the target was set on %s", e.On, t.Set)
	case e.By == "":
		return invalid("by", "is required")
	}
	return nil
}

// Rate adds one effectiveness rating to an evaluated target. linked are
// the IDs of the completed activities linked to the target (see Linked):
// rating any other activity is an error matching ErrNotLinked (and
// ErrInvalid). A second rating of the same activity by the same rater is
// ErrDuplicate.
func (t *Target) Rate(r Rating, linked []string) error {
	if !t.Status.Evaluated() {
		return invalid("status", "target %s is %s: its activities are rated once it is evaluated", t.ID, t.Status)
	}
	if !slices.Contains(linked, r.Activity) {
		return &ValidationError{Field: "activity", Err: ErrNotLinked,
			Reason: fmt.Sprintf("%q is not a completed activity linked to target %s", r.Activity, t.ID)}
	}
	if err := t.checkRating(r); err != nil {
		return err
	}
	for _, old := range t.Ratings {
		if old.Activity == r.Activity && old.Rater == r.Rater {
			return state(ErrDuplicate, "activity %s is already rated by the %s for target %s", r.Activity, r.Rater, t.ID)
		}
	}
	t.Ratings = append(t.Ratings, r)
	return nil
}

func (t *Target) checkRating(r Rating) error {
	switch {
	case r.Activity == "":
		return invalid("activity", "is required")
	case !raterNames.Valid(uint8(r.Rater)):
		return invalid("rater", "is required: person or line_manager")
	case r.By == "":
		return invalid("by", "is required")
	case !effectivenessNames.Valid(uint8(r.Effectiveness)):
		return invalid("effectiveness", "is required")
	case r.Comment == "":
		return invalid("comment", "is required: say why the activity was or was not effective")
	case r.On == 0:
		return invalid("on", "is required")
	case t.Evaluation != nil && r.On < t.Evaluation.On:
		return invalid("on", "%s is before the target was evaluated on %s", r.On, t.Evaluation.On)
	}
	return nil
}

// RatingsDue lists the ratings still to be given for the linked
// activities: one by the person and one by their line manager for each.
func (t *Target) RatingsDue(linked []string) []RatingDue {
	var out []RatingDue
	for _, a := range linked {
		for _, who := range []Rater{ByPerson, ByLineManager} {
			if !slices.ContainsFunc(t.Ratings, func(r Rating) bool { return r.Activity == a && r.Rater == who }) {
				out = append(out, RatingDue{Activity: a, Rater: who})
			}
		}
	}
	return out
}

// DueBy reports whether an open target falls due on or before a day.
func (t *Target) DueBy(d date.Date) bool { return t.Status == Open && t.Due <= d }
