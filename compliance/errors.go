package compliance

import "github.com/cpdkit/cpdkit/internal/errs"

// ErrInvalid is matched (with errors.Is) by every error that reports bad
// input: a policy, person or evidence that breaks a rule. The details are in
// a *ValidationError.
var ErrInvalid = errs.ErrInvalid

// ValidationError names the input that is wrong and why. Field locates
// the value at fault as a JSON document would ("requirements[3].validity";
// "" for the input as a whole), Reason says what is wrong with it, and
// Err, when set, is a more specific error it also matches. Every
// ValidationError matches ErrInvalid.
//
// It is the same type as package cpd's, budget's and appraisal's
// ValidationError, so errors.As with any of the four names finds the
// details of a validation error from any cpdkit package.
type ValidationError = errs.ValidationError

// problems collects a validation's problems, each with its field's path
// and a plain reason: errs.Problems, the one collector, under the names
// this package's validations call.
type problems errs.Problems

func (p *problems) add(path, reason string) { (*errs.Problems)(p).Add(path, reason) }

func (p problems) err() error { return errs.Problems(p).Err() }
