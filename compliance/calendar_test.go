package compliance

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/stretchr/testify/require"
)

// day parses an ISO 8601 calendar date for test tables.
func day(s string) date.Date { return date.MustParseISO(s) }

// per parses an ISO 8601 period for test tables.
func per(s string) period.Period { return period.MustParse(s) }

func TestAddClamped(t *testing.T) {
	tests := []struct {
		name string
		from date.Date
		p    period.Period
		want date.Date
	}{
		{name: "31 Jan plus a month clamps to 28 Feb", from: day("2025-01-31"), p: per("P1M"), want: day("2025-02-28")},
		{name: "31 Jan plus a month clamps to 29 Feb in a leap year", from: day("2024-01-31"), p: per("P1M"), want: day("2024-02-29")},
		{name: "29 Feb plus a year clamps to 28 Feb", from: day("2024-02-29"), p: per("P1Y"), want: day("2025-02-28")},
		{name: "29 Feb plus four years stays 29 Feb", from: day("2024-02-29"), p: per("P4Y"), want: day("2028-02-29")},
		{name: "29 Feb minus a year clamps to 28 Feb", from: day("2024-02-29"), p: per("-P1Y"), want: day("2023-02-28")},
		{name: "31 Mar minus a month clamps to 28 Feb", from: day("2025-03-31"), p: per("-P1M"), want: day("2025-02-28")},
		{name: "31 Mar minus a month clamps to 29 Feb in a leap year", from: day("2024-03-31"), p: per("-P1M"), want: day("2024-02-29")},
		{name: "negative months and days: months first", from: day("2025-03-31"), p: per("-P1M10D"), want: day("2025-02-18")},
		{name: "months before days", from: day("2025-01-30"), p: per("P1M2D"), want: day("2025-03-02")},
		{name: "months before weeks", from: day("2025-01-31"), p: per("P1M1W"), want: day("2025-03-07")},
		{name: "weeks cross a year end", from: day("2025-12-25"), p: per("P2W"), want: day("2026-01-08")},
		{name: "thirty days", from: day("2026-01-15"), p: per("P30D"), want: day("2026-02-14")},
		{name: "thirteen months clamp", from: day("2024-01-31"), p: per("P13M"), want: day("2025-02-28")},
		{name: "years and months clamp", from: day("2023-12-31"), p: per("P1Y2M"), want: day("2025-02-28")},
		{name: "month across year end", from: day("2025-12-31"), p: per("P1M"), want: day("2026-01-31")},
		{name: "negative month across year start", from: day("2026-01-15"), p: per("-P1M"), want: day("2025-12-15")},
		{name: "2100 is not a leap year", from: day("2100-01-31"), p: per("P1M"), want: day("2100-02-28")},
		{name: "2000 is a leap year", from: day("2000-01-31"), p: per("P1M"), want: day("2000-02-29")},
		{name: "zero period", from: day("2025-05-17"), p: period.Zero, want: day("2025-05-17")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := AddClamped(tc.from, tc.p); got != tc.want {
				t.Errorf("AddClamped(%s, %s) = %s, want %s", tc.from, tc.p, got, tc.want)
			}
		})
	}
}

func TestMonthDayOnOrAfter(t *testing.T) {
	tests := []struct {
		name string
		md   MonthDay
		from date.Date
		want date.Date
	}{
		{name: "later in the same year", md: MonthDay{Month: time.December, Day: 31}, from: day("2026-03-01"), want: day("2026-12-31")},
		{name: "on the day itself", md: MonthDay{Month: time.December, Day: 31}, from: day("2026-12-31"), want: day("2026-12-31")},
		{name: "the day after rolls to next year", md: MonthDay{Month: time.December, Day: 31}, from: day("2027-01-01"), want: day("2027-12-31")},
		{name: "29 Feb in a common year is 28 Feb", md: MonthDay{Month: time.February, Day: 29}, from: day("2025-03-01"), want: day("2026-02-28")},
		{name: "29 Feb in a leap year", md: MonthDay{Month: time.February, Day: 29}, from: day("2027-03-01"), want: day("2028-02-29")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.md.onOrAfter(tc.from); got != tc.want {
				t.Errorf("%s.onOrAfter(%s) = %s, want %s", tc.md, tc.from, got, tc.want)
			}
		})
	}
}

