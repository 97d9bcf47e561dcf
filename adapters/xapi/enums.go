package xapi

import (
	"fmt"

	"github.com/cpdkit/cpdkit/compliance"
)

// enumName returns names[v], or a placeholder for an unknown value.
func enumName(names []string, v uint8) string {
	if int(v) < len(names) && v != 0 {
		return names[v]
	}
	return fmt.Sprintf("unknown(%d)", v)
}

// enumText is MarshalText for an enumeration: the zero and unknown values
// are errors, so that nothing unset is ever written.
func enumText(names []string, v uint8, field string) ([]byte, error) {
	if v == 0 || int(v) >= len(names) {
		return nil, &compliance.ValidationError{Path: field, Reason: fmt.Sprintf("%d is not a valid value", v)}
	}
	return []byte(names[v]), nil
}

// enumParse is UnmarshalText for an enumeration.
func enumParse(names []string, v *uint8, b []byte, field string) error {
	for i := 1; i < len(names); i++ {
		if string(b) == names[i] {
			*v = uint8(i)
			return nil
		}
	}
	return &compliance.ValidationError{Path: field, Reason: fmt.Sprintf("%q is not one of %v", b, names[1:])}
}
