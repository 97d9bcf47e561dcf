package csvio_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/csvio"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// testdata reads a file of testdata.
func testdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return data
}

// exportOptions map the headers of the roster exports in testdata.
func exportOptions() *csvio.RosterOptions {
	return &csvio.RosterOptions{ReadOptions: csvio.ReadOptions{DayFirst: true, Columns: map[csvio.Field]string{
		csvio.FieldID: "Staff No", csvio.FieldName: "Full name", csvio.FieldJobRole: "Post",
		csvio.FieldEmployment: "Contract", csvio.FieldStart: "Start date",
	}}}
}

// exportPeople are the two people of every roster export in testdata.
func exportPeople() []cpd.Person {
	return []cpd.Person{
		{ID: "T001", Name: "Teacher One", JobRole: "teacher", Employment: compliance.Employed,
			Start: date.New(2026, 9, 1), FTE: decimal.RequireFromString("0.6")},
		{ID: "T002", Name: "Tutor Two", JobRole: "tutor", Employment: compliance.Associate,
			Start: date.New(2026, 9, 2), FTE: decimal.NewFromInt(1)},
	}
}

// TestReadExports reads the same roster as spreadsheets and HR systems
// save it: CR line endings (Excel's "CSV (Macintosh)"), LF, CRLF, a
// semicolon-separated file with a UTF-8 byte order mark (Excel where the
// list separator is ";"), a tab-separated UTF-16LE file with a byte order
// mark (Excel's "Unicode Text"), and UTF-16BE; the last header column,
// Notes, is read by no field.
func TestReadExports(t *testing.T) {
	for _, name := range []string{
		"roster-cr.csv", "roster-lf.csv", "roster-crlf.csv", "roster-semicolon.csv", "roster-utf16le.txt", "roster-utf16be.csv",
	} {
		t.Run(name, func(t *testing.T) {
			got, err := csvio.ReadPeople(context.Background(), bytes.NewReader(testdata(t, name)), exportOptions())
			require.NoError(t, err)
			if diff := cmp.Diff(exportPeople(), got.Rows); diff != "" {
				t.Errorf("people (-want +got):\n%s", diff)
			}
			require.Equal(t, []int{2, 3}, got.Lines)
		})
	}
}

// TestReadHeaderOnly checks that a file with a header and no rows is an
// error, unless the caller allows it, and that importing it stores
// nothing.
func TestReadHeaderOnly(t *testing.T) {
	data := testdata(t, "roster-header-only.csv")
	got, err := csvio.ReadPeople(context.Background(), bytes.NewReader(data), exportOptions())
	require.Empty(t, cmp.Diff([]where{{2, ""}}, problemsOf(t, err)))
	require.ErrorContains(t, err, "the file has a header but no rows")
	require.Empty(t, got.Rows)

	opts := exportOptions()
	opts.AllowEmpty = true
	got, err = csvio.ReadPeople(context.Background(), bytes.NewReader(data), opts)
	require.NoError(t, err)
	require.Empty(t, got.Rows)

	fx := newFixture(t)
	before := fx.events(t)
	_, err = csvio.ImportCompletions(as("admin"), fx.svc, bytes.NewReader([]byte(completionHeader)), nil)
	require.ErrorIs(t, err, cpd.ErrInvalid)
	require.Equal(t, before, fx.events(t))
}

// TestReadDetects checks that a file read the wrong way says what it
// looks like: a semicolon-separated file read with the caller's Comma
// ',', UTF-16 without a byte order mark, and a spreadsheet's serial day
// number in a date column.
func TestReadDetects(t *testing.T) {
	semicolons := exportOptions()
	semicolons.Comma = ','
	tests := []struct {
		name   string
		file   string
		opts   *csvio.RosterOptions
		first  where
		reason string
	}{
		{"semicolons read with Comma ','", "roster-semicolon.csv", semicolons, where{1, ""},
			"the header looks semicolon-separated: set ReadOptions.Comma to ';'"},
		{"UTF-16 without a byte order mark", "roster-utf16-nobom.csv", exportOptions(), where{1, ""},
			"the file looks like UTF-16 without a byte order mark: save it as UTF-8"},
		{"serial day number", "roster-serial-date.csv", exportOptions(), where{2, "Start date"},
			`"46266" is not a date written yyyy-mm-dd or dd/mm/yyyy (it looks like a spreadsheet's serial day number: format the column as a date before saving)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := csvio.ReadPeople(context.Background(), bytes.NewReader(testdata(t, tc.file)), tc.opts)
			require.Empty(t, got.Rows)
			require.Equal(t, tc.first, problemsOf(t, err)[0])
			var ie *csvio.ImportError
			require.True(t, errors.As(err, &ie))
			require.Equal(t, tc.reason, ie.Problems[0].Reason)
		})
	}
}

// TestReadBadUTF16 checks that a UTF-16 file with a lone surrogate in a
// cell has that cell refused, naming the encoding, as invalid UTF-8 is in
// a UTF-8 file: never read with U+FFFD in its place.
func TestReadBadUTF16(t *testing.T) {
	_, err := csvio.ReadPeople(context.Background(), bytes.NewReader(testdata(t, "roster-utf16-lone-surrogate.txt")), nil)
	require.Empty(t, cmp.Diff([]where{{2, "name"}}, problemsOf(t, err)))
	require.ErrorContains(t, err, `line 2, column "name": is not valid UTF-16LE`)
}
