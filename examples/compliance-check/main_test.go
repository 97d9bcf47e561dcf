package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/presets"
)

// staffJSON is a fixed staff list for the LETTA preset, evaluated on
// 2026-11-25 (academic year 2026/27).
const staffJSON = `{
  "people": [
    {
      "id": "t1", "start": "2020-09-01", "employment": "employed", "job_role": "teacher", "roles": ["staff", "line_manager"],
      "evidence": [
        {"id": "sg-26", "topic": "safeguarding", "date": "2026-02-01"},
        {"topic": "health-and-safety", "date": "2025-01-10"},
        {"topic": "prevent", "date": "2024-12-20"},
        {"topic": "equality-and-diversity", "date": "2025-01-01"},
        {"topic": "qts", "date": "2012-07-01"},
        {"topic": "appraisal", "date": "2026-07-10"},
        {"topic": "chartered-college-membership", "date": "2026-01-15", "valid_until": "2027-01-14"},
        {"topic": "subject-knowledge", "date": "2026-10-05", "hours": "30", "aspect": "keeping_up_to_date", "kind": "external_course", "relevant": true}
      ]
    },
    {
      "id": "t2", "start": "2021-01-04", "employment": "associate", "job_role": "tutor", "fte": "0.5",
      "plans": [{"requirement": "qts", "by": "2027-07-31", "description": "assessment-only route"}],
      "evidence": [
        {"topic": "safeguarding", "date": "2025-10-01"},
        {"topic": "prevent", "date": "2025-05-01"},
        {"topic": "equality-and-diversity", "date": "2024-05-01"},
        {"topic": "nasbtt-membership", "date": "2025-11-01"},
        {"topic": "webinar", "date": "2026-09-20", "hours": "7.5", "relevant": true}
      ]
    },
    {
      "id": "s1", "start": "2026-11-02", "employment": "employed", "job_role": "business_support",
      "exemptions": [{"requirement": "equality-and-diversity", "reason": "certificate from previous employer seen", "granted_by": "administrator"}]
    }
  ]
}`

func TestReport(t *testing.T) {
	subjects, err := parseStaff([]byte(staffJSON))
	require.NoError(t, err)
	policy, err := presets.Load("letta")
	require.NoError(t, err)
	e, err := compliance.NewEvaluator(policy)
	require.NoError(t, err)
	m, err := e.Matrix(subjects, date.MustParseISO("2026-11-25"))
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, report(&out, policy, m))
	got := sections(out.String())
	// The key explains the statuses the table shows, and only those.
	require.Equal(t, []string{"compliant: done and in date; due_soon: in date, but due for renewal soon; " +
		"pending: not done, but not due yet (a starter, an extension, hours still accruing); planned: a qualification planned by a date; " +
		"overdue: expired; missing: not done, and due; exempt: excused by a manager; n/a: does not apply"}, got["Key"])

	want := map[string][]string{
		"Status by person (n/a: does not apply)": {
			"PERSON JOB ROLE R1 R2 R3 R4 R5 R6 R7 R8",
			"t1 teacher compliant compliant due_soon compliant compliant n/a compliant compliant",
			"t2 tutor overdue missing compliant compliant planned n/a pending missing",
			"s1 business_support pending pending pending exempt n/a n/a pending pending",
		},
		"Compliance by requirement (compliant or due soon, of those it applies to)": {
			"REQUIREMENT COMPLIANT RATE",
			"R1 safeguarding 1/3 33.3%",
			"R2 health-and-safety 1/3 33.3%",
			"R3 prevent 2/3 66.7%",
			"R4 equality-and-diversity 2/2 100.0%",
			"R5 qts 1/2 50.0%",
			"R6 chartered-college-membership 0/0 -",
			"R7 cpd-hours 1/3 33.3%",
			"R8 learning-needs-review 1/3 33.3%",
			"all 9/19 47.4%",
		},
		"Expiring within 60 days": {
			"t1 prevent valid until 2026-12-19 (24 days) due_soon",
		},
	}
	for title, lines := range want {
		if diff := cmp.Diff(lines, got[title]); diff != "" {
			t.Errorf("section %q mismatch (-want +got):\n%s", title, diff)
		}
	}

	wantReasons := []string{
		"t2 safeguarding overdue Expired after 2026-09-30.",
		"t2 health-and-safety missing No evidence held.",
		"t2 qts planned Not held; plan to achieve it by 2027-07-31: assessment-only route.",
		"t2 cpd-hours pending 7.5 of 15.0 hours done in 2026/27; due by 2027-08-31.",
		"t2 learning-needs-review missing No evidence held.",
		"s1 safeguarding pending Not done yet; a new starter has until 2026-12-01.",
		"s1 health-and-safety pending Not done yet; a new starter has until 2026-12-01.",
		"s1 prevent pending Not done yet; a new starter has until 2026-12-01.",
		"s1 cpd-hours pending 0.0 of 24.9 hours done in 2026/27; due by 2027-08-31.",
		"s1 learning-needs-review pending None submitted yet; the first is due by 2027-11-01.",
	}
	// The reasons are the engine's words; compare person, requirement and
	// status exactly, and the reason's opening.
	if diff := cmp.Diff(firstFields(wantReasons, 3), firstFields(got["Not compliant"], 3)); diff != "" {
		t.Errorf("not compliant items mismatch (-want +got):\n%s", diff)
	}
	for i, line := range got["Not compliant"] {
		if i < len(wantReasons) && !strings.HasPrefix(line, wantReasons[i][:len(wantReasons[i])-1]) {
			t.Errorf("reason line %d = %q, want %q", i, line, wantReasons[i])
		}
	}
}

