package xapi

import "github.com/cpdkit/cpdkit/compliance"

// enumError is the error of every enumeration's MarshalText and
// UnmarshalText (see package internal/enum): a *compliance.ValidationError
// for the field.
func enumError(field, reason string) error {
	return &compliance.ValidationError{Field: field, Reason: reason}
}
