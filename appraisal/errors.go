package appraisal

import (
	"errors"
	"fmt"

	"github.com/cpdkit/cpdkit/internal/errs"
)

// The errors callers test with errors.Is.
var (
	// ErrInvalid is matched by every error that reports bad input; a
	// *ValidationError says which field and why.
	ErrInvalid = errs.ErrInvalid
	// ErrNotLinked: an effectiveness rating names an activity that is not
	// a completed activity linked to the target. Such errors also match
	// ErrInvalid.
	ErrNotLinked = errors.New("activity not linked to the target")
	// ErrNoProfessionalLearning: a performance improvement plan has no
	// professional-learning action. Such errors also match ErrInvalid.
	ErrNoProfessionalLearning = errors.New("performance improvement plan has no professional-learning action")
	// ErrSignedOff: the review is signed off by both parties and can no
	// longer change.
	ErrSignedOff = errors.New("review is signed off")
	// ErrNotSignatory: someone other than the appraiser or the appraisee
	// tried to sign a review. Nobody signs for someone else.
	ErrNotSignatory = errors.New("not a signatory of the review")
	// ErrNotParticipant: feedback on an activity from someone who did not
	// complete it.
	ErrNotParticipant = errors.New("did not complete the activity")
	// ErrNotRecipient: an acknowledgement of an update from someone it was
	// not sent to.
	ErrNotRecipient = errors.New("not a recipient of the update")
	// ErrDuplicate: the thing is already recorded: a second signature,
	// evaluation, rating, acknowledgement, annual appraisal in a year, or
	// attendance at a session.
	ErrDuplicate = errors.New("already recorded")
)

// ValidationError names the input that is wrong and why. Field locates
// the value at fault as a JSON document would ("plan[1].target"; "" for
// the input as a whole), Reason says what is wrong with it, and Err, when
// set, is a more specific error it also matches (ErrNotLinked,
// ErrNoProfessionalLearning). Every ValidationError matches ErrInvalid.
//
// It is the same type as package cpd's, compliance's and budget's
// ValidationError, so errors.As with any of the four names finds the
// details of a validation error from any cpdkit package.
type ValidationError = errs.ValidationError

// invalid builds a *ValidationError.
func invalid(field, format string, a ...any) error { return errs.Invalid(field, format, a...) }

// within prefixes the field of a *ValidationError with the path of the
// value that holds it ("plan[2]" + "." + "title"); other errors pass
// through unchanged.
func within(prefix string, err error) error {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	out := *ve
	if out.Field == "" {
		out.Field = prefix
	} else {
		out.Field = prefix + "." + out.Field
	}
	return &out
}

// state is the error for something the current state does not allow,
// wrapping one of the sentinel errors.
func state(sentinel error, format string, a ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, a...), sentinel)
}
