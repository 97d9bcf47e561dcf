package xapi

import (
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/internal/enum"
)

// Mapping is how an import knows who is who and what counts for what. Both
// parts are required. An import asks each at most once per distinct actor
// or activity, so both must give the same answer throughout an import.
type Mapping struct {
	People     People
	Activities Activities
}

// People maps a statement's actor to the caller's person ID. [Agents] is
// a ready-made implementation.
type People interface {
	// Person returns the person the actor is, or false when it is nobody
	// the caller knows.
	Person(a Actor) (id string, ok bool)
}

// Actor is the identity of a statement's actor (an Agent), by its inverse
// functional identifier: exactly one of the fields is set.
type Actor struct {
	// Mbox is a "mailto:" IRI, as the statement gives it.
	Mbox string
	// MboxSHA1Sum is the hex SHA-1 of a mailto IRI, as the statement gives it.
	MboxSHA1Sum string
	// OpenID is an OpenID URI.
	OpenID  string
	Account Account
}

// Account is a user account on an existing system, such as an LMS.
type Account struct {
	// HomePage is the system's canonical home page.
	HomePage string
	// Name is the account's unique name or ID there.
	Name string
}

// Activities maps an activity IRI (a statement's object id) to what cpdkit
// knows about it. [Catalogue] is a ready-made implementation.
type Activities interface {
	// Course returns what the activity is, or false when it is nothing the
	// caller tracks.
	Course(iri string) (Course, bool)
}

// Course is what the caller knows about one LMS activity: a course, a
// module, a cmi5 assignable unit.
type Course struct {
	// Title names it, for people and for cpd activities.
	Title string
	// Topics are the compliance topics completing it evidences, such as
	// "safeguarding". Without topics it counts only for hours. Credits
	// share this slice: do not modify it while they are in use.
	Topics []string
	// Kind and Aspect become the evidence's Kind and Aspect, for minimum
	// hours rules that count only some kinds or aspects ("webinar",
	// "keeping_up_to_date").
	Kind   string
	Aspect string
	// MoveOn is the cmi5 moveOn rule for the activity, applied to its cmi5
	// statements; zero means the one on the registration's launched
	// statement, else a moveon context extension on another of its
	// statements, else CompletedOrPassed. Plain xAPI statements ignore it.
	MoveOn MoveOn
	// MasteryScore is the least scaled score (0 to 1) a passed statement
	// needs to give credit; unset means the one on a cmi5 registration's
	// launched statement, else the passed statement's own masteryscore
	// context extension, or no minimum without one.
	MasteryScore decimal.NullDecimal
}

// MoveOn is a cmi5 moveOn rule: which statements satisfy an assignable
// unit. The zero value is unset.
type MoveOn uint8

// The cmi5 moveOn rules.
const (
	// MoveOnCompleted: a completed statement satisfies the AU.
	MoveOnCompleted MoveOn = iota + 1
	// MoveOnPassed: a passed statement satisfies the AU.
	MoveOnPassed
	// MoveOnCompletedAndPassed: both are needed, in the same registration;
	// the credit is dated by the later.
	MoveOnCompletedAndPassed
	// MoveOnCompletedOrPassed: either satisfies the AU.
	MoveOnCompletedOrPassed
	// MoveOnNotApplicable: cmi5 considers the AU satisfied without any
	// statement. cpdkit still needs a statement to date the credit, so it
	// treats this as CompletedOrPassed: failed still gives none.
	MoveOnNotApplicable
)

var moveOnNames = enum.New(enumError, "completed", "passed", "completed_and_passed", "completed_or_passed", "not_applicable")

// cmi5MoveOnNames are the values as cmi5 spells them, in the same order.
var cmi5MoveOnNames = []string{"", "Completed", "Passed", "CompletedAndPassed", "CompletedOrPassed", "NotApplicable"}

// String returns the stable lowercase name.
func (m MoveOn) String() string { return moveOnNames.String(uint8(m)) }

// MarshalText writes the stable name.
func (m MoveOn) MarshalText() ([]byte, error) { return moveOnNames.Text(uint8(m), "move_on") }

// UnmarshalText reads the stable name or the cmi5 spelling
// ("CompletedAndPassed").
func (m *MoveOn) UnmarshalText(b []byte) error {
	if v, ok := parseMoveOn(b); ok {
		*m = v
		return nil
	}
	return moveOnNames.Parse((*uint8)(m), b, "move_on")
}

// parseMoveOn reads a moveOn value in either spelling.
func parseMoveOn(b []byte) (MoveOn, bool) {
	for i := 1; i <= moveOnNames.Len(); i++ {
		if string(b) == moveOnNames.String(uint8(i)) || string(b) == cmi5MoveOnNames[i] {
			return MoveOn(i), true
		}
	}
	return 0, false
}

