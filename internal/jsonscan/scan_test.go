package jsonscan

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math/bits"
	"strings"
	"testing"
)

// validDoc reports whether scan accepts data as one JSON value with only
// white space around it.
func validDoc(data []byte) bool {
	s := Scanner{B: data, EOF: true}
	if err := s.Skip(); err != nil {
		return false
	}
	_, err := s.WS()
	var se *Error
	return errors.As(err, &se) && s.I == len(data) // the end, and nothing else
}

var scanCases = []string{
	`{}`, `[]`, `""`, `0`, `-0`, `1.5e+10`, `true`, `false`, `null`, ` [1, "a", {"b": [null]}] `,
	`{"a":1,"b":{"c":[1,2,{"d":"\u00e9\ud83d\ude00\n\"\\\/"}]}}`, `"\ud800"`, `"\ud800\u0041"`, "\"\xff\xfe\"",
	`{`, `[`, `[1,]`, `{"a":1,}`, `{"a"}`, `{"a":}`, `{1:2}`, `[1 2]`, `01`, `1.`, `.5`, `1e`, `1e+`, `-`, `+1`,
	`tru`, `nul`, `truex`, `"abc`, "\"a\tb\"", `"\x"`, `"\u12"`, `"\u12G4"`, `[}`, `{]`, `{"a":1]`, `1 2`, ``, ` `,
	`"\ud83d\ude0`, `[[[[[[[[[[]]]]]]]]]]`, `[[[[[[[[[[]]]]]]]]]`, `{"a":[1,{"b":2}]}x`, "\x00", `[-]`, `[1e5x]`,
}

// TestScanAgreesWithEncodingJSON checks that the scanner accepts exactly
// the documents encoding/json does.
func TestScanAgreesWithEncodingJSON(t *testing.T) {
	for _, in := range scanCases {
		t.Run(in, func(t *testing.T) {
			if got, want := validDoc([]byte(in)), json.Valid([]byte(in)); got != want {
				t.Errorf("scan accepts %q: %t; encoding/json: %t", in, got, want)
			}
		})
	}
}

// TestScanDecodesStrings checks escapes and surrogates decode as
// encoding/json decodes them.
func TestScanDecodesStrings(t *testing.T) {
	for _, in := range []string{`"plain"`, `"a\"b\\c\/d\be\ff\ng\rh\ti"`, `"\u00e9"`, `"\ud83d\ude00"`, `"\ud800"`, `"\ud800\u0041"`, `"\udc00\ud800"`, `"x\ud83d"`, "\"caf\xc3\xa9\""} {
		var want string
		if err := json.Unmarshal([]byte(in), &want); err != nil {
			t.Fatalf("encoding/json rejects %q: %v", in, err)
		}
		s := Scanner{B: []byte(in), EOF: true}
		got, err := s.Str()
		if err != nil || string(got) != want {
			t.Errorf("str(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestScanDeepNesting checks that nesting is read without recursion up
// to encoding/json's depth, and refused one level deeper, as encoding/json
// refuses it: through Skip alone, and through Object and Array calls with
// Skip under them, as the readers that use the scanner nest them; and
// that nesting far deeper than any stack allows is refused, not a crash.
func TestScanDeepNesting(t *testing.T) {
	for _, depth := range []int{MaxDepth, MaxDepth + 1, 1_000_000} {
		for _, open := range []string{"[", `{"a":`} {
			in := []byte(strings.Repeat(open, depth) + "1" + strings.Repeat(map[string]string{"[": "]", `{"a":`: "}"}[open], depth))
			want := json.Valid(in)
			if depth == MaxDepth && !want || depth > MaxDepth && want {
				t.Fatalf("encoding/json's depth is not %d", MaxDepth)
			}
			if got := validDoc(in); got != want {
				t.Errorf("depth %d of %q: scan accepts %t; encoding/json: %t", depth, open, got, want)
			}
			// The outer three levels read by Object or Array, the rest skipped.
			s := Scanner{B: in, EOF: true}
			var nest func(level int) error
			nest = func(level int) error {
				if level == 3 {
					return s.Skip()
				}
				if open == "[" {
					return s.Array(func(int, byte) error { return nest(level + 1) })
				}
				return s.Object(func([]byte, byte) error { return nest(level + 1) })
			}
			err := nest(0)
			if got := err == nil; got != want {
				t.Errorf("depth %d of %q through Object and Array: read %t (%v); encoding/json: %t", depth, open, got, err, want)
			}
			if s.depth != 0 {
				t.Errorf("depth %d of %q: %d containers left open", depth, open, s.depth)
			}
		}
	}
}

func FuzzScan(f *testing.F) {
	for _, in := range scanCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := validDoc(data), json.Valid(data); got != want {
			t.Errorf("scan accepts %q: %t; encoding/json: %t", data, got, want)
		}
	})
}

// TestStops checks the eight-byte test against the byte-by-byte one, for
// a stopping byte in each position after every kind of plain byte.
func TestStops(t *testing.T) {
	for _, stop := range []byte{'"', '\\', 0x00, 0x1f, '\n'} {
		for _, fill := range []byte{'a', ' ', 0x7f, 0x80, 0xff, '#', ']', 0x21, 0x5d} {
			for pos := range 8 {
				var chunk [8]byte
				for k := range chunk {
					chunk[k] = fill
				}
				chunk[pos] = stop
				m := stops(binary.LittleEndian.Uint64(chunk[:]))
				if got := bits.TrailingZeros64(m) >> 3; m == 0 || got != pos {
					t.Errorf("stop %#x at %d after %#x: found at %d (mask %#x)", stop, pos, fill, got, m)
				}
			}
			var plain [8]byte
			for k := range plain {
				plain[k] = fill
			}
			if m := stops(binary.LittleEndian.Uint64(plain[:])); m != 0 {
				t.Errorf("eight %#x bytes flagged: %#x", fill, m)
			}
		}
	}
}
