package appraisal

import (
	"github.com/cpdkit/cpdkit/internal/enum"
)

// ReviewKind says whether a review is the annual appraisal or an interim
// review. The zero value is unset.
type ReviewKind uint8

// The review kinds.
const (
	// Annual is the year's appraisal, where targets and the professional
	// development plan are set.
	Annual ReviewKind = iota + 1
	// Interim is a review of progress during the year.
	Interim
)

var reviewKindNames = enum.New(enumError, "annual", "interim")

// String returns the stable lowercase name used in JSON and storage.
func (k ReviewKind) String() string { return reviewKindNames.String(uint8(k)) }

// MarshalText writes the stable name.
func (k ReviewKind) MarshalText() ([]byte, error) { return reviewKindNames.Text(uint8(k), "kind") }

// UnmarshalText reads the stable name.
func (k *ReviewKind) UnmarshalText(b []byte) error {
	return reviewKindNames.Parse((*uint8)(k), b, "kind")
}

// Source is where an improvement target came from. Each is the package
// cpd source of need of the same name (FromAppraisal is cpd's Appraisal),
// which cpd maps it to value by value; cpd has sources of need besides,
// which no target comes from. The zero value is unset.
type Source uint8

// The sources of targets.
const (
	// ImprovementPlanning is the self-assessment report and quality
	// improvement plan (SAR/QIP); its targets belong to an area.
	ImprovementPlanning Source = iota + 1
	// OTLA is an observation of teaching, learning and assessment.
	OTLA
	// FromAppraisal is performance management: the annual appraisal or an
	// interim review.
	FromAppraisal
	// WorkScrutiny is a scrutiny of a person's work.
	WorkScrutiny
	// QualityAssurance is a quality-assurance review.
	QualityAssurance
	// PerformanceImprovementPlan is a performance improvement plan.
	PerformanceImprovementPlan
)

var sourceNames = enum.New(enumError, "improvement_planning", "otla", "appraisal", "work_scrutiny", "quality_assurance",
	"performance_improvement_plan")

// String returns the stable lowercase name used in JSON and storage.
func (s Source) String() string { return sourceNames.String(uint8(s)) }

// MarshalText writes the stable name.
func (s Source) MarshalText() ([]byte, error) { return sourceNames.Text(uint8(s), "source") }

// UnmarshalText reads the stable name.
func (s *Source) UnmarshalText(b []byte) error { return sourceNames.Parse((*uint8)(s), b, "source") }

// TargetStatus is where a target stands. The zero value is unset.
type TargetStatus uint8

// The target statuses. A target is Open until it is evaluated (Achieved,
// PartlyAchieved or NotAchieved) or withdrawn.
const (
	Open TargetStatus = iota + 1
	Achieved
	PartlyAchieved
	NotAchieved
	// Withdrawn: no longer pursued, with a reason; it is not evaluated.
	Withdrawn
)

var targetStatusNames = enum.New(enumError, "open", "achieved", "partly_achieved", "not_achieved", "withdrawn")

// String returns the stable lowercase name used in JSON and storage.
func (s TargetStatus) String() string { return targetStatusNames.String(uint8(s)) }

// MarshalText writes the stable name.
func (s TargetStatus) MarshalText() ([]byte, error) {
	return targetStatusNames.Text(uint8(s), "status")
}

// UnmarshalText reads the stable name.
func (s *TargetStatus) UnmarshalText(b []byte) error {
	return targetStatusNames.Parse((*uint8)(s), b, "status")
}

// Evaluated reports whether the target has been evaluated (achieved,
// partly achieved or not achieved).
func (s TargetStatus) Evaluated() bool { return s >= Achieved && s <= NotAchieved }

// Outcome is the result of evaluating a target. The zero value is unset.
type Outcome uint8

// The outcomes.
const (
	OutcomeAchieved Outcome = iota + 1
	OutcomePartlyAchieved
	OutcomeNotAchieved
)

var outcomeNames = enum.New(enumError, "achieved", "partly_achieved", "not_achieved")

// String returns the stable lowercase name used in JSON and storage.
func (o Outcome) String() string { return outcomeNames.String(uint8(o)) }

// MarshalText writes the stable name.
func (o Outcome) MarshalText() ([]byte, error) { return outcomeNames.Text(uint8(o), "outcome") }

// UnmarshalText reads the stable name.
func (o *Outcome) UnmarshalText(b []byte) error { return outcomeNames.Parse((*uint8)(o), b, "outcome") }

// Status is the target status an outcome gives.
func (o Outcome) Status() TargetStatus {
	switch o {
	case OutcomeAchieved:
		return Achieved
	case OutcomePartlyAchieved:
		return PartlyAchieved
	case OutcomeNotAchieved:
		return NotAchieved
	}
	return 0
}

// Effectiveness is how effective a development activity was in reaching a
// target, on a four-point scale. The zero value is unset.
type Effectiveness uint8

// The effectiveness ratings, from least to most effective.
const (
	NotEffective Effectiveness = iota + 1
	SlightlyEffective
	Effective
	HighlyEffective
)

var effectivenessNames = enum.New(enumError, "not_effective", "slightly_effective", "effective", "highly_effective")

// String returns the stable lowercase name used in JSON and storage.
func (e Effectiveness) String() string { return effectivenessNames.String(uint8(e)) }

// MarshalText writes the stable name.
func (e Effectiveness) MarshalText() ([]byte, error) {
	return effectivenessNames.Text(uint8(e), "effectiveness")
}

