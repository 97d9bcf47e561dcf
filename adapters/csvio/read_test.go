package csvio_test

import (
	"context"
	"errors"
	"fmt"
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

// where is a problem's place in a file, for comparing.
type where struct {
	Line   int
	Column string
}

func places(probs []*csvio.LineError) []where {
	out := make([]where, len(probs))
	for i, p := range probs {
		out[i] = where{p.Line, p.Column}
	}
	return out
}

// problemsOf checks err is an all-or-nothing failure and returns where
// its problems are.
func problemsOf(t *testing.T, err error) []where {
	t.Helper()
	require.ErrorIs(t, err, cpd.ErrInvalid)
	var ie *csvio.ImportError
	require.True(t, errors.As(err, &ie), "an *ImportError: %v", err)
	for _, p := range ie.Problems {
		require.ErrorIs(t, p, cpd.ErrInvalid)
		require.NotEmpty(t, p.Reason)
	}
	return places(ie.Problems)
}

// An HR system's export: its own headers (mapped), UK dates, a byte order
// mark, a column nobody reads, a note that spans two lines, blank rows and
// padding.
const hrRoster = "\ufeffStaff No,Full name,Post,Dept,Contract,Start date,Left,FTE,Manager,Roles,Notes\r\n" +
	"T001,Teacher One,teacher,Maths,Employed,01/09/2026,,0.6,mgr,staff,\"first line\r\nsecond line\"\r\n" +
	",,,,,,,,,,\r\n" +
	"\r\n" +
	" T002 , Tutor Two ,tutor,English,associate,2/9/2026,31/7/2027,1,mgr,Staff; Line manager,\r\n"

func hrColumns() map[csvio.Field]string {
	return map[csvio.Field]string{
		csvio.FieldID: "Staff No", csvio.FieldName: "Full name", csvio.FieldJobRole: "Post", csvio.FieldTeam: "Dept",
		csvio.FieldEmployment: "Contract", csvio.FieldStart: "Start date", csvio.FieldLeaving: "Left",
		csvio.FieldLineManager: "Manager",
	}
}

func TestReadPeople(t *testing.T) {
	opts := &csvio.RosterOptions{ReadOptions: csvio.ReadOptions{Columns: hrColumns(), DayFirst: true}}
	got, err := csvio.ReadPeople(context.Background(), strings.NewReader(hrRoster), opts)
	require.NoError(t, err)
	want := []cpd.Person{
		{ID: "T001", Name: "Teacher One", JobRole: "teacher", Team: "Maths", Employment: compliance.Employed,
			Start: date.New(2026, 9, 1), FTE: decimal.RequireFromString("0.6"), LineManager: "mgr", Roles: []cpd.Role{cpd.RoleStaff}},
		{ID: "T002", Name: "Tutor Two", JobRole: "tutor", Team: "English", Employment: compliance.Associate,
			Start: date.New(2026, 9, 2), Leaving: date.New(2027, 7, 31), FTE: decimal.NewFromInt(1), LineManager: "mgr",
			Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}},
	}
	require.Empty(t, cmp.Diff(want, got.Rows))
	require.Equal(t, []int{2, 6}, got.Lines, "a row's line is the one it starts on")
	require.Empty(t, got.Rejected)
}

func TestReadPeopleDefaults(t *testing.T) {
	in := "id,name,job_role,start\np1,One,tutor,2026-09-01\np2,Two,tutor,2026-09-01\n"
	def := &cpd.Person{Employment: compliance.Associate, FTE: decimal.RequireFromString("0.5"), Roles: []cpd.Role{cpd.RoleStaff}}
	got, err := csvio.ReadPeople(context.Background(), strings.NewReader(in), &csvio.RosterOptions{Defaults: def})
	require.NoError(t, err)
	require.Len(t, got.Rows, 2)
	for _, p := range got.Rows {
		require.Equal(t, compliance.Associate, p.Employment)
		require.True(t, p.FTE.Equal(def.FTE))
	}
	got.Rows[0].Roles[0] = cpd.RoleAuditor
	require.Equal(t, cpd.RoleStaff, got.Rows[1].Roles[0], "rows do not share the defaults' slices")
	require.Equal(t, cpd.RoleStaff, def.Roles[0], "the defaults are not changed")
}

const rosterHeader = "id,name,job_role,employment,start,fte,roles\n"