// Verb is what a statement says its actor did, as far as cpdkit cares.
// The zero value is unset.
type Verb uint8

// The verbs cpdkit distinguishes.
const (
	// VerbCompleted: http://adlnet.gov/expapi/verbs/completed; gives credit.
	VerbCompleted Verb = iota + 1
	// VerbPassed: http://adlnet.gov/expapi/verbs/passed; gives credit when
	// the score reaches any mastery score.
	VerbPassed
	// VerbFailed: http://adlnet.gov/expapi/verbs/failed; gives none.
	VerbFailed
	// VerbVoided: http://adlnet.gov/expapi/verbs/voided; voids another statement.
	VerbVoided
	// VerbOther is any other verb; it gives no credit.
	VerbOther
	// VerbLaunched: http://adlnet.gov/expapi/verbs/launched; gives no
	// credit, but in cmi5 carries the registration's moveOn and mastery
	// score (cmi5 §9.6.3.2, §9.6.3.6).
	VerbLaunched
	// VerbWaived: https://w3id.org/xapi/adl/verbs/waived; in cmi5, the
	// LMS's word that the AU's requirements were met by other means, which
	// satisfies the registration whatever its moveOn (cmi5 §9.3.7).
	// Outside cmi5 it gives no credit.
	VerbWaived
	// VerbSatisfied: https://w3id.org/xapi/adl/verbs/satisfied; in cmi5,
	// the LMS's word that the learner met the moveOn criteria of a block
	// or course (cmi5 §9.3.9), which gives credit for that block or course
	// when the mapping knows it. Outside cmi5 it gives no credit.
	VerbSatisfied
)

// The verb IRIs xAPI 1.0.3 defines and cpdkit acts on.
const (
	CompletedIRI = "http://adlnet.gov/expapi/verbs/completed"
	PassedIRI    = "http://adlnet.gov/expapi/verbs/passed"
	FailedIRI    = "http://adlnet.gov/expapi/verbs/failed"
	VoidedIRI    = "http://adlnet.gov/expapi/verbs/voided"
	LaunchedIRI  = "http://adlnet.gov/expapi/verbs/launched"
)

// The verb IRIs cmi5 (quartz edition) takes from the ADL vocabulary.
const (
	WaivedIRI    = "https://w3id.org/xapi/adl/verbs/waived"
	SatisfiedIRI = "https://w3id.org/xapi/adl/verbs/satisfied"
)

// The cmi5 IRIs cpdkit reads.
const (
	// CMI5CategoryIRI, in context.contextActivities.category, marks a
	// cmi5 statement.
	CMI5CategoryIRI = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
	// MasteryScoreIRI is the context extension carrying the AU's mastery
	// score (0 to 1).
	MasteryScoreIRI = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
	// MoveOnIRI is the context extension carrying the AU's moveOn rule.
	MoveOnIRI = "https://w3id.org/xapi/cmi5/context/extensions/moveon"
	// ReasonIRI is the result extension in which the LMS says why it
	// waived an AU ("Tested Out", "Administrative", ...).
	ReasonIRI = "https://w3id.org/xapi/cmi5/result/extensions/reason"
)

var verbNames = enum.New(enumError, "completed", "passed", "failed", "voided", "other", "launched", "waived", "satisfied")

// verbIRIs are the IRIs of the verbs, in the same order ("" for none).
var verbIRIs = []string{"", CompletedIRI, PassedIRI, FailedIRI, VoidedIRI, "", LaunchedIRI, WaivedIRI, SatisfiedIRI}

// String returns the stable lowercase name.
func (v Verb) String() string { return verbNames.String(uint8(v)) }

// MarshalText writes the stable name.
func (v Verb) MarshalText() ([]byte, error) { return verbNames.Text(uint8(v), "verb") }

// UnmarshalText reads the stable name.
func (v *Verb) UnmarshalText(b []byte) error { return verbNames.Parse((*uint8)(v), b, "verb") }

// verbOf classifies a verb IRI.
func verbOf(iri []byte) Verb {
	switch string(iri) {
	case CompletedIRI:
		return VerbCompleted
	case PassedIRI:
		return VerbPassed
	case FailedIRI:
		return VerbFailed
	case VoidedIRI:
		return VerbVoided
	case LaunchedIRI:
		return VerbLaunched
	case WaivedIRI:
		return VerbWaived
	case SatisfiedIRI:
		return VerbSatisfied
	}
	return VerbOther
}
