package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// skips reports, after the tests, how many skipped for want of PostgreSQL:
// plain go test ./... hides a passing package's output. The library's
// packages use internal/skipnote for this; an example's tests may not
// import an internal package (an example copied out of the repository
// builds on its own), so this is the same note, written here.
var skips skipNotes

func TestMain(m *testing.M) {
	code := m.Run()
	out := io.Writer(os.Stderr) // where -v shows it, without a terminal
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		out = tty // go test does not capture the terminal
	}
	skips.report(out, "examples/quickstart")
	os.Exit(code)
}

// skipNotes counts the tests that skipped, by reason.
type skipNotes struct {
	mu sync.Mutex
	n  map[string]int
}

// skip records that t skips for reason, then skips it.
func (s *skipNotes) skip(t *testing.T, reason string) {
	t.Helper()
	s.mu.Lock()
	if s.n == nil {
		s.n = map[string]int{}
	}
	s.n[reason]++
	s.mu.Unlock()
	t.Skip(reason)
}

// report writes one line per reason, as internal/skipnote does: the
// package, how many tests skipped, and why.
func (s *skipNotes) report(w io.Writer, pkg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range slices.Sorted(maps.Keys(s.n)) {
		tests := "tests"
		if s.n[r] == 1 {
			tests = "test"
		}
		fmt.Fprintf(w, "%s: %d %s skipped: %s\n", pkg, s.n[r], tests, r)
	}
}

// TestSkipNotes: a skip is reported as one line naming the package, the
// count and the reason, and nothing is reported when nothing skipped.
func TestSkipNotes(t *testing.T) {
	var s skipNotes
	var out bytes.Buffer
	s.report(&out, "examples/quickstart")
	require.Empty(t, out.String())
	t.Run("skipping", func(t *testing.T) { s.skip(t, "no server") })
	s.report(&out, "examples/quickstart")
	require.Equal(t, "examples/quickstart: 1 test skipped: no server\n", out.String())
}

// runOn runs the whole program as if today were day and returns its output.
func runOn(t *testing.T, day string) string {
	t.Helper()
	clock, err := clockOn(day)
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, clock, ""))
	return out.String()
}

// section returns the lines after the first line starting with heading, up
// to the next blank line, each split into fields.
func section(out, heading string) [][]string {
	_, rest, found := strings.Cut(out, "\n"+heading)
	if !found {
		return nil
	}
	_, rest, _ = strings.Cut(rest, "\n")
	var rows [][]string
	for line := range strings.Lines(rest) {
		if strings.TrimSpace(line) == "" {
			break
		}
		rows = append(rows, strings.Fields(line))
	}
	return rows
}

// rowOf returns the fields of the row in rows whose first field is key.
func rowOf(rows [][]string, key string) []string {
	for _, r := range rows {
		if len(r) > 0 && r[0] == key {
			return r
		}
	}
	return nil
}

// TestScenario runs the program on a fixed day (academic year 2026/27)
// and checks the lines that show each flow worked.
func TestScenario(t *testing.T) {
	out := runOn(t, "2026-11-25")
	require.Contains(t, out, "on 2026-11-25\n")
	f := strings.Fields
	tests := []struct {
		name    string
		heading string
		key     string
		want    []string
	}{
		{"request", "Planned CPD", "requested", f("requested act-0038 by teacher-1")},
		{"approved by the line manager", "Planned CPD", "approved", f("approved act-0038 by lead-1 (line manager)")},
		{"booked", "Planned CPD", "booked", f("booked act-0038 for 2026-11-25 with Home Office Prevent e-learning")},
		{"completed", "Planned CPD", "completed", f("completed act-0038 on 2026-11-25, 1.5 hours, evidence prevent-refresher-certificate.pdf")},
		{"resignation cancels", "Resignation", "cancelled", f("cancelled act-0039 NASBTT annual conference")},
		{"resignation delegates", "Resignation", "delegated",
			f("delegated act-0040 Phonics for ITT tutors to tutor-1 as act-0041 (booked for 2026-12-09)")},
		{"refreshed prevent counts", "  PERSON", "teacher-1",
			f("teacher-1 teacher compliant compliant compliant compliant compliant compliant compliant compliant")},
		{"plan, overdue and due soon", "  PERSON", "tutor-1",
			f("tutor-1 tutor compliant compliant compliant overdue planned n/a pending compliant")},
		{"starter pending", "  PERSON", "assessor-1",
			f("assessor-1 assessor compliant pending pending pending n/a n/a pending pending")},
		{"leaver marked", "  PERSON", "assessor-2", f("assessor-2 assessor n/a n/a n/a n/a n/a n/a n/a n/a left 2026-11-04")},
		{"resigning tutor marked", "  PERSON", "tutor-2",
			f("tutor-2 tutor compliant compliant compliant compliant compliant n/a compliant compliant leaving 2026-12-25")},
		{"qts rate", "Compliance by requirement", "R5", f("R5 qts 3/4 75.0%")},
		// LETTA L37: "Staff professional learning needs are formally
		// reviewed annually as part of the appraisal process."
		{"annual review of needs: the head has no appraiser here", "  PERSON", "head",
			f("head head_of_education compliant compliant compliant compliant n/a n/a pending missing")},
		{"annual review of needs rate", "Compliance by requirement", "R8", f("R8 learning-needs-review 5/7 71.4%")},
		{"overall rate", "Compliance by requirement", "all", f("all 37/47 78.7%")},
		{"team alert", "Alerts for lead-1's team", "teacher-1",
			f("teacher-1 chartered-college-membership expiring 2027-01-08 Membership renewed or joined on 2026-01-09 (membership:chartered-college-membership); valid until 2027-01-08.")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rowOf(section(out, tt.heading), tt.key)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("line %q in section %q (-want +got):\n%s", tt.key, tt.heading, diff)
			}
		})
	}
}

