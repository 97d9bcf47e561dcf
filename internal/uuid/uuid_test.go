package uuid

import (
	"regexp"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"lower", "3f2504e0-4f89-41d3-9a0c-0305e82c3301", true},
		{"upper", "3F2504E0-4F89-41D3-9A0C-0305E82C3301", true},
		{"no dashes", "3f2504e04f8941d39a0c0305e82c3301", false},
		{"braces", "{3f2504e0-4f89-41d3-9a0c-0305e82c3301}", false},
		{"bad hex", "3f2504e0-4f89-41d3-9a0c-0305e82c330g", false},
		{"dash moved", "3f2504e04-f89-41d3-9a0c-0305e82c3301", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := Parse([]byte(tt.in)); ok != tt.ok {
				t.Errorf("Parse(%q) ok = %t, want %t", tt.in, ok, tt.ok)
			}
		})
	}
	a, _ := Parse([]byte("3f2504e0-4f89-41d3-9a0c-0305e82c3301"))
	b, _ := Parse([]byte("3F2504E0-4F89-41D3-9A0C-0305E82C3301"))
	if a != b {
		t.Error("the same UUID in upper and lower case parsed differently")
	}
}

// form is the standard string form of a UUID, in either case.
var form = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// FuzzParse checks that Parse accepts exactly the standard form, and that
// what it reads writes back as the same text in lower case and reads back
// as the same value.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"3f2504e0-4f89-41d3-9a0c-0305e82c3301", "3F2504E0-4F89-41D3-9A0C-0305E82C3301",
		"00000000-0000-0000-0000-000000000000", "3f2504e04f8941d39a0c0305e82c3301", "{3f2504e0-4f89-41d3-9a0c-0305e82c3301}",
		"3f2504e0-4f89-41d3-9a0c-0305e82c330g", "3f2504e0+4f89-41d3-9a0c-0305e82c3301", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, ok := Parse([]byte(s))
		if ok != form.MatchString(s) {
			t.Fatalf("Parse(%q) ok = %t, want %t", s, ok, !ok)
		}
		if !ok {
			return
		}
		if got := u.String(); got != strings.ToLower(s) {
			t.Fatalf("Parse(%q).String() = %q, want it in lower case", s, got)
		}
		if back, ok := Parse([]byte(u.String())); !ok || back != u {
			t.Fatalf("Parse(%q) does not read back: %v, %t", u.String(), back, ok)
		}
	})
}
