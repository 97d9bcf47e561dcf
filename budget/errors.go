package budget

import (
	"errors"
	"fmt"
)

// ErrInvalid is matched (with errors.Is) by every error that reports bad
// input: an amount that does not parse, a negative cost, a duplicate
// candidate. The details are in a *ValidationError.
var ErrInvalid = errors.New("invalid")

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

// ValidationError says which field or input is wrong and why.
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

// CurrencyMismatchError names the two currencies that were mixed.
type CurrencyMismatchError struct {
	Want, Got Currency
}

// Error names both codes.
func (e *CurrencyMismatchError) Error() string {
	return fmt.Sprintf("currency mismatch: %s and %s", e.Want.String(), e.Got.String())
}

// Is makes errors.Is(err, ErrCurrencyMismatch) true.
func (e *CurrencyMismatchError) Is(target error) bool { return target == ErrCurrencyMismatch }

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

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
