package csvio_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/csvio"
	"github.com/cpdkit/cpdkit/cpd"
)

const newStaff = "Staff No,name,job_role,employment,start,fte\n" +
	"n1,New One,tutor,employed,2026-09-01,1\n" +
	"tina,Teacher Again,tutor,employed,2026-09-01,1\n" +
	"n2,New Two,tutor,associate,2026-09-01,0.5\n"

func TestImportPeople(t *testing.T) {
	f := newFixture(t)
	in := "id,name,job_role,employment,start,fte,team\n" +
		"n1,New One,tutor,employed,2026-09-01,1,maths\n" +
		"n2,New Two,tutor,associate,01/09/2026,0.5,english\n"
	res, err := csvio.ImportPeople(as("admin"), f.svc, strings.NewReader(in), &csvio.RosterOptions{ReadOptions: csvio.ReadOptions{DayFirst: true}})
	require.NoError(t, err)
	require.Equal(t, []csvio.Stored{{Line: 2, ID: "n1"}, {Line: 3, ID: "n2"}}, res.Stored)
	p, err := f.svc.Staff.Person(as("admin"), "n2")
	require.NoError(t, err)
	require.Equal(t, "english", p.Team)
}

func TestImportPeopleAllOrNothing(t *testing.T) {
	f := newFixture(t)
	before := f.events(t)
	opts := &csvio.RosterOptions{ReadOptions: csvio.ReadOptions{Columns: map[csvio.Field]string{csvio.FieldID: "Staff No"}}}
	res, err := csvio.ImportPeople(as("admin"), f.svc, strings.NewReader(newStaff), opts)
	require.Empty(t, cmp.Diff([]where{{3, "Staff No"}}, problemsOf(t, err)))
	var ie *csvio.ImportError
	require.True(t, errors.As(err, &ie))
	require.ErrorIs(t, ie.Problems[0], cpd.ErrConflict, "the Service's own error is kept")
	require.Contains(t, ie.Error(), `line 3, column "Staff No": tina is already taken`)
	require.Empty(t, res.Stored)
	require.Equal(t, before, f.events(t), "nothing is stored")
}

func TestImportPeopleSkipBad(t *testing.T) {
	f := newFixture(t)
	in := newStaff + "n3,,tutor,employed,2026-09-01,1\n" + "n4,New Four,tutor,employed,2026-09-01,1\n"
	opts := &csvio.RosterOptions{ReadOptions: csvio.ReadOptions{SkipBad: true, BatchSize: 2,
		Columns: map[csvio.Field]string{csvio.FieldID: "Staff No"}}}
	res, err := csvio.ImportPeople(as("admin"), f.svc, strings.NewReader(in), opts)
	require.NoError(t, err)
	require.Equal(t, []csvio.Stored{{Line: 2, ID: "n1"}, {Line: 4, ID: "n2"}, {Line: 6, ID: "n4"}}, res.Stored)
	require.Empty(t, cmp.Diff([]where{{3, "Staff No"}, {5, "name"}}, places(res.Rejected)))
}

func TestImportCompletions(t *testing.T) {
	good := completionHeader +
		"tina,Safeguarding,external_course,keeping_up_to_date,necessary,required,3,2026-10-01,cert-1,,,,\n" +
		"mgr,Prevent,internal_course,keeping_up_to_date,necessary,required,1.5,2026-09-14,cert-2,,,,\n"
	tests := []struct {
		name   string
		in     string
		want   []where
		stored int
	}{
		{"good", good, nil, 2},
		{"person who does not exist", good + "nobody,Prevent,internal_course,keeping_up_to_date,necessary,required,1,2026-09-14,cert-3,,,,\n",
			[]where{{4, "person"}}, 0},
		{"completion in the future", good + "tina,Prevent,internal_course,keeping_up_to_date,necessary,required,1,2026-12-01,cert-3,,,,\n",
			[]where{{4, "completed"}}, 0},
		{"file problem before the Service's", good + "nobody,Prevent,internal_course,keeping_up_to_date,necessary,required,1,2026-12-31,,,,,\n",
			[]where{{4, "evidence"}}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			before := f.events(t)
			res, err := csvio.ImportCompletions(as("admin"), f.svc, strings.NewReader(tc.in), nil)
			if tc.want != nil {
				require.Empty(t, cmp.Diff(tc.want, problemsOf(t, err)))
				require.Equal(t, before, f.events(t), "nothing is stored")
				return
			}
			require.NoError(t, err)
			require.Len(t, res.Stored, tc.stored)
			rec, err := f.svc.Activities.Record(as("admin"), "tina")
			require.NoError(t, err)
			require.Len(t, rec.Activities, 1)
			require.Equal(t, "cert-1", rec.Activities[0].Evidence)
		})
	}
}