func TestAcademicYearOf(t *testing.T) {
	type yearView struct {
		Start, End date.Date
		Days       int
		Label      string
	}
	september, august := MonthDay{Month: time.September, Day: 1}, MonthDay{Month: time.August, Day: 1}
	tests := []struct {
		name  string
		start MonthDay
		on    date.Date
		want  yearView
	}{
		{name: "first day of the year", start: september, on: day("2026-09-01"), want: yearView{day("2026-09-01"), day("2027-09-01"), 365, "2026/27"}},
		{name: "last day of the year", start: september, on: day("2026-08-31"), want: yearView{day("2025-09-01"), day("2026-09-01"), 365, "2025/26"}},
		{name: "year holding 29 Feb has 366 days", start: september, on: day("2027-12-31"), want: yearView{day("2027-09-01"), day("2028-09-01"), 366, "2027/28"}},
		{name: "August start, last day", start: august, on: day("2026-07-31"), want: yearView{day("2025-08-01"), day("2026-08-01"), 365, "2025/26"}},
		{name: "August start, first day", start: august, on: day("2026-08-01"), want: yearView{day("2026-08-01"), day("2027-08-01"), 365, "2026/27"}},
		{name: "century label", start: september, on: day("2099-10-01"), want: yearView{day("2099-09-01"), day("2100-09-01"), 365, "2099/00"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			y := AcademicYearOf(tc.start, tc.on)
			got := yearView{Start: y.Start, End: y.End, Days: y.Days(), Label: y.String()}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("AcademicYearOf(%s, %s) mismatch (-want +got):\n%s", tc.start, tc.on, diff)
			}
		})
	}
}

func TestParseMonthDay(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want MonthDay
	}{
		{name: "1 September", in: "09-01", want: MonthDay{Month: time.September, Day: 1}},
		{name: "31 December", in: "12-31", want: MonthDay{Month: time.December, Day: 31}},
		{name: "29 February", in: "02-29", want: MonthDay{Month: time.February, Day: 29}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseMonthDay(tc.in)
			require.NoError(t, err)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ParseMonthDay(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestParseMonthDayRejects(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{name: "month 13", in: "13-01"},
		{name: "month 0", in: "00-10"},
		{name: "30 February", in: "02-30"},
		{name: "31 April", in: "04-31"},
		{name: "single digits", in: "9-1"},
		{name: "not numbers", in: "ab-cd"},
		{name: "no separator", in: "0901"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseMonthDay(tc.in)
			require.ErrorIs(t, err, ErrInvalid)
		})
	}
}

// TestLastDay checks the bound on the dates compliance accepts.
func TestLastDay(t *testing.T) {
	require.Equal(t, date.New(9999, time.December, 31), lastDay)
	require.True(t, inCalendar(lastDay))
	require.False(t, inCalendar(lastDay+1))
	require.False(t, inCalendar(0), "day 0 means unset")
	require.True(t, inCalendar(1))
}

// TestStagesOn checks the stages of a rule worked out once for a day
// against DESIGN's definitions applied to each expiry: due soon from
// exp−W, expired from exp, past the grace period from exp+G.
func TestStagesOn(t *testing.T) {
	periods := []string{"P0D", "P14D", "P1M", "P2M", "P1Y", "P1M10D", "P3W"}
	for _, w := range periods {
		for _, g := range periods {
			t.Run("window "+w+" grace "+g, func(t *testing.T) {
				r := compile(&Requirement{ID: "r", Kind: RenewableTraining, Validity: per("P1Y"), RenewalWindow: per(w), GracePeriod: per(g)})
				window, grace := spanOf(per(w)).neg(), spanOf(per(g))
				for on := day("2023-12-25"); on < day("2025-03-10"); on += 3 {
					st := stagesOn(&r, on)
					for exp := on - 400; exp < on+400; exp++ {
						want := b2i(on >= window.add(exp)) + b2i(on >= exp) + b2i(on >= grace.add(exp))
						got := b2i(exp <= st.window) + b2i(exp <= on) + b2i(exp <= st.grace)
						if got != want {
							t.Fatalf("on %s, expiry %s: stage %d, want %d", on, exp, got, want)
						}
					}
				}
			})
		}
	}
}
