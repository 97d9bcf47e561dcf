// Package errs holds the sentinel errors that mean the same thing in every
// cpdkit package, so that each package's ErrInvalid, ErrForbidden and
// ErrTransition are one value: errors.Is(err, cpd.ErrInvalid) holds for a
// compliance, budget or appraisal error of bad input as for cpd's own.
// It holds, too, the one [ValidationError] type, which each package names
// with an alias, so that errors.As with any package's name finds the field
// of any package's validation error, and [Problems], the collector of the
// validations that report every problem at once. The domain packages
// re-export all of these under their own names; this package imports
// nothing from cpdkit and keeps no state beyond the sentinel values.
package errs

import (
	"errors"
	"fmt"
)

var (
	// ErrInvalid is matched by every error that reports bad input.
	ErrInvalid = errors.New("invalid")
	// ErrForbidden is matched by every error for something the actor may not
	// do.
	ErrForbidden = errors.New("forbidden")
	// ErrTransition is matched by every error for a step the current state
	// does not allow.
	ErrTransition = errors.New("illegal transition")
)

// ValidationError names the input that is wrong and why. It matches
// ErrInvalid and, when Err is set, Err too. Every cpdkit package's
// ValidationError is an alias of this type.
type ValidationError struct {
	// Field locates the value at fault as a JSON document would, such as
	// "requirements[3].validity" or "plan[1].target"; "" for the input as
	// a whole.
	Field string
	// Reason says what is wrong with the value.
	Reason string
	// Err is a more specific error the problem also matches (with
	// errors.Is), such as appraisal's ErrNotLinked, or nil.
	Err error
}

// Error returns "field: reason", or the reason alone when there is no
// field.
func (e *ValidationError) Error() string {
	if e.Field == "" {
		return e.Reason
	}
	return e.Field + ": " + e.Reason
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Unwrap returns the more specific error, if any.
func (e *ValidationError) Unwrap() error { return e.Err }

// Invalid returns a *ValidationError for field, its reason formatted as
// by fmt.Sprintf.
func Invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// Problems collects the problems of one input, each a *ValidationError,
// so that a validation reports them all at once rather than the first.
// The zero value is empty and ready to use.
type Problems []error

// Add records that field is wrong, for reason.
func (p *Problems) Add(field, reason string) {
	*p = append(*p, &ValidationError{Field: field, Reason: reason})
}

// Addf records that field is wrong, its reason formatted as by
// fmt.Sprintf.
func (p *Problems) Addf(field, format string, args ...any) {
	*p = append(*p, Invalid(field, format, args...))
}

// Err returns the problems joined with errors.Join, in the order they
// were added, or nil when there are none.
func (p Problems) Err() error { return errors.Join(p...) }
