package compliance

import "testing"

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