func TestImportProgress(t *testing.T) {
	f := newFixture(t)
	in := "id,name,job_role,employment,start,fte\n"
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		in += id + ",N,tutor,employed,2026-09-01,1\n"
	}
	var calls [][2]int
	_, err := csvio.ImportPeople(as("admin"), f.svc, strings.NewReader(in), &csvio.RosterOptions{ReadOptions: csvio.ReadOptions{
		SkipBad: true, BatchSize: 2, Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }}})
	require.NoError(t, err)
	want := [][2]int{{0, 10}, {1, 10}, {2, 10}, {3, 10}, {4, 10}, {5, 10}, {7, 10}, {9, 10}, {10, 10}}
	require.Equal(t, want, calls, "each row read, then each batch stored")
}

func TestImportRefused(t *testing.T) {
	tests := []struct {
		name string
		ctx  context.Context
		want error
	}{
		{"teacher", as("tina"), cpd.ErrForbidden},
		{"line manager", as("mgr"), cpd.ErrForbidden},
		{"no actor", context.Background(), cpd.ErrNoActor},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			before := f.events(t)
			_, err := csvio.ImportPeople(tc.ctx, f.svc, strings.NewReader("id,name,job_role,employment,start,fte\nn1,N,tutor,employed,2026-09-01,1\n"), nil)
			require.ErrorIs(t, err, tc.want)
			allowEmpty := &csvio.CompletionOptions{ReadOptions: csvio.ReadOptions{AllowEmpty: true}}
			_, err = csvio.ImportCompletions(tc.ctx, f.svc, strings.NewReader(completionHeader), allowEmpty)
			require.ErrorIs(t, err, tc.want, "even for an empty file")
			require.Equal(t, before, f.events(t))
		})
	}
}

// TestImportCompletionsDuplicates imports an LMS export with an
// external_ref column twice, the second time with one more row: the rows
// already recorded are listed by line as duplicates, with the activity
// that records them, and only the new row is stored. A row that repeats
// an earlier row's reference in the same file is a duplicate too.
func TestImportCompletionsDuplicates(t *testing.T) {
	const header = "person,title,kind,aspect,necessity,source,hours,completed,evidence,external_ref\n"
	rows := "tina,Safeguarding,external_course,keeping_up_to_date,necessary,required,3,2026-10-01,cert-1,lms:1\n" +
		"mgr,Prevent,internal_course,keeping_up_to_date,necessary,required,1.5,2026-09-14,cert-2,lms:2\n"
	f := newFixture(t)
	first, err := csvio.ImportCompletions(as("admin"), f.svc, strings.NewReader(header+rows), nil)
	require.NoError(t, err)
	require.Len(t, first.Stored, 2)
	require.Empty(t, first.Duplicates)

	more := rows + "tina,Prevent,internal_course,keeping_up_to_date,necessary,required,1,2026-09-20,cert-3,lms:3\n" +
		"tina,Prevent,internal_course,keeping_up_to_date,necessary,required,1,2026-09-20,cert-3,lms:3\n"
	again, err := csvio.ImportCompletions(as("admin"), f.svc, strings.NewReader(header+more), nil)
	require.NoError(t, err)
	require.Len(t, again.Stored, 1)
	require.Equal(t, 4, again.Stored[0].Line)
	require.Equal(t, []csvio.Duplicate{{Line: 2, Existing: first.Stored[0].ID}, {Line: 3, Existing: first.Stored[1].ID},
		{Line: 5, Existing: again.Stored[0].ID}}, again.Duplicates)
}

// TestImportCompletionsSkipBadBatches imports completions with SkipBad,
// two rows per transaction: the rows are stored and refused by line
// across the batches, and progress moves per batch.
func TestImportCompletionsSkipBadBatches(t *testing.T) {
	row := func(person, completed string) string {
		return person + ",Prevent,internal_course,keeping_up_to_date,necessary,required,1," + completed + ",cert,,,,\n"
	}
	in := completionHeader + row("tina", "2026-09-14") + row("nobody", "2026-09-14") + row("mgr", "2026-09-14") +
		row("tina", "2026-12-01") + row("mgr", "2026-09-15")
	f := newFixture(t)
	var calls [][2]int
	res, err := csvio.ImportCompletions(as("admin"), f.svc, strings.NewReader(in), &csvio.CompletionOptions{ReadOptions: csvio.ReadOptions{
		SkipBad: true, BatchSize: 2, Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }}})
	require.NoError(t, err)
	require.Equal(t, []int{2, 4, 6}, storedLines(res.Stored))
	require.Empty(t, cmp.Diff([]where{{3, "person"}, {5, "completed"}}, places(res.Rejected)))
	require.Equal(t, [][2]int{{0, 10}, {1, 10}, {2, 10}, {3, 10}, {4, 10}, {5, 10}, {7, 10}, {9, 10}, {10, 10}}, calls)
}

func storedLines(s []csvio.Stored) []int {
	out := make([]int, len(s))
	for i, st := range s {
		out[i] = st.Line
	}
	return out
}
