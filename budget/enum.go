package budget

// enumError is the error of every enumeration's MarshalText and
// UnmarshalText (see package internal/enum): a *ValidationError for the
// field.
func enumError(field, reason string) error { return &ValidationError{Field: field, Reason: reason} }
