package xapi

import (
	"fmt"
	"strings"

	"github.com/cpdkit/cpdkit/compliance"
)

// ErrInvalid is compliance.ErrInvalid, so one errors.Is test catches bad
// input from either package. Every error this package returns for bad
// input matches it: a *SyntaxError, a *StatementError or an *ImportError.
var ErrInvalid = compliance.ErrInvalid

// SyntaxError reports a document that is not well-formed JSON, or not an
// array of statements or a StatementResult object. Nothing is imported
// from it.
type SyntaxError struct {
	// Page is the document's position in an Importer's pages, from 0.
	Page int
	// Offset is the byte offset in the document at which the problem was
	// found.
	Offset int64
	Reason string
}

// Error returns "page P: offset N: reason" (without the page when it is
// the first).
func (e *SyntaxError) Error() string {
	if e.Page > 0 {
		return fmt.Sprintf("page %d: offset %d: %s", e.Page, e.Offset, e.Reason)
	}
	return fmt.Sprintf("offset %d: %s", e.Offset, e.Reason)
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *SyntaxError) Is(target error) bool { return target == ErrInvalid }

// StatementError reports one statement that is well-formed JSON but
// breaks a rule: a missing or malformed field.
type StatementError struct {
	// Page is the document's position in an Importer's pages, from 0.
	Page int
	// Index is the statement's position in its document, from 0.
	Index int
	// ID is the statement's id, when it has a usable one.
	ID string
	// Path names the field, such as "result.duration".
	Path   string
	Reason string
}

// Error returns "statement I (id): path: reason", with the page when it
// is not the first.
func (e *StatementError) Error() string {
	var b strings.Builder
	if e.Page > 0 {
		fmt.Fprintf(&b, "page %d: ", e.Page)
	}
	fmt.Fprintf(&b, "statement %d", e.Index)
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
func (e *StatementError) Is(target error) bool { return target == ErrInvalid }

// ImportError lists the bad statements that failed an all-or-nothing
// import, in input order. It matches ErrInvalid.
type ImportError struct {
	Rejected []*StatementError
}

// maxListed bounds how many statements ImportError's message spells out.
const maxListed = 10

// Error names the bad statements and says why, the first few in full.
func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d bad statements", len(e.Rejected))
	if len(e.Rejected) == 1 {
		b.Reset()
		b.WriteString("1 bad statement")
	}
	for i, r := range e.Rejected {
		if i == maxListed {
			fmt.Fprintf(&b, "; and %d more", len(e.Rejected)-maxListed)
			break
		}
		fmt.Fprintf(&b, "; %v", r)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ImportError) Is(target error) bool { return target == ErrInvalid }
