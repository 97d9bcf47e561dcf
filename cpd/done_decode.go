package cpd

// The fast reader of a done activity's compliance fields. Every
// evaluation of a person reads all their done activities, so an
// organisation-wide report (report.Gather, through ComplianceOfMany), a
// refresh and every write that refreshes a status spend most of their
// time decoding activities, and that time grows with each person's
// history. encoding/json reads an activity twice (it checks the whole
// document before decoding it) and goes through reflection for every
// field, including the title, reflection and history that compliance
// does not read; this reader goes once through the bytes, with the
// scanner the xAPI importer uses, keeping ten fields and skipping the
// rest.
//
// It reads only what it is sure encoding/json would read the same way,
// and hands everything else to encoding/json (decodeRecord), which then
// gives the result or the error exactly as before: a document that is not
// one JSON object, a duplicate or case-folded name of a field it keeps, a
// value of an unexpected JSON type, invalid UTF-8 in a string it keeps, or
// a value its type refuses. FuzzDecodeDone checks that what it does read
// is what encoding/json reads.

import (
	"bytes"
	"encoding"
	"errors"
	"unicode/utf8"

	"github.com/cpdkit/cpdkit/internal/jsonscan"
)

// decodeDone decodes a stored activity's compliance fields into a, as
// decodeRecord would, but without encoding/json when the fast reader
// can read it.
func decodeDone(r Record, a *doneActivity) error {
	if readDone(r.Data, a) {
		return nil
	}
	*a = doneActivity{}
	return decodeRecord(r, a)
}

// errNotFast stops the fast reader: encoding/json is to read the document.
var errNotFast = errors.New("not for the fast reader")

// doneFields are the JSON names of doneActivity's fields, by position.
var doneFields = [...]string{"id", "topics", "hours", "completed", "valid_until", "aspect", "kind", "necessity", "source", "funding"}

// The positions of doneFields.
const (
	fieldID = iota
	fieldTopics
	fieldHours
	fieldCompleted
	fieldValidUntil
	fieldAspect
	fieldKind
	fieldNecessity
	fieldSource
	fieldFunding
)

// doneField returns the position of key in doneFields, or -1 for a name
// encoding/json would not match to any of them. A name it would match
// only by folding case (which encoding/json does, in Unicode) stops the
// fast reader.
func doneField(key []byte) (int, error) {
	switch string(key) {
	case "id":
		return fieldID, nil
	case "topics":
		return fieldTopics, nil
	case "hours":
		return fieldHours, nil
	case "completed":
		return fieldCompleted, nil
	case "valid_until":
		return fieldValidUntil, nil
	case "aspect":
		return fieldAspect, nil
	case "kind":
		return fieldKind, nil
	case "necessity":
		return fieldNecessity, nil
	case "source":
		return fieldSource, nil
	case "funding":
		return fieldFunding, nil
	}
	if foldsToKnown(key, doneFields[:]) {
		return -1, errNotFast
	}
	return -1, nil
}

// foldsToKnown reports whether key, which is none of names (all lower
// case ASCII), might still match one by encoding/json's case-insensitive
// matching: it equals one ignoring ASCII case, or it has a byte outside
// ASCII (Unicode folding maps some letters, such as the Kelvin sign, to
// ASCII ones). A key of lower case ASCII alone matches none.
func foldsToKnown(key []byte, names []string) bool {
	upper := false
	for _, c := range key {
		if c >= utf8.RuneSelf {
			return true
		}
		upper = upper || 'A' <= c && c <= 'Z'
	}
	if !upper {
		return false
	}
	for _, n := range names {
		if bytes.EqualFold(key, []byte(n)) {
			return true
		}
	}
	return false
}

