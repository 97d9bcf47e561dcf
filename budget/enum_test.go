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

// TestEnumMarshalUnsetIsInvalid checks that writing a value without a name
// (unset, or out of range) is an error matching ErrInvalid, so nothing
// unset is ever stored.
func TestEnumMarshalUnsetIsInvalid(t *testing.T) {
	for _, r := range []Role{0, 99} {
		if _, err := r.MarshalText(); !errors.Is(err, ErrInvalid) {
			t.Errorf("Role(%d).MarshalText error = %v, want one matching ErrInvalid", r, err)
		}
	}
}