// sections splits the report into titled blocks, each line's whitespace
// collapsed to single spaces.
func sections(out string) map[string][]string {
	got := map[string][]string{}
	for _, block := range strings.Split(out, "\n\n") {
		lines := strings.Split(strings.TrimSpace(block), "\n")
		for _, line := range lines[1:] {
			got[lines[0]] = append(got[lines[0]], strings.Join(strings.Fields(line), " "))
		}
	}
	return got
}

func firstFields(lines []string, n int) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		f := strings.Fields(l)
		out[i] = strings.Join(f[:min(n, len(f))], " ")
	}
	return out
}

func TestRunBuiltinStaff(t *testing.T) {
	var out, errOut bytes.Buffer
	require.NoError(t, run([]string{"-policy", "avct", "-on", "2026-11-25"}, &out, &errOut, date.MustParseISO("2000-01-01")))
	got := sections(out.String())
	if len(got["Status by person (n/a: does not apply)"]) != 6 {
		t.Fatalf("want a header and 5 people, got:\n%s", out.String())
	}
	if want := "CPD compliance on 2026-11-25: AVCT Professional Development Policy (avct)"; !strings.HasPrefix(out.String(), want) {
		t.Errorf("report starts %q, want %q", strings.SplitN(out.String(), "\n", 2)[0], want)
	}
	wantRow := "teacher-01 teacher compliant due_soon" + strings.Repeat(" compliant", 11) + " n/a compliant"
	if rows := got["Status by person (n/a: does not apply)"]; rows[1] != wantRow {
		t.Errorf("first row = %q, want %q", rows[1], wantRow)
	}
}

// TestBuiltinStaffMix checks that the built-in list gives a mix of
// statuses and some expiring items whatever day it is evaluated on.
func TestBuiltinStaffMix(t *testing.T) {
	start := date.MustParseISO("2026-01-01")
	for _, name := range presets.Names() {
		policy, err := presets.Load(name)
		require.NoError(t, err)
		e, err := compliance.NewEvaluator(policy)
		require.NoError(t, err)
		for on := start; on < start+3*365; on += 13 {
			m, err := e.Matrix(builtinStaff(e, on), on)
			require.NoError(t, err)
			for _, s := range []compliance.Status{compliance.Compliant, compliance.DueSoon, compliance.Pending, compliance.Overdue, compliance.Missing} {
				if m.Overall.Count(s) == 0 {
					t.Errorf("%s on %s: no %s item", name, on, s)
				}
			}
			if len(m.Expiring(expiringDays)) == 0 {
				t.Errorf("%s on %s: nothing expiring", name, on)
			}
		}
	}
}

