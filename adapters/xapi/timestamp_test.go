package xapi

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

// TestTimestampDay checks that a timestamp becomes the calendar day it
// falls on in the organisation's zone, never its UTC date, across the
// changes between GMT and BST.
func TestTimestampDay(t *testing.T) {
	london := mustLoad(t, "Europe/London")
	newYork := mustLoad(t, "America/New_York")
	tests := []struct {
		name string
		in   string
		loc  *time.Location
		want string // the day, or "" when invalid
	}{
		{"late on 30 June UTC is 1 July in BST", "2026-06-30T23:30:00Z", london, "2026-07-01"},
		{"an hour before midnight BST", "2026-06-30T22:59:59Z", london, "2026-06-30"},
		{"midnight BST", "2026-06-30T23:00:00Z", london, "2026-07-01"},
		{"late on 31 January UTC is the same day in GMT", "2026-01-31T23:30:00Z", london, "2026-01-31"},
		{"night before BST starts", "2026-03-28T23:30:00Z", london, "2026-03-28"},
		{"last second of GMT", "2026-03-29T00:59:59Z", london, "2026-03-29"},
		{"first night of BST", "2026-03-29T23:30:00Z", london, "2026-03-30"},
		{"last night of BST", "2026-10-24T23:30:00Z", london, "2026-10-25"},
		{"first night of GMT", "2026-10-25T23:30:00Z", london, "2026-10-25"},
		{"new year's eve", "2026-12-31T23:30:00Z", london, "2026-12-31"},
		{"offset written out", "2026-07-01T00:30:00+01:00", london, "2026-07-01"},
		{"offset without colon", "2026-07-01T00:30:00+0100", london, "2026-07-01"},
		{"offset in hours", "2026-07-01T00:30:00+01", london, "2026-07-01"},
		{"west of UTC, still 30 June there", "2026-06-30T19:30:00-04:00", london, "2026-07-01"},
		{"west of UTC, before midnight in London", "2026-06-30T17:30:00-04:00", london, "2026-06-30"},
		{"no zone is wall time in the organisation", "2026-06-30T23:30:00", london, "2026-06-30"},
		{"no seconds", "2026-06-30T23:30Z", london, "2026-07-01"},
		{"fraction of a second", "2026-06-30T22:59:59.999999999Z", london, "2026-06-30"},
		{"lower-case t and z", "2026-06-30t23:30:00z", london, "2026-07-01"},
		{"UTC organisation", "2026-06-30T23:30:00Z", time.UTC, "2026-06-30"},
		{"New York organisation", "2026-07-01T03:30:00Z", newYork, "2026-06-30"},
		{"leap day", "2028-02-29T12:00:00Z", london, "2028-02-29"},
		{"leap second, on its own day", "2016-12-31T23:59:60Z", time.UTC, "2016-12-31"},
		{"leap second, on its own day in London", "2016-12-31T23:59:60Z", london, "2016-12-31"},
		{"leap second without a zone", "2016-12-31T23:59:60", london, "2016-12-31"},
		{"basic format", "20260630T233000Z", london, "2026-07-01"},
		{"basic format with an offset", "20260701T003000+0100", london, "2026-07-01"},
		{"without seconds (Open Badges 2.0)", "2016-12-31T23:59Z", london, "2016-12-31"},
		{"year 1900", "1900-01-01T12:00:00Z", london, "1900-01-01"},
		{".NET's empty date", "0001-01-01T00:00:00", london, ""},
		{"year 0000", "0000-01-01T00:00:00Z", london, ""},
		{"leap second at noon", "2016-12-31T12:00:60Z", london, ""},
		{"no leap day in 2026", "2026-02-29T12:00:00Z", london, ""},
		{"month 13", "2026-13-01T00:00:00Z", london, ""},
		{"31 June", "2026-06-31T00:00:00Z", london, ""},
		{"hour 24", "2026-06-30T24:00:00Z", london, ""},
		{"minute 60", "2026-06-30T23:60:00Z", london, ""},
		{"date only", "2026-06-30", london, ""},
		{"space for T", "2026-06-30 23:30:00Z", london, ""},
		{"bad zone", "2026-06-30T23:30:00X", london, ""},
		{"offset hour 24", "2026-06-30T23:30:00+24:00", london, ""},
		{"fraction without digits", "2026-06-30T23:30:00.Z", london, ""},
		{"two-digit year", "26-06-30T23:30:00Z", london, ""},
		{"text", "yesterday", london, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := calendar{loc: tt.loc}
			_, day, err := c.parse([]byte(tt.in))
			got := ""
			if err == nil {
				got = day.String()
			}
			if got != tt.want {
				t.Errorf("day of %q in %s = %q, want %q", tt.in, tt.loc, got, tt.want)
			}
		})
	}
}

// TestTimestampMoment checks the moment against package time for zoned
// timestamps.
func TestTimestampMoment(t *testing.T) {
	c := calendar{loc: mustLoad(t, "Europe/London")}
	for _, in := range []string{"2026-06-30T23:30:00Z", "2026-06-30T19:30:00.25-04:00", "1999-12-31T23:59:59+05:30", "2100-03-01T00:00:00Z"} {
		want, err := time.Parse(time.RFC3339Nano, in)
		require.NoError(t, err)
		at, _, err := c.parse([]byte(in))
		require.NoError(t, err, in)
		if at != (instant{want.Unix(), int32(want.Nanosecond())}) {
			t.Errorf("moment of %q = %v, want %d.%09d", in, at, want.Unix(), want.Nanosecond())
		}
	}
}

// TestTimestampAgreesWithTime checks the calendar (and its cache of zone
// periods) against package time for many moments, in a random order
// across two centuries.
func TestTimestampAgreesWithTime(t *testing.T) {
	for _, name := range []string{"Europe/London", "America/New_York", "Australia/Lord_Howe", "UTC"} {
		t.Run(name, func(t *testing.T) {
			loc := mustLoad(t, name)
			c := calendar{loc: loc}
			rng := rand.New(rand.NewPCG(1, 2))
			lo, hi := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(2150, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
			for range 20000 {
				tm := time.Unix(lo+rng.Int64N(hi-lo), 0).UTC()
				in := tm.Format("2006-01-02T15:04:05Z")
				_, day, err := c.parse([]byte(in))
				if want := date.NewAt(tm.In(loc)); err != nil || day != want {
					t.Fatalf("day of %s = %s (%v), want %s", in, day, err, want)
				}
			}
		})
	}
}