func TestReadPeopleProblems(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opts csvio.ReadOptions
		want []where
	}{
		{"impossible date", rosterHeader + "p1,One,tutor,employed,2026-02-31,1,\n", csvio.ReadOptions{}, []where{{2, "start"}}},
		{"UK date without DayFirst", rosterHeader + "p1,One,tutor,employed,01/09/2026,1,\n", csvio.ReadOptions{}, []where{{2, "start"}}},
		{"month-first date with DayFirst", rosterHeader + "p1,One,tutor,employed,09/13/2026,1,\n", csvio.ReadOptions{DayFirst: true}, []where{{2, "start"}}},
		{"two-digit year", rosterHeader + "p1,One,tutor,employed,01/09/26,1,\n", csvio.ReadOptions{DayFirst: true}, []where{{2, "start"}}},
		{"date and time", rosterHeader + "p1,One,tutor,employed,2026-09-01T09:00:00Z,1,\n", csvio.ReadOptions{}, []where{{2, "start"}}},
		{"decimal comma", rosterHeader + "p1,One,tutor,employed,2026-09-01,\"0,5\",\n", csvio.ReadOptions{}, []where{{2, "fte"}}},
		{"exponent", rosterHeader + "p1,One,tutor,employed,2026-09-01,1e0,\n", csvio.ReadOptions{}, []where{{2, "fte"}}},
		{"negative", rosterHeader + "p1,One,tutor,employed,2026-09-01,-0.5,\n", csvio.ReadOptions{}, []where{{2, "fte"}}},
		{"FTE above one", rosterHeader + "p1,One,tutor,employed,2026-09-01,1.5,\n", csvio.ReadOptions{}, []where{{2, "fte"}}},
		{"unknown employment", rosterHeader + "p1,One,tutor,contractor,2026-09-01,1,\n", csvio.ReadOptions{}, []where{{2, "employment"}}},
		{"unknown role", rosterHeader + "p1,One,tutor,employed,2026-09-01,1,staff;boss\n", csvio.ReadOptions{}, []where{{2, "roles"}}},
		{"blank name", rosterHeader + "p1,,tutor,employed,2026-09-01,1,\n", csvio.ReadOptions{}, []where{{2, "name"}}},
		{"invalid UTF-8", rosterHeader + "p1,\xff\xfe,tutor,employed,2026-09-01,1,\n", csvio.ReadOptions{}, []where{{2, "name"}}},
		{"every problem of a row", rosterHeader + "p1,One,tutor,contractor,2026-13-01,x,\n", csvio.ReadOptions{},
			[]where{{2, "employment"}, {2, "start"}, {2, "fte"}}},
		{"too few cells", rosterHeader + "p1,One,tutor\np2,Two,tutor,employed,2026-09-01,1,\n", csvio.ReadOptions{}, []where{{2, ""}}},
		{"lines after a cell spanning lines", "id,name,job_role,employment,start,fte,notes\n" +
			"p1,One,tutor,employed,2026-09-01,1,\"a\nb\nc\"\np2,Two,tutor,employed,2026-09-31,1,\n", csvio.ReadOptions{}, []where{{5, "start"}}},
		{"problems on several rows, by line", rosterHeader + "p1,One,tutor,employed,x,1,\np2,Two,tutor,employed,2026-09-01,1,\np3,Three,tutor,employed,2026-09-01,0,\n",
			csvio.ReadOptions{}, []where{{2, "start"}, {4, "fte"}}},
		{"mapped column named by its header", "Ref,Name,Post,Type,Began,FTE\nx1,One,tutor,employed,2026-09-01,7\n",
			csvio.ReadOptions{Columns: map[csvio.Field]string{csvio.FieldID: "Ref", csvio.FieldJobRole: "Post", csvio.FieldEmployment: "Type", csvio.FieldStart: "Began"}},
			[]where{{2, "FTE"}}},
		{"missing required column", "id,name,job_role,employment,start\n", csvio.ReadOptions{}, []where{{1, "fte"}}},
		{"mapped header absent", rosterHeader, csvio.ReadOptions{Columns: map[csvio.Field]string{csvio.FieldTeam: "Department"}}, []where{{1, "Department"}}},
		{"header twice", "id,name,job_role,employment,start,fte,Name\n", csvio.ReadOptions{}, []where{{1, "name"}}},
		{"field not of a roster", rosterHeader, csvio.ReadOptions{Columns: map[csvio.Field]string{csvio.FieldHours: "Hours"}}, []where{{1, "Hours"}}},
		{"empty file", "", csvio.ReadOptions{}, []where{{1, ""}}},
		{"stray quote", rosterHeader + "p1,One,tutor,employed,2026-09-01,1,\np2,T\"wo,tutor,employed,2026-09-01,1,\n", csvio.ReadOptions{}, []where{{3, ""}}},
		{"stray quote with SkipBad", rosterHeader + "p1,One \"x\",tutor,employed,2026-09-01,1,\n", csvio.ReadOptions{SkipBad: true}, []where{{2, ""}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := csvio.ReadPeople(context.Background(), strings.NewReader(tc.in), &csvio.RosterOptions{ReadOptions: tc.opts})
			require.Empty(t, cmp.Diff(tc.want, problemsOf(t, err)))
			require.Empty(t, got.Rows, "all or nothing")
		})
	}
}

