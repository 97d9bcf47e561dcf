package mailbox

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParse checks what is an address.
func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Address
		err  error
	}{
		{"plain", "Joe.Bloggs@Example.org", Address{"Joe.Bloggs", "Example.org"}, nil},
		{"mailto", "mailto:joe@example.org", Address{"joe", "example.org"}, nil},
		{"MAILTO", "MAILTO:joe@example.org", Address{"joe", "example.org"}, nil},
		{"quoted @ in local part", `"a@b"@example.org`, Address{`"a@b"`, "example.org"}, nil},
		{"no @", "joe.example.org", Address{}, ErrNotAddress},
		{"nothing before @", "@example.org", Address{}, ErrNotAddress},
		{"nothing after @", "joe@", Address{}, ErrNotAddress},
		{"space", "joe bloggs@example.org", Address{}, ErrNotAddress},
		{"newline", "joe@example.org\n", Address{}, ErrNotAddress},
		{"invalid UTF-8", "jo\xffe@example.org", Address{}, ErrNotAddress},
		{"mailto only", "mailto:", Address{}, ErrNotAddress},
		{"too long", string(make([]byte, 250)) + "@example.org", Address{}, ErrNotAddress},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Fatalf("Parse(%q) error = %v, want %v", tt.in, err, tt.err)
			}
			if got != tt.want {
				t.Errorf("Parse(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

// TestForms checks the spellings offered for hashing, without repeats.
func TestForms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Joe.Bloggs@Example.org", []string{"Joe.Bloggs@Example.org", "Joe.Bloggs@example.org", "joe.bloggs@example.org"}},
		{"Joe.Bloggs@example.org", []string{"Joe.Bloggs@example.org", "joe.bloggs@example.org"}},
		{"joe.bloggs@Example.org", []string{"joe.bloggs@Example.org", "joe.bloggs@example.org"}},
		{"joe.bloggs@example.org", []string{"joe.bloggs@example.org"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			a, err := Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, a.Forms()); diff != "" {
				t.Errorf("Forms (-want +got):\n%s", diff)
			}
		})
	}
}

// TestHashes checks the hashes against values computed by sha1sum and
// sha256sum.
func TestHashes(t *testing.T) {
	// printf 'mailto:Joe.Bloggs@Example.org' | sha1sum
	if got, want := MboxSHA1("Joe.Bloggs@Example.org"), "083b6bec6ac421a7aecb10c8e43849f13fa67cb3"; got != want {
		t.Errorf("MboxSHA1 = %s, want %s", got, want)
	}
	// printf 'nobody@example.orgdeadsea' | sha256sum
	if got, want := SHA256("nobody@example.org", "deadsea"), "ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942"; got != want {
		t.Errorf("SHA256 = %s, want %s", got, want)
	}
}
