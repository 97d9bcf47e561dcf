package cpd

import (
	"errors"
	"fmt"
)

// The errors callers test with errors.Is. Every error a Service or Store
// method returns wraps one of these, with context.
var (
	// ErrNotFound: the record does not exist in the actor's organisation.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the record changed since it was read (a stale version),
	// or a record with that ID already exists.
	ErrConflict = errors.New("conflict")
	// ErrForbidden: the actor may not do this. It says nothing about
	// whether the target exists.
	ErrForbidden = errors.New("forbidden")
	// ErrInvalid: the input breaks a rule; a *ValidationError says which
	// field and why.
	ErrInvalid = errors.New("invalid")
	// ErrTransition: the activity's state does not allow this step
	// (completing a declined request, say). A *TransitionError has details.
	ErrTransition = errors.New("illegal transition")
	// ErrNoActor: the context carries no actor (see WithActor).
	ErrNoActor = errors.New("no actor in context")
	// ErrReadOnly: a write was attempted in a View transaction.
	ErrReadOnly = errors.New("read-only transaction")
	// ErrDirectory: the Directory could not say who the actor is, for a
	// reason other than not knowing them. A *DirectoryError has details.
	ErrDirectory = errors.New("directory lookup failed")
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

// ValidationError names the field that is wrong and why. It matches ErrInvalid.
type ValidationError struct {
	Field  string
	Reason string
}

// Error returns "field: reason".
func (e *ValidationError) Error() string {
	if e.Field == "" {
		return e.Reason
	}
	return e.Field + ": " + e.Reason
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, format string, a ...any) error {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, a...)}
}

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