func TestReadSkipBad(t *testing.T) {
	in := rosterHeader +
		"p1,One,tutor,employed,2026-09-01,1,\n" +
		"p2,Two,tutor,employed,2026-09-31,1,\n" +
		"p3,Three,tutor\n" +
		"p4,Four,tutor,employed,2026-09-01,0.5,\n"
	got, err := csvio.ReadPeople(context.Background(), strings.NewReader(in), &csvio.RosterOptions{ReadOptions: csvio.ReadOptions{SkipBad: true}})
	require.NoError(t, err)
	ids := make([]string, len(got.Rows))
	for i, p := range got.Rows {
		ids[i] = p.ID
	}
	require.Equal(t, []string{"p1", "p4"}, ids)
	require.Equal(t, []int{2, 5}, got.Lines)
	require.Empty(t, cmp.Diff([]where{{3, "start"}, {4, ""}}, places(got.Rejected)))
}

func TestReadMaxErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString(rosterHeader)
	for i := range 1000 {
		fmt.Fprintf(&b, "p%d,P,tutor,employed,not-a-date,1,\n", i)
	}
	tests := []struct {
		name         string
		max          int
		listed, more int
	}{
		{"default", 0, 100, 900},
		{"ten", 10, 10, 990},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := csvio.ReadPeople(context.Background(), strings.NewReader(b.String()),
				&csvio.RosterOptions{ReadOptions: csvio.ReadOptions{MaxErrors: tc.max}})
			var ie *csvio.ImportError
			require.True(t, errors.As(err, &ie))
			require.Len(t, ie.Problems, tc.listed)
			require.Equal(t, tc.more, ie.Omitted)
			require.Equal(t, 2, ie.Problems[0].Line)
			require.Contains(t, ie.Error(), "1000 problems; line 2, column \"start\": \"not-a-date\" is not a date written yyyy-mm-dd")
		})
	}
}

func TestReadCompletions(t *testing.T) {
	in := "Learner,Course,Completed on,Duration (h),Certificate,topics,Awarding body,qualification,External ref\n" +
		"tina,Safeguarding Level 2,2026-10-01,1.5,lms:991,safeguarding,,,enrol-1\n" +
		"mgr,Prevent,2026-09-14,0.75,lms:992,prevent; safeguarding,NCFE,Level 2 Certificate,enrol-2\n" +
		"tina,Coaching session,2026-11-01,,lms:993,,,,\n"
	opts := &csvio.CompletionOptions{
		ReadOptions: csvio.ReadOptions{Columns: map[csvio.Field]string{
			csvio.FieldPerson: "Learner", csvio.FieldTitle: "Course", csvio.FieldCompleted: "Completed on",
			csvio.FieldHours: "Duration (h)", csvio.FieldEvidence: "Certificate",
		}},
		Defaults: &cpd.Activity{Kind: cpd.InternalCourse, Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary,
			Source: cpd.Required, Provider: "College LMS"},
	}
	got, err := csvio.ReadCompletions(context.Background(), strings.NewReader(in), opts)
	require.NoError(t, err)
	base := *opts.Defaults
	base.State = cpd.Completed
	row := func(person, title string, on date.Date, hours, evidence, ref string, topics []string, acc *cpd.Accreditation) cpd.Activity {
		a := base
		a.Person, a.Title, a.Completed, a.Hours, a.Evidence, a.Topics, a.Accreditation = person, title, on, decimal.RequireFromString(hours), evidence, topics, acc
		a.ExternalRef = ref
		return a
	}
	want := []cpd.Activity{
		row("tina", "Safeguarding Level 2", date.New(2026, 10, 1), "1.5", "lms:991", "enrol-1", []string{"safeguarding"}, nil),
		row("mgr", "Prevent", date.New(2026, 9, 14), "0.75", "lms:992", "enrol-2", []string{"prevent", "safeguarding"},
			&cpd.Accreditation{AwardingBody: "NCFE", Qualification: "Level 2 Certificate"}),
		row("tina", "Coaching session", date.New(2026, 11, 1), "0", "lms:993", "", nil, nil),
	}
	require.Empty(t, cmp.Diff(want, got.Rows, cmpopts.EquateEmpty()))
	require.Equal(t, []int{2, 3, 4}, got.Lines)
}

