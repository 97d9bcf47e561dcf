package statusrec

import (
	"fmt"

	"github.com/rickb777/date/v2"
)

// ParseDay reads YYYY-MM-DD (a four-digit year), or "" as the zero day,
// and refuses anything else, a day the calendar lacks (2026-02-29)
// included. It reads the digits itself: an organisation view reads
// several days per person.
func ParseDay[T string | []byte](s T) (date.Date, error) {
	if len(s) == 0 {
		return 0, nil
	}
	d, ok := parseDay(s)
	if !ok {
		return 0, fmt.Errorf("%q is not a YYYY-MM-DD day of the calendar", s)
	}
	return d, nil
}

// parseDay is ParseDay, for a day that is not empty, without the error,
// whose message costs an allocation.
func parseDay[T string | []byte](s T) (date.Date, bool) {
	if len(s) != len("2006-01-02") || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return unixDay + date.Date(civilDays(y, m, d)), true
}

// daysIn is the number of days in month m of year y (proleptic
// Gregorian).
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// civilDays is the count of days from 1 January 1970 to day d of month m
// of year y, for years 0 to 9999 (proleptic Gregorian, as time.Date and
// date.New count): arithmetic, where date.New goes through a time.Time.
// Years are counted from March, so that a leap day ends its year, and
// 400 years later, so that they are never negative (400 years are
// 146,097 days).
func civilDays(y, m, d int) int {
	const days400 = 146097
	shifted := m - 3 // months from March
	if m <= 2 {
		y, shifted = y-1, m+9
	}
	y += 400
	era, yoe := y/400, y%400
	doy := (153*shifted+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*days400 + doe - 719468 - days400
}

// digits reads a run of decimal digits.
func digits[T string | []byte](s T) (int, bool) {
	n := 0
	for i := range len(s) {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
