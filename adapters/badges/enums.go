package badges

import (
	"fmt"

	"github.com/cpdkit/cpdkit/compliance"
)

// Version is the Open Badges version of a badge. The zero value is unset.
type Version uint8

// The versions read.
const (
	// Version2 is an Open Badges 2.0 Assertion.
	Version2 Version = iota + 1
	// Version3 is an Open Badges 3.0 OpenBadgeCredential.
	Version3
)

var versionNames = []string{"", "2.0", "3.0"}

// String returns the stable name, "2.0" or "3.0".
func (v Version) String() string { return enumName(versionNames, uint8(v)) }

// MarshalText writes the stable name.
func (v Version) MarshalText() ([]byte, error) { return enumText(versionNames, uint8(v), "version") }

// UnmarshalText reads the stable name.
func (v *Version) UnmarshalText(b []byte) error {
	return enumParse(versionNames, (*uint8)(v), b, "version")
}

// Status is why a good badge gives no credit. The zero value is unset.
type Status uint8

// The reasons a badge is refused.
const (
	// Revoked: the issuer revoked it.
	Revoked Status = iota + 1
	// UnknownPerson: the recipient is not mapped to a person.
	UnknownPerson
	// UnknownAchievement: the badge is not mapped to an achievement.
	UnknownAchievement
	// Unchecked: its credentialStatus could not be checked and
	// Options.RequireStatusCheck is set.
	Unchecked
	// Duplicate: the same id as an earlier badge, which counts instead.
	Duplicate
)

var statusNames = []string{"", "revoked", "unknown_person", "unknown_achievement", "unchecked", "duplicate"}

// String returns the stable lowercase name.
func (s Status) String() string { return enumName(statusNames, uint8(s)) }

// MarshalText writes the stable name.
func (s Status) MarshalText() ([]byte, error) { return enumText(statusNames, uint8(s), "status") }

// UnmarshalText reads the stable name.
func (s *Status) UnmarshalText(b []byte) error {
	return enumParse(statusNames, (*uint8)(s), b, "status")
}

// enumName returns names[v], or a placeholder for an unknown value.
func enumName(names []string, v uint8) string {
	if int(v) < len(names) && v != 0 {
		return names[v]
	}
	return fmt.Sprintf("unknown(%d)", v)
}

// enumText is MarshalText for an enumeration; unset and unknown values
// are errors.
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
