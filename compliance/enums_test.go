package compliance

import (
	"errors"
	"testing"
)

// TestEnumMessage checks that an unknown name is reported in words that
// read right whatever the enumeration is called ("a valid employment",
// not "a employment").
func TestEnumMessage(t *testing.T) {
	var e Employment
	err := e.UnmarshalText([]byte("contractor"))
	want := `"contractor" is not a valid employment (want one of [employed associate])`
	if err == nil || err.Error() != want {
		t.Errorf("UnmarshalText error = %v, want %s", err, want)
	}
}

// TestEnumErrorsAreInvalid checks that an enumeration's errors, for a name
// it does not know and for a value without a name, are *ValidationError
// values matching ErrInvalid, as every other bad-input error is.
func TestEnumErrorsAreInvalid(t *testing.T) {
	var k Kind
	err := k.UnmarshalText([]byte("course"))
	var ve *ValidationError
	if !errors.Is(err, ErrInvalid) || !errors.As(err, &ve) {
		t.Errorf("UnmarshalText error = %#v, want a *ValidationError matching ErrInvalid", err)
	}
	for _, v := range []Status{0, 99} {
		if _, err := v.MarshalText(); !errors.Is(err, ErrInvalid) {
			t.Errorf("Status(%d).MarshalText error = %v, want one matching ErrInvalid", v, err)
		}
	}
}
