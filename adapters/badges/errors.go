package badges

import (
	"fmt"
	"strings"

	"github.com/cpdkit/cpdkit/compliance"
)

// ErrInvalid is compliance.ErrInvalid, so one errors.Is test catches bad
// input from either package. Every error this package returns for bad
// input matches it: a *SyntaxError, a *BadgeError, an *ImportError, or a
// *compliance.ValidationError for an unusable Mapping.
var ErrInvalid = compliance.ErrInvalid

// SyntaxError reports a document that is not well-formed JSON, or not a
// badge or an array of badges. Nothing is imported from it.
type SyntaxError struct {
	// Offset is the byte offset at which the problem was found.
	Offset int64
	Reason string
}

// Error returns "offset N: reason".
func (e *SyntaxError) Error() string { return fmt.Sprintf("offset %d: %s", e.Offset, e.Reason) }

// Is makes errors.Is(err, ErrInvalid) true.
func (e *SyntaxError) Is(target error) bool { return target == ErrInvalid }

// BadgeError reports one badge that is well-formed JSON but not a usable
// Open Badges 2.0 assertion or 3.0 credential.
type BadgeError struct {
	// Index is the badge's position in the document, from 0.
	Index int
	// ID is the badge's id, when it has one.
	ID string
	// Path names the field, such as "credentialSubject.achievement.id".
	Path   string
	Reason string
}

// Error returns "badge I (id): path: reason".
func (e *BadgeError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "badge %d", e.Index)
	if e.ID != "" {
		fmt.Fprintf(&b, " (%s)", e.ID)
	}
	if e.Path != "" {
		fmt.Fprintf(&b, ": %s", e.Path)
	}
	fmt.Fprintf(&b, ": %s", e.Reason)
	return b.String()
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *BadgeError) Is(target error) bool { return target == ErrInvalid }

// ImportError lists the bad badges that failed an all-or-nothing import,
// in input order. It matches ErrInvalid.
type ImportError struct {
	Rejected []*BadgeError
}

// Error names the bad badges and says why.
func (e *ImportError) Error() string {
	var b strings.Builder
	if len(e.Rejected) == 1 {
		b.WriteString("1 bad badge")
	} else {
		fmt.Fprintf(&b, "%d bad badges", len(e.Rejected))
	}
	for i, r := range e.Rejected {
		if i == 10 {
			fmt.Fprintf(&b, "; and %d more", len(e.Rejected)-10)
			break
		}
		fmt.Fprintf(&b, "; %v", r)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ImportError) Is(target error) bool { return target == ErrInvalid }
