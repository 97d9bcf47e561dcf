package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"
)

// output runs the whole year and returns what it printed.
func output(t *testing.T) string {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, ""))
	return out.String()
}

// table returns the rows after the line starting with heading, up to the
// next blank line, each split into fields.
func table(out, heading string) [][]string {
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

func TestYear(t *testing.T) {
	out := output(t)
	facts := []struct {
		name string
		line string
	}{
		{"proposed by the business manager", "budget 2026-27 proposed by business-manager: GBP 4000.00 over 3 lines"},
		{"nobody agrees their own proposal", "business-manager tries to agree their own proposal: refused, a budget is agreed by someone other than its proposer"},
		{"agreed by a trustee", "budget 2026-27 agreed by trustee on 2026-07-14"},
		{"cover counted in the cost", "r01 teacher-1 asks for GBP 510.00 from english"},
		{"mandatory training on its line", "r02 tutor-1 asks for GBP 45.00 from mandatory"},
		{"work-shadowing chain", "needs work-shadowing-and-secondment: line manager + head of education"},
		{"not fundable, and numbered", "r06 tutor-2 asks for GBP 650.00 for aspirational leadership outside the role: refused, aspirational learning is not funded"},
		{"partial approval says who is needed", "r04 conference approved by head: waiting for managing director"},
		{"refused for funds", "r05 masters approved by head: refused for funds: GBP 1500.00 needed, GBP 1490.00 available on english"},
		{"too late for the managing director", "r04 conference: managing-director tries to approve it on its first day: refused, too late (the overnight stay and travel needed agreeing before the course); it stays waiting"},
		{"claim above its commitment", "r07 claim approved by english-lead: waiting for head of education"},
		{"late claim", "r09 claim for safeguarding: GBP 45.00 (due by 2026-10-30, late)"},
		{"every request announced", "r10 tutor-3 asks for GBP 200.00 from english"},
		{"tables name their currency", "Year-end report for budget 2026-27 (2026/27), on 2027-07-31, in GBP"},
		{"spend names its currency", "Spend by person, in GBP"},
		{"delegated with its money", "r10 Assessment standardisation delegated to tutor-1 as r14 with GBP 200.00 committed"},
		{"cancelled and released", "r11 Functional skills maths update cancelled: its money released"},
		{"a leaver's claim still paid", "r13 claim approved by english-lead: complete"},
		{"support decision", "r15 financial support for tutor-3 granted by managing-director"},
		{"transfer", "GBP 200.00 moved from maths to english by maths-lead"},
		{"waiting at year end", "managing director: r04"},
		{"late claims", "Late claims: r09"},
		{"books balance", "Books: balanced to the penny"},
	}
	for _, f := range facts {
		t.Run(f.name, func(t *testing.T) {
			require.Contains(t, out, f.line)
		})
	}
	t.Run("lines at year end", func(t *testing.T) {
		want := [][]string{
			{"LINE", "HOLDER", "ALLOCATED", "COMMITTED", "SPENT", "AVAILABLE"},
			{"english", "english-lead", "2200.00", "200.00", "624.60", "1375.40"},
			{"maths", "maths-lead", "1000.00", "0.00", "58.40", "941.60"},
			{"mandatory", "administrator", "800.00", "0.00", "45.00", "755.00"},
			{"total", "4000.00", "200.00", "728.00", "3072.00"},
		}
		if d := cmp.Diff(want, table(out, "Year-end report")); d != "" {
			t.Errorf("lines (-want +got):\n%s", d)
		}
	})
	t.Run("spend by person", func(t *testing.T) {
		want := [][]string{
			{"KEY", "ACTIVITIES", "COMMITTED", "SPENT"},
			{"teacher-1", "1", "0.00", "534.60"},
			{"tutor-1", "2", "200.00", "45.00"},
			{"tutor-2", "1", "0.00", "58.40"},
			{"tutor-3", "3", "0.00", "90.00"},
		}
		if d := cmp.Diff(want, table(out, "Spend by person")); d != "" {
			t.Errorf("by person (-want +got):\n%s", d)
		}
	})
	t.Run("spend by kind", func(t *testing.T) {
		rows := table(out, "Spend by kind")
		require.Contains(t, rows, []string{"work", "shadowing", "1", "0.00", "58.40"})
		require.Contains(t, rows, []string{"external", "course", "2", "0.00", "534.60"})
	})
	t.Run("days go forward and none is empty", func(t *testing.T) {
		var last date.Date
		lines := strings.Split(out, "\n")
		for i, line := range lines {
			d, err := date.ParseISO(line)
			if err != nil {
				continue
			}
			require.Greater(t, d, last, "%s after %s", d, last)
			require.True(t, i+1 < len(lines) && strings.HasPrefix(lines[i+1], "  "), "%s has nothing under it", d)
			last = d
		}
	})
	t.Run("values written as words", func(t *testing.T) {
		require.NotRegexp(t, `\b(true|false)\b|[a-z]_[a-z]`, out)
	})
	t.Run("the same every run", func(t *testing.T) {
		require.Equal(t, out, output(t))
	})
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
		{"help", []string{"-h"}, 0, "usage: budget-year [flags]", ""},
		{"unknown flag", []string{"-x"}, 2, "", "budget-year: flag provided but not defined: -x\n"},
		{"stray argument", []string{"extra"}, 2, "", "budget-year: unexpected arguments [\"extra\"]\n"},
		{"no such database", []string{"-db", "nosuch:x"}, 1, "", "budget-year: open "},
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
