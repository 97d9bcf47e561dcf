// Package skipnote makes a package's skipped tests visible without -v.
//
// `go test ./...` shows a passing package as one "ok" line and hides
// everything its tests printed, so a test that skips for want of a server
// or a browser (PostgreSQL, Chromium) skips silently. A package that uses
// a Notes in its TestMain writes, after its tests, one line per reason to
// the terminal (/dev/tty, which go test does not capture) saying how many
// tests skipped and why; without a terminal (CI, an editor) it writes the
// same line to stderr, where -v shows it. Only tests use it.
package skipnote

import (
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"testing"
)

// Notes counts a package's skips by reason. The zero value is ready; it is
// safe for concurrent use by parallel tests.
type Notes struct {
	mu sync.Mutex
	n  map[string]int
}

// Skip records that t skips for reason, then skips it.
func (s *Notes) Skip(t testing.TB, reason string) {
	t.Helper()
	s.mu.Lock()
	if s.n == nil {
		s.n = map[string]int{}
	}
	s.n[reason]++
	s.mu.Unlock()
	t.Skip(reason)
}

// Main runs the package's tests and then reports the skips, for TestMain:
//
//	var skips skipnote.Notes
//
//	func TestMain(m *testing.M) { os.Exit(skips.Main(m, "adapters/sqlstore")) }
func (s *Notes) Main(m *testing.M, pkg string) int {
	code := m.Run()
	out, closeOut := terminal()
	defer closeOut()
	s.Report(out, pkg)
	return code
}

// Report writes one line per reason: the package, how many tests skipped,
// and why. It writes nothing when no test skipped.
func (s *Notes) Report(w io.Writer, pkg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	reasons := make([]string, 0, len(s.n))
	for r := range s.n {
		reasons = append(reasons, r)
	}
	slices.Sort(reasons)
	for _, r := range reasons {
		tests := "tests"
		if s.n[r] == 1 {
			tests = "test"
		}
		fmt.Fprintf(w, "%s: %d %s skipped: %s\n", pkg, s.n[r], tests, r)
	}
}

// terminal opens the controlling terminal, or falls back to stderr.
func terminal() (io.Writer, func()) {
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		return tty, func() { tty.Close() }
	}
	return os.Stderr, func() {}
}
