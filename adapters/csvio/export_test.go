package csvio_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/csvio"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// withHistory gives the fixture's teacher a year of CPD (completed
// training, an accredited course, a request still open, a reflection with
// a comma, quotes and a line break, a title a spreadsheet would run as a
// formula) and adds a leaver and a starter.
func withHistory(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	done := func(title string, kind cpd.ActivityKind, on date.Date, hours string, topics ...string) cpd.Activity {
		return cpd.Activity{Person: "tina", Title: title, Kind: kind, Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary,
			Source: cpd.Required, Topics: topics, Hours: decimal.RequireFromString(hours), Completed: on, Evidence: "cert:" + title}
	}
	acts := []cpd.Activity{
		done("Safeguarding refresher", cpd.InternalCourse, date.New(2026, 9, 10), "3", "safeguarding"),
		done("=HYPERLINK(\"http://example.invalid\")", cpd.Webinar, date.New(2026, 10, 2), "1"),
		done("Assessor award", cpd.AccreditedQualification, date.New(2025, 6, 30), "24.5"),
	}
	acts[2].Accreditation = &cpd.Accreditation{AwardingBody: "City & Guilds", Qualification: "Level 3 Award"}
	acts[2].Aspect, acts[2].Necessity, acts[2].Source = cpd.CareerProgression, cpd.Aspirational, cpd.Appraisal
	acts[2].Reflection = "Useful, \"practical\" course;\nchanged how I plan feedback"
	acts[2].Start = date.New(2025, 1, 6)
	for _, a := range acts {
		_, err := f.svc.Activities.RecordCompleted(as("tina"), a)
		require.NoError(t, err)
	}
	_, err := f.svc.Activities.Request(as("tina"), cpd.Activity{Person: "tina", Title: "Coaching conference", Kind: cpd.Conference,
		Aspect: cpd.CareerProgression, Necessity: cpd.Aspirational, Source: cpd.SelfIdentified, Hours: decimal.NewFromInt(6),
		Start: date.New(2027, 3, 4), End: date.New(2027, 3, 5), Provider: "Sector body"})
	require.NoError(t, err)
	for _, p := range []cpd.Person{
		{ID: "leo", Name: "Léo Leaver", JobRole: "teacher", Team: "english", LineManager: "mgr", Employment: compliance.Associate,
			Start: date.New(2019, 1, 7), ResignedOn: date.New(2026, 9, 30), Leaving: date.New(2026, 10, 31), FTE: decimal.RequireFromString("0.4")},
		{ID: "sam", Name: "Sam Starter", JobRole: "tutor", Team: "maths", LineManager: "mgr", Employment: compliance.Employed,
			Start: date.New(2026, 11, 16), FTE: decimal.NewFromInt(1)},
	} {
		f.dir.Set(org, cpd.Identity{Person: p.ID, Roles: p.Roles, LineManager: p.LineManager})
		_, err := f.svc.Staff.AddPerson(as("admin"), p)
		require.NoError(t, err)
	}
	_, err = f.svc.Activities.ImportCompletions(as("admin"), []cpd.Activity{
		{Person: "leo", Title: "Prevent", Kind: cpd.Webinar, Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Required,
			Topics: []string{"prevent"}, Hours: decimal.NewFromInt(1), Completed: date.New(2025, 1, 15), Evidence: "lms:1"},
		{Person: "mgr", Title: "Safeguarding", Kind: cpd.InternalCourse, Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Required,
			Topics: []string{"safeguarding"}, Hours: decimal.NewFromInt(2), Completed: date.New(2025, 12, 10), Evidence: "lms:2"},
	}, nil)
	require.NoError(t, err)
	_, err = f.svc.Compliance.PlanQualification(as("mgr"), "tina", compliance.Plan{Requirement: "qts", By: date.New(2027, 7, 31), Description: "QTLS"})
	require.NoError(t, err)
	return f
}

func TestExportGolden(t *testing.T) {
	f := withHistory(t)
	tests := []struct {
		name   string
		golden string
		export func(*bytes.Buffer) error
	}{
		{"record", "record.csv", func(b *bytes.Buffer) error { return csvio.ExportRecord(as("mgr"), b, f.svc, "tina", nil) }},
		{"record for Excel", "record-excel.csv", func(b *bytes.Buffer) error {
			return csvio.ExportRecord(as("tina"), b, f.svc, "tina", &csvio.WriteOptions{BOM: true, CRLF: true, Comma: ';'})
		}},
		{"record raw", "record-raw.csv", func(b *bytes.Buffer) error {
			return csvio.ExportRecord(as("tina"), b, f.svc, "tina", &csvio.WriteOptions{Raw: true})
		}},
		{"matrix", "matrix.csv", func(b *bytes.Buffer) error { return csvio.ExportMatrix(as("head"), b, f.svc, nil) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, tc.export(&b))
			golden(t, tc.golden, b.Bytes())
		})
	}
}

