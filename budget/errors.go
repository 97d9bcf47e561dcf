package budget

import (
	"errors"
	"fmt"

	sentinel "github.com/cpdkit/cpdkit/internal/errs"
)

// ErrInvalid is matched (with errors.Is) by every error that reports bad
// input: an amount that does not parse, a negative cost, a duplicate
// candidate. The details are in a *ValidationError.
var ErrInvalid = sentinel.ErrInvalid

// ErrUnknownCurrency is matched by errors for a currency code that is not
// three upper-case letters in the built-in table. Such errors also match
// ErrInvalid.
var ErrUnknownCurrency = errors.New("unknown currency")

// ErrCurrencyMismatch is matched by errors from combining two amounts in
// different currencies. cpdkit never converts between currencies.
var ErrCurrencyMismatch = errors.New("currency mismatch")

// ErrSearchLimit is matched by the error Allocate returns when an exact
// answer would take more search than AllocateOptions.MaxNodes allows.
// Allocate never falls back to an approximate answer.
var ErrSearchLimit = errors.New("allocation search limit exceeded")

// ErrForbidden is matched by errors for a decision the person may not take:
// approving their own request, approving in a role they do not act in,
// agreeing a budget they proposed. A *ForbiddenError has the details.
var ErrForbidden = sentinel.ErrForbidden

// ErrInsufficientFunds is matched by errors for a commitment, actual or
// transfer that would take a line's available money below zero when the
// line's enforcement does not allow it. An *InsufficientFundsError has the
// details.
var ErrInsufficientFunds = errors.New("insufficient funds")

// ErrTransition is matched by errors for a step the current state does not
// allow, such as agreeing a budget that was allocated directly or approving
// a claim twice. A *TransitionError has the details.
var ErrTransition = sentinel.ErrTransition

// ErrNotFundable is matched by the error for a request the policy does not
// fund (learning neither relevant to the job role nor required by the
// organisation). Such errors also match ErrInvalid.
var ErrNotFundable = errors.New("not fundable")

// ValidationError names the input that is wrong and why. Field locates
// the value at fault as a JSON document would ("rules[2].approvers[0]";
// "" for the input as a whole), Reason says what is wrong with it, and
// Err, when set, is a more specific error it also matches. Every
// ValidationError matches ErrInvalid.
//
// It is the same type as package cpd's, compliance's and appraisal's
// ValidationError, so errors.As with any of the four names finds the
// details of a validation error from any cpdkit package.
type ValidationError = sentinel.ValidationError

// CurrencyError reports a currency code that is not known.
type CurrencyError struct {
	Code string
}

// Error names the code.
func (e *CurrencyError) Error() string {
	return fmt.Sprintf("unknown currency %q (want an ISO 4217 code such as GBP)", e.Code)
}

// Is makes errors.Is true for ErrUnknownCurrency and ErrInvalid.
func (e *CurrencyError) Is(target error) bool {
	return target == ErrUnknownCurrency || target == ErrInvalid
}

// CurrencyMismatchError names the two currencies that were mixed. It
// matches ErrCurrencyMismatch and, being bad input, ErrInvalid.
type CurrencyMismatchError struct {
	Want, Got Currency
}

// Error names both codes.
func (e *CurrencyMismatchError) Error() string {
	return fmt.Sprintf("currency mismatch: %s and %s", e.Want.String(), e.Got.String())
}

// Is makes errors.Is(err, ErrCurrencyMismatch) true.
func (e *CurrencyMismatchError) Is(target error) bool {
	return target == ErrCurrencyMismatch || target == ErrInvalid
}

// SearchLimitError reports how far the exact search got before it gave up.
type SearchLimitError struct {
	Nodes int
}

// Error says how many nodes were searched.
func (e *SearchLimitError) Error() string {
	return fmt.Sprintf("allocation search limit exceeded after %d nodes", e.Nodes)
}

// Is makes errors.Is(err, ErrSearchLimit) true.
func (e *SearchLimitError) Is(target error) bool { return target == ErrSearchLimit }

// ForbiddenError says who may not do what, and why.
type ForbiddenError struct {
	Person string
	Action string
	Reason string
}

// Error says who may not do what and why.
func (e *ForbiddenError) Error() string {
	return fmt.Sprintf("%s may not %s: %s", e.Person, e.Action, e.Reason)
}

// Is makes errors.Is(err, ErrForbidden) true.
func (e *ForbiddenError) Is(target error) bool { return target == ErrForbidden }

// InsufficientFundsError says which line lacks money and by how much.
type InsufficientFundsError struct {
	Line        string
	Available   Money
	Needed      Money
	Enforcement Enforcement
}

// Error names the line, the money needed and the money available.
func (e *InsufficientFundsError) Error() string {
	s := fmt.Sprintf("insufficient funds on line %s: %s needed, %s available", e.Line, e.Needed, e.Available)
	if e.Enforcement == AllowOverride {
		s += " (the line allows an overspend only with a recorded override)"
	}
	return s
}

// Is makes errors.Is(err, ErrInsufficientFunds) true.
func (e *InsufficientFundsError) Is(target error) bool { return target == ErrInsufficientFunds }

// TransitionError says which step the state of what does not allow.
type TransitionError struct {
	What   string // "budget" or "claim"
	ID     string
	From   string // the current state
	Action string
}

// Error describes the refused step.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("cannot %s %s %s: it is %s", e.Action, e.What, e.ID, e.From)
}

// Is makes errors.Is(err, ErrTransition) true.
func (e *TransitionError) Is(target error) bool { return target == ErrTransition }

// NotFundableError says why a request is not fundable.
type NotFundableError struct {
	Request string
	Reason  string
}

// Error says which request and why.
func (e *NotFundableError) Error() string {
	return fmt.Sprintf("request %s is not fundable: %s", e.Request, e.Reason)
}

// Is makes errors.Is true for ErrNotFundable and ErrInvalid.
func (e *NotFundableError) Is(target error) bool {
	return target == ErrNotFundable || target == ErrInvalid
}

func forbidden(person, action, format string, args ...any) error {
	return &ForbiddenError{Person: person, Action: action, Reason: fmt.Sprintf(format, args...)}
}

func invalid(field, format string, args ...any) error {
	return sentinel.Invalid(field, format, args...)
}
