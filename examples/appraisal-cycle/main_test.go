package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// output runs the whole program once and returns what it printed.
func output(t *testing.T) string {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, ""))
	return out.String()
}

// section returns the lines under the heading "== day: title", up to the
// next blank line.
func section(out, title string) []string {
	_, rest, found := strings.Cut(out, ": "+title+"\n")
	if !found {
		return nil
	}
	var lines []string
	for line := range strings.Lines(rest) {
		if strings.TrimSpace(line) == "" {
			break
		}
		lines = append(lines, strings.TrimRight(line, "\n"))
	}
	return lines
}

func TestYear(t *testing.T) {
	out := output(t)
	tests := []struct {
		name    string
		section string
		want    []string // lines that must appear in the section, in order
	}{
		{"the appraisal is signed off and its plan requested", "annual appraisal", []string{
			"2026/27 annual appraisal held by line-manager: 2 targets, 3 needs, draft",
			"the head of education tries to sign for them: refused, only the appraiser and the appraisee sign",
			"signed by the appraiser and the appraisee: signed off",
			"  requested: Teaching GCSE resit maths    necessary    for: Raise the GCSE maths resit pass rate to 40%",
			"  requested: Questioning techniques       necessary    for: Use questioning to stretch the most able",
			"  requested: Middle leadership programme  aspirational no target (aspirational)",
		}},
		{"the log submission meets the cadence", "the teacher submits the CPD log", []string{
			"cpd-log: compliant, next due by 2026-11-30",
		}},
		{"the sender sees who has not read the update", "the head of education cascades an ESFA update", []string{
			"sent to 2 people: assessor, teacher",
			"the teacher read it on 2026-10-15: sector update record, 0.5 h",
			"the sender sees: 1 of 2 read; not yet read by assessor",
		}},
		{"attendance creates activities", "development day: attendance recorded", []string{
			"session am: 2 completed activities created",
			"session pm: 2 completed activities created",
		}},
		{"the first 1-to-1 is reported", "a 1-to-1 is recorded", []string{
			"line-manager meets teacher; on the agenda: Workload and the professional-learning item",
		}},
		{"feedback is the participant's own", "feedback on completed activities", []string{
			"3 pieces of feedback given; the line manager tries to give it for the teacher: refused, feedback is the participant's own",
		}},
		{"the 1-to-1's standing item", "the line manager prepares the next 1-to-1", []string{
			"Professional learning (teacher, 2026-11-25)",
			"  Completed since 2026-10-28: 2",
			"  Feedback outstanding: 3",
			"  Targets due: 0",
			"  Compliance expiring: 1",
			"    - Safeguarding (expires after 2026-12-09)",
			"  CPD log: up to date (last submitted 2026-10-01; next due by 2026-11-30)",
			"meeting recorded, with this professional-learning item kept in its record",
		}},
		{"the interim review joins the cycle", "interim review", []string{
			"2026-09-20 annual review, signed off: 2 targets reviewed, 3 needs",
			"2027-02-10 interim review, signed off: 2 targets reviewed, 0 needs",
		}},
		{"the targets are evaluated", "the line manager evaluates the targets", []string{
			"Raise the GCSE maths resit pass rate to 40%: partly achieved",
			"Use questioning to stretch the most able: achieved",
		}},
		{"an unlinked activity cannot be rated", "effectiveness of the linked development", []string{
			"the teacher tries to rate Questioning techniques against the resit target: refused, it is not linked to that target",
		}},
		{"the plan review lists each target's needs", "monthly improvement-plan review, maths", []string{
			"Raise the GCSE maths resit pass rate to 40% [improvement planning, partly achieved]: 1 done, 0 planned, 0 proposed",
			"  - teacher: Teaching GCSE resit maths (done)",
			"Use questioning to stretch the most able [appraisal, achieved]: 3 done, 0 planned, 0 proposed",
		}},
		{"feedback outstanding for the director", "the head of education's feedback report", []string{
			"feedback outstanding: 4",
			"  - teacher: Questioning techniques (completed 2026-10-20, waiting 167 days)",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Subset(t, section(out, tc.section), tc.want)
		})
	}
}

