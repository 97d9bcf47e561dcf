package xapi

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

// errMore says the window ended inside a value and more input may follow:
// the caller reads more and starts the value again.
var errMore = errors.New("xapi: more input needed")

// scanError is malformed JSON at a window position.
type scanError struct {
	at     int
	reason string
}

// Error returns the reason.
func (e *scanError) Error() string { return e.reason }

// scan reads JSON from a window of a document: b[i:] is what is left of
// the window, and eof says whether the document ends where the window
// does. It accepts exactly what encoding/json accepts (RFC 8259, with any
// bytes in strings), and never recurses, so deep nesting costs memory in
// proportion, not stack. Each method leaves i after what it read, or
// returns errMore or a *scanError.
type scan struct {
	b     []byte
	i     int
	eof   bool
	stack []byte // open containers, for skip; reused
}

// fail reports malformed JSON at the current position.
func (s *scan) fail(format string, args ...any) error {
	return &scanError{at: s.i, reason: fmt.Sprintf(format, args...)}
}

// short reports that the window ended too soon: errMore, or the end of
// the document in the middle of a value.
func (s *scan) short() error {
	s.i = len(s.b)
	if s.eof {
		return s.fail("unexpected end of JSON input")
	}
	return errMore
}

// ws skips white space and returns the next byte without reading it.
func (s *scan) ws() (byte, error) { return s.next() }

// wsSlow skips white space the long way.
func (s *scan) wsSlow() (byte, error) {
	for ; s.i < len(s.b); s.i++ {
		switch c := s.b[s.i]; c {
		case ' ', '\t', '\n', '\r':
		default:
			return c, nil
		}
	}
	return 0, s.short()
}

// kind names the JSON type of the value starting with c, for messages.
func kind(c byte) string {
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

// str reads a string at s.i, which is '"', and returns its value: a view
// of the window when it has no escapes (valid until the window moves), a
// new slice when it has.
func (s *scan) str() ([]byte, error) {
	b := s.b
	start := s.i + 1
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
		s.i = i + 1
		return b[start:i], nil
	case '\\':
		return s.unescape(start, i)
	default:
		s.i = i
		return nil, s.fail("invalid character %q in string literal", c)
	}
}

// unescape decodes a string with escapes, from start, the first byte
// after the quote, with the first escape at i.
func (s *scan) unescape(start, i int) ([]byte, error) {
	b := s.b
	out := make([]byte, 0, i-start+16)
	out = append(out, b[start:i]...)
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			s.i = i + 1
			return out, nil
		case c < 0x20:
			s.i = i
			return nil, s.fail("invalid character %q in string literal", c)
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
			s.i = i + 1
			return nil, s.fail("invalid character %q in string escape code", e)
		}
		i += 2
	}
	return nil, s.short()
}

// lowSurrogate completes a surrogate pair whose first half r ended at i.
// A lone or mismatched surrogate decodes as U+FFFD, as encoding/json does.
func (s *scan) lowSurrogate(r rune, i int) (rune, int, error) {
	b := s.b
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
func (s *scan) hex4(i int) (rune, error) {
	var r rune
	for j := i; j < i+4; j++ {
		if j >= len(s.b) {
			return 0, s.short()
		}
		c := s.b[j]
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			s.i = j
			return 0, s.fail("invalid character %q in \\u hexadecimal character escape", c)
		}
	}
	return r, nil
}