// TestRecordReadsBack checks that a record's completed activities, once
// exported, read back as the same activities.
func TestRecordReadsBack(t *testing.T) {
	f := withHistory(t)
	rec, err := f.svc.Activities.Record(as("tina"), "tina")
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, csvio.WriteRecord(context.Background(), &b, rec, compliance.MonthDay{Month: 9, Day: 1}, &csvio.WriteOptions{Raw: true}))
	got, err := csvio.ReadCompletions(as("tina"), &b, &csvio.CompletionOptions{ReadOptions: csvio.ReadOptions{SkipBad: true}})
	require.NoError(t, err)
	var want []cpd.Activity
	for _, a := range rec.Activities {
		if a.State.Done() {
			a.ID, a.RequestedBy, a.ApprovedBy, a.RecordedBy, a.Version = "", "", "", "", 0
			want = append(want, a)
		}
	}
	require.Len(t, got.Rejected, 1, "the open request has no completion date")
	require.Empty(t, cmp.Diff(want, got.Rows, cmpopts.EquateEmpty()))
}

func TestMatrixColumns(t *testing.T) {
	f := withHistory(t)
	var b bytes.Buffer
	require.NoError(t, csvio.ExportMatrix(as("head"), &b, f.svc, nil))
	rows, err := readAll(b.String())
	require.NoError(t, err)
	col := func(name string) int {
		for i, h := range rows[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q in %q", name, rows[0])
		return -1
	}
	row := func(person string) []string {
		for _, r := range rows[1:] {
			if r[0] == person {
				return r
			}
		}
		t.Fatalf("no row for %s", person)
		return nil
	}
	tests := []struct {
		name, person, column, want string
	}{
		{"compliant training shows its last valid day", "tina", "safeguarding date", "2027-09-09"},
		{"compliant", "tina", "safeguarding status", "compliant"},
		{"planned qualification shows the plan's day", "tina", "qts date", "2027-07-31"},
		{"planned", "tina", "qts status", "planned"},
		{"starter is pending", "sam", "safeguarding status", "pending"},
		{"starter's due date", "sam", "safeguarding date", "2026-12-15"},
		{"not applicable has no date", "admin", "qts date", ""},
		{"leaver is marked", "leo", "leaver", "yes"},
		{"leaving date", "leo", "leaving", "2026-10-31"},
		{"employment", "leo", "employment", "associate"},
		{"start date", "leo", "start", "2019-01-07"},
		{"in post", "tina", "leaver", "no"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, row(tc.person)[col(tc.column)])
		})
	}
}

func TestWriteDefusesFormulas(t *testing.T) {
	rec := cpd.CPDRecord{Person: cpd.Person{ID: "p", Name: "@SUM(A1)"}, Activities: []cpd.Activity{{
		ID: "a", Title: "+cmd", Provider: "-2+3", Evidence: "=1", Reflection: "\tx", Impact: "plain", Hours: decimal.RequireFromString("1.5"),
	}}}
	var b bytes.Buffer
	require.NoError(t, csvio.WriteRecord(context.Background(), &b, rec, compliance.MonthDay{}, nil))
	rows, err := readAll(b.String())
	require.NoError(t, err)
	got := rows[1]
	tests := []struct{ column, want string }{
		{"name", "'@SUM(A1)"}, {"title", "'+cmd"}, {"provider", "'-2+3"}, {"evidence", "'=1"}, {"reflection", "'\tx"},
		{"impact", "plain"}, {"hours", "1.5"},
	}
	for _, tc := range tests {
		t.Run(tc.column, func(t *testing.T) {
			i := strings.Index(","+strings.Join(rows[0], ",")+",", ","+tc.column+",")
			require.GreaterOrEqual(t, i, 0)
			require.Equal(t, tc.want, got[strings.Count(strings.Join(rows[0], ",")[:i], ",")])
		})
	}
}

func TestExportCancelled(t *testing.T) {
	f := withHistory(t)
	ctx, cancel := context.WithCancel(as("head"))
	cancel()
	tests := []struct {
		name   string
		export func(*bytes.Buffer) error
	}{
		{"record", func(b *bytes.Buffer) error { return csvio.ExportRecord(ctx, b, f.svc, "tina", nil) }},
		{"matrix", func(b *bytes.Buffer) error {
			return csvio.WriteMatrix(ctx, b, cpd.OrgView{Requirements: []string{"safeguarding"}}, nil, nil)
		}},
		{"budget", func(b *bytes.Buffer) error { return csvio.WriteBudget(ctx, b, cpd.BudgetReport{}, nil) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			require.ErrorIs(t, tc.export(&b), context.Canceled)
			require.Zero(t, b.Len())
		})
	}
}
