package cpd

import (
	"errors"
	"fmt"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/internal/errs"
)

// The errors callers test with errors.Is. Every error a Service or Store
// method returns wraps one of these, or one of the domain packages' errors
// re-exported below, with context. ErrInvalid, ErrForbidden and
// ErrTransition are the same values as package compliance's, budget's and
// appraisal's, so one test classifies an error from any of them.
var (
	// ErrNotFound: the record does not exist in the actor's organisation.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the record changed since it was read (a stale version),
	// or a record with that ID already exists.
	ErrConflict = errors.New("conflict")
	// ErrForbidden: the actor may not do this. It says nothing about
	// whether the target exists.
	ErrForbidden = errs.ErrForbidden
	// ErrInvalid: the input breaks a rule; a *ValidationError says which
	// field and why.
	ErrInvalid = errs.ErrInvalid
	// ErrTransition: the activity's state does not allow this step
	// (completing a declined request, say). A *TransitionError has details.
	ErrTransition = errs.ErrTransition
	// ErrNoActor: the context carries no actor (see WithActor).
	ErrNoActor = errors.New("no actor in context")
	// ErrReadOnly: a write was attempted in a View transaction.
	ErrReadOnly = errors.New("read-only transaction")
	// ErrDirectory: the Directory could not say who the actor is, for a
	// reason other than not knowing them. A *DirectoryError has details.
	ErrDirectory = errors.New("directory lookup failed")
)

// The domain packages' own errors that a Service call can return,
// re-exported so that a caller classifies any Service error from package
// cpd alone. Each is the same value as the package's.
var (
	// ErrInsufficientFunds is budget.ErrInsufficientFunds: a cost the line
	// charged cannot afford under its enforcement. The error is a
	// *budget.InsufficientFundsError with the details.
	ErrInsufficientFunds = budget.ErrInsufficientFunds
	// ErrNotFundable is budget.ErrNotFundable: the policy does not fund
	// the request (learning neither relevant to the job role nor required).
	ErrNotFundable = budget.ErrNotFundable
	// ErrCurrencyMismatch is budget.ErrCurrencyMismatch: two amounts in
	// different currencies.
	ErrCurrencyMismatch = budget.ErrCurrencyMismatch
	// ErrSignedOff is appraisal.ErrSignedOff: the review is signed off by
	// both parties and can no longer change.
	ErrSignedOff = appraisal.ErrSignedOff
	// ErrNotSignatory is appraisal.ErrNotSignatory: only the appraiser and
	// the appraisee sign a review.
	ErrNotSignatory = appraisal.ErrNotSignatory
	// ErrNotParticipant is appraisal.ErrNotParticipant: feedback on an
	// activity from someone who did not complete it.
	ErrNotParticipant = appraisal.ErrNotParticipant
	// ErrNotRecipient is appraisal.ErrNotRecipient: an acknowledgement of
	// an update from someone it was not sent to.
	ErrNotRecipient = appraisal.ErrNotRecipient
	// ErrDuplicate is appraisal.ErrDuplicate: the thing is already
	// recorded (a second signature, rating or acknowledgement).
	ErrDuplicate = appraisal.ErrDuplicate
)

// DirectoryError is the Directory's failure to look up the actor. It
// matches ErrDirectory and keeps the Directory's own error in Err, for
// logs, but does not unwrap to it: a Directory's classification of its
// own trouble (a bad role name in an HR row is ErrInvalid to it) is not
// the caller's bad input.
type DirectoryError struct {
	Org, Person string
	Err         error
}

// Error says whom the Directory could not look up, and why.
func (e *DirectoryError) Error() string {
	return fmt.Sprintf("directory lookup of %s in %s failed: %v", e.Person, e.Org, e.Err)
}

// Is makes errors.Is(err, ErrDirectory) true.
func (e *DirectoryError) Is(target error) bool { return target == ErrDirectory }

// ValidationError names the input that is wrong and why. Field locates
// the value at fault as a JSON document would ("plan[1].target"; "" for
// the input as a whole), Reason says what is wrong with it, and Err, when
// set, is a more specific error it also matches (such as
// appraisal.ErrNotLinked). Every ValidationError matches ErrInvalid.
//
// It is the same type as compliance's, budget's and appraisal's
// ValidationError, so errors.As with any of the four names finds the
// details of a validation error from any cpdkit package.
type ValidationError = errs.ValidationError

func invalid(field, format string, a ...any) error { return errs.Invalid(field, format, a...) }

// TransitionError says which step an activity's state does not allow. It
// matches ErrTransition.
type TransitionError struct {
	Activity string
	From     State
	Action   string
}

// Error describes the refused step.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("activity %s is %s and cannot be %s", e.Activity, e.From, e.Action)
}

// Is makes errors.Is(err, ErrTransition) true.
func (e *TransitionError) Is(target error) bool { return target == ErrTransition }
