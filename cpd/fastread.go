package cpd

// The parts the fast readers of stored records share (readDone,
// readActivity and its funding): each reads what it is sure encoding/json
// reads the same way, as encoding/json reads an object into a struct, and
// stops with errNotFast at anything else, so that encoding/json reads the
// whole document and gives the result or the error.

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"unicode/utf8"

	"github.com/cpdkit/cpdkit/internal/jsonscan"
)

// errNotFast stops the fast reader: encoding/json is to read the document.
var errNotFast = errors.New("not for the fast reader")

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

// readDocument reads the scanner's whole input, a JSON object with
// nothing but white space after it, as encoding/json reads a document
// into a struct whose fields have the JSON names names (see
// readMembers), and reports whether it could.
func readDocument(s *jsonscan.Scanner, names []string, read func(f int, c byte) error) bool {
	if c, err := s.Next(); err != nil || c != '{' {
		return false
	}
	if readMembers(s, names, read) != nil {
		return false
	}
	_, err := s.Next()
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

// readMembers reads the JSON object at the scanner (c, its first byte,
// is '{') as encoding/json reads an object into a struct whose fields
// have the JSON names names: read reads the member named names[f], whose
// value starts with c, and other members are skipped. A name given twice,
// or one that matches a field only by folding case, stops the fast
// reader.
func readMembers(s *jsonscan.Scanner, names []string, read func(f int, c byte) error) error {
	var seen uint64
	return s.Object(func(key []byte, c byte) error {
		f := -1
		for i, n := range names {
			if string(key) == n {
				f = i
				break
			}
		}
		if f < 0 {
			if foldsToKnown(key, names) {
				return errNotFast
			}
			return s.Skip()
		}
		if seen&(1<<f) != 0 {
			return errNotFast
		}
		seen |= 1 << f
		return read(f, c)
	})
}

// readStruct reads an object into a struct value (see readMembers), or
// null, which leaves it as it is.
func readStruct(s *jsonscan.Scanner, c byte, names []string, read func(f int, c byte) error) error {
	switch c {
	case 'n':
		return s.Literal("null")
	case '{':
		return readMembers(s, names, read)
	}
	return errNotFast
}

// readPointer reads null, which sets *p to nil, or an object into a new
// T, which *p then points to.
func readPointer[T any](s *jsonscan.Scanner, c byte, p **T, names []string, read func(v *T, f int, c byte) error) error {
	switch c {
	case 'n':
		*p = nil
		return s.Literal("null")
	case '{':
		v := new(T)
		*p = v
		return readMembers(s, names, func(f int, c byte) error { return read(v, f, c) })
	}
	return errNotFast
}

// readSlice reads null, which sets *p to nil, or an array, each element
// into a new zero T with read.
func readSlice[T any](s *jsonscan.Scanner, c byte, p *[]T, read func(v *T, c byte) error) error {
	switch c {
	case 'n':
		*p = nil
		return s.Literal("null")
	case '[':
	default:
		return errNotFast
	}
	out := make([]T, 0, 2)
	err := s.Array(func(_ int, c byte) error {
		var v T
		if err := read(&v, c); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	*p = out
	return err
}

// readBool reads true, false, or null, which leaves *v as it is.
func readBool(s *jsonscan.Scanner, c byte, v *bool) error {
	switch c {
	case 't':
		*v = true
		return s.Literal("true")
	case 'f':
		*v = false
		return s.Literal("false")
	case 'n':
		return s.Literal("null")
	}
	return errNotFast
}

// readJSONValue gives the value at the scanner, as it stands in the
// document, to a value that reads itself from JSON, as encoding/json
// does (null too).
func readJSONValue(s *jsonscan.Scanner, v json.Unmarshaler) error {
	start := s.I
	if err := s.Skip(); err != nil {
		return err
	}
	return v.UnmarshalJSON(s.B[start:s.I])
}

// readTextElem reads an element of a slice of values that read
// themselves from text.
func readTextElem[T any, PT interface {
	*T
	encoding.TextUnmarshaler
}](s *jsonscan.Scanner) func(v *T, c byte) error {
	return func(v *T, c byte) error { return readText(s, c, PT(v)) }
}
