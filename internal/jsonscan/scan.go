// Package jsonscan is the hand-written JSON scanner under the xAPI
// importer: it reads a document through a window of its bytes, so that a
// statement export of any size streams in bounded memory, and lets the
// caller read each value as it goes (the statement's fields it keeps) or
// skip it, without building a tree and without recursion.
//
// It accepts exactly what encoding/json accepts (RFC 8259, with any bytes
// in strings, nested at most MaxDepth deep; FuzzScan and
// TestScanDeepNesting check this against json.Valid), and it is tuned:
// strings are searched eight bytes at a time, and compact JSON costs one
// comparison per structural byte. The package has no state; a Scanner is
// for one goroutine.
package jsonscan

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrMore says the window ended inside a value and more input may follow:
// the caller reads more and starts the value again, from where it started.
var ErrMore = errors.New("jsonscan: more input needed")

// Error is malformed JSON at a window position.
type Error struct {
	// At is the offset in the window (Scanner.B) of the byte at fault.
	At int
	// Reason says what is wrong, in encoding/json's words where it has
	// them ("invalid character 'x' after array element").
	Reason string
}

// Error returns the reason.
func (e *Error) Error() string { return e.Reason }

// Scanner reads JSON from a window of a document: B[I:] is what is left of
// the window, and EOF says whether the document ends where the window
// does. Each method leaves I after what it read, or returns [ErrMore] or
// an *[Error]; a caller given ErrMore refills the window and reads the
// value again.
type Scanner struct {
	B   []byte
	I   int
	EOF bool
	// Outer is how many containers, which the caller reads itself, hold
	// the values the scanner reads (a streaming reader that reads a
	// document's outer array itself and each element with the scanner
	// sets it to 1): they count towards MaxDepth.
	Outer int
	stack []byte // open containers, for Skip; reused
	depth int    // containers open in Object and Array calls
}

// MaxDepth is the deepest nesting of objects and arrays the scanner
// reads, as encoding/json reads no deeper: a value nested deeper is
// malformed ("exceeded max depth").
const MaxDepth = 10000

// enter reports an error when one more container would nest deeper than
// MaxDepth, where open containers (Skip's) are open besides the Outer
// ones and those of the Object and Array calls under way.
func (s *Scanner) enter(open int) error {
	if s.Outer+s.depth+open >= MaxDepth {
		return s.Fail("exceeded max depth")
	}
	return nil
}

// Fail reports malformed JSON at the current position.
func (s *Scanner) Fail(format string, args ...any) error {
	return &Error{At: s.I, Reason: fmt.Sprintf(format, args...)}
}

// short reports that the window ended too soon: ErrMore, or the end of
// the document in the middle of a value.
func (s *Scanner) short() error {
	s.I = len(s.B)
	if s.EOF {
		return s.Fail("unexpected end of JSON input")
	}
	return ErrMore
}

// WS skips white space and returns the next byte without reading it.
func (s *Scanner) WS() (byte, error) { return s.Next() }

// wsSlow skips white space the long way.
func (s *Scanner) wsSlow() (byte, error) {
	for ; s.I < len(s.B); s.I++ {
		switch c := s.B[s.I]; c {
		case ' ', '\t', '\n', '\r':
		default:
			return c, nil
		}
	}
	return 0, s.short()
}

// Kind names the JSON type of the value starting with c, for messages.
func Kind(c byte) string {
	switch c {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// stringStop marks the bytes that end a run of plain string content: a
// quote, a backslash, or a control character (which JSON forbids there).
const stringStop = "" +
	"\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01" +
	"\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"

// stops returns a mask with the high bit of each of the eight bytes of x
// (little-endian) that is a quote, a backslash or a control character
// set, or 0 when there are none. The tests (a byte-wise zero test on x
// with quotes, then backslashes, cleared, and a less-than-0x20 test) may
// also flag bytes after the first match, never before it, so the lowest
// bit set marks the first byte that stops a string.
func stops(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quote, backslash := x^(ones*'"'), x^(ones*'\\')
	zero := func(v uint64) uint64 { return (v - ones) & ^v & highs }
	return zero(quote) | zero(backslash) | (x-ones*0x20)&^x&highs
}

// Str reads a string at s.I, which is '"', and returns its value: a view
// of the window when it has no escapes (valid until the window moves), a
// new slice when it has.
func (s *Scanner) Str() ([]byte, error) {
	b := s.B
	start := s.I + 1
	i := start
	// Eight bytes at a time, to the first that stops the string; then,
	// near the window's end, byte by byte.
	for ; i+8 <= len(b); i += 8 {
		if m := stops(binary.LittleEndian.Uint64(b[i:])); m != 0 {
			i += bits.TrailingZeros64(m) >> 3
			goto stop
		}
	}
	for i < len(b) && stringStop[b[i]] == 0 {
		i++
	}
	if i == len(b) {
		return nil, s.short()
	}
stop:
	switch c := b[i]; c {
	case '"':
		s.I = i + 1
		return b[start:i], nil
	case '\\':
		return s.unescape(start, i)
	default:
		s.I = i
		return nil, s.Fail("invalid character %q in string literal", c)
	}
}

// unescape decodes a string with escapes, from start, the first byte
// after the quote, with the first escape at i.
func (s *Scanner) unescape(start, i int) ([]byte, error) {
	b := s.B
	out := make([]byte, 0, i-start+16)
	out = append(out, b[start:i]...)
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			s.I = i + 1
			return out, nil
		case c < 0x20:
			s.I = i
			return nil, s.Fail("invalid character %q in string literal", c)
		case c != '\\':
			out = append(out, c)
			i++
			continue
		}
		if i+1 >= len(b) {
			return nil, s.short()
		}
		switch e := b[i+1]; e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, err := s.hex4(i + 2)
			if err != nil {
				return nil, err
			}
			i += 6
			if utf16.IsSurrogate(r) {
				r, i, err = s.lowSurrogate(r, i)
				if err != nil {
					return nil, err
				}
			}
			out = utf8.AppendRune(out, r)
			continue
		default:
			s.I = i + 1
			return nil, s.Fail("invalid character %q in string escape code", e)
		}
		i += 2
	}
	return nil, s.short()
}

