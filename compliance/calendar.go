package compliance

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"

	"github.com/cpdkit/cpdkit/internal/calendar"
)

// AddClamped returns d moved by p, clamping to the end of the month instead of
// rolling over: 31 January + P1M is 28 (or 29) February, and 29 February + P1Y
// is 28 February. Years and months are applied first, then weeks and days.
// Time components of p (hours, minutes, seconds) are ignored, as are
// fractions; [Policy.Validate] rejects periods that carry either.
//
// Every rule in cpdkit that moves a date by a period uses this function
// (or, in the evaluator, the same arithmetic on a period compiled to
// months and days) rather than [date.Date.AddPeriod], which rolls over like
// [time.Time.AddDate].
func AddClamped(d date.Date, p period.Period) date.Date {
	return calendar.AddClamped(d, p)
}

// span is a period compiled to whole months and whole days, so that the hot
// path of evaluation never touches period.Period's decimal fields.
type span struct {
	months int
	days   int
}

func spanOf(p period.Period) span {
	s := span{months: p.Years()*12 + p.Months(), days: p.Weeks()*7 + p.Days()}
	return s
}

func (s span) isZero() bool { return s.months == 0 && s.days == 0 }

// maxDays is the most days s can add: a month is at most 31 days.
func (s span) maxDays() date.Date { return date.Date(31*s.months + s.days) }

// minDays is the fewest days s can add: a month is at least 28 days.
func (s span) minDays() date.Date { return date.Date(28*s.months + s.days) }

func (s span) neg() span { return span{months: -s.months, days: -s.days} }

// add applies s to d with end-of-month clamping, as AddClamped does. It is
// small enough to inline, so a span of days alone costs an addition.
func (s span) add(d date.Date) date.Date {
	if s.months != 0 {
		d = calendar.AddMonths(d, s.months)
	}
	return d + date.Date(s.days)
}

// MonthDay is a day of the year without a year, such as the start of the
// academic year (1 September) or a fixed annual due date (31 December). In
// JSON and text it is written "MM-DD", for example "09-01".
type MonthDay struct {
	Month time.Month
	Day   int
}

// IsZero reports whether m is unset.
func (m MonthDay) IsZero() bool { return m.Month == 0 && m.Day == 0 }

// String returns m as "MM-DD".
func (m MonthDay) String() string { return fmt.Sprintf("%02d-%02d", int(m.Month), m.Day) }

// Validate reports whether m names a real day of the year; 29 February is
// allowed and falls back to 28 February in common years.
func (m MonthDay) Validate() error {
	if m.Month < time.January || m.Month > time.December {
		return fmt.Errorf("month %d is not 1 to 12", int(m.Month))
	}
	if m.Day < 1 || m.Day > calendar.DaysIn(2000, m.Month) {
		return fmt.Errorf("day %d is not in %s", m.Day, m.Month)
	}
	return nil
}

// MarshalText writes m as "MM-DD".
func (m MonthDay) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads "MM-DD".
func (m *MonthDay) UnmarshalText(b []byte) error {
	md, err := ParseMonthDay(string(b))
	if err != nil {
		return err
	}
	*m = md
	return nil
}

// ParseMonthDay parses "MM-DD", such as "09-01" for 1 September. Its
// errors match [ErrInvalid].
func ParseMonthDay(s string) (MonthDay, error) {
	ms, ds, ok := strings.Cut(s, "-")
	if !ok || len(ms) != 2 || len(ds) != 2 {
		return MonthDay{}, &ValidationError{Reason: fmt.Sprintf("%q is not a month and day written MM-DD", s)}
	}
	mo, err1 := strconv.Atoi(ms)
	dy, err2 := strconv.Atoi(ds)
	if err1 != nil || err2 != nil {
		return MonthDay{}, &ValidationError{Reason: fmt.Sprintf("%q is not a month and day written MM-DD", s)}
	}
	md := MonthDay{Month: time.Month(mo), Day: dy}
	if err := md.Validate(); err != nil {
		return MonthDay{}, &ValidationError{Reason: fmt.Sprintf("%q: %v", s, err)}
	}
	return md, nil
}

// in returns m in year y, clamping 29 February to 28 February in common years.
func (m MonthDay) in(y int) date.Date {
	return calendar.FromCivil(y, m.Month, min(m.Day, calendar.DaysIn(y, m.Month)))
}

// onOrAfter returns the first occurrence of m on or after d.
func (m MonthDay) onOrAfter(d date.Date) date.Date {
	y, _, _ := calendar.Civil(d)
	if c := m.in(y); c >= d {
		return c
	}
	return m.in(y + 1)
}

// AcademicYear is the academic year that contains a day: it runs from Start
// (inclusive) to End (exclusive), one year later.
type AcademicYear struct {
	Start date.Date
	End   date.Date
}

// AcademicYearOf returns the academic year containing d, for a year that
// starts on the given day (1 August and 1 September are both common).
func AcademicYearOf(start MonthDay, d date.Date) AcademicYear {
	y, _, _ := calendar.Civil(d)
	s := start.in(y)
	if s > d {
		s = start.in(y - 1)
		y--
	}
	return AcademicYear{Start: s, End: start.in(y + 1)}
}

// Days returns the number of days in the year (365 or 366).
func (a AcademicYear) Days() int { return int(a.End - a.Start) }

// Contains reports whether d falls in the year.
func (a AcademicYear) Contains(d date.Date) bool { return d >= a.Start && d < a.End }

// String returns the conventional label, such as "2026/27".
func (a AcademicYear) String() string {
	y, _, _ := calendar.Civil(a.Start)
	return fmt.Sprintf("%d/%02d", y, (y+1)%100)
}