// TestPersonAlerts checks the tutor's own alerts: the overdue item first.
func TestPersonAlerts(t *testing.T) {
	rows := section(runOn(t, "2026-11-25"), "Alerts for tutor-1 (")
	var got []string
	for _, r := range rows {
		got = append(got, strings.Join(r[:4], " "))
	}
	want := []string{
		"tutor-1 equality-and-diversity overdue 2026-10-16",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("alerts (-want +got):\n%s", diff)
	}
}

// TestAnyDay runs the scenario on awkward days: the first and last days of
// an academic year, a leap day, the real clock. It must always complete.
func TestAnyDay(t *testing.T) {
	for _, day := range []string{"", "2026-09-01", "2027-08-31", "2028-02-29", "2027-01-01"} {
		name := day
		if name == "" {
			name = "real clock"
		}
		t.Run(name, func(t *testing.T) {
			out := runOn(t, day)
			require.Contains(t, out, "Compliance by requirement")
			require.NotEmpty(t, rowOf(section(out, "Resignation"), "delegated"))
		})
	}
}

func TestClockOnRejectsBadDay(t *testing.T) {
	for _, day := range []string{"25/11/2026", "2026-13-01", "tomorrow"} {
		_, err := clockOn(day)
		require.Error(t, err, day)
	}
}

// TestNamedDatabase runs the program twice on one SQLite file, as -db
// names it: each run is an organisation of its own, so the second neither
// clashes with the first nor sees its records.
func TestNamedDatabase(t *testing.T) {
	clock, err := clockOn("2026-11-25")
	require.NoError(t, err)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "cpd.db")
	var first, second bytes.Buffer
	require.NoError(t, run(context.Background(), &first, clock, dsn))
	require.NoError(t, run(context.Background(), &second, clock, dsn))
	require.Equal(t, first.String(), second.String())
	require.Equal(t, runOn(t, "2026-11-25"), first.String(), "a named database gives the same report as the default one")
}

// TestPostgres runs the program on the PostgreSQL server that
// CPDKIT_POSTGRES_DSN names, as the README shows.
func TestPostgres(t *testing.T) {
	dsn := os.Getenv("CPDKIT_POSTGRES_DSN")
	if dsn == "" && os.Getenv("CI") == "true" {
		t.Fatal("CPDKIT_POSTGRES_DSN is not set: CI must run the PostgreSQL tests (.ci/run starts a server and sets it)")
	}
	if dsn == "" {
		skips.skip(t, "set CPDKIT_POSTGRES_DSN to a postgres:// URL (.ci/run starts a server and sets it)")
	}
	clock, err := clockOn("2026-11-25")
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, clock, dsn))
	require.Equal(t, runOn(t, "2026-11-25"), out.String(), "PostgreSQL gives the same report as SQLite")
}