// lowSurrogate completes a surrogate pair whose first half r ended at i.
// A lone or mismatched surrogate decodes as U+FFFD, as encoding/json does.
func (s *Scanner) lowSurrogate(r rune, i int) (rune, int, error) {
	b := s.B
	switch {
	case i < len(b) && b[i] != '\\':
		return utf8.RuneError, i, nil
	case i+1 >= len(b):
		return 0, 0, s.short()
	case b[i+1] != 'u':
		return utf8.RuneError, i, nil
	}
	r2, err := s.hex4(i + 2)
	if err != nil {
		return 0, 0, err
	}
	if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
		return dec, i + 6, nil
	}
	return utf8.RuneError, i, nil
}

// hex4 reads the four hex digits of a \u escape at i.
func (s *Scanner) hex4(i int) (rune, error) {
	var r rune
	for j := i; j < i+4; j++ {
		if j >= len(s.B) {
			return 0, s.short()
		}
		c := s.B[j]
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			s.I = j
			return 0, s.Fail("invalid character %q in \\u hexadecimal character escape", c)
		}
	}
	return r, nil
}

// Number reads a number at s.I and returns its text.
func (s *Scanner) Number() ([]byte, error) {
	b, i := s.B, s.I
	start := i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		i = digits(b, i+1)
	default:
		return nil, s.badDigit(i)
	}
	if i < len(b) && b[i] == '.' {
		j := digits(b, i+1)
		if j == i+1 {
			return nil, s.badDigit(j)
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(b, i)
		if j == i {
			return nil, s.badDigit(j)
		}
		i = j
	}
	if i == len(b) && !s.EOF {
		return nil, ErrMore // the number may go on
	}
	s.I = i
	return b[start:i], nil
}

// digits skips the digits from i and returns the index after them.
func digits(b []byte, i int) int {
	for i < len(b) && '0' <= b[i] && b[i] <= '9' {
		i++
	}
	return i
}

// badDigit reports a number missing a digit at i: the window may have
// ended, or there is another byte there.
func (s *Scanner) badDigit(i int) error {
	if i >= len(s.B) {
		return s.short()
	}
	s.I = i
	return s.Fail("invalid character %q in numeric literal", s.B[i])
}

// Literal reads true, false or null.
func (s *Scanner) Literal(word string) error {
	b := s.B[s.I:]
	for j := range len(word) {
		if j >= len(b) {
			return s.short()
		}
		if b[j] != word[j] {
			s.I += j
			return s.Fail("invalid character %q in literal %s (expecting %q)", b[j], word, word[j])
		}
	}
	s.I += len(word)
	return nil
}

// Scalar reads a string, number or literal at s.I, whose first byte is c.
func (s *Scanner) Scalar(c byte) error {
	var err error
	switch {
	case c == '"':
		_, err = s.Str()
	case c == 't':
		err = s.Literal("true")
	case c == 'f':
		err = s.Literal("false")
	case c == 'n':
		err = s.Literal("null")
	case c == '-' || '0' <= c && c <= '9':
		_, err = s.Number()
	default:
		err = s.Fail("invalid character %q looking for beginning of value", c)
	}
	return err
}

