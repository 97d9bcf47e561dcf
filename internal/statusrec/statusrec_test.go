package statusrec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"
)

// members reads data with ReadFlat into a map, the last of two equal
// names winning, with names as encoding/json decodes them.
func members(data []byte) (map[string]string, bool) {
	m := map[string]string{}
	ok := ReadFlat(data, func(name []byte, v Value) bool {
		m[Value{b: name}.Text()] = v.Text()
		return true
	})
	return m, ok
}

// TestReadFlatAgreesWithJSON checks ReadFlat reads flat objects of strings
// as encoding/json reads them into a map.
func TestReadFlatAgreesWithJSON(t *testing.T) {
	tests := []struct {
		name string
		data string
	}{
		{"compact", `{"person":"p-1","name":"Ada","on":"2026-11-25","cells":"c20878,;m,20727;n,"}`},
		{"white space", " {\n\t\"person\" : \"p-1\" ,\r\n \"cells\":\"\" } "},
		{"escapes", `{"person":"p-1","name":"Zo\u00eb \"Z\" O\\Brien\/x\ud83d\ude00"}`},
		{"escaped name", `{"p\u0065rson":"p-1"}`},
		{"lone surrogate", `{"name":"\ud800x"}`},
		{"invalid UTF-8", "{\"name\":\"a\xffb\xc3\",\"n\xfe\":\"x\"}"},
		{"invalid UTF-8 after an escape", "{\"name\":\"\\n\xc3\\u00a9\"}"},
		{"a name twice", `{"name":"a","name":"b"}`},
		{"long", `{"name":"` + strings.Repeat("abcdefgh", 40) + `"}`},
		{"empty", `{}`},
		{"empty in white space", " { } "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var want map[string]string
			require.NoError(t, json.Unmarshal([]byte(tc.data), &want))
			got, ok := members([]byte(tc.data))
			require.True(t, ok, "ReadFlat refused it")
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-encoding/json +ReadFlat):\n%s", diff)
			}
		})
	}
}