func TestEffectivenessRatings(t *testing.T) {
	cells := columns(section(output(t), "effectiveness of the linked development"))
	require.GreaterOrEqual(t, len(cells), 7)
	want := [][]string{
		{"TARGET", "ACTIVITY", "RATER", "EFFECTIVENESS", "COMMENT"},
		{"Raise the GCSE maths re…", "Teaching GCSE resit mat…", "person", "effective", "New resit strategies used every week."},
		{"Raise the GCSE maths re…", "Teaching GCSE resit mat…", "line manager", "slightly effective", "Helped, but attendance held results back."},
		{"Use questioning to stre…", "Questioning techniques", "person", "highly effective", "Pupils now explain their reasoning."},
		{"Use questioning to stre…", "Questioning techniques", "line manager", "highly effective", "Seen in both observations."},
		{"Use questioning to stre…", "Autumn development day:…", "person", "effective", "Grouping ideas I still use."},
		{"Use questioning to stre…", "Autumn development day:…", "line manager", "effective", "Visible in planning."},
	}
	require.Equal(t, want, cells[:7])
}

func TestFeedbackReport(t *testing.T) {
	cells := columns(section(output(t), "the head of education's feedback report"))
	byGroup := map[string][]string{}
	for _, r := range cells {
		if len(r) == 9 {
			byGroup[r[0]+" "+r[1]] = r[2:]
		}
	}
	tests := []struct {
		group string
		want  []string // answered, then the five level means, then overall
	}{
		{"overall all", []string{"3/7", "4.00", "4.33", "3.50", "4.00", "3.00", "3.90"}},
		{"provider NCETM Maths Hub", []string{"1/1", "5.00", "5.00", "4.00", "4.00", "3.00", "4.20"}},
		{"provider In-house", []string{"2/3", "3.50", "4.00", "3.00", "-", "-", "3.60"}},
		{"provider ESFA", []string{"0/1", "-", "-", "-", "-", "-", "-"}},
		{"kind development day", []string{"2/4", "3.50", "4.00", "3.00", "-", "-", "3.60"}},
		{"kind external course", []string{"1/1", "5.00", "5.00", "4.00", "4.00", "3.00", "4.20"}},
		{"aspect training for job", []string{"3/4", "4.00", "4.33", "3.50", "4.00", "3.00", "3.90"}},
		{"aspect keeping up to date", []string{"0/3", "-", "-", "-", "-", "-", "-"}},
	}
	for _, tc := range tests {
		t.Run(tc.group, func(t *testing.T) {
			require.Equal(t, tc.want, byGroup[tc.group])
		})
	}
}

// columns splits table lines into cells at runs of two or more spaces (the
// tables' padding), trimming each.
func columns(lines []string) [][]string {
	var out [][]string
	for _, l := range lines {
		var cells []string
		for _, c := range strings.Split(l, "  ") {
			if c = strings.TrimSpace(c); c != "" {
				cells = append(cells, c)
			}
		}
		out = append(out, cells)
	}
	return out
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
		{"help", []string{"-h"}, 0, "usage: appraisal-cycle [flags]", ""},
		{"unknown flag", []string{"-x"}, 2, "", "appraisal-cycle: flag provided but not defined: -x\n"},
		{"stray argument", []string{"extra"}, 2, "", "appraisal-cycle: unexpected arguments [\"extra\"]\n"},
		{"no such database", []string{"-db", "nosuch:x"}, 1, "", "appraisal-cycle: open "},
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

// TestForPeople checks the output is written for people: no section is
// empty, and no value is printed as Go prints it (true, [a b], snake_case).
func TestForPeople(t *testing.T) {
	out := output(t)
	lines := strings.Split(out, "\n")
	for i, line := range lines {
		if strings.HasPrefix(line, "== ") {
			require.True(t, i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "", "section %q is empty", line)
		}
	}
	require.NotRegexp(t, `\b(true|false)\b|\w=\w|\[\w+ \w+\]|[a-z]_[a-z]`, out)
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
