package calendar_test

import (
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"

	"github.com/cpdkit/cpdkit/internal/calendar"
)

func day(s string) date.Date { return date.MustParseISO(s) }

func TestAddClamped(t *testing.T) {
	for _, tc := range []struct{ from, by, want string }{
		{"2025-01-31", "P1M", "2025-02-28"},
		{"2024-01-31", "P1M", "2024-02-29"},
		{"2024-02-29", "P1Y", "2025-02-28"},
		{"2024-02-29", "P4Y", "2028-02-29"},
		{"2024-02-29", "-P1Y", "2023-02-28"},
		{"2025-03-31", "-P1M", "2025-02-28"},
		{"2025-03-31", "-P1M10D", "2025-02-18"},
		{"2025-01-30", "P1M2D", "2025-03-02"},
		{"2025-01-31", "P1M1W", "2025-03-07"},
		{"2025-12-25", "P2W", "2026-01-08"},
		{"2024-01-31", "P13M", "2025-02-28"},
		{"2023-12-31", "P1Y2M", "2025-02-28"},
		{"2026-01-15", "-P1M", "2025-12-15"},
		{"2100-01-31", "P1M", "2100-02-28"},
		{"2000-01-31", "P1M", "2000-02-29"},
		{"2025-05-17", "P0D", "2025-05-17"},
		// The cases budget's copy of the rule was tested with.
		{"2027-01-31", "P1M", "2027-02-28"},
		{"2028-01-31", "P1M", "2028-02-29"},
		{"2028-02-29", "P1Y", "2029-02-28"},
		{"2026-12-15", "P1M", "2027-01-15"},
		{"2026-12-31", "P2M", "2027-02-28"},
		{"2027-01-10", "P14D", "2027-01-24"},
		{"2027-01-10", "P2W", "2027-01-24"},
		{"2027-01-31", "P1M1D", "2027-03-01"},
		// Before year 1 and after 9999 the arithmetic still holds.
		{"0001-01-31", "-P1M", "0000-12-31"},
		{"9999-12-31", "P2M", "+10000-02-29"},
	} {
		if got := calendar.AddClamped(day(tc.from), period.MustParse(tc.by)); got != day(tc.want) {
			t.Errorf("AddClamped(%s, %s) = %s, want %s", tc.from, tc.by, got, tc.want)
		}
	}
}

// TestCivilMatchesDate checks the integer calendar conversion against the
// date package for every day from 1900 to 2100.
func TestCivilMatchesDate(t *testing.T) {
	first, last := date.New(1900, time.January, 1), date.New(2100, time.December, 31)
	if n := int(last-first) + 1; n != 201*365+49 {
		t.Fatalf("%d days from 1900 to 2100", n)
	}
	for d := first; d <= last; d++ {
		wy, wm, wd := d.Date()
		y, m, dd := calendar.Civil(d)
		if y != wy || m != wm || dd != wd {
			t.Fatalf("Civil(%s) = %04d-%02d-%02d, want %04d-%02d-%02d", d, y, m, dd, wy, wm, wd)
		}
		if got, want := calendar.FromCivil(wy, wm, wd), date.New(wy, wm, wd); got != want {
			t.Fatalf("FromCivil(%04d, %d, %d) = %s, want %s", wy, wm, wd, got, want)
		}
	}
}

// reference is the clamped add written with the date library: the same
// rule the slow, obvious way.
func reference(d date.Date, months, days int) date.Date {
	if months != 0 {
		y, m, dd := d.Date()
		first := date.New(y, m, 1).AddDate(0, months, 0)
		last := date.New(first.Year(), first.Month()+1, 1) - 1
		d = date.New(first.Year(), first.Month(), min(dd, last.Day()))
	}
	return d + date.Date(days)
}