// TestCommandLine checks the conventions every example keeps: -h prints
// the usage to stdout and exits 0; a bad command line exits 2 and a
// failure 1, each with one line on stderr after the program's name.
func TestCommandLine(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		status int
		stdout string // the first line of stdout
		stderr string // all of stderr; for a failure, its start
	}{
		{"help", []string{"-h"}, 0, "usage: quickstart [flags]", ""},
		{"unknown flag", []string{"-x"}, 2, "", "quickstart: flag provided but not defined: -x\n"},
		{"stray argument", []string{"extra"}, 2, "", "quickstart: unexpected arguments [\"extra\"]\n"},
		{"bad day", []string{"-on", "bad"}, 2, "", "quickstart: -on: \"bad\" is not a date written YYYY-MM-DD\n"},
		{"no such database", []string{"-db", "nosuch:x"}, 1, "", "quickstart: open "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			require.Equal(t, tt.status, cli(context.Background(), tt.args, &stdout, &stderr))
			if tt.status == 1 {
				require.True(t, strings.HasPrefix(stderr.String(), tt.stderr), "stderr %q", stderr.String())
				require.Equal(t, 1, strings.Count(stderr.String(), "\n"), "one line: %q", stderr.String())
			} else {
				require.Equal(t, tt.stderr, stderr.String())
			}
			first, _, _ := strings.Cut(stdout.String(), "\n")
			require.Equal(t, tt.stdout, first)
			if tt.status == 0 {
				require.Contains(t, stdout.String(), "\nflags:\n")
				require.Contains(t, stdout.String(), "\n  -db DSN\n")
			}
		})
	}
}

// TestSaysWhatItShows checks that the report explains itself: a leaver is
// announced with the staff, and the compliance table ends with a key to
// the statuses it shows.
func TestSaysWhatItShows(t *testing.T) {
	out := runOn(t, "2026-11-25")
	require.Contains(t, out, "\nLeaver: assessor-2 (Alex) left on 2026-11-04; their records are kept, but no requirement applies to them now (n/a below).\n")
	key := rowOf(section(out, "  PERSON"), "Key:")
	require.NotNil(t, key, "the compliance table has a key")
	line := strings.Join(key, " ")
	for _, want := range []string{"compliant: done and in date;", "due_soon: in date, but due for renewal soon;", "pending: not done, but not due yet", "n/a: does not apply"} {
		require.Contains(t, line, want)
	}
	require.NotContains(t, line, "exempt", "the key names only the statuses shown")
}

// TestLegend checks the key covers every status, in order, once each.
func TestLegend(t *testing.T) {
	row := cpd.OrgRow{}
	row.Items = []cpd.StatusItem{{Status: compliance.NotApplicable}, {Status: compliance.Exempt}, {Status: compliance.DueSoon}, {Status: compliance.Exempt}}
	require.Equal(t, "due_soon: in date, but due for renewal soon; exempt: excused by a manager; n/a: does not apply", legend([]cpd.OrgRow{row}))
	for s := compliance.Compliant; s <= compliance.NotApplicable; s++ {
		require.NotEmpty(t, meanings[s], s)
	}
}

// TestOpenStore checks the default database is a new SQLite file in a
// temporary directory that done removes, run as the base organisation;
// that a named database is kept, each run an organisation of its own; and
// that an error names the database but not its password.
func TestOpenStore(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	_, org, done, err := openStore(t.Context(), "", "demo")
	require.NoError(t, err)
	require.Equal(t, "demo", org)
	made, err := filepath.Glob(filepath.Join(tmp, "*", "cpd.db"))
	require.NoError(t, err)
	require.Len(t, made, 1)
	require.NoError(t, done())
	require.NoDirExists(t, filepath.Dir(made[0]))

	file := filepath.Join(t.TempDir(), "cpd.db")
	orgs := map[string]bool{}
	for range 2 {
		_, org, done, err := openStore(t.Context(), "sqlite:"+file, "demo")
		require.NoError(t, err)
		require.Regexp(t, `^demo-[0-9a-f]{8}$`, org)
		orgs[org] = true
		require.NoError(t, done())
		require.FileExists(t, file)
	}
	require.Len(t, orgs, 2)

	_, _, _, err = openStore(t.Context(), "postgres://u:s3cret@127.0.0.1:badport/cpd", "demo")
	require.Error(t, err)
	require.NotContains(t, err.Error(), "s3cret")
	require.Contains(t, err.Error(), "127.0.0.1")
}
