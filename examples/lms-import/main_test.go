package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/xapi"
	"github.com/cpdkit/cpdkit/presets"
)

// runOn runs the program with args on 25 November 2026 and returns what it
// printed.
func runOn(t *testing.T, terminal bool, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	require.NoError(t, run(append([]string{"-on", "2026-11-25"}, args...), &out, &errOut, terminal, date.New(2000, 1, 1)))
	return out.String()
}

// section returns the rows after the line that starts with heading, up to
// the next blank line, each split into fields.
func section(out, heading string) [][]string {
	_, rest, found := strings.Cut(out, heading)
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

// rowOf returns the row whose first field is key.
func rowOf(rows [][]string, key string) []string {
	for _, r := range rows {
		if len(r) > 0 && r[0] == key {
			return r
		}
	}
	return nil
}

// TestSample runs the program on the bundled sample and checks the facts
// that show each part of the story worked.
func TestSample(t *testing.T) {
	out := runOn(t, false)
	f := strings.Fields
	tests := []struct {
		name, heading, key string
		want               []string
	}{
		{"statements read", "xAPI import", "statements", f("statements read 20")},
		{"credits", "xAPI import", "credits", f("credits 11")},
		{"duplicates counted", "xAPI import", "duplicate", f("duplicate 1")},
		{"late on 30 June UTC is 1 July in London", "Credit given", "0", f("0 teacher-1 completed Safeguarding refresher 2026-07-01 2")},
		{"a winter timestamp keeps its UTC day", "Credit given", "19", f("19 tutor-1 completed Equality, diversity and inclusion 2025-01-05 1")},
		{"passed after a failed attempt", "Credit given", "13", f("13 admin-1 passed Health and safety at work 2026-10-07 1.5")},
		{"cmi5 moveOn not met", "Statements that gave no credit", "5",
			f("5 teacher-2 no_credit the AU's moveOn is CompletedAndPassed and its registration has no passed statement")},
		{"below the mastery score", "Statements that gave no credit", "6", f("6 teacher-2 no_credit the scaled score 0.62 is below the mastery score 0.8")},
		{"voided", "Statements that gave no credit", "8", f("8 tutor-1 voided voided by statement 9 (5e0c1a00-0000-4000-8000-000000000010)")},
		{"unknown learner", "Statements that gave no credit", "16", f("16 - unknown_person no person is mapped to mbox mailto:trainee-207@letta.example")},
		{"teacher-1 row", "Status by person", "teacher-1", f("teacher-1 teacher compliant compliant compliant compliant missing n/a pending missing")},
		{"tutor-1's voided refresher leaves the old one, now overdue", "Status by person", "tutor-1", f("tutor-1 tutor overdue missing compliant compliant missing n/a pending missing")},
		{"admin-1 row", "Status by person", "admin-1", f("admin-1 business_support compliant compliant missing missing n/a n/a pending missing")},
		{"a starter is pending", "Status by person", "assessor-1", f("assessor-1 assessor pending pending pending pending n/a n/a pending pending")},
		{"a key to the statuses shown", "Key", "compliant:", f("compliant: done and in date; pending: not done, but not due yet (a starter, an extension, hours still accruing); overdue: expired; missing: not done, and due; n/a: does not apply")},
		{"safeguarding rate", "Compliance by requirement", "R1", f("R1 safeguarding 2/5 40.0%")},
		{"overall rate", "Compliance by requirement", "all", f("all 9/33 27.3%")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, rowOf(section(out, tt.heading), tt.key)); diff != "" {
				t.Errorf("row %q of %q (-want +got):\n%s\n%s", tt.key, tt.heading, diff, out)
			}
		})
	}
	require.Contains(t, out, "CPD compliance on 2026-11-25: LETTA")
	require.NotContains(t, out, "\r", "no progress bar when stdout is not a terminal")
}

