package cpd

import (
	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/internal/enum"
)

// ActivityKind is what sort of CPD an activity is: every kind the two
// reference policies name. The zero value is unset.
type ActivityKind uint8

// The activity kinds.
const (
	ExternalCourse ActivityKind = iota + 1
	InternalCourse
	CurriculumDevelopment
	NewResponsibility
	Mentoring
	Coaching
	// Observation is an observation of teaching, learning and assessment (OTLA).
	Observation
	Standardisation
	QualityReview
	Webinar
	Briefing
	Conference
	// MembershipEvent is an event of a sector membership body (NASBTT, say).
	MembershipEvent
	WorkShadowing
	Secondment
	AccreditedQualification
	// DevelopmentDay is a session of an organisation's development day.
	DevelopmentDay
	// SectorUpdate is a regulator or sector update read and acknowledged.
	SectorUpdate
)

var activityKindNames = enum.New(enumError, "external_course", "internal_course", "curriculum_development", "new_responsibility",
	"mentoring", "coaching", "observation", "standardisation", "quality_review", "webinar", "briefing", "conference",
	"membership_event", "work_shadowing", "secondment", "accredited_qualification", "development_day", "sector_update")

// String returns the stable lowercase name used in JSON and storage.
func (k ActivityKind) String() string { return activityKindNames.String(uint8(k)) }

// MarshalText writes the stable name.
func (k ActivityKind) MarshalText() ([]byte, error) {
	return activityKindNames.Text(uint8(k), "kind")
}

// UnmarshalText reads the stable name.
func (k *ActivityKind) UnmarshalText(b []byte) error {
	return activityKindNames.Parse((*uint8)(k), b, "kind")
}

// Aspect is which of the four aspects of professional development an
// activity serves. The zero value is unset.
type Aspect uint8

// The four aspects.
const (
	Induction Aspect = iota + 1
	TrainingForJob
	KeepingUpToDate
	CareerProgression
)

var aspectNames = enum.New(enumError, "induction", "training_for_job", "keeping_up_to_date", "career_progression")

// String returns the stable lowercase name used in JSON and storage.
func (a Aspect) String() string { return aspectNames.String(uint8(a)) }

// MarshalText writes the stable name.
func (a Aspect) MarshalText() ([]byte, error) { return aspectNames.Text(uint8(a), "aspect") }

// UnmarshalText reads the stable name.
func (a *Aspect) UnmarshalText(b []byte) error {
	return aspectNames.Parse((*uint8)(a), b, "aspect")
}

// Necessity says whether an activity is necessary for the role or
// aspirational. Package budget owns the vocabulary: Necessity is
// budget.Necessity, so an activity's necessity is the one its funding
// request carries, with no conversion between them. The zero value is
// unset.
type Necessity = budget.Necessity

// The necessities, budget's values under cpd's names.
const (
	Necessary    = budget.NecessaryLearning
	Aspirational = budget.AspirationalLearning
)

// Source is where the need for an activity came from. The sources of
// targets (appraisal.Source) are some of these, with the same names; the
// activities a signed-off plan requests for a target take its source. The
// zero value is unset.
type Source uint8

// The sources of need.
const (
	// ImprovementPlanning is the self-assessment report and quality
	// improvement plan (SAR/QIP).
	ImprovementPlanning Source = iota + 1
	// OTLA is an observation of teaching, learning and assessment.
	OTLA
	Appraisal
	WorkScrutiny
	QualityAssurance
	PerformanceImprovementPlan
	SelfIdentified
	// Required is training the organisation requires of everyone in a
	// role: statutory and mandatory training.
	Required
)

var sourceNames = enum.New(enumError, "improvement_planning", "otla", "appraisal", "work_scrutiny", "quality_assurance",
	"performance_improvement_plan", "self_identified", "required")

// String returns the stable lowercase name used in JSON and storage.
func (s Source) String() string { return sourceNames.String(uint8(s)) }

// MarshalText writes the stable name.
func (s Source) MarshalText() ([]byte, error) { return sourceNames.Text(uint8(s), "source") }

// UnmarshalText reads the stable name.
func (s *Source) UnmarshalText(b []byte) error {
	return sourceNames.Parse((*uint8)(s), b, "source")
}
