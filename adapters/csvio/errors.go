package csvio

import (
	"fmt"
	"strings"

	"github.com/cpdkit/cpdkit/cpd"
)

// LineError is one problem with a file: the line it is on (the header is
// line 1), the column by its header in the file ("" when the problem is
// the whole row's), and why. It matches cpd.ErrInvalid, and unwraps to the
// Service's error when the Service refused the row.
type LineError struct {
	Line   int
	Column string
	Reason string
	Err    error
}

// Error returns `line 7, column "Start date": "31/02/2026" is not a date`.
func (e *LineError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return fmt.Sprintf("line %d, column %q: %s", e.Line, e.Column, e.Reason)
}

// Is makes errors.Is(err, cpd.ErrInvalid) true.
func (e *LineError) Is(target error) bool { return target == cpd.ErrInvalid }

// Unwrap returns the Service's error for a row it refused, or nil.
func (e *LineError) Unwrap() error { return e.Err }

// ImportError is the failure of an all-or-nothing read or import: every
// problem found, in line order (at most ReadOptions.MaxErrors of them;
// Omitted counts the rest). It matches cpd.ErrInvalid.
type ImportError struct {
	Problems []*LineError
	Omitted  int
}

// maxListed bounds how many problems ImportError's message spells out.
const maxListed = 5

// Error counts the problems and spells out the first few.
func (e *ImportError) Error() string {
	var b strings.Builder
	n := len(e.Problems) + e.Omitted
	fmt.Fprintf(&b, "%d problem", n)
	if n != 1 {
		b.WriteString("s")
	}
	for i, p := range e.Problems {
		if i == maxListed {
			fmt.Fprintf(&b, "; and %d more", n-maxListed)
			break
		}
		fmt.Fprintf(&b, "; %v", p)
	}
	return b.String()
}

// Is makes errors.Is(err, cpd.ErrInvalid) true.
func (e *ImportError) Is(target error) bool { return target == cpd.ErrInvalid }