// UnmarshalText reads the stable name.
func (e *Effectiveness) UnmarshalText(b []byte) error {
	return effectivenessNames.Parse((*uint8)(e), b, "effectiveness")
}

// Rater says who gave an effectiveness rating. The zero value is unset.
type Rater uint8

// The raters: the target's owner and their line manager each rate every
// linked activity.
const (
	// ByPerson is the person who owns the target and did the development.
	ByPerson Rater = iota + 1
	// ByLineManager is their line manager.
	ByLineManager
)

var raterNames = enum.New(enumError, "person", "line_manager")

// String returns the stable lowercase name used in JSON and storage.
func (r Rater) String() string { return raterNames.String(uint8(r)) }

// MarshalText writes the stable name.
func (r Rater) MarshalText() ([]byte, error) { return raterNames.Text(uint8(r), "rater") }

// UnmarshalText reads the stable name.
func (r *Rater) UnmarshalText(b []byte) error { return raterNames.Parse((*uint8)(r), b, "rater") }

// Level is one of the five levels of professional-development evaluation
// used in education (Guskey). The zero value is unset.
type Level uint8

// The five levels, in order.
const (
	// Reactions: did the participant value the experience?
	Reactions Level = iota + 1
	// Learning: did they acquire the intended knowledge and skills?
	Learning
	// OrganisationalSupport: did the organisation support and change to
	// let them use it?
	OrganisationalSupport
	// UseOfLearning: do they use the new knowledge and skills?
	UseOfLearning
	// LearnerOutcomes: what was the impact on students and learners?
	LearnerOutcomes
)

var levelNames = enum.New(enumError, "reactions", "learning", "organisational_support", "use_of_learning", "learner_outcomes")

// Levels returns the five levels in order.
func Levels() []Level {
	return []Level{Reactions, Learning, OrganisationalSupport, UseOfLearning, LearnerOutcomes}
}

// String returns the stable lowercase name used in JSON and storage.
func (l Level) String() string { return levelNames.String(uint8(l)) }

// MarshalText writes the stable name.
func (l Level) MarshalText() ([]byte, error) { return levelNames.Text(uint8(l), "level") }

// UnmarshalText reads the stable name.
func (l *Level) UnmarshalText(b []byte) error { return levelNames.Parse((*uint8)(l), b, "level") }

// Progress is how far a development need has got. The zero value is unset.
type Progress uint8

// The stages of a need.
const (
	// Proposed: in a plan that is not yet signed off, so not yet requested.
	Proposed Progress = iota + 1
	// Planned: requested, approved or booked.
	Planned
	// Done: completed (or evaluated).
	Done
	// Dropped: declined, cancelled or delegated to a colleague.
	Dropped
)

var progressNames = enum.New(enumError, "proposed", "planned", "done", "dropped")

// String returns the stable lowercase name used in JSON and storage.
func (p Progress) String() string { return progressNames.String(uint8(p)) }

// MarshalText writes the stable name.
func (p Progress) MarshalText() ([]byte, error) { return progressNames.Text(uint8(p), "progress") }

// UnmarshalText reads the stable name.
func (p *Progress) UnmarshalText(b []byte) error {
	return progressNames.Parse((*uint8)(p), b, "progress")
}

// ActionKind is what sort of action a performance improvement plan sets.
// The zero value is unset.
type ActionKind uint8

// The action kinds.
const (
	// ProfessionalLearning is development the person undertakes; every
	// plan has at least one.
	ProfessionalLearning ActionKind = iota + 1
	// Support is what the manager or organisation provides.
	Support
	// Task is a piece of work the person carries out.
	Task
)

var actionKindNames = enum.New(enumError, "professional_learning", "support", "task")

// String returns the stable lowercase name used in JSON and storage.
func (k ActionKind) String() string { return actionKindNames.String(uint8(k)) }

// MarshalText writes the stable name.
func (k ActionKind) MarshalText() ([]byte, error) { return actionKindNames.Text(uint8(k), "kind") }

// UnmarshalText reads the stable name.
func (k *ActionKind) UnmarshalText(b []byte) error {
	return actionKindNames.Parse((*uint8)(k), b, "kind")
}

// UpdateKind is who a sector update comes from. The zero value is unset.
type UpdateKind uint8

// The update kinds.
const (
	// FundingBody: a funding-body bulletin (the ESFA Update).
	FundingBody UpdateKind = iota + 1
	// Inspectorate: an inspection-framework change or briefing (Ofsted).
	Inspectorate
	// AwardingBody: an awarding-body notice.
	AwardingBody
	// Government: a government alert or guidance (gov.uk, DfE).
	Government
	// MembershipBody: a sector membership body's notice (NASBTT, the
	// Chartered College).
	MembershipBody
)

var updateKindNames = enum.New(enumError, "funding_body", "inspectorate", "awarding_body", "government", "membership_body")

// String returns the stable lowercase name used in JSON and storage.
func (k UpdateKind) String() string { return updateKindNames.String(uint8(k)) }

// MarshalText writes the stable name.
func (k UpdateKind) MarshalText() ([]byte, error) { return updateKindNames.Text(uint8(k), "kind") }

// UnmarshalText reads the stable name.
func (k *UpdateKind) UnmarshalText(b []byte) error {
	return updateKindNames.Parse((*uint8)(k), b, "kind")
}

// enumError is the error of every enumeration's MarshalText and
// UnmarshalText (see package internal/enum): a *ValidationError for the
// field.
func enumError(field, reason string) error { return &ValidationError{Field: field, Reason: reason} }
