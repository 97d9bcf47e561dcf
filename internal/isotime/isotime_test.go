package isotime

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestParse checks the forms a stamp may take and the ones refused.
func TestParse(t *testing.T) {
	utc := func(y, mo, d, h, mi, s, ns int) Stamp {
		return Stamp{Year: y, Month: mo, Day: d, Hour: h, Minute: mi, Second: s, Nanosecond: ns, Zoned: true}
	}
	tests := []struct {
		name string
		in   string
		want Stamp
		err  error
	}{
		{"extended", "2026-06-30T23:30:00Z", utc(2026, 6, 30, 23, 30, 0, 0), nil},
		{"basic", "20260630T233000Z", utc(2026, 6, 30, 23, 30, 0, 0), nil},
		{"basic without seconds", "20260630T2330Z", utc(2026, 6, 30, 23, 30, 0, 0), nil},
		{"basic with fraction", "20260630T233000,5Z", utc(2026, 6, 30, 23, 30, 0, 500_000_000), nil},
		{"no seconds (Open Badges 2.0)", "2016-12-31T23:59Z", utc(2016, 12, 31, 23, 59, 0, 0), nil},
		{"offset +0000", "2026-06-30T23:30:00+0000", utc(2026, 6, 30, 23, 30, 0, 0), nil},
		{"offset +00:00", "2026-06-30T23:30:00+00:00", utc(2026, 6, 30, 23, 30, 0, 0), nil},
		{"offset in hours", "2026-06-30T23:30:00+01", Stamp{2026, 6, 30, 23, 30, 0, 0, 3600, true}, nil},
		{"offset west", "2026-06-30T23:30:00-05:30", Stamp{2026, 6, 30, 23, 30, 0, 0, -19800, true}, nil},
		{"lower-case t and z", "2026-06-30t23:30:00z", utc(2026, 6, 30, 23, 30, 0, 0), nil},
		{"fraction", "2026-06-30T23:30:00.123456789Z", utc(2026, 6, 30, 23, 30, 0, 123456789), nil},
		{"long fraction dropped past nine digits", "2026-06-30T23:30:00.1234567899999Z", utc(2026, 6, 30, 23, 30, 0, 123456789), nil},
		{"no zone", "2026-06-30T23:30:00", Stamp{Year: 2026, Month: 6, Day: 30, Hour: 23, Minute: 30}, nil},
		{"leap second", "2016-12-31T23:59:60Z", utc(2016, 12, 31, 23, 59, 60, 0), nil},
		{"leap second east of UTC", "2017-01-01T00:59:60+01:00", Stamp{2017, 1, 1, 0, 59, 60, 0, 3600, true}, nil},
		{"leap second without zone", "2016-12-31T23:59:60", Stamp{Year: 2016, Month: 12, Day: 31, Hour: 23, Minute: 59, Second: 60}, nil},
		{"leap day", "2028-02-29T12:00:00Z", utc(2028, 2, 29, 12, 0, 0, 0), nil},
		{"floor year", "1900-01-01T00:00:00Z", utc(1900, 1, 1, 0, 0, 0, 0), nil},

		{"leap second at noon", "2016-12-31T12:00:60Z", Stamp{}, ErrRange},
		{"leap second at 23:59 local, not UTC", "2016-12-31T23:59:60+01:00", Stamp{}, ErrRange},
		{"second 61", "2016-12-31T23:59:61Z", Stamp{}, ErrRange},
		{"no leap day in 2026", "2026-02-29T12:00:00Z", Stamp{}, ErrRange},
		{"no leap day in 1900", "1900-02-29T12:00:00Z", Stamp{}, ErrRange},
		{"31 June", "2026-06-31T00:00:00Z", Stamp{}, ErrRange},
		{"month 0", "2026-00-01T00:00:00Z", Stamp{}, ErrRange},
		{"hour 24", "2026-06-30T24:00:00Z", Stamp{}, ErrRange},
		{"minute 60", "2026-06-30T23:60:00Z", Stamp{}, ErrRange},
		{".NET empty DateTime", "0001-01-01T00:00:00", Stamp{}, ErrTooEarly},
		{"year 0000", "0000-01-01T00:00:00Z", Stamp{}, ErrTooEarly},
		{"year 1899", "1899-12-31T23:59:59Z", Stamp{}, ErrTooEarly},

		{"offset hour 24", "2026-06-30T23:30:00+24:00", Stamp{}, ErrSyntax},
		{"offset minute 60", "2026-06-30T23:30:00+01:60", Stamp{}, ErrSyntax},
		{"date only", "2026-06-30", Stamp{}, ErrSyntax},
		{"space for T", "2026-06-30 23:30:00Z", Stamp{}, ErrSyntax},
		{"bad zone", "2026-06-30T23:30:00X", Stamp{}, ErrSyntax},
		{"fraction without digits", "2026-06-30T23:30:00.Z", Stamp{}, ErrSyntax},
		{"fraction of a minute", "2026-06-30T23:30.5Z", Stamp{}, ErrSyntax},
		{"one digit of seconds", "2026-06-30T23:30:5Z", Stamp{}, ErrSyntax},
		{"basic date, extended time", "20260630T23:30:00Z", Stamp{}, ErrSyntax},
		{"extended date, basic time", "2026-06-30T233000Z", Stamp{}, ErrSyntax},
		{"two-digit year", "26-06-30T23:30:00Z", Stamp{}, ErrSyntax},
		{"five-digit year", "20260-06-30T23:30:00Z", Stamp{}, ErrSyntax},
		{"signed digits", "2026-+6-30T23:30:00Z", Stamp{}, ErrSyntax},
		{"trailing text", "2026-06-30T23:30:00Zjunk", Stamp{}, ErrSyntax},
		{"text", "yesterday", Stamp{}, ErrSyntax},
		{"empty", "", Stamp{}, ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Fatalf("Parse(%q) error = %v, want %v", tt.in, err, tt.err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestLeapSecondDay checks that a leap second falls on the day it is
// written on, as a moment and as a wall time.
func TestLeapSecondDay(t *testing.T) {
	st, err := Parse("2016-12-31T23:59:60Z")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := st.Time(time.UTC), time.Date(2016, 12, 31, 23, 59, 59, 999_999_999, time.UTC); !got.Equal(want) {
		t.Errorf("moment = %v, want %v", got, want)
	}
	wall, err := Parse("2016-12-31T23:59:60")
	if err != nil {
		t.Fatal(err)
	}
	if got := wall.Time(time.UTC).Format(time.DateOnly); got != "2016-12-31" {
		t.Errorf("wall-time day = %s, want 2016-12-31", got)
	}
}

// TestAgreesWithTime checks moments and days against package time across
// the range of years.
func TestAgreesWithTime(t *testing.T) {
	for _, in := range []string{
		"1900-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z", "1970-01-01T00:00:00Z",
		"2000-02-29T12:34:56.789+05:30", "2026-06-30T19:30:00-04:00", "2100-03-01T00:00:00Z",
		"9999-12-31T23:59:59.999999999Z",
	} {
		want, err := time.Parse(time.RFC3339Nano, in)
		if err != nil {
			t.Fatal(err)
		}
		st, err := Parse([]byte(in))
		if err != nil {
			t.Fatalf("Parse(%q): %v", in, err)
		}
		if got := st.Time(time.UTC); !got.Equal(want) {
			t.Errorf("Time of %q = %v, want %v", in, got, want)
		}
		if got, want := st.Days(), time.Date(st.Year, time.Month(st.Month), st.Day, 0, 0, 0, 0, time.UTC).Unix()/secondsPerDay; got != want {
			t.Errorf("Days of %q = %d, want %d", in, got, want)
		}
	}
}

// FuzzParse checks that Parse never panics, that what it accepts is a
// real moment package time agrees with, and that the stamp written back
// out in extended format reads back the same.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"2026-06-30T23:30:00Z", "20260630T233000Z", "2016-12-31T23:59Z", "2016-12-31T23:59:60Z",
		"2026-06-30t23:30:00.123456789+0100", "2026-06-30T23:30:00-05:30", "2026-06-30T23:30:00",
		"0001-01-01T00:00:00", "20260630T2330,25-01", "2026-02-29T00:00:00Z", "2026-06-30T23:30:00.Z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		st, err := Parse(in)
		stb, errb := Parse([]byte(in))
		if st != stb || err != errb {
			t.Fatalf("Parse(%q) differs for string and []byte: %v %v / %v %v", in, st, err, stb, errb)
		}
		if err != nil {
			return
		}
		if st.Year < MinYear || st.Nanosecond < 0 || st.Nanosecond > 999_999_999 {
			t.Fatalf("Parse(%q) = %+v, out of range", in, st)
		}
		ss, ns := st.clock()
		day := time.Date(st.Year, time.Month(st.Month), st.Day, st.Hour, st.Minute, ss, ns, time.UTC)
		if day.Day() != st.Day || day.Second() != ss {
			t.Fatalf("Parse(%q) = %+v, which package time normalises to %v", in, st, day)
		}
		out := fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d.%09d", st.Year, st.Month, st.Day, st.Hour, st.Minute, st.Second, st.Nanosecond)
		if st.Zoned {
			sign, off := '+', st.Offset
			if off < 0 {
				sign, off = '-', -off
			}
			out += fmt.Sprintf("%c%02d:%02d", sign, off/3600, off%3600/60)
		}
		back, err := Parse(out)
		if err != nil || back != st {
			t.Fatalf("Parse(%q) = %+v; written as %q it reads back as %+v, %v", in, st, out, back, err)
		}
		if st.Zoned {
			sec, nsec := st.Unix()
			if got := st.Time(nil); got.Unix() != sec || got.Nanosecond() != int(nsec) {
				t.Fatalf("Time and Unix of %q disagree: %v, %d.%09d", in, got, sec, nsec)
			}
		}
	})
}
