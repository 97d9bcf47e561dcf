// Package statusrec is the mechanism under cpd's stored statuses, kept
// apart from what they mean: a reader of the flat JSON objects of strings
// they are stored as ([ReadFlat]), which shares the strings that repeat
// from one record to the next ([Strings]) and keeps the rest in a few
// allocations ([Arena]); a reader of YYYY-MM-DD days ([ParseDay]); and
// the compact row of cells in which a status keeps its items
// ([AppendCell], [ParseCells]). An organisation view decodes one record
// per person, so these read the bytes themselves, without reflection,
// and allocate nothing but the strings they return.
//
// What ReadFlat accepts it reads exactly as encoding/json would
// (FuzzReadFlat checks this); what it refuses, the caller leaves to
// encoding/json, which also words the errors. The JSON is scanned by
// internal/jsonscan, and days are counted by internal/isotime, the
// cpdkit packages this one imports. It has no state.
package statusrec

import (
	"errors"
	"unicode/utf8"
	"unsafe"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/internal/jsonscan"
)

// errNotFlat stops reading an object at a value that is not a string, or
// one that the caller's set refuses.
var errNotFlat = errors.New("statusrec: not a flat object of strings")

// ReadFlat reads data, one JSON object whose values are all strings (with
// white space around it), calling set with each member's name and value in
// order, and reports whether it could: false when data is anything else,
// or when set returns false, which stops the reading. The name is decoded
// from its escapes but, unlike the value, not checked as UTF-8: it is for
// matching against names the caller knows. Name and value are valid only
// until set returns. A name that appears twice is passed twice; as with
// encoding/json, the last should win.
func ReadFlat(data []byte, set func(name []byte, v Value) bool) bool {
	s := jsonscan.Scanner{B: data, EOF: true}
	if c, err := s.Next(); err != nil || c != '{' {
		return false
	}
	err := s.Object(func(name []byte, c byte) error {
		if c != '"' {
			return errNotFlat
		}
		b, err := s.Str()
		if err != nil {
			return err
		}
		if !set(name, Value{b: b}) {
			return errNotFlat
		}
		return nil
	})
	if err != nil {
		return false
	}
	return onlySpace(data[s.I:])
}

// onlySpace reports whether b is all JSON white space. (jsonscan says so
// with an error, whose message costs an allocation per record.)
func onlySpace(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\n', '\r':
		default:
			return false
		}
	}
	return true
}

// Value is a string value of a flat object, decoded from its escapes, as
// ReadFlat passes it to set: valid only until set returns.
type Value struct {
	b []byte
}

// Text returns the value as a string, each byte of it that is not UTF-8
// replaced by U+FFFD, as encoding/json replaces it.
func (v Value) Text() string {
	if utf8.Valid(v.b) {
		return string(v.b)
	}
	out := make([]byte, 0, len(v.b)+8)
	for b := v.b; len(b) > 0; {
		r, size := utf8.DecodeRune(b)
		out = utf8.AppendRune(out, r) // utf8.RuneError for a byte that is not UTF-8
		b = b[size:]
	}
	return string(out)
}

// Bytes returns the value's bytes, decoded from escapes but not checked
// as UTF-8, valid only until set returns: a view of ReadFlat's data when
// the value has no escapes.
func (v Value) Bytes() []byte { return v.b }

// Shared is Text, taken from strs when strs has given it out before, and
// added to strs when not (see Strings).
func (v Value) Shared(strs Strings) string {
	if strs == nil {
		return v.Text()
	}
	if s, ok := strs[string(v.b)]; ok {
		return s
	}
	s := v.Text()
	if s == string(v.b) && len(strs) < MaxShared {
		strs[s] = s
	}
	return s
}

// Day reads the value as a day written YYYY-MM-DD, and reports whether it
// could. It refuses the empty string, which is not a day, and the other
// forms date.Date reads (such as a five-digit year): the caller leaves
// those to encoding/json.
func (v Value) Day() (date.Date, bool) {
	return parseDay(v.b)
}

// MaxShared bounds how many strings a Strings keeps.
const MaxShared = 4096

// Strings shares the strings that repeat from one record to the next (a
// team, a job role, a policy's fingerprint): it maps each string that
// Value.Shared has given out to itself, so that the next record's equal
// string is that one rather than a copy. It keeps at most MaxShared, and
// only strings that are their JSON's bytes (valid UTF-8). A nil Strings
// shares nothing. A Strings is for one goroutine.
type Strings map[string]string

// arenaChunk is how many bytes of strings an Arena allocates at once.
const arenaChunk = 16 << 10

// Arena keeps many short strings in a few allocations: an organisation
// view reads an ID and a name per person, and keeps them all as long as
// the view. Its zero value is ready; a nil Arena keeps nothing, and each
// string is allocated on its own. An Arena is for one goroutine.
type Arena struct {
	buf []byte // the chunk being filled: its bytes up to len are strings' and never change
}

// String returns b as a string, copied into the arena.
func (a *Arena) String(b []byte) string {
	if a == nil || len(b) == 0 || len(b) > arenaChunk/16 {
		return string(b)
	}
	if cap(a.buf)-len(a.buf) < len(b) {
		a.buf = make([]byte, 0, arenaChunk)
	}
	start := len(a.buf)
	a.buf = append(a.buf, b...)
	// The bytes are never written again: append writes only past len,
	// and a full chunk is replaced, not reused.
	return unsafe.String(&a.buf[start], len(b))
}

// In is Text, kept in the arena when the value is valid UTF-8.
func (v Value) In(a *Arena) string {
	if !utf8.Valid(v.b) {
		return v.Text()
	}
	return a.String(v.b)
}