// TestReadFlatRefuses checks ReadFlat refuses what is not one flat object
// of strings, valid JSON or not.
func TestReadFlatRefuses(t *testing.T) {
	tests := []struct {
		name string
		data string
	}{
		{"nothing", ``},
		{"white space", ` `},
		{"unclosed", `{`},
		{"unclosed after a member", `{"person":"p-1"`},
		{"unclosed string", `{"person":"p-1`},
		{"after the object", `{"person":"p-1"}x`},
		{"a second object", `{}{}`},
		{"an array", `[]`},
		{"a string", `"x"`},
		{"null", `null`},
		{"trailing comma", `{"person":"p-1",}`},
		{"no colon", `{"person" "p-1"}`},
		{"a number", `{"person":"p-1","extra":3}`},
		{"null value", `{"team":null}`},
		{"an object value", `{"team":{}}`},
		{"a bare name", `{person:"p-1"}`},
		{"a control character", "{\"name\":\"a\tb\"}"},
		{"a bad escape", `{"name":"\x"}`},
		{"a short unicode escape", `{"name":"\u12"}`},
		{"single quotes", `{'name':'x'}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, ok := members([]byte(tc.data))
			require.False(t, ok)
		})
	}
}

// TestReadFlatStopsWhenSetRefuses checks set's false ends the reading at
// once, and ReadFlat reports it.
func TestReadFlatStopsWhenSetRefuses(t *testing.T) {
	var seen []string
	ok := ReadFlat([]byte(`{"a":"1","b":"2","c":"3"}`), func(name []byte, v Value) bool {
		seen = append(seen, string(name))
		return string(name) != "b"
	})
	require.False(t, ok)
	require.Equal(t, []string{"a", "b"}, seen)
}

// TestStringsShare checks an equal string read again is the one given out
// before, not a copy, and that a string which is not its JSON's bytes is
// not kept.
func TestStringsShare(t *testing.T) {
	strs := Strings{}
	read := func(data string) string {
		var got string
		require.True(t, ReadFlat([]byte(data), func(_ []byte, v Value) bool { got = v.Shared(strs); return true }))
		return got
	}
	first, again := read(`{"team":"maths"}`), read(`{"team":"maths"}`)
	require.Equal(t, "maths", again)
	require.Same(t, unsafe.StringData(first), unsafe.StringData(again), "the second read is a copy")
	require.Equal(t, "é", read(`{"team":"\u00e9"}`))
	require.Equal(t, "\ufffd", read("{\"team\":\"\xff\"}"))
	require.Equal(t, Strings{"maths": "maths", "é": "é"}, strs, "escapes decode to UTF-8 bytes, which are kept; a replaced byte is not")
	require.Equal(t, "x", Value{b: []byte("x")}.Shared(nil), "a nil Strings shares nothing")
}

// TestStringsBounded checks a Strings keeps at most MaxShared strings, and
// still reads the ones past it.
func TestStringsBounded(t *testing.T) {
	strs := Strings{}
	for i := range MaxShared + 10 {
		s := strings.Repeat("x", i)
		require.Equal(t, s, Value{b: []byte(s)}.Shared(strs))
	}
	require.Len(t, strs, MaxShared)
}

func TestValueDay(t *testing.T) {
	tests := []struct {
		in   string
		want date.Date
		ok   bool
	}{
		{"2026-11-25", date.New(2026, 11, 25), true},
		{"2024-02-29", date.New(2024, 2, 29), true},
		{"", 0, false},
		{"2026-02-29", 0, false},
		{"+12026-11-25", 0, false},
		{"2026-11-25T00:00", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := Value{b: []byte(tc.in)}.Day()
			require.Equal(t, tc.ok, ok)
			require.Equal(t, tc.want, got)
		})
	}
}

// TestParseDay checks the days ParseDay reads are date.ParseISO's, and that
// it refuses the rest.
func TestParseDay(t *testing.T) {
	for _, s := range []string{"2024-02-29", "2025-12-31", "2026-01-01", "1999-07-15", "2100-03-01", "0000-01-01", "9999-12-31"} {
		t.Run(s, func(t *testing.T) {
			got, err := ParseDay(s)
			require.NoError(t, err)
			require.Equal(t, date.MustParseISO(s), got)
		})
	}
	for _, s := range []string{"2026-02-29", "2100-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "26-01-01",
		"2026-1-01", "2026/01/01", "20260101", "2026-01-0x", "-026-01-01", " 2026-01-01"} {
		t.Run(s, func(t *testing.T) {
			_, err := ParseDay([]byte(s))
			require.Error(t, err)
		})
	}
	d, err := ParseDay("")
	require.NoError(t, err)
	require.Zero(t, d)
}

// readCells reads row's n cells into a slice.
func readCells(row string, n int) ([]Cell, error) {
	cells := make([]Cell, n)
	err := ParseCells(row, n, func(i int, c Cell) error { cells[i] = c; return nil })
	return cells, err
}

func TestCellsRoundTrip(t *testing.T) {
	cells := []Cell{
		{Letter: 'c', First: date.New(2027, 3, 1), Second: 0},
		{Letter: 'm', First: 0, Second: date.New(2026, 10, 1)},
		{Letter: 'n'},
		{Letter: 'd', First: date.New(1965, 9, 1), Second: date.New(1969, 12, 31)},
		{Letter: 'e', First: date.New(1970, 1, 1), Second: date.New(2400, 2, 29)},
	}
	var row []byte
	for _, c := range cells {
		row = AppendCell(row, c)
	}
	require.Equal(t, "c20878,;m,20727;n,;d-1583,-1;e0,157113", string(row))
	got, err := readCells(string(row), len(cells))
	require.NoError(t, err)
	require.Equal(t, cells, got)
	none, err := readCells("", 0)
	require.NoError(t, err)
	require.Empty(t, none)
}

func TestParseCellsRefuses(t *testing.T) {
	tests := []struct {
		name string
		row  string
		n    int
	}{
		{"too few cells", "c,", 2},
		{"too many cells", "c,;c,;c,", 2},
		{"cells for none", "c,", 0},
		{"no cells", "", 2},
		{"an empty cell", "c,;", 2},
		{"an empty first cell", ";c,", 2},
		{"not a letter", "c,;C,", 2},
		{"a digit for a letter", "c,;1,", 2},
		{"no comma", "c,;c", 2},
		{"letters in days", "c2o000,;c,", 2},
		{"a sign alone", "c-,;c,", 2},
		{"a plus sign", "c+1,;c,", 2},
		{"too many digits", "c1234567890,;c,", 2},
		{"two commas", "c1,2,3;c,", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readCells(tc.row, tc.n)
			require.ErrorIs(t, err, ErrCells)
		})
	}
}

// TestParseCellsReturnsEachsError checks each's error ends the reading
// and comes back as it is.
func TestParseCellsReturnsEachsError(t *testing.T) {
	stop := errors.New("stop")
	calls := 0
	err := ParseCells("c,;d,;e,", 3, func(i int, c Cell) error {
		calls++
		if c.Letter == 'd' {
			return stop
		}
		return nil
	})
	require.Same(t, stop, err)
	require.Equal(t, 2, calls)
}

// TestParseCellsAllocatesNothing checks reading a row costs no allocation,
// as an organisation view reads one per person.
func TestParseCellsAllocatesNothing(t *testing.T) {
	row := []byte("c20878,;m,20727;n,;d-1583,-1")
	var sum date.Date
	allocs := testing.AllocsPerRun(100, func() {
		if err := ParseCells(row, 4, func(_ int, c Cell) error { sum += c.First; return nil }); err != nil {
			t.Fatal(err)
		}
	})
	require.Zero(t, allocs)
}

// TestReadFlatAllocatesNothing checks reading a record costs no allocation
// but the strings the caller keeps, as an organisation view reads one
// per person.
func TestReadFlatAllocatesNothing(t *testing.T) {
	data := []byte(`{"person":"p-1","name":"Ada","on":"2026-11-25","cells":"c20878,;m,20727;n,"} ` + "\n")
	var days int
	allocs := testing.AllocsPerRun(100, func() {
		ok := ReadFlat(data, func(_ []byte, v Value) bool {
			if _, ok := v.Day(); ok {
				days++
			}
			return true
		})
		if !ok {
			t.Fatal("ReadFlat refused the record")
		}
	})
	require.Zero(t, allocs)
}

func BenchmarkParseCells(b *testing.B) {
	row := []byte("c21128,;c21469,;c21839,;m,20711;c21508,;c21123,;m,20711;c21085,;c21141,;c21183,;c,;m,;m,;c21061,;m,20742")
	var sum date.Date
	for b.Loop() {
		if err := ParseCells(row, 15, func(_ int, c Cell) error { sum += c.First + c.Second; return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

// TestValueBytes checks Bytes gives a plain value as a view of the data,
// and an escaped one decoded, neither checked as UTF-8.
func TestValueBytes(t *testing.T) {
	data := []byte("{\"plain\":\"c1,;m,\",\"escaped\":\"a\\u0062\",\"raw\":\"\xff\"}")
	got := map[string][]byte{}
	require.True(t, ReadFlat(data, func(name []byte, v Value) bool {
		got[string(name)] = v.Bytes()
		return true
	}))
	require.Equal(t, map[string][]byte{"plain": []byte("c1,;m,"), "escaped": []byte("ab"), "raw": {0xff}}, got)
	require.Same(t, &data[10], &got["plain"][0], "a plain value is a view of the data")
}

// TestParseDayEveryDay checks ParseDay against date.New for every day of
// the years where the calendar's rules meet: year 0, leap and not, the
// turns of 1970, 2000, 2100, and the last years it reads.
func TestParseDayEveryDay(t *testing.T) {
	for _, years := range [][2]int{{0, 2}, {1899, 1901}, {1968, 1972}, {1999, 2001}, {2099, 2101}, {9998, 9999}} {
		for d := date.New(years[0], 1, 1); d.Year() <= years[1]; d++ {
			got, err := ParseDay(d.String())
			if err != nil || got != d {
				t.Fatalf("ParseDay(%q) = %s, %v", d.String(), got, err)
			}
		}
	}
}

func BenchmarkParseDay(b *testing.B) {
	days := [][]byte{[]byte("2026-11-25"), []byte("2027-08-31"), []byte("2024-02-29")}
	var sum date.Date
	for i := 0; b.Loop(); i++ {
		d, ok := Value{b: days[i%len(days)]}.Day()
		if !ok {
			b.Fatal("refused")
		}
		sum += d
	}
}

// TestParseCellsIsTheModel holds ParseCells to modelCells on every row of
// up to six bytes from an alphabet of the grammar's pieces and its
// mistakes, for every count of cells up to four: the same cells, or both
// refusing.
func TestParseCellsIsTheModel(t *testing.T) {
	const alphabet = "c,;-09+"
	row := make([]byte, 0, 6)
	var walk func()
	checked := 0
	walk = func() {
		for n := range 5 {
			var got []Cell
			err := ParseCells(row, n, func(_ int, c Cell) error { got = append(got, c); return nil })
			want, ok := modelCells(string(row), n)
			if ok != (err == nil) || ok && !cmp.Equal(want, got, cmpopts.EquateEmpty()) {
				t.Fatalf("ParseCells(%q, %d) = %v, %v; the model reads %v, %v", row, n, got, err, want, ok)
			}
			if err != nil {
				require.ErrorIs(t, err, ErrCells)
			}
			checked++
		}
		if len(row) == cap(row) {
			return
		}
		for i := range len(alphabet) {
			row = append(row, alphabet[i])
			walk()
			row = row[:len(row)-1]
		}
	}
	walk()
	require.Equal(t, 5*(1+7+49+343+2401+16807+117649), checked)
	// The alphabet has no ten-digit counts: check the bound apart.
	for _, row := range []string{"c999999999,", "c-999999999,-1", "c1234567890,", "c,-1234567890"} {
		err := ParseCells(row, 1, func(int, Cell) error { return nil })
		_, ok := modelCells(row, 1)
		require.Equal(t, ok, err == nil, row)
	}
}

// TestArenaKeepsStrings checks strings an Arena returns keep their bytes
// while the arena fills chunk after chunk and the source bytes change, and
// that a nil Arena, an empty value and a long one are still strings of
// their own.
func TestArenaKeepsStrings(t *testing.T) {
	var a Arena
	src := make([]byte, 0, 64)
	var kept []string
	var want []string
	for i := range 5000 { // several chunks
		src = append(src[:0], fmt.Sprintf("person-%d", i)...)
		kept = append(kept, a.String(src))
		want = append(want, string(src))
		clear(src)
	}
	require.Equal(t, want, kept)
	long := bytes.Repeat([]byte("x"), arenaChunk)
	require.Equal(t, string(long), a.String(long))
	require.Equal(t, "", a.String(nil))
	var none *Arena
	require.Equal(t, "p-1", none.String([]byte("p-1")))
	require.Equal(t, "a\uFFFDb", Value{b: []byte("a\xffb")}.In(&a), "not UTF-8: replaced, as Text replaces it")
	allocs := testing.AllocsPerRun(100, func() { _ = a.String([]byte("p-1")) })
	require.Less(t, allocs, 0.1, "an arena allocates a chunk, not a string")
}