func TestParseStaffErrors(t *testing.T) {
	tests := []struct {
		name, json, want string
	}{
		{"malformed", `{"people": [`, "malformed JSON"},
		{"syntax error with line", "{\n\"people\": [}\n", "line 2: malformed JSON"},
		{"unknown field", "{\"people\": [\n{\"id\": \"a\", \"start\": \"2020-01-01\", \"salary\": 1}]}", `line 2: "salary" is not a known field`},
		{"wrong type", `{"people": [{"id": "a", "start": "2020-01-01", "fte": 0.5}]}`, "line 1: people[0].fte: is a JSON number, want a string"},
		{"wrong type deep down", "{\"people\": [\n{\"id\": \"a\", \"start\": \"2020-01-01\"},\n{\"id\": \"b\", \"start\": \"2020-01-01\", \"evidence\": [{\"topic\": \"x\", \"date\": \"2020-02-01\"}, {\"topic\": \"y\", \"date\": \"2020-02-01\", \"hours\": 2}]}]}",
			"line 3: people[1].evidence[1].hours: is a JSON number, want a string"},
		{"object for an array", `{"people": [{"id": "a", "start": "2020-01-01", "roles": {"x": 1}}]}`, "line 1: people[0].roles: is a JSON object, want an array"},
		{"trailing data", `{"people": [{"id": "a", "start": "2020-01-01"}]} {}`, "unexpected data after the JSON object"},
		{"no people", `{}`, `"people" is missing or empty`},
		{"top-level array", `[{"id": "a", "start": "2020-01-01"}]`, `line 1: the file must be a JSON object with a "people" array, not a JSON array`},
		{"top-level string", "\n\"staff\"", `line 2: the file must be a JSON object with a "people" array, not a JSON string`},
		{"missing id", `{"people": [{"start": "2020-01-01"}]}`, "people[0].id: is required"},
		{"duplicate id", `{"people": [{"id": "a", "start": "2020-01-01"}, {"id": "a", "start": "2020-01-01"}]}`, `people[1].id: "a" is already used by people[0]`},
		{"missing start", `{"people": [{"id": "a"}]}`, "people[0].start: is required"},
		{"bad date", `{"people": [{"id": "a", "start": "2020-13-01"}]}`, `people[0].start: "2020-13-01" is not a date written YYYY-MM-DD`},
		{"loose date", `{"people": [{"id": "a", "start": "20200101"}]}`, `people[0].start: "20200101" is not a date`},
		{"bad employment", `{"people": [{"id": "a", "start": "2020-01-01", "employment": "contractor"}]}`, "people[0].employment:"},
		{"bad hours", `{"people": [{"id": "a", "start": "2020-01-01", "evidence": [{"topic": "x", "date": "2020-02-01", "hours": "1e3"}]}]}`, `people[0].evidence[0].hours: "1e3" is not a decimal number`},
		{"evidence without topic", `{"people": [{"id": "a", "start": "2020-01-01", "evidence": [{"date": "2020-02-01"}]}]}`, "people[0].evidence[0].topic: is required"},
		{"plan without date", `{"people": [{"id": "a", "start": "2020-01-01", "plans": [{"requirement": "qts"}]}]}`, "people[0].plans[0].by: is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseStaff([]byte(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parseStaff error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	unknownReq := filepath.Join(dir, "unknown.json")
	require.NoError(t, os.WriteFile(unknownReq, []byte(`{"people": [{"id": "a", "start": "2020-01-01", "exemptions": [{"requirement": "qts", "reason": "r"}]}]}`), 0o600))
	notQualification := filepath.Join(dir, "plan.json")
	require.NoError(t, os.WriteFile(notQualification, []byte(`{"people": [{"id": "a", "start": "2020-01-01"}, {"id": "b", "start": "2020-01-01", "plans": [{"requirement": "safeguarding", "by": "2027-01-01"}]}]}`), 0o600))
	leavesEarly := filepath.Join(dir, "leaving.json")
	require.NoError(t, os.WriteFile(leavesEarly, []byte(`{"people": [{"id": "a", "start": "2020-01-01", "leaving": "2019-12-31"}]}`), 0o600))
	badFile := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(badFile, []byte(`{"people": [{"id": "a"}]}`), 0o600))
	tests := []struct {
		name  string
		args  []string
		usage bool
		want  string
	}{
		{"bad -on", []string{"-on", "25/11/2026"}, true, `-on: "25/11/2026" is not a date written YYYY-MM-DD`},
		{"unknown preset", []string{"-policy", "acme"}, true, "-policy:"},
		{"unknown flag", []string{"-x"}, true, "flag provided but not defined: -x"},
		{"two files", []string{"a.json", "b.json"}, true, "at most one staff file"},
		{"missing file", []string{filepath.Join(dir, "none.json")}, false, "none.json"},
		{"bad file names the file", []string{badFile}, false, "bad.json: people[0].start: is required"},
		{"requirement not in the policy", []string{"-policy", "avct", unknownReq}, false, unknownReq + `: people[0].exemptions[0].requirement: "qts" is not a requirement of policy avct`},
		{"plan for no qualification", []string{notQualification}, false, notQualification + `: people[1].plans[0].requirement: "safeguarding" is not a qualification`},
		{"leaving before start", []string{leavesEarly}, false, leavesEarly + `: people[0].leaving: 2019-12-31 is before start 2020-01-01`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(tt.args, &out, &errOut, date.MustParseISO("2026-11-25"))
			if err == nil || !strings.Contains(err.Error(), tt.want) || errors.As(err, new(usageError)) != tt.usage {
				t.Errorf("run error = %v (usage %t), want one containing %q (usage %t)", err, errors.As(err, new(usageError)), tt.want, tt.usage)
			}
		})
	}
}

func TestRunStaffFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "staff.json")
	require.NoError(t, os.WriteFile(path, []byte(staffJSON), 0o600))
	var out, errOut bytes.Buffer
	require.NoError(t, run([]string{"-on", "2026-11-25", path}, &out, &errOut, date.MustParseISO("2000-01-01")))
	// NASBTT membership is LETTA's own (policy L73), no requirement of
	// the preset: the record counts for nothing and is flagged. The
	// webinar's topic meets nothing either, but its hours count.
	require.Equal(t, "warning: "+path+`: people[1].evidence[3]: topic "nasbtt-membership" meets no requirement of policy letta, so the record counts for nothing
`, errOut.String())
	if want := "t2 tutor overdue missing compliant compliant planned n/a pending missing"; !strings.Contains(strings.Join(sections(out.String())["Status by person (n/a: does not apply)"], "\n"), want) {
		t.Errorf("report lacks row %q:\n%s", want, out.String())
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
		{"help", []string{"-h"}, 0, "usage: compliance-check [flags] [staff.json]", ""},
		{"unknown flag", []string{"-x"}, 2, "", "compliance-check: flag provided but not defined: -x\n"},
		{"bad day", []string{"-on", "bad"}, 2, "", "compliance-check: -on: \"bad\" is not a date written YYYY-MM-DD\n"},
		{"two files", []string{"a.json", "b.json"}, 2, "", "compliance-check: at most one staff file, got 2 arguments\n"},
		{"unknown preset", []string{"-policy", "acme"}, 2, "", "compliance-check: -policy: preset \"acme\": unknown preset (want one of avct, letta, or a policy FILE.json)\n"},
		{"missing policy file", []string{"-policy", missing}, 1, "", "compliance-check: -policy: open " + missing + ": no such file or directory\n"},
		{"bad policy file", []string{"-policy", badPolicy}, 1, "", "compliance-check: -policy: " + badPolicy + ": requirements[0].validity: \"P2X\" is not an ISO 8601 period; requirements[1].grace_period: \"soon\" is not an ISO 8601 period\n"},
		{"missing file", []string{missing}, 1, "", "compliance-check: open " + missing + ": no such file or directory\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			require.Equal(t, tt.status, cli(tt.args, &stdout, &stderr, date.New(2026, 11, 25)))
			require.Equal(t, tt.stderr, stderr.String())
			first, _, _ := strings.Cut(stdout.String(), "\n")
			require.Equal(t, tt.stdout, first)
			if tt.status == 0 {
				require.Contains(t, stdout.String(), "\nflags:\n  -on YYYY-MM-DD\n")
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
	var fromFile, fromPreset, errOut bytes.Buffer
	require.NoError(t, run([]string{"-policy", path, "-on", "2026-11-25"}, &fromFile, &errOut, date.New(2000, 1, 1)))
	require.NoError(t, run([]string{"-policy", "avct", "-on", "2026-11-25"}, &fromPreset, &errOut, date.New(2000, 1, 1)))
	require.Equal(t, fromPreset.String(), fromFile.String())
	require.Contains(t, fromFile.String(), "(avct)")
}

// FuzzParseStaff checks that no staff file makes the parser panic (the
// path finder walks malformed JSON too) and that an accepted file names
// everyone.
func FuzzParseStaff(f *testing.F) {
	f.Add([]byte(staffJSON))
	f.Add([]byte(`{"people": [{"id": "a", "start": "2020-01-01", "evidence": [{"topic": "x", "date": "2020-02-01", "hours": 2}]}]}`))
	f.Add([]byte(`{"people": [{"id": "a", "start": "2020-01-01", "roles": {"x": [1, {"y": 2}]}}]}`))
	f.Add([]byte(`[[{"a": 1}]]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		subjects, err := parseStaff(data)
		if err != nil {
			return
		}
		for i, s := range subjects {
			if s.Person.ID == "" {
				t.Fatalf("subject %d accepted without an id", i)
			}
		}
	})
}
