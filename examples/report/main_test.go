package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// runReport runs the program with args (and -out in a new directory) and
// returns its output and the page it wrote.
func runReport(t *testing.T, terminal bool, args ...string) (string, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "report.html")
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(context.Background(), append(args, "-out", out), &stdout, &stderr, terminal), stderr.String())
	page, err := os.ReadFile(out)
	require.NoError(t, err)
	return stdout.String(), string(page)
}

// TestFiveHundred writes the report for the default organisation of 500
// people and checks its key facts against what the program printed.
func TestFiveHundred(t *testing.T) {
	stdout, page := runReport(t, false, "-on", "2026-11-25")
	var inPost, leavers, teams int
	_, err := fmt.Sscanf(lineOf(t, stdout, "people:"), "people: %d in post, %d leavers, %d teams", &inPost, &leavers, &teams)
	require.NoError(t, err)
	var expiring int
	_, err = fmt.Sscanf(lineOf(t, stdout, "expiring"), "expiring in 60 days: %d", &expiring)
	require.NoError(t, err)
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"every generated person is counted", inPost + leavers, 500},
		{"some have left this year", leavers > 0, true},
		{"seven teams, and the managers without one", teams, 8},
		{"a heat-map row per person", strings.Count(page, `<td class="person">`), 500},
		{"leavers marked", strings.Count(page, `<span class="left">left</span>`), leavers},
		{"a row per expiring item", strings.Count(between(page, `id="expiring"`, `id="forecast"`), "<tr><td>"), expiring},
		{"self-contained", strings.Contains(page, "<script") || strings.Contains(page, "https://"), false},
		{"the budget", strings.Contains(page, "Budget 2026/27"), true},
		{"the day", strings.Contains(page, "figures for 2026-11-25"), true},
		{"no progress bar off a terminal", strings.Contains(stdout, "\r"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, tc.got)
		})
	}
	require.Contains(t, stdout, "compliance: ")
	require.Contains(t, stdout, "budget: GBP ")
}

// between returns the part of page from the first from to the next to.
func between(page, from, to string) string {
	_, rest, _ := strings.Cut(page, from)
	part, _, _ := strings.Cut(rest, to)
	return part
}

// lineOf returns the output's line that starts with prefix.
func lineOf(t *testing.T, out, prefix string) string {
	t.Helper()
	for line := range strings.Lines(out) {
		if strings.HasPrefix(line, prefix) {
			return strings.TrimSpace(line)
		}
	}
	t.Fatalf("no line starting %q in:\n%s", prefix, out)
	return ""
}

// TestSameFlagsSameReport checks the report is made from its seed alone.
func TestSameFlagsSameReport(t *testing.T) {
	_, first := runReport(t, false, "-people", "40", "-on", "2026-11-25")
	_, again := runReport(t, false, "-people", "40", "-on", "2026-11-25")
	_, other := runReport(t, false, "-people", "40", "-on", "2026-11-25", "-seed", "2")
	require.Equal(t, first, again, "the same flags write the same report")
	require.NotEqual(t, first, other, "another seed another organisation")
}

func TestProgressOnATerminal(t *testing.T) {
	stdout, _ := runReport(t, true, "-people", "20", "-on", "2026-11-25")
	for _, stage := range []string{"staff and records", "budget year", "report"} {
		require.Regexp(t, `\r`+stage+` +\[#+\] 100% \(\d+/\d+\)\n`, stdout)
	}
}

func TestUsage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.html")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no -out", nil, "-out is required"},
		{"bad day", []string{"-out", out, "-on", "25/11/2026"}, "-on"},
		{"month 99 is not rolled on", []string{"-out", out, "-on", "2026-99-01"}, "-on"},
		{"30 February is not 2 March", []string{"-out", out, "-on", "2026-02-30"}, "-on"},
		{"too few people", []string{"-out", out, "-people", "2"}, "-people"},
		{"unknown policy", []string{"-out", out, "-policy", "nope"}, "nope"},
		{"stray argument", []string{"-out", out, "extra"}, "unexpected"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tc.args, &stdout, &stderr, false)
			require.ErrorContains(t, err, tc.want)
			_, statErr := os.Stat(out)
			require.True(t, os.IsNotExist(statErr), "no file is written")
		})
	}
}

