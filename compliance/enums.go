package compliance

import (
	"github.com/cpdkit/cpdkit/internal/enum"
)

// Kind is what sort of requirement a rule is. The zero value is unset.
type Kind uint8

// The requirement kinds.
const (
	// RenewableTraining must be repeated: it is valid for a period (safeguarding P1Y).
	RenewableTraining Kind = iota + 1
	// OneOffTraining is done once and never expires (unless its certificate does).
	OneOffTraining
	// Qualification is a qualification a job role requires, such as QTS. A
	// person without it may have a dated plan to achieve it.
	Qualification
	// Membership is a professional membership that must be kept current:
	// evidence of it is valid from its date (the last renewal) to its own
	// expiry when it has one, and for the requirement's validity when not.
	Membership
	// MinimumHours is a minimum number of CPD hours in each academic year.
	MinimumHours
	// Submission is something submitted on a cadence, such as the CPD log every P2M.
	Submission
)

var kindNames = enum.New(enumError, "renewable_training", "one_off_training", "qualification", "membership", "minimum_hours", "submission")

// String returns the stable lowercase name used in JSON and storage.
func (k Kind) String() string { return kindNames.String(uint8(k)) }

// MarshalText writes the stable name.
func (k Kind) MarshalText() ([]byte, error) { return kindNames.Text(uint8(k), "kind") }

// UnmarshalText reads the stable name.
func (k *Kind) UnmarshalText(b []byte) error { return kindNames.Parse((*uint8)(k), b, "kind") }

// Status is where a person stands against one requirement. The zero value is unset.
type Status uint8

// The statuses, from best to worst. Compliant and DueSoon count as compliant
// in rates; NotApplicable and Exempt are left out of rates altogether.
const (
	// Compliant: valid evidence, not yet in the renewal window.
	Compliant Status = iota + 1
	// DueSoon: still valid but inside the renewal window, or expired but
	// inside the grace period.
	DueSoon
	// Pending: not done (or expired), but not yet held against the person:
	// a starter before the induction deadline, an extension, hours still
	// accruing in the current year, or a first submission not yet due.
	Pending
	// Planned: a required qualification is missing (or has expired) but a
	// dated plan to achieve it has not passed.
	Planned
	// Overdue: the evidence has expired (past any grace period and
	// extension), or an item once planned was missed: a dated plan or an
	// extension whose day passed with nothing done.
	Overdue
	// Missing: no valid evidence and no reason to wait.
	Missing
	// Exempt: a manager exempted the person, with a reason.
	Exempt
	// NotApplicable: the requirement does not apply to the person.
	NotApplicable
)

var statusNames = enum.New(enumError, "compliant", "due_soon", "pending", "planned", "overdue", "missing", "exempt", "not_applicable")

// String returns the stable lowercase name used in JSON and storage.
func (s Status) String() string { return statusNames.String(uint8(s)) }

// MarshalText writes the stable name.
func (s Status) MarshalText() ([]byte, error) { return statusNames.Text(uint8(s), "status") }

// UnmarshalText reads the stable name.
func (s *Status) UnmarshalText(b []byte) error {
	return statusNames.Parse((*uint8)(s), b, "status")
}

// Counts reports whether the status is included in compliance rates (it is
// not for NotApplicable and Exempt).
func (s Status) Counts() bool { return s >= Compliant && s <= Missing }

// OK reports whether the status counts as compliant (Compliant or DueSoon).
func (s Status) OK() bool { return s == Compliant || s == DueSoon }

// Failing reports whether the status is held against the person (Overdue or Missing).
func (s Status) Failing() bool { return s == Overdue || s == Missing }

// Basis is how the next expiry of renewable evidence is worked out.
type Basis uint8

// The expiry bases.
const (
	// FromCompletion: expiry is the completion date plus the validity (the default).
	FromCompletion Basis = iota + 1
	// FromPreviousExpiry: a renewal inside the renewal window (or grace
	// period) extends the previous expiry by the validity, so renewing early
	// loses no days, and lasts at least the requirement's MinimumActive from
	// its completion; any other renewal runs from its completion.
	FromPreviousExpiry
	// FixedDate: everyone renews by a fixed day each year (the
	// requirement's DueBy, such as 31 December). Evidence counts until one
	// validity after the first due day on or after its completion: with P1Y
	// and 31 December, anything completed from 1 January to 31 December
	// 2026 counts until 31 December 2027, the day by which the next must
	// be done.
	FixedDate
)

var basisNames = enum.New(enumError, "completion", "previous_expiry", "fixed_date")

// String returns the stable lowercase name used in JSON and storage.
func (b Basis) String() string { return basisNames.String(uint8(b)) }

// MarshalText writes the stable name.
func (b Basis) MarshalText() ([]byte, error) { return basisNames.Text(uint8(b), "basis") }

// UnmarshalText reads the stable name.
func (b *Basis) UnmarshalText(t []byte) error {
	return basisNames.Parse((*uint8)(b), t, "basis")
}

// Employment is whether a person is employed or an associate (non-employed)
// member of staff. The zero value is unset.
type Employment uint8

// The employment types both policies name.
const (
	Employed Employment = iota + 1
	Associate
)

var employmentNames = enum.New(enumError, "employed", "associate")

// String returns the stable lowercase name used in JSON and storage.
func (e Employment) String() string { return employmentNames.String(uint8(e)) }

// MarshalText writes the stable name.
func (e Employment) MarshalText() ([]byte, error) {
	return employmentNames.Text(uint8(e), "employment")
}

// UnmarshalText reads the stable name.
func (e *Employment) UnmarshalText(b []byte) error {
	return employmentNames.Parse((*uint8)(e), b, "employment")
}

// enumError is the error of every enumeration's MarshalText and
// UnmarshalText (see package internal/enum): a *ValidationError whose
// reason names the enumeration, without a path, for the caller (a policy's
// parser) to give the path.
func enumError(_, reason string) error { return &ValidationError{Reason: reason} }
