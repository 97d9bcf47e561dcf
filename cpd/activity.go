package cpd

import (
	"fmt"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
)

// Activity is one piece of CPD for one person, from request to evaluation.
type Activity struct {
	ID        string       `json:"id"`
	Person    string       `json:"person"`
	Title     string       `json:"title"`
	Kind      ActivityKind `json:"kind"`
	Aspect    Aspect       `json:"aspect"`
	Necessity Necessity    `json:"necessity"`
	Source    Source       `json:"source"`
	// Topics are the compliance topics the activity evidences once done
	// ("safeguarding"): which requirements it meets.
	Topics []string `json:"topics,omitzero"`
	// Hours of CPD; decimal, never negative.
	Hours decimal.Decimal `json:"hours"`
	// Start and End are the planned dates.
	Start date.Date `json:"start,omitzero"`
	End   date.Date `json:"end,omitzero"`
	// Completed is the day it was completed.
	Completed date.Date `json:"completed,omitzero"`
	// ValidUntil is the last day a certificate from it is valid, if it says.
	ValidUntil    date.Date      `json:"valid_until,omitzero"`
	Provider      string         `json:"provider,omitzero"`
	Accreditation *Accreditation `json:"accreditation,omitzero"`
	// Evidence refers to the proof of completion (a document ID or URL).
	Evidence string `json:"evidence,omitzero"`
	// ExternalRef identifies the record in the system it was imported
	// from (an xAPI statement ID, a badge assertion, an HR system's row),
	// so that importing it again does not record it twice (see
	// Activities.ImportCompletions).
	ExternalRef string `json:"external_ref,omitzero"`
	Reflection  string `json:"reflection,omitzero"`
	Impact      string `json:"impact,omitzero"`
	// Targets are the IDs of the improvement targets it serves.
	Targets []string `json:"targets,omitzero"`

	State State `json:"state"`
	// RequestedBy is who asked for it; ApprovedBy who approved it.
	RequestedBy string `json:"requested_by,omitzero"`
	ApprovedBy  string `json:"approved_by,omitzero"`
	// RecordedBy is who recorded its completion: the person themself, or
	// whoever recorded it for them (their line manager, an administrator,
	// an import). Only what the person recorded themself is theirs to
	// amend (see Activities.Amend).
	RecordedBy string `json:"recorded_by,omitzero"`
	// Reason is why it was declined, cancelled, delegated or withdrawn.
	Reason string `json:"reason,omitzero"`
	// DelegatedTo is the colleague's activity that replaced this one;
	// DelegatedFrom the activity this one replaced.
	DelegatedTo   string `json:"delegated_to,omitzero"`
	DelegatedFrom string `json:"delegated_from,omitzero"`
	// History keeps every earlier version of a completed record.
	History []Revision `json:"history,omitzero"`
	// Funding is the money the activity asks for and, as the Service
	// records them, its approvals and commitment; nil if it costs nothing.
	Funding *Funding `json:"funding,omitzero"`
	// Version is the stored version, for optimistic concurrency.
	Version int64 `json:"-"`
}

// Accreditation names who accredits an activity and what it leads to.
type Accreditation struct {
	AwardingBody  string `json:"awarding_body"`
	Qualification string `json:"qualification,omitzero"`
}

// Revision is an earlier version of a completed record, kept when it is amended.
type Revision struct {
	At       time.Time `json:"at"`
	By       string    `json:"by"`
	Reason   string    `json:"reason"`
	Previous Activity  `json:"previous"`
}

// recorder returns who recorded the activity's completion. A record
// stored before RecordedBy was kept was recorded by whoever created it.
func (a *Activity) recorder() string {
	if a.RecordedBy != "" {
		return a.RecordedBy
	}
	return a.RequestedBy
}

// selfRecorded reports whether the person recorded the completion
// themself, rather than an import or someone else doing so for them.
func (a *Activity) selfRecorded() bool {
	return a.ExternalRef == "" && a.recorder() == a.Person
}

// Validate checks the activity's own fields (not its state, which the
// Service controls).
func (a *Activity) Validate() error {
	switch {
	case a.Person == "":
		return invalid("person", "is required")
	case a.Title == "":
		return invalid("title", "is required")
	case !activityKindNames.Valid(uint8(a.Kind)):
		return invalid("kind", "is required")
	case !aspectNames.Valid(uint8(a.Aspect)):
		return invalid("aspect", "is required")
	case !a.Necessity.Valid():
		return invalid("necessity", "is required")
	case !sourceNames.Valid(uint8(a.Source)):
		return invalid("source", "is required")
	case a.Hours.IsNegative():
		return invalid("hours", "%s is negative", a.Hours)
	case a.End != 0 && a.Start != 0 && a.End < a.Start:
		return invalid("end", "%s is before the start %s", a.End, a.Start)
	case a.Completed != 0 && a.Start != 0 && a.Completed < a.Start:
		return invalid("completed", "%s is before the start %s", a.Completed, a.Start)
	case a.ValidUntil != 0 && a.Completed != 0 && a.ValidUntil < a.Completed:
		return invalid("valid_until", "%s is before the completion %s", a.ValidUntil, a.Completed)
	case a.Accreditation != nil && a.Accreditation.AwardingBody == "":
		return invalid("accreditation.awarding_body", "is required")
	}
	for i, t := range a.Topics {
		if t == "" {
			return invalid(fmt.Sprintf("topics[%d]", i), "is empty")
		}
	}
	return nil
}
