package statusrec

import (
	"fmt"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/internal/isotime"
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
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > isotime.DaysIn(y, m) {
		return 0, false
	}
	return unixDay + date.Date(isotime.DaysFromCivil(y, m, d)), true
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
