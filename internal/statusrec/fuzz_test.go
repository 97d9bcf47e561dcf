package statusrec

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rickb777/date/v2"
)

// FuzzReadFlat checks ReadFlat against encoding/json both ways: what it
// accepts, encoding/json reads into a map of strings, with the same
// members; and every object that encoding/json reads with only strings
// for values, it accepts.
func FuzzReadFlat(f *testing.F) {
	for _, s := range []string{
		`{"person":"p-1","name":"Ada","on":"2026-11-25","cells":"c20878,;m,20727;n,"}`,
		`{"name":"a\"b","x":"y"}`, `{"p\u0065rson":"p\ud83d\ude00"}`, " {\n\"a\" : \"\" } ", "{\"a\xff\":\"\xc3\"}",
		`{"a":"1","a":"2"}`, `{}`, `{"a":1}`, `{"a":null}`, `{"a":"b",}`, `{"a":"b"}x`, `[]`, `null`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := members(data)
		var obj map[string]any
		jsonErr := json.Unmarshal(data, &obj)
		if !ok {
			if jsonErr != nil || obj == nil {
				return // not an object: refused by both
			}
			for _, v := range obj {
				if _, str := v.(string); !str {
					return // not flat: left to encoding/json
				}
			}
			t.Fatalf("ReadFlat refused %q, a flat object of strings to encoding/json", data)
		}
		var want map[string]string
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatalf("ReadFlat accepted %q, encoding/json refused it: %v", data, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%q (-encoding/json +ReadFlat):\n%s", data, diff)
		}
	})
}

// FuzzParseDay checks that a day ParseDay reads is the one date.ParseISO
// reads, and that every day of years 0 to 9999 reads back from its ISO
// form.
func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"2026-11-25", "2024-02-29", "2026-02-29", "0000-01-01", "9999-12-31", "2026-1-01", "+2026-01-01", ""} {
		f.Add(s, int64(0))
	}
	f.Add("", int64(-719528))
	f.Add("", int64(2932896))
	f.Fuzz(func(t *testing.T, s string, days int64) {
		if d, err := ParseDay(s); err == nil && s != "" {
			want, err := date.ParseISO(s)
			if err != nil || want != d {
				t.Fatalf("ParseDay(%q) = %s; date.ParseISO: %s, %v", s, d, want, err)
			}
		}
		d := date.Date(days)
		if y := d.Year(); y < 0 || y > 9999 || d == 0 {
			return
		}
		if got, err := ParseDay(d.String()); err != nil || got != d {
			t.Fatalf("ParseDay(%q) = %s, %v; want %s", d.String(), got, err, d)
		}
	})
}

// FuzzCells checks a row of cells both ways: every row ParseCells reads
// writes back with AppendCell to a row that reads the same; and every
// cell of a letter a to z and days within maxDigits digits of 1970 reads
// back as it was written.
func FuzzCells(f *testing.F) {
	for _, s := range []string{"c20878,;m,20727;n,", "c,", "", "c-0,-00", "c1,2,3", "c,;", "x123456789,-123456789", "C,"} {
		f.Add(s, uint8(strings.Count(s, ";")+1), byte('c'), int64(0), int64(0))
	}
	f.Add("", uint8(0), byte('z'), int64(-719528), int64(999999999))
	f.Fuzz(func(t *testing.T, row string, n uint8, letter byte, first, second int64) {
		cells := make([]Cell, 0, n)
		err := ParseCells(row, int(n), func(_ int, c Cell) error { cells = append(cells, c); return nil })
		if want, ok := modelCells(row, int(n)); ok != (err == nil) || ok && !cmp.Equal(want, cells, cmpopts.EquateEmpty()) {
			t.Fatalf("ParseCells(%q, %d) = %v, %v; the model reads %v, %v", row, n, cells, err, want, ok)
		}
		if err == nil {
			if len(cells) != int(n) {
				t.Fatalf("ParseCells(%q, %d) read %d cells", row, n, len(cells))
			}
			var again []byte
			for _, c := range cells {
				again = AppendCell(again, c)
			}
			if got, err := readCells(string(again), int(n)); err != nil || !cmp.Equal(cells, got) {
				t.Fatalf("%q read as %v, written as %q, reads as %v, %v", row, cells, again, got, err)
			}
		}
		if letter < 'a' || letter > 'z' || !inReach(first) || !inReach(second) {
			return
		}
		c := Cell{Letter: letter, First: unixDay + date.Date(first), Second: unixDay + date.Date(second)}
		written := AppendCell(AppendCell(nil, c), c)
		if got, err := readCells(string(written), 2); err != nil || !cmp.Equal([]Cell{c, c}, got) {
			t.Fatalf("%v written as %q reads as %v, %v", c, written, got, err)
		}
	})
}

// inReach reports whether a count of days from 1970 has at most maxDigits
// digits.
func inReach(days int64) bool { return days > -1e9 && days < 1e9 }

// modelCells is the row's grammar written as plainly as possible, for
// FuzzCells and TestParseCellsIsTheModel to hold ParseCells's one pass to:
// split at ";", each cell split at its first ",", each side of it empty
// (the zero day) or an optional "-" and one to maxDigits digits.
func modelCells(row string, n int) ([]Cell, bool) {
	if row == "" {
		return nil, n == 0
	}
	parts := strings.Split(row, ";")
	if len(parts) != n {
		return nil, false
	}
	cells := make([]Cell, n)
	for i, p := range parts {
		if p == "" || p[0] < 'a' || p[0] > 'z' {
			return nil, false
		}
		first, second, found := strings.Cut(p[1:], ",")
		if !found {
			return nil, false
		}
		cells[i].Letter = p[0]
		for k, s := range []string{first, second} {
			day := []*date.Date{&cells[i].First, &cells[i].Second}[k]
			if s == "" {
				continue
			}
			digits := strings.TrimPrefix(s, "-")
			if digits == "" || len(digits) > maxDigits || strings.Trim(digits, "0123456789") != "" {
				return nil, false
			}
			v, err := strconv.Atoi(s)
			if err != nil {
				return nil, false
			}
			*day = unixDay + date.Date(v)
		}
	}
	return cells, true
}
