package cpd

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/internal/statusrec"
)

func TestStatusRecordRoundTrip(t *testing.T) {
	reqs := []compliance.Requirement{{ID: "safeguarding"}, {ID: "qts"}, {ID: "cpd-log"}}
	st := Status{
		Person: "p-1", Name: "Ada", Team: "maths", JobRole: "teacher", LineManager: "p-2", Leaving: date.New(2027, 7, 31),
		On: date.New(2026, 11, 25), NextChange: date.New(2026, 12, 1), Policy: "abc",
		Items: []StatusItem{
			{Requirement: "safeguarding", Status: compliance.DueSoon, ValidUntil: date.New(2026, 12, 31), DueBy: date.New(2026, 12, 31)},
			{Requirement: "qts", Status: compliance.Missing, DueBy: date.New(2024, 2, 29)},
			{Requirement: "cpd-log", Status: compliance.NotApplicable},
		},
	}
	rec := recordOf(&st)
	require.Equal(t, "d20818,20818;m,19782;n,", rec.Cells)
	got, err := rec.status(reqs)
	require.NoError(t, err)
	if diff := cmp.Diff(st, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestStatusRecordRejectsBadCells(t *testing.T) {
	reqs := []compliance.Requirement{{ID: "a"}, {ID: "b"}}
	tests := []struct {
		name  string
		cells string
	}{
		{"too few cells", "c,"},
		{"too many cells", "c,;c,;c,"},
		{"no cells", ""},
		{"empty cell", "c,;"},
		{"unknown status", "c,;x,"},
		{"no comma", "c,;c"},
		{"letters in days", "c2o000,;c,"},
		{"a sign alone", "c-,;c,"},
		{"too many digits", "c1234567890,;c,"},
		{"two commas", "c1,2,3;c,"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := statusRecord{Person: "p-1", Cells: tt.cells}
			_, err := r.status(reqs)
			require.Error(t, err)
		})
	}
}

// TestCellDays checks days before 1970, on it and long after it come back
// as they were.
func TestCellDays(t *testing.T) {
	reqs := []compliance.Requirement{{ID: "a"}}
	for _, d := range []date.Date{date.New(1965, 9, 1), date.New(1970, 1, 1), date.New(1969, 12, 31), date.New(2400, 2, 29)} {
		t.Run(d.String(), func(t *testing.T) {
			st := Status{Person: "p", Items: []StatusItem{{Requirement: "a", Status: compliance.Missing, ValidUntil: d, DueBy: d + 1}}}
			rec := recordOf(&st)
			got, err := rec.status(reqs)
			require.NoError(t, err)
			require.Equal(t, st.Items, got.Items, "cells %q", rec.Cells)
		})
	}
}

func TestParseDayMatchesISO(t *testing.T) {
	for _, s := range []string{"2024-02-29", "2025-12-31", "2026-01-01", "1999-07-15", "2100-03-01"} {
		t.Run(s, func(t *testing.T) {
			got, err := parseDay(s)
			require.NoError(t, err)
			require.Equal(t, date.MustParseISO(s), got)
		})
	}
}

// TestDecodeStatusRecordAgreesWithJSON checks the fast reader of stored
// statuses reads what encoding/json reads, and leaves what it cannot read
// to encoding/json.
func TestDecodeStatusRecordAgreesWithJSON(t *testing.T) {
	tests := []struct {
		name string
		data string
	}{
		{"as written", `{"person":"p-1","name":"Ada","on":"2026-11-25","next_change":"2026-12-01","policy":"abc","cells":"compliant,,"}`},
		{"white space", " {\n\t\"person\" : \"p-1\" ,\r\n \"cells\":\"\" } "},
		{"escapes", `{"person":"p-1","name":"Zo\u00eb \"Z\" O\\Brien\/x"}`},
		{"unknown names", `{"person":"p-1","colour":"blue"}`},
		{"a value that is not a string", `{"person":"p-1","extra":3}`},
		{"null", `{"person":"p-1","team":null}`},
		{"empty", `{}`},
		{"invalid UTF-8", "{\"name\":\"\xff\"}"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var want statusRecord
			require.NoError(t, json.Unmarshal([]byte(tc.data), &want))
			got, err := decodeStatusRecord(Record{ID: "p-1", Data: []byte(tc.data)})
			require.NoError(t, err)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-encoding/json +decodeStatusRecord):\n%s", diff)
			}
		})
	}
	for _, bad := range []string{``, `{`, `{"person":"p-1"`, `{"person":"p-1"}x`, `{"on":"25/11/2026"}`, `[]`, `{"person":"p-1",}`} {
		_, err := decodeStatusRecord(Record{ID: "p-1", Data: []byte(bad)})
		require.Error(t, err, "%q", bad)
	}
}

// FuzzDecodeStatusRecord checks that whatever the fast reader accepts,
// encoding/json accepts and reads the same.
func FuzzDecodeStatusRecord(f *testing.F) {
	f.Add([]byte(`{"person":"p-1","name":"Ada","on":"2026-11-25","cells":"compliant,,"}`))
	f.Add([]byte(`{"name":"a\"b","x":"y"}`))
	f.Add([]byte(`{"person":"p-2","team":"Maths","job_role":"teacher","line_manager":"p-1","policy":"f1","cells":"c20878,;m,20727"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var fast statusRecord
		if !fast.readFlat(data) {
			return
		}
		var slow statusRecord
		if err := json.Unmarshal(data, &slow); err != nil {
			t.Fatalf("fast reader accepted %q, encoding/json refused it: %v", data, err)
		}
		if diff := cmp.Diff(slow, fast); diff != "" {
			t.Fatalf("%q (-encoding/json +fast):\n%s", data, diff)
		}
		shared := make(map[string]string)
		var arena statusrec.Arena
		for range 2 { // the second time from what the first shared
			var got statusRecord
			if !got.readShared(data, shared) {
				t.Fatalf("readFlat accepted %q, readShared refused it", data)
			}
			if diff := cmp.Diff(fast, got); diff != "" {
				t.Fatalf("%q (-readFlat +readShared):\n%s", data, diff)
			}
			var kept statusRecord // as eachStatus reads it, the ID and name in an arena
			if !kept.read(data, shared, &arena, nil) {
				t.Fatalf("readFlat accepted %q, read with an arena refused it", data)
			}
			if diff := cmp.Diff(fast, kept); diff != "" {
				t.Fatalf("%q (-readFlat +read with an arena):\n%s", data, diff)
			}
		}
	})
}

// TestEveryStatusHasALetter checks every status compliance names has a
// letter of its own in the cells, and is read back from it.
func TestEveryStatusHasALetter(t *testing.T) {
	reqs := []compliance.Requirement{{ID: "a"}}
	seen := map[byte]bool{}
	for st := compliance.Compliant; !strings.HasPrefix(st.String(), "invalid"); st++ {
		require.Less(t, int(st), len(statusLetters), "status %s has no letter", st)
		letter := statusLetters[st]
		require.False(t, seen[letter], "status %s shares its letter", st)
		seen[letter] = true
		want := Status{Person: "p", Items: []StatusItem{{Requirement: "a", Status: st}}}
		rec := recordOf(&want)
		got, err := rec.status(reqs)
		require.NoError(t, err)
		require.Equal(t, want.Items, got.Items)
	}
}
