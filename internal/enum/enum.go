// Package enum is the one implementation of cpdkit's enumerations: a
// uint8 type whose values 1, 2, … have stable lowercase names, used in
// JSON and storage, and whose zero value is unset. Every enumeration in
// compliance, budget, appraisal, cpd and the adapters keeps its names in
// a [Names] and writes its String, MarshalText and UnmarshalText in one
// line each over it, so that every enumeration words its errors, and
// prints an unset or unknown value, the same way.
//
// Errors are made by the function the table is built with, so that each
// package returns its own error type (a *ValidationError matching its
// ErrInvalid); the reasons name the enumeration and, for a name that is
// not known, list the known ones.
//
// The package imports nothing from cpdkit and has no state of its own; a
// Names is immutable once built and safe for concurrent use.
package enum

import (
	"fmt"
	"strconv"
)

// Names are the stable names of one enumeration's values, and how its
// errors are made. Build one with [New].
type Names struct {
	// names[v] is the name of value v; names[0], the unset value's, is "".
	names   []string
	invalid func(field, reason string) error
}

// New returns the names of an enumeration whose values 1, 2, … are named
// names[0], names[1], …, in that order. invalid makes the error for a
// problem with a field of the enumeration (what, as Text and Parse are
// given it), from a reason that is a whole sentence, such as `"x" is not
// a valid kind (want one of [a b])`.
func New(invalid func(field, reason string) error, names ...string) Names {
	if len(names) > 255 {
		panic("enum: more names than a uint8 holds")
	}
	return Names{names: append([]string{""}, names...), invalid: invalid}
}

// Valid reports whether v is a named value (not unset, not out of range).
func (n Names) Valid(v uint8) bool { return v != 0 && int(v) < len(n.names) }

// Len returns how many named values there are; they are 1 to Len.
func (n Names) Len() int { return len(n.names) - 1 }

// List returns the names in value order, without the unset value. The
// caller must not change it.
func (n Names) List() []string { return n.names[1:len(n.names):len(n.names)] }

// String returns v's name, "unset" for the zero value and "invalid(N)" for
// a value that has no name, for String methods and messages.
func (n Names) String(v uint8) string {
	switch {
	case v == 0:
		return "unset"
	case int(v) < len(n.names):
		return n.names[v]
	}
	return "invalid(" + strconv.Itoa(int(v)) + ")"
}

// Text returns v's name for MarshalText. The unset value and a value out
// of range have none, so nothing unset is ever written: the error, made
// with what as the field, says so.
func (n Names) Text(v uint8, what string) ([]byte, error) {
	if !n.Valid(v) {
		return nil, n.invalid(what, fmt.Sprintf("%s %d has no name", what, v))
	}
	return []byte(n.names[v]), nil
}

// Parse sets *v to the value named b, for UnmarshalText. Names match
// exactly (they are lowercase). For any other text, the empty text
// included, *v is left unchanged and the error, made with what as the
// field, says that b is not a valid what and lists the names.
func (n Names) Parse(v *uint8, b []byte, what string) error {
	for i := 1; i < len(n.names); i++ {
		if n.names[i] == string(b) {
			*v = uint8(i)
			return nil
		}
	}
	return n.invalid(what, fmt.Sprintf("%q is not a valid %s (want one of %v)", b, what, n.List()))
}
