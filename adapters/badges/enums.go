package badges

import (
	"github.com/cpdkit/cpdkit/internal/enum"

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

var versionNames = enum.New(enumError, "2.0", "3.0")

// String returns the stable name, "2.0" or "3.0".
func (v Version) String() string { return versionNames.String(uint8(v)) }

// MarshalText writes the stable name.
func (v Version) MarshalText() ([]byte, error) { return versionNames.Text(uint8(v), "version") }

// UnmarshalText reads the stable name.
func (v *Version) UnmarshalText(b []byte) error {
	return versionNames.Parse((*uint8)(v), b, "version")
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

var statusNames = enum.New(enumError, "revoked", "unknown_person", "unknown_achievement", "unchecked", "duplicate")

// String returns the stable lowercase name.
func (s Status) String() string { return statusNames.String(uint8(s)) }

// MarshalText writes the stable name.
func (s Status) MarshalText() ([]byte, error) { return statusNames.Text(uint8(s), "status") }

// UnmarshalText reads the stable name.
func (s *Status) UnmarshalText(b []byte) error {
	return statusNames.Parse((*uint8)(s), b, "status")
}

// enumError is the error of every enumeration's MarshalText and
// UnmarshalText (see package internal/enum): a *compliance.ValidationError
// for the field.
func enumError(field, reason string) error {
	return &compliance.ValidationError{Field: field, Reason: reason}
}