// TestProgressBar checks that on a terminal a progress bar is drawn as the
// statements are read, reaching 100%, before the report.
func TestProgressBar(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.json")
	require.NoError(t, os.WriteFile(path, bigExport(t, 3000), 0o600))
	out := runOn(t, true, "-xapi", path)
	bar, report, found := strings.Cut(out, "\n")
	require.True(t, found)
	draws := strings.Split(strings.TrimPrefix(bar, "\r"), "\r")
	require.Greater(t, len(draws), 5, "the bar was drawn %d times", len(draws))
	require.True(t, strings.HasSuffix(draws[len(draws)-1], "] 100%"), "last draw %q", draws[len(draws)-1])
	require.Contains(t, draws[0], "Reading "+path+" [")
	require.True(t, strings.HasPrefix(report, "xAPI import from "+path))
	require.Equal(t, []string{"statements", "read", "3000"}, rowOf(section(out, "xAPI import"), "statements"))
}

// bigExport is an export of n completions of the safeguarding course by
// teacher-1.
func bigExport(t *testing.T, n int) []byte {
	var list []any
	for i := range n {
		list = append(list, map[string]any{
			"id": fmt.Sprintf("b0000000-0000-4000-8000-%012d", i), "timestamp": "2026-09-01T10:00:00Z",
			"actor":  map[string]any{"mbox": "mailto:teacher-1@letta.example"},
			"verb":   map[string]any{"id": xapi.CompletedIRI, "display": map[string]string{"en-GB": "completed"}},
			"object": map[string]any{"id": "https://lms.letta.example/courses/safeguarding", "definition": map[string]any{"name": map[string]string{"en-GB": "Safeguarding refresher"}}},
			"result": map[string]any{"completion": true, "duration": "PT1M"},
		})
	}
	data, err := json.Marshal(list)
	require.NoError(t, err)
	return data
}

// TestErrors checks the command line and file errors: usage errors are
// told apart, and every other error names the file and the problem.
func TestErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
		return path
	}
	truncated := write("truncated.json", string(sampleStatements[:200]))
	badStatement := write("bad.json", `[{"id": "not-a-uuid", "actor": {"mbox": "mailto:teacher-1@letta.example"}, "verb": {"id": "`+xapi.CompletedIRI+`"}, "object": {"id": "x"}, "timestamp": "2026-09-01T10:00:00Z"}]`)
	badMapping := write("mapping.json", `{"people": [{"id": "p", "start": "2020-13-01"}]}`)
	unknownField := write("unknown.json", `{"people": [], "staff": []}`)
	tests := []struct {
		name    string
		args    []string
		usage   bool
		invalid bool // the error matches xapi.ErrInvalid
		want    string
	}{
		{"bad -on", []string{"-on", "25/11/2026"}, true, false, `-on: "25/11/2026"`},
		{"unknown preset", []string{"-policy", "acme"}, true, false, "-policy"},
		{"unknown flag", []string{"-x"}, true, false, "-x"},
		{"stray argument", []string{"statements.json"}, true, false, "statements.json"},
		{"missing file", []string{"-xapi", filepath.Join(dir, "none.json")}, false, false, "none.json"},
		{"truncated statements", []string{"-xapi", truncated}, false, true, "truncated.json: offset 200"},
		{"bad statement", []string{"-xapi", badStatement}, false, true, "bad.json: 1 bad statement"},
		{"bad mapping", []string{"-mapping", badMapping}, false, true, "people[0].start"},
		{"unknown mapping field", []string{"-mapping", unknownField}, false, false, "staff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(tt.args, &out, &errOut, false, date.New(2026, 11, 25))
			require.Error(t, err)
			require.Equal(t, tt.usage, errors.As(err, new(usageError)), "usage error: %v", err)
			require.Equal(t, tt.invalid, errors.Is(err, xapi.ErrInvalid), "invalid input: %v", err)
			require.Contains(t, err.Error()+errOut.String(), tt.want)
		})
	}
}