// readDone reads data into a and reports whether it could; when it could
// not, a holds anything.
func readDone(data []byte, a *doneActivity) bool {
	*a = doneActivity{}
	s := &jsonscan.Scanner{B: data, EOF: true}
	if c, err := s.Next(); err != nil || c != '{' {
		return false
	}
	var seen uint16
	err := s.Object(func(key []byte, c byte) error {
		f, err := doneField(key)
		if err != nil {
			return err
		}
		if f < 0 {
			return s.Skip()
		}
		if seen&(1<<f) != 0 {
			return errNotFast // encoding/json's rules for repeats are its own
		}
		seen |= 1 << f
		switch f {
		case fieldID:
			return readString(s, c, &a.ID)
		case fieldAspect:
			return readString(s, c, &a.Aspect)
		case fieldKind:
			return readString(s, c, &a.Kind)
		case fieldTopics:
			return readTopics(s, c, &a.Topics)
		case fieldHours:
			start := s.I
			if err := s.Skip(); err != nil {
				return err
			}
			return a.Hours.UnmarshalJSON(data[start:s.I])
		case fieldCompleted:
			return readText(s, c, &a.Completed)
		case fieldValidUntil:
			return readText(s, c, &a.ValidUntil)
		case fieldNecessity:
			return readText(s, c, &a.Necessity)
		case fieldSource:
			return readText(s, c, &a.Source)
		default: // fieldFunding
			return readFunding(s, c, a)
		}
	})
	if err != nil {
		return false
	}
	_, err = s.Next()
	return err != nil // nothing but white space after the object
}

// readStr reads a JSON string, giving its bytes, or null, reporting
// null. Anything else, and a string that is not UTF-8 (which
// encoding/json would mend), is for encoding/json.
func readStr(s *jsonscan.Scanner, c byte) (b []byte, null bool, err error) {
	switch c {
	case 'n':
		return nil, true, s.Literal("null")
	case '"':
	default:
		return nil, false, errNotFast
	}
	if b, err = s.Str(); err != nil {
		return nil, false, err
	}
	if !utf8.Valid(b) {
		return nil, false, errNotFast
	}
	return b, false, nil
}

// readString reads a JSON string into *v, or null, which (as in
// encoding/json) leaves *v as it is.
func readString(s *jsonscan.Scanner, c byte, v *string) error {
	b, null, err := readStr(s, c)
	if err == nil && !null {
		*v = string(b)
	}
	return err
}

// readText reads a JSON string into a value that reads itself from text,
// as encoding/json gives a string to such a value, or null, which leaves
// it as it is.
func readText(s *jsonscan.Scanner, c byte, v encoding.TextUnmarshaler) error {
	b, null, err := readStr(s, c)
	if err != nil || null {
		return err
	}
	return v.UnmarshalText(b)
}

// readTopics reads null (no topics) or an array of strings.
func readTopics(s *jsonscan.Scanner, c byte, v *[]string) error {
	switch c {
	case 'n':
		*v = nil
		return s.Literal("null")
	case '[':
	default:
		return errNotFast
	}
	topics := make([]string, 0, 2)
	err := s.Array(func(_ int, c byte) error {
		var t string
		if err := readString(s, c, &t); err != nil {
			return err
		}
		topics = append(topics, t)
		return nil
	})
	*v = topics
	return err
}

// readFunding reads null (no funding) or the funding object, keeping
// whether it is relevant to the person's role.
func readFunding(s *jsonscan.Scanner, c byte, a *doneActivity) error {
	switch c {
	case 'n':
		a.Funding = nil
		return s.Literal("null")
	case '{':
	default:
		return errNotFast
	}
	a.Funding = &struct {
		RelevantToRole bool `json:"relevant_to_role"`
	}{}
	seen := false
	return s.Object(func(key []byte, c byte) error {
		if string(key) != "relevant_to_role" {
			if foldsToKnown(key, []string{"relevant_to_role"}) {
				return errNotFast
			}
			return s.Skip()
		}
		if seen {
			return errNotFast
		}
		seen = true
		switch c {
		case 't':
			a.Funding.RelevantToRole = true
			return s.Literal("true")
		case 'f':
			return s.Literal("false")
		case 'n':
			return s.Literal("null") // as encoding/json: no effect
		}
		return errNotFast
	})
}
