package xapi

import (
	"errors"
	"regexp"
	"testing"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/internal/isotime"
)

// rfc3339 is RFC 3339's date-time, which time.Parse reads more loosely
// (a one-digit hour, say, or an offset of 24 hours: RFC 3339's
// time-numoffset is an hour 00 to 23 and a minute 00 to 59).
var rfc3339 = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$`)

// FuzzTimestamp checks the calendar against package time: what
// time.Parse reads as RFC 3339 the calendar reads as the same moment,
// dated on the day that moment falls on in London (a year before 1900
// refused instead); and whatever the calendar accepts has a day that
// agrees with its moment, or for a wall time is the day written.
func FuzzTimestamp(f *testing.F) {
	for _, s := range []string{"2026-06-30T23:30:00Z", "2026-06-30T19:30:00.25-04:00", "20260630T233000Z", "2016-12-31T23:59:60Z",
		"2016-12-31T23:59Z", "2026-03-29T01:30:00", "0001-01-01T00:00:00", "1899-12-31T23:59:59+01:00", "2026-06-30t23:30:00z",
		"2026-02-29T12:00:00Z", "2026-06-30T23:30:00+0100"} {
		f.Add(s)
	}
	london := mustLoad(f, "Europe/London")
	f.Fuzz(func(t *testing.T, s string) {
		c := calendar{loc: london}
		at, day, err := c.parse([]byte(s))
		if want, perr := time.Parse(time.RFC3339Nano, s); perr == nil && rfc3339.MatchString(s) {
			switch {
			case want.Year() < isotime.MinYear:
				if !errors.Is(err, isotime.ErrTooEarly) {
					t.Fatalf("parse(%q) = %v, want ErrTooEarly", s, err)
				}
				return
			case err != nil:
				t.Fatalf("parse(%q): %v; time.Parse reads it as %v", s, err, want)
			case at != (instant{want.Unix(), int32(want.Nanosecond())}):
				t.Fatalf("parse(%q) moment %v, time.Parse %v", s, at, want)
			}
		}
		if err != nil {
			return
		}
		st, _ := isotime.Parse(s)
		wantDay := date.New(st.Year, time.Month(st.Month), st.Day)
		if st.Zoned {
			wantDay = date.NewAt(time.Unix(at.sec, int64(at.nsec)).In(london))
		}
		if day != wantDay {
			t.Fatalf("parse(%q) day %s, want %s", s, day, wantDay)
		}
	})
}
