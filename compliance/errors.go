package compliance

import (
	"errors"

	"github.com/cpdkit/cpdkit/internal/errs"
)

// ErrInvalid is matched (with errors.Is) by every error that reports bad
// input: a policy, person or evidence that breaks a rule. The details are in
// a *ValidationError.
var ErrInvalid = errs.ErrInvalid

// ValidationError says which field is wrong and why. Path locates the field
// the way a JSON document would, for example "requirements[3].validity".
type ValidationError struct {
	Path   string
	Reason string
}

// Error returns "path: reason".
func (e *ValidationError) Error() string {
	if e.Path == "" {
		return e.Reason
	}
	return e.Path + ": " + e.Reason
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// problems collects validation errors with their paths.
type problems []error

func (p *problems) add(path, reason string) {
	*p = append(*p, &ValidationError{Path: path, Reason: reason})
}

func (p problems) err() error { return errors.Join(p...) }
