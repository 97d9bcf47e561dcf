package budget

import (
	"errors"
	"testing"
)

// TestEnumMessage checks that an unknown name is reported in words that
// read right whatever the enumeration is called ("a valid outcome", not
// "a outcome").
func TestEnumMessage(t *testing.T) {
	var o Outcome
	err := o.UnmarshalText([]byte("won"))
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("UnmarshalText error = %v, want a *ValidationError", err)
	}
	if want := `"won" is not a valid outcome (want one of [funded exceeds_available outranked])`; ve.Reason != want {
		t.Errorf("reason = %s, want %s", ve.Reason, want)
	}
}