// Skip reads any value, checking its syntax and keeping nothing.
func (s *Scanner) Skip() error {
	stack := s.stack[:0]
	defer func() { s.stack = stack[:0] }()
	for {
		// A value starts here.
		c, err := s.WS()
		if err != nil {
			return err
		}
		switch c {
		case '{':
			if err := s.enter(len(stack)); err != nil {
				return err
			}
			s.I++
			if c, err = s.WS(); err != nil {
				return err
			}
			if c != '}' {
				stack = append(stack, '}')
				if err := s.key(c); err != nil {
					return err
				}
				continue
			}
			s.I++
		case '[':
			if err := s.enter(len(stack)); err != nil {
				return err
			}
			s.I++
			if c, err = s.WS(); err != nil {
				return err
			}
			if c != ']' {
				stack = append(stack, ']')
				continue
			}
			s.I++
		default:
			if err := s.Scalar(c); err != nil {
				return err
			}
		}
		// A value ended: close containers until one wants another value.
		for {
			if len(stack) == 0 {
				return nil
			}
			if c, err = s.WS(); err != nil {
				return err
			}
			top := stack[len(stack)-1]
			if c == top {
				s.I++
				stack = stack[:len(stack)-1]
				continue
			}
			if c != ',' {
				return s.AfterValue(c, top)
			}
			s.I++
			if top == '}' {
				if c, err = s.WS(); err != nil {
					return err
				}
				if err := s.key(c); err != nil {
					return err
				}
			}
			break
		}
	}
}

// AfterValue reports an unexpected byte c after a value in a container
// that closes with top.
func (s *Scanner) AfterValue(c, top byte) error {
	if top == '}' {
		return s.Fail("invalid character %q after object key:value pair", c)
	}
	return s.Fail("invalid character %q after array element", c)
}

// key reads an object key and its colon; c is the key's first byte.
func (s *Scanner) key(c byte) error {
	if c != '"' {
		return s.Fail("invalid character %q looking for beginning of object key string", c)
	}
	if _, err := s.Str(); err != nil {
		return err
	}
	return s.Colon()
}

// Colon reads the colon after an object key.
func (s *Scanner) Colon() error {
	c, err := s.WS()
	if err != nil {
		return err
	}
	if c != ':' {
		return s.Fail("invalid character %q after object key", c)
	}
	s.I++
	return nil
}

// Next returns the byte at s.I, past any white space: inline when there
// is none, as in the compact JSON that exports usually are.
func (s *Scanner) Next() (byte, error) {
	if b, i := s.B, s.I; i < len(b) && b[i] > ' ' {
		return b[i], nil
	}
	return s.wsSlow()
}

// Object reads an object at s.I, which is '{', calling member with each
// key and the first byte of its value, with the scanner at the value,
// which member must read.
func (s *Scanner) Object(member func(key []byte, c byte) error) error {
	if err := s.enter(0); err != nil {
		return err
	}
	s.depth++
	err := s.object(member)
	s.depth--
	return err
}

// object is Object, within its depth.
func (s *Scanner) object(member func(key []byte, c byte) error) error {
	s.I++
	c, err := s.Next()
	if err != nil {
		return err
	}
	if c == '}' {
		s.I++
		return nil
	}
	for {
		if c != '"' {
			return s.Fail("invalid character %q looking for beginning of object key string", c)
		}
		k, err := s.Str()
		if err != nil {
			return err
		}
		if s.I < len(s.B) && s.B[s.I] == ':' {
			s.I++
		} else if err := s.Colon(); err != nil {
			return err
		}
		if c, err = s.Next(); err != nil {
			return err
		}
		if err := member(k, c); err != nil {
			return err
		}
		if c, err = s.Next(); err != nil {
			return err
		}
		switch c {
		case ',':
			s.I++
			if c, err = s.Next(); err != nil {
				return err
			}
		case '}':
			s.I++
			return nil
		default:
			return s.AfterValue(c, '}')
		}
	}
}

// Array reads an array at s.I, which is '[', calling elem with each
// element's index and first byte, with the scanner at the element, which
// elem must read.
func (s *Scanner) Array(elem func(i int, c byte) error) error {
	if err := s.enter(0); err != nil {
		return err
	}
	s.depth++
	err := s.array(elem)
	s.depth--
	return err
}

// array is Array, within its depth.
func (s *Scanner) array(elem func(i int, c byte) error) error {
	s.I++
	c, err := s.Next()
	if err != nil {
		return err
	}
	if c == ']' {
		s.I++
		return nil
	}
	for n := 0; ; n++ {
		if err := elem(n, c); err != nil {
			return err
		}
		if c, err = s.Next(); err != nil {
			return err
		}
		switch c {
		case ',':
			s.I++
			if c, err = s.Next(); err != nil {
				return err
			}
		case ']':
			s.I++
			return nil
		default:
			return s.AfterValue(c, ']')
		}
	}
}