// TestSkipBad checks that -skip-bad imports the good statements and lists
// the bad one.
func TestSkipBad(t *testing.T) {
	var list []any
	require.NoError(t, json.Unmarshal(bigExport(t, 2), &list))
	list[1].(map[string]any)["result"] = map[string]any{"duration": "two minutes"}
	data, err := json.Marshal(list)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "mixed.json")
	require.NoError(t, os.WriteFile(path, data, 0o600))
	out := runOn(t, false, "-xapi", path, "-skip-bad")
	require.Equal(t, []string{"credits", "1"}, rowOf(section(out, "xAPI import"), "credits"))
	require.Equal(t, []string{"1", "-", "bad", "result.duration:", `"two`, `minutes"`, "is", "not", "an", "ISO", "8601", "duration"},
		rowOf(section(out, "Statements that gave no credit"), "1"))
}

// TestMissingFiles checks that an error opening a file names it once.
func TestMissingFiles(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.json")
	for _, flagName := range []string{"-xapi", "-mapping"} {
		t.Run(flagName, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run([]string{flagName, missing}, &out, &errOut, false, date.New(2026, 11, 25))
			require.ErrorIs(t, err, os.ErrNotExist)
			require.Equal(t, 1, strings.Count(err.Error(), missing), "the path once in %q", err)
		})
	}
}

// TestCommandLine checks the conventions every example keeps: -h prints
// the usage to stdout and exits 0; a bad command line exits 2 and a
// failure 1, each with one line on stderr after the program's name.
func TestCommandLine(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.json")
	badPolicy := filepath.Join(t.TempDir(), "policy.json")
	require.NoError(t, os.WriteFile(badPolicy, []byte(`{"id": "x", "requirements": [{"id": "r", "kind": "membership", "validity": "P2X"}, {"id": "s", "kind": "membership", "validity": "P3Y", "grace_period": "soon"}]}`), 0o600))
	tests := []struct {
		name   string
		args   []string
		status int
		stdout string // the first line of stdout
		stderr string // all of stderr
	}{
		{"help", []string{"-h"}, 0, "usage: lms-import [flags]", ""},
		{"unknown flag", []string{"-x"}, 2, "", "lms-import: flag provided but not defined: -x\n"},
		{"bad day", []string{"-on", "bad"}, 2, "", "lms-import: -on: \"bad\" is not a date written YYYY-MM-DD\n"},
		{"stray argument", []string{"a.json"}, 2, "", "lms-import: unexpected argument \"a.json\"\n"},
		{"unknown preset", []string{"-policy", "acme"}, 2, "", "lms-import: -policy: preset \"acme\": unknown preset (want one of avct, letta, or a policy FILE.json)\n"},
		{"missing policy file", []string{"-policy", missing}, 1, "", "lms-import: -policy: open " + missing + ": no such file or directory\n"},
		{"bad policy file", []string{"-policy", badPolicy}, 1, "", "lms-import: -policy: " + badPolicy + ": requirements[0].validity: \"P2X\" is not an ISO 8601 period; requirements[1].grace_period: \"soon\" is not an ISO 8601 period\n"},
		{"missing file", []string{"-xapi", missing}, 1, "", "lms-import: open " + missing + ": no such file or directory\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			require.Equal(t, tt.status, cli(tt.args, &stdout, &stderr, false, date.New(2026, 11, 25)))
			require.Equal(t, tt.stderr, stderr.String())
			first, _, _ := strings.Cut(stdout.String(), "\n")
			require.Equal(t, tt.stdout, first)
			if tt.status == 0 {
				require.Contains(t, stdout.String(), "\nflags:\n")
				require.Contains(t, stdout.String(), "\n  -on YYYY-MM-DD\n")
			}
		})
	}
}

// TestPolicyFile checks that -policy reads a policy file: a copy of the
// AVCT preset gives the report the preset gives.
func TestPolicyFile(t *testing.T) {
	data, err := presets.JSON("avct")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "our-policy.json")
	require.NoError(t, os.WriteFile(path, data, 0o600))
	require.Equal(t, runOn(t, false, "-policy", "avct"), runOn(t, false, "-policy", path))
}
