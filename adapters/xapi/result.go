package xapi

import (
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/internal/enum"

	"github.com/cpdkit/cpdkit/compliance"
)

// Result is what an import found: the credit given, and what happened to
// every statement that gave none.
type Result struct {
	// Credits has one entry per credit given, in input order.
	Credits []Credit
	// Outcomes has one entry per good statement that gave no credit, in
	// input order, saying why.
	Outcomes []Outcome
	// Rejected lists the bad statements, with Options.SkipBad (without it
	// a bad statement fails the import).
	Rejected []*StatementError
	// Voided lists the ids of the statements voided by voiding statements
	// in the import, in the order of the voiding statements, whether or
	// not the voided statements were in it: credit imported from them in
	// an earlier run should be withdrawn (cpdimport.FromXAPI). Like every
	// statement id the package returns, each is in lower case.
	Voided []string
	// Statements is the number of statements read, good and bad.
	Statements int
	// More is the more link of the last StatementResult read: the URL
	// path of the next page, or "" when there is none.
	More string
}

// Credit is one statement (or, for cmi5, one satisfied registration) that
// gives credit: a person completed or passed a course on a day.
type Credit struct {
	// Statement is the id of the statement that gave the credit, in lower
	// case: the evidence's reference.
	Statement string
	// Page and Index locate the statement: its document's position among
	// an Importer's pages, and its position in that document, from 0.
	Page, Index int
	// Person is the person ID the actor mapped to.
	Person string
	// Activity is the activity IRI; Course what the mapping said of it,
	// shared by every credit for the activity: do not modify it.
	Activity string
	Course   *Course
	// Verb is VerbCompleted or VerbPassed, or for cmi5 VerbWaived or
	// VerbSatisfied (the LMS's word; Note says so).
	Verb Verb
	// Date is the day of the statement's timestamp in the organisation's
	// time zone.
	Date date.Date
	// Hours is the duration in hours, rounded half up to a thousandth.
	Hours decimal.Decimal
	// Note explains anything unusual, such as a duration in years or
	// months that gave no hours.
	Note string
}

// Evidence returns the credit as compliance evidence, by the one rule for
// completions (compliance.Completion.AppendEvidence): one record per
// distinct topic of its course, with the hours on the first only so that
// they count once, or one record without a topic (counting only for hours)
// when the course has none. Each record's ID is the statement id.
func (c *Credit) Evidence() []compliance.Evidence {
	done := compliance.Completion{ID: c.Statement, Date: c.Date, Hours: c.Hours, Topics: c.Course.Topics,
		Kind: c.Course.Kind, Aspect: c.Course.Aspect}
	return done.AppendEvidence(nil)
}

// ByPerson returns every credit's evidence, by person ID, in input order.
func (r *Result) ByPerson() map[string][]compliance.Evidence {
	out := make(map[string][]compliance.Evidence)
	for i := range r.Credits {
		c := &r.Credits[i]
		out[c.Person] = append(out[c.Person], c.Evidence()...)
	}
	return out
}

// Subjects pairs each person with the evidence the import gave them, in
// the order given, ready for compliance.Evaluator.Matrix. People with no
// credit get no evidence; credit for people not given is left out.
func (r *Result) Subjects(people []compliance.Person) []compliance.Subject {
	byPerson := r.ByPerson()
	out := make([]compliance.Subject, len(people))
	for i, p := range people {
		out[i] = compliance.Subject{Person: p, Evidence: byPerson[p.ID]}
	}
	return out
}

// Count returns the number of outcomes with status s.
func (r *Result) Count(s Status) int {
	n := 0
	for i := range r.Outcomes {
		if r.Outcomes[i].Status == s {
			n++
		}
	}
	return n
}

// Outcome says why one good statement gave no credit.
type Outcome struct {
	// Page and Index locate the statement, as in Credit.
	Page, Index int
	// Statement is its id.
	Statement string
	Verb      Verb
	// Person is the person the actor mapped to, when it was looked up and
	// found; Activity the activity IRI, when the object is an activity.
	Person   string
	Activity string
	Status   Status
	// Reason explains the status in plain English.
	Reason string
}

// Status is why a statement gave no credit. The zero value is unset.
type Status uint8

// The statuses of statements that give no credit.
const (
	// NoCredit: a failed statement, a passed one below the mastery score,
	// one whose result contradicts its verb (completion or success
	// false), one that does not satisfy the cmi5 moveOn rule, or one whose
	// registration was already credited by another statement.
	NoCredit Status = iota + 1
	// Ignored: a verb that gives no credit (launched among them), or an
	// object that is not an activity.
	Ignored
	// Voided: voided by a voiding statement.
	Voided
	// Voiding: a statement that voids another.
	Voiding
	// Duplicate: the same id as an earlier statement, which counts instead.
	Duplicate
	// UnknownPerson: the actor is not mapped to a person (or is a Group).
	UnknownPerson
	// UnknownActivity: the activity is not mapped to a course.
	UnknownActivity
)

var statusNames = enum.New(enumError, "no_credit", "ignored", "voided", "voiding", "duplicate", "unknown_person", "unknown_activity")

// String returns the stable lowercase name.
func (s Status) String() string { return statusNames.String(uint8(s)) }

// MarshalText writes the stable name.
func (s Status) MarshalText() ([]byte, error) { return statusNames.Text(uint8(s), "status") }

// UnmarshalText reads the stable name.
func (s *Status) UnmarshalText(b []byte) error {
	return statusNames.Parse((*uint8)(s), b, "status")
}
