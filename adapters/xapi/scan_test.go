package xapi

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// validDoc reports whether scan accepts data as one JSON value with only
// white space around it.
func validDoc(data []byte) bool {
	s := scan{b: data, eof: true}
	if err := s.skip(); err != nil {
		return false
	}
	_, err := s.ws()
	var se *scanError
	return errors.As(err, &se) && s.i == len(data) // the end, and nothing else
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
		s := scan{b: []byte(in), eof: true}
		got, err := s.str()
		if err != nil || string(got) != want {
			t.Errorf("str(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestScanDeepNesting checks that nesting far deeper than any stack
// allows is read without recursion.
func TestScanDeepNesting(t *testing.T) {
	const depth = 1_000_000
	in := strings.Repeat("[", depth) + strings.Repeat("]", depth)
	if !validDoc([]byte(in)) {
		t.Error("scan rejects deeply nested arrays")
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
