// Package errs holds the sentinel errors that mean the same thing in every
// cpdkit package, so that each package's ErrInvalid, ErrForbidden and
// ErrTransition are one value: errors.Is(err, cpd.ErrInvalid) holds for a
// compliance, budget or appraisal error of bad input as for cpd's own. The
// domain packages re-export them under their own names; this package
// imports nothing from cpdkit and keeps no state beyond these values.
package errs

import "errors"

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