const completionHeader = "person,title,kind,aspect,necessity,source,hours,completed,evidence,start,valid_until,awarding_body,qualification\n"

func TestReadCompletionsProblems(t *testing.T) {
	good := "tina,Safeguarding,external_course,keeping_up_to_date,necessary,required,3,2026-10-01,cert,,,,\n"
	tests := []struct {
		name string
		in   string
		want []where
	}{
		{"good", completionHeader + good, nil},
		{"unknown kind", completionHeader + "tina,S,lecture,keeping_up_to_date,necessary,required,3,2026-10-01,cert,,,,\n", []where{{2, "kind"}}},
		{"unknown aspect", completionHeader + "tina,S,external_course,fun,necessary,required,3,2026-10-01,cert,,,,\n", []where{{2, "aspect"}}},
		{"hours with unit", completionHeader + "tina,S,external_course,keeping_up_to_date,necessary,required,3h,2026-10-01,cert,,,,\n", []where{{2, "hours"}}},
		{"negative hours", completionHeader + "tina,S,external_course,keeping_up_to_date,necessary,required,-3,2026-10-01,cert,,,,\n", []where{{2, "hours"}}},
		{"no completion date", completionHeader + "tina,S,external_course,keeping_up_to_date,necessary,required,3,,cert,,,,\n", []where{{2, "completed"}}},
		{"no evidence", completionHeader + "tina,S,external_course,keeping_up_to_date,necessary,required,3,2026-10-01,,,,,\n", []where{{2, "evidence"}}},
		{"completed before start", completionHeader + "tina,S,external_course,keeping_up_to_date,necessary,required,3,2026-10-01,cert,2026-10-02,,,\n", []where{{2, "completed"}}},
		{"valid until before completion", completionHeader + "tina,S,external_course,keeping_up_to_date,necessary,required,3,2026-10-01,cert,,2026-09-01,,\n", []where{{2, "valid_until"}}},
		{"qualification without awarding body", completionHeader + "tina,S,external_course,keeping_up_to_date,necessary,required,3,2026-10-01,cert,,,,Level 3\n", []where{{2, "awarding_body"}}},
		{"names written for people", completionHeader + "tina,S,External course,Keeping up-to-date,Necessary,Required,3,2026-10-01,cert,,,,\n", nil},
		{"missing columns without defaults", "person,title,completed,evidence\n",
			[]where{{1, "aspect"}, {1, "kind"}, {1, "necessity"}, {1, "source"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := csvio.ReadCompletions(context.Background(), strings.NewReader(tc.in), nil)
			if tc.want == nil {
				require.NoError(t, err)
				require.Len(t, got.Rows, 1)
				return
			}
			require.Empty(t, cmp.Diff(tc.want, problemsOf(t, err)))
			require.Empty(t, got.Rows, "all or nothing")
		})
	}
}

func TestReadProgress(t *testing.T) {
	var b strings.Builder
	b.WriteString(rosterHeader)
	for i := range 1000 {
		fmt.Fprintf(&b, "p%d,P,tutor,employed,2026-09-01,1,\n", i)
	}
	var calls [][2]int
	_, err := csvio.ReadPeople(context.Background(), strings.NewReader(b.String()), &csvio.RosterOptions{
		ReadOptions: csvio.ReadOptions{Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }}})
	require.NoError(t, err)
	require.Equal(t, [2]int{0, 1000}, calls[0], "progress starts at zero")
	require.Equal(t, [2]int{1000, 1000}, calls[len(calls)-1], "and ends at the total")
	require.Less(t, len(calls), 250, "not once per row")
	for i := 1; i < len(calls); i++ {
		require.Greater(t, calls[i][0], calls[i-1][0], "call %d goes forward", i)
	}
}

func TestReadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := csvio.ReadPeople(ctx, strings.NewReader(rosterHeader+"p1,One,tutor,employed,2026-09-01,1,\n"), nil)
	require.ErrorIs(t, err, context.Canceled)
}
