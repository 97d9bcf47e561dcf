// Package calendar is cpdkit's one clamped date arithmetic: moving a date
// by a period clamps to the end of the month instead of rolling over, so
// 31 January + P1M is 28 (or 29) February and 29 February + P1Y is
// 28 February. date.Date.AddPeriod, like time.Time.AddDate, rolls over
// (31 January + P1M is 3 March), so every rule in compliance, budget and
// cpd that moves a date by a period uses [AddClamped] (compliance exports
// it as compliance.AddClamped, and compiles a policy's periods into months
// and days for [AddMonths]).
//
// The conversion between a date and its year, month and day is integer
// arithmetic on the proleptic Gregorian calendar, several times faster
// than going through time.Time, which the compliance engine's hot path
// needs. The bounds of a policy's periods ([PeriodProblem]) live here too,
// so that every date rule works out days that fit. The package imports
// only the date and period libraries and has no state.
package calendar

import (
	"fmt"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
)

// AddClamped returns d moved by p, clamping to the end of the month:
// years and months are applied first, with the day clamped to the length
// of the month reached, then weeks and days. Time components of p (hours,
// minutes, seconds) and fractions are ignored; the policies that hold
// periods refuse them.
func AddClamped(d date.Date, p period.Period) date.Date {
	if months := p.Years()*12 + p.Months(); months != 0 {
		d = AddMonths(d, months)
	}
	return d + date.Date(p.Weeks()*7+p.Days())
}

// AddMonths returns d moved by a whole number of months (negative to go
// back), with the day clamped to the length of the month reached.
func AddMonths(d date.Date, months int) date.Date {
	y, m, day := Civil(d)
	total := y*12 + int(m) - 1 + months
	ny, nm := floorDiv(total, 12), time.Month(floorMod(total, 12)+1)
	return FromCivil(ny, nm, min(day, DaysIn(ny, nm)))
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }

// IsLeap reports whether y is a leap year of the Gregorian calendar.
func IsLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// DaysIn returns the number of days in month m of year y.
func DaysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if IsLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	default:
		return 31
	}
}

// unixOffset is the number of days from date.Zero (1 January, year 1) to
// 1 January 1970.
const unixOffset = date.ZeroOffset

// Civil returns d's year, month and day, as d.Date() does, in integer
// arithmetic on 400-year eras.
func Civil(d date.Date) (int, time.Month, int) {
	z := int(d) - unixOffset + 719468
	era := z / 146097
	if z < 0 {
		era = floorDiv(z, 146097)
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, time.Month(m), day
}

// FromCivil is the inverse of Civil: the date of day of month m of year
// y, as date.New gives it. The day must be valid for the month.
func FromCivil(y int, m time.Month, day int) date.Date {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mm := int(m)
	if mm > 2 {
		mm -= 3
	} else {
		mm += 9
	}
	doy := (153*mm+2)/5 + day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return date.Date(era*146097 + doe - 719468 + unixOffset)
}

// MaxPeriodYears bounds every period of a policy: no rule needs a longer
// one (a requirement that never expires has no validity), and with it
// every day the rules work out from a date in the years 1 to 9999 fits in
// 32 bits.
const MaxPeriodYears = 1000

// PeriodProblem says what is wrong with p as a length of calendar time in
// a rule: negative, with a time part or a fraction, or longer than
// MaxPeriodYears (in any of its fields, or in all of them together); ""
// when nothing is. compliance's and budget's policies check every period
// with it.
func PeriodProblem(p period.Period) string {
	switch {
	case p.IsNegative():
		return fmt.Sprintf("%s is negative", p)
	case !p.OnlyHMS().IsZero():
		return fmt.Sprintf("%s has a time part; use years, months, weeks or days", p)
	case !p.YearsDecimal().IsInt() || !p.MonthsDecimal().IsInt() || !p.WeeksDecimal().IsInt() || !p.DaysDecimal().IsInt():
		return fmt.Sprintf("%s has a fraction; use whole years, months, weeks or days", p)
	case p.Years() > MaxPeriodYears || p.Months() > 12*MaxPeriodYears || p.Weeks() > 53*MaxPeriodYears ||
		p.Days() > 366*MaxPeriodYears || 31*(p.Years()*12+p.Months())+p.Weeks()*7+p.Days() > 372*MaxPeriodYears:
		return fmt.Sprintf("%s is longer than %d years", p, MaxPeriodYears)
	}
	return ""
}

// ParsePeriod reads a policy's period, an ISO 8601 period such as P1Y or
// P14D, and returns it as whole years, months, weeks and days (P1.0Y reads
// as P1Y), so that it survives a round trip unchanged. The empty text is
// the zero period. When s is not a period, or has a PeriodProblem, the
// period is zero and reason says why.
func ParsePeriod(s string) (p period.Period, reason string) {
	if s == "" {
		return period.Period{}, ""
	}
	p, err := period.Parse(s)
	if err != nil {
		return period.Period{}, fmt.Sprintf("%q is not an ISO 8601 period", s)
	}
	if reason := PeriodProblem(p); reason != "" {
		return period.Period{}, reason
	}
	return period.NewYMWD(p.Years(), p.Months(), p.Weeks(), p.Days()), ""
}
