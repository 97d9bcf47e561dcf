package budget

import "github.com/cpdkit/cpdkit/internal/enum"

// Priority is how much a training request matters when money is short. The
// zero value is unset.
type Priority uint8

// The priorities, from highest to lowest.
const (
	// Mandatory is training the organisation requires (safeguarding,
	// Prevent, health and safety, ...). Allocate funds it before anything else.
	Mandatory Priority = iota + 1
	// PerformanceImprovementPlan is learning a performance improvement plan includes.
	PerformanceImprovementPlan
	// ImprovementTarget serves an improvement target (SAR/QIP or appraisal).
	ImprovementTarget
	// NecessaryForRole is necessary for the person to do their job.
	NecessaryForRole
	// Aspirational is career progression the person asked for.
	Aspirational
)

var priorityNames = enum.New(enumError, "mandatory", "performance_improvement_plan", "improvement_target", "necessary_for_role", "aspirational")

// String returns the stable lowercase name used in JSON and storage.
func (p Priority) String() string { return priorityNames.String(uint8(p)) }

// MarshalText writes the stable name.
func (p Priority) MarshalText() ([]byte, error) {
	return priorityNames.Text(uint8(p), "priority")
}

// UnmarshalText reads the stable name.
func (p *Priority) UnmarshalText(b []byte) error {
	return priorityNames.Parse((*uint8)(p), b, "priority")
}

// Valid reports whether p is one of the named priorities.
func (p Priority) Valid() bool { return p >= Mandatory && p <= Aspirational }

// Outcome is what Allocate decided for one candidate. The zero value is unset.
type Outcome uint8

// The outcomes.
const (
	// Funded: the candidate is in the chosen set.
	Funded Outcome = iota + 1
	// ExceedsAvailable: the candidate costs more than all the money available.
	ExceedsAvailable
	// Outranked: the candidate would fit on its own, but funding it would
	// displace funded candidates of greater total value.
	Outranked
)

var outcomeNames = enum.New(enumError, "funded", "exceeds_available", "outranked")

// String returns the stable lowercase name used in JSON and storage.
func (o Outcome) String() string { return outcomeNames.String(uint8(o)) }

// MarshalText writes the stable name.
func (o Outcome) MarshalText() ([]byte, error) { return outcomeNames.Text(uint8(o), "outcome") }

// UnmarshalText reads the stable name.
func (o *Outcome) UnmarshalText(b []byte) error {
	return outcomeNames.Parse((*uint8)(o), b, "outcome")
}