// number reads a number at s.i and returns its text.
func (s *scan) number() ([]byte, error) {
	b, i := s.b, s.i
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
	if i == len(b) && !s.eof {
		return nil, errMore // the number may go on
	}
	s.i = i
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
func (s *scan) badDigit(i int) error {
	if i >= len(s.b) {
		return s.short()
	}
	s.i = i
	return s.fail("invalid character %q in numeric literal", s.b[i])
}

// literal reads true, false or null.
func (s *scan) literal(word string) error {
	b := s.b[s.i:]
	for j := range len(word) {
		if j >= len(b) {
			return s.short()
		}
		if b[j] != word[j] {
			s.i += j
			return s.fail("invalid character %q in literal %s (expecting %q)", b[j], word, word[j])
		}
	}
	s.i += len(word)
	return nil
}

// scalar reads a string, number or literal at s.i, whose first byte is c.
func (s *scan) scalar(c byte) error {
	var err error
	switch {
	case c == '"':
		_, err = s.str()
	case c == 't':
		err = s.literal("true")
	case c == 'f':
		err = s.literal("false")
	case c == 'n':
		err = s.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		_, err = s.number()
	default:
		err = s.fail("invalid character %q looking for beginning of value", c)
	}
	return err
}

// skip reads any value, checking its syntax and keeping nothing.
func (s *scan) skip() error {
	stack := s.stack[:0]
	defer func() { s.stack = stack[:0] }()
	for {
		// A value starts here.
		c, err := s.ws()
		if err != nil {
			return err
		}
		switch c {
		case '{':
			s.i++
			if c, err = s.ws(); err != nil {
				return err
			}
			if c != '}' {
				stack = append(stack, '}')
				if err := s.key(c); err != nil {
					return err
				}
				continue
			}
			s.i++
		case '[':
			s.i++
			if c, err = s.ws(); err != nil {
				return err
			}
			if c != ']' {
				stack = append(stack, ']')
				continue
			}
			s.i++
		default:
			if err := s.scalar(c); err != nil {
				return err
			}
		}
		// A value ended: close containers until one wants another value.
		for {
			if len(stack) == 0 {
				return nil
			}
			if c, err = s.ws(); err != nil {
				return err
			}
			top := stack[len(stack)-1]
			if c == top {
				s.i++
				stack = stack[:len(stack)-1]
				continue
			}
			if c != ',' {
				return s.afterValue(c, top)
			}
			s.i++
			if top == '}' {
				if c, err = s.ws(); err != nil {
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

// afterValue reports an unexpected byte c after a value in a container
// that closes with top.
func (s *scan) afterValue(c, top byte) error {
	if top == '}' {
		return s.fail("invalid character %q after object key:value pair", c)
	}
	return s.fail("invalid character %q after array element", c)
}

// key reads an object key and its colon; c is the key's first byte.
func (s *scan) key(c byte) error {
	if c != '"' {
		return s.fail("invalid character %q looking for beginning of object key string", c)
	}
	if _, err := s.str(); err != nil {
		return err
	}
	return s.colon()
}

// colon reads the colon after an object key.
func (s *scan) colon() error {
	c, err := s.ws()
	if err != nil {
		return err
	}
	if c != ':' {
		return s.fail("invalid character %q after object key", c)
	}
	s.i++
	return nil
}

// next returns the byte at s.i, past any white space: inline when there
// is none, as in the compact JSON that exports usually are.
func (s *scan) next() (byte, error) {
	if b, i := s.b, s.i; i < len(b) && b[i] > ' ' {
		return b[i], nil
	}
	return s.wsSlow()
}

// object reads an object at s.i, which is '{', calling member with each
// key and the first byte of its value, with the scanner at the value,
// which member must read.
func (s *scan) object(member func(key []byte, c byte) error) error {
	s.i++
	c, err := s.next()
	if err != nil {
		return err
	}
	if c == '}' {
		s.i++
		return nil
	}
	for {
		if c != '"' {
			return s.fail("invalid character %q looking for beginning of object key string", c)
		}
		k, err := s.str()
		if err != nil {
			return err
		}
		if s.i < len(s.b) && s.b[s.i] == ':' {
			s.i++
		} else if err := s.colon(); err != nil {
			return err
		}
		if c, err = s.next(); err != nil {
			return err
		}
		if err := member(k, c); err != nil {
			return err
		}
		if c, err = s.next(); err != nil {
			return err
		}
		switch c {
		case ',':
			s.i++
			if c, err = s.next(); err != nil {
				return err
			}
		case '}':
			s.i++
			return nil
		default:
			return s.afterValue(c, '}')
		}
	}
}

// array reads an array at s.i, which is '[', calling elem with each
// element's index and first byte, with the scanner at the element, which
// elem must read.
func (s *scan) array(elem func(i int, c byte) error) error {
	s.i++
	c, err := s.next()
	if err != nil {
		return err
	}
	if c == ']' {
		s.i++
		return nil
	}
	for n := 0; ; n++ {
		if err := elem(n, c); err != nil {
			return err
		}
		if c, err = s.next(); err != nil {
			return err
		}
		switch c {
		case ',':
			s.i++
			if c, err = s.next(); err != nil {
				return err
			}
		case ']':
			s.i++
			return nil
		default:
			return s.afterValue(c, ']')
		}
	}
}