// TestCommandLine checks the conventions every example keeps: -h prints
// the usage to stdout and exits 0; a bad command line exits 2 and a
// failure 1, each with one line on stderr after the program's name.
func TestCommandLine(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.html")
	badPolicy := filepath.Join(t.TempDir(), "policy.json")
	require.NoError(t, os.WriteFile(badPolicy, []byte(`{"id": "x"`), 0o600))
	tests := []struct {
		name   string
		args   []string
		status int
		stdout string // the first line of stdout
		stderr string // all of stderr
	}{
		{"help", []string{"-h"}, 0, "usage: report [flags]", ""},
		{"unknown flag", []string{"-x"}, 2, "", "report: flag provided but not defined: -x\n"},
		{"no -out", nil, 2, "", "report: -out is required: the HTML file to write\n"},
		{"bad day", []string{"-out", out, "-on", "bad"}, 2, "", "report: -on: \"bad\" is not a date written YYYY-MM-DD\n"},
		{"unknown policy", []string{"-out", out, "-policy", "nope"}, 2, "", "report: -policy: preset \"nope\": unknown preset (want one of avct, letta, or a policy FILE.json)\n"},
		{"bad policy file", []string{"-out", out, "-policy", badPolicy}, 1, "", "report: -policy: " + badPolicy + ": malformed JSON: unexpected end\n"},
		{"no such database", []string{"-out", out, "-people", "20", "-db", "nosuch:x"}, 1, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			require.Equal(t, tt.status, cli(context.Background(), tt.args, &stdout, &stderr, false))
			if tt.status == 1 && tt.stderr == "" {
				require.Regexp(t, `^report: [^\n]+\n$`, stderr.String())
			} else {
				require.Equal(t, tt.stderr, stderr.String())
			}
			first, _, _ := strings.Cut(stdout.String(), "\n")
			require.Equal(t, tt.stdout, first)
			if tt.status == 0 {
				require.Contains(t, stdout.String(), "\nflags:\n")
				require.Contains(t, stdout.String(), "\n  -out FILE\n")
			}
		})
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

// TestWithBar checks the bar is drawn once per whole percentage, ends its
// line, and that a stage that reports nothing, or no total, draws nothing.
func TestWithBar(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, withBar(&out, "import", func(progress func(done, total int)) error {
		for done := 0; done <= 1000; done++ {
			progress(done, 1000)
		}
		return nil
	}))
	draws := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\r")[1:]
	require.Len(t, draws, 101, "one draw per whole percentage")
	require.Equal(t, "import [..............................]   0% (0/1000)", draws[0])
	require.Equal(t, "import [###############...............]  50% (500/1000)", draws[50])
	require.Equal(t, "import [##############################] 100% (1000/1000)", draws[100])
	require.True(t, strings.HasSuffix(out.String(), "\n"), "the bar's line is ended")

	out.Reset()
	failed := errors.New("failed")
	require.ErrorIs(t, withBar(&out, "x", func(progress func(done, total int)) error {
		progress(5, 0)
		return failed
	}), failed)
	require.Empty(t, out.String(), "an unknown total draws nothing, and no empty line is added")

	require.NoError(t, withBar(&out, "x", func(progress func(done, total int)) error {
		progress(150, 100)
		return nil
	}))
	require.Contains(t, out.String(), "100% (150/100)", "done beyond the total is 100%")
}

// TestIsTerminal checks a file and a pipe are not terminals, so piped
// output has no bars.
func TestIsTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	require.NoError(t, err)
	defer f.Close()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	require.False(t, isTerminal(f), "file")
	require.False(t, isTerminal(w), "pipe")
}
