package skipnote

import (
	"bytes"
	"testing"
)

// TestReport: one line per reason, with the count, in reason order, and
// nothing when nothing skipped.
func TestReport(t *testing.T) {
	var s Notes
	var out bytes.Buffer
	s.Report(&out, "pkg")
	if out.Len() != 0 {
		t.Fatalf("nothing skipped, but reported %q", out.String())
	}
	for _, r := range []string{"no server", "no browser", "no server"} {
		t.Run(r, func(t *testing.T) { s.Skip(t, r) })
	}
	s.Report(&out, "pkg")
	want := "pkg: 1 test skipped: no browser\npkg: 2 tests skipped: no server\n"
	if out.String() != want {
		t.Fatalf("got %q, want %q", out.String(), want)
	}
}