// FuzzAddClamped checks AddClamped against the reference for any day in
// the years 1 to 9999 and any period of up to a thousand years (and up to
// 32,767 weeks and days) either way.
func FuzzAddClamped(f *testing.F) {
	for _, s := range []struct {
		day                  int32
		years, months, weeks int16
		days                 int16
	}{
		{int32(day("2025-01-31")), 0, 1, 0, 0},
		{int32(day("2024-02-29")), 1, 0, 0, 0},
		{int32(day("2024-02-29")), -1, 0, 0, 0},
		{int32(day("2025-03-31")), 0, -1, 0, -10},
		{int32(day("2025-01-31")), 0, 1, 1, 0},
		{int32(day("0001-01-01")), 0, 0, 0, 0},
		{int32(day("9999-12-31")), 0, 0, 0, 0},
	} {
		f.Add(s.day, s.years, s.months, s.weeks, s.days)
	}
	lo, hi := int32(day("0001-01-01")), int32(day("9999-12-31"))
	f.Fuzz(func(t *testing.T, d int32, years, months, weeks, days int16) {
		if d < lo || d > hi || abs(years) > 1000 || abs(months) > 12000 || !sameSign(years, months, weeks, days) {
			return
		}
		p := period.NewYMWD(int(years), int(months), int(weeks), int(days))
		got := calendar.AddClamped(date.Date(d), p)
		want := reference(date.Date(d), int(years)*12+int(months), int(weeks)*7+int(days))
		if got != want {
			t.Fatalf("AddClamped(%s, %s) = %s, want %s", date.Date(d), p, got, want)
		}
	})
}

func abs(v int16) int {
	if v < 0 {
		return -int(v)
	}
	return int(v)
}

// sameSign reports whether no two of vs have opposite signs: a period's
// fields share one sign.
func sameSign(vs ...int16) bool {
	var neg, pos bool
	for _, v := range vs {
		neg, pos = neg || v < 0, pos || v > 0
	}
	return !(neg && pos)
}

func TestPeriodProblem(t *testing.T) {
	for in, want := range map[string]string{
		"P1Y":        "",
		"P1000Y":     "",
		"P12000M":    "",
		"P366000D":   "",
		"P0D":        "",
		"P1Y2M3W4D":  "",
		"-P1M":       "-P1M is negative",
		"PT14H":      "PT14H has a time part; use years, months, weeks or days",
		"P1.5Y":      "P1.5Y has a fraction; use whole years, months, weeks or days",
		"P1001Y":     "P1001Y is longer than 1000 years",
		"P12001M":    "P12001M is longer than 1000 years",
		"P53001W":    "P53001W is longer than 1000 years",
		"P366001D":   "P366001D is longer than 1000 years",
		"P1000Y12M":  "P1000Y12M is longer than 1000 years",
		"P1000000Y":  "P1000000Y is longer than 1000 years",
		"P999Y365D":  "",
		"P1000Y365D": "P1000Y365D is longer than 1000 years",
	} {
		if got := calendar.PeriodProblem(period.MustParse(in)); got != want {
			t.Errorf("PeriodProblem(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	// A whole number written with a fraction ("P1.0Y") reads back as the
	// whole number; everything else is kept as written.
	for in, want := range map[string]string{"P1.0Y": "P1Y", "P1,0M": "P1M", "P1Y": "P1Y", "P14D": "P14D", "P1Y13M": "P1Y13M", "P1W3D": "P1W3D", "P0D": "P0D"} {
		if got, reason := calendar.ParsePeriod(in); got.String() != want || reason != "" {
			t.Errorf("ParsePeriod(%s) = %s, %q; want %s", in, got, reason, want)
		}
	}
	for in, want := range map[string]string{"": "", "P2X": `"P2X" is not an ISO 8601 period`, "soon": `"soon" is not an ISO 8601 period`,
		"PT1H": "PT1H has a time part; use years, months, weeks or days", "P1001Y": "P1001Y is longer than 1000 years"} {
		if got, reason := calendar.ParsePeriod(in); !got.IsZero() || reason != want {
			t.Errorf("ParsePeriod(%q) = %s, %q; want the zero period, %q", in, got, reason, want)
		}
	}
}
