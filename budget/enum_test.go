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

// TestNecessityValid checks Valid holds for the named necessities only.
func TestNecessityValid(t *testing.T) {
	for n, want := range map[Necessity]bool{0: false, NecessaryLearning: true, AspirationalLearning: true, 3: false, 99: false} {
		if got := n.Valid(); got != want {
			t.Errorf("Necessity(%d).Valid() = %v, want %v", n, got, want)
		}
	}
}
