// Package isoduration reads ISO 8601 durations as xAPI 1.0.3 uses them
// (result.duration): P[nY][nM][nD][T[nH][nM][nS]] or PnW, only the last
// number with a fraction, as an exact number of thousandths of an hour,
// the grain at which compliance sums hours. It is the xAPI importer's
// reader, apart from its rules, with the fuzzer that checks it against
// an exact reading with rationals. Parse does not allocate; the package
// has no state.
package isoduration

import "math"

// HoursScale is the number of units of [Parse]'s length in an hour: hours
// are kept in thousandths, the grain at which compliance sums them.
const HoursScale = 1000

// nsPerHourUnit is the number of nanoseconds in a thousandth of an hour.
const nsPerHourUnit = 3_600_000_000

// The nanoseconds in each designator's unit. Years and months have none.
const (
	nsSecond = int64(1_000_000_000)
	nsMinute = 60 * nsSecond
	nsHour   = 60 * nsMinute
	nsDay    = 24 * nsHour
	nsWeek   = 7 * nsDay
)

// Parse reads an ISO 8601 duration as xAPI uses it
// (P[nY][nM][nD][T[nH][nM][nS]] or PnW; only the last number may have a
// fraction, with . or ,) and returns its length in thousandths of an hour,
// rounded half up. calendar is true when it uses years or months, which
// have no fixed length: then units is the length of the rest. As the xAPI
// specification's own example does (P16559.14S), seconds are also
// accepted without the T. ok is false when b is not such a duration or is
// longer than any real activity (about 290 years).
func Parse(b []byte) (units int64, calendar, ok bool) {
	if len(b) < 3 || b[0] != 'P' {
		return 0, false, false
	}
	var total int64
	inTime, fraction, weeks := false, false, false
	order, parts := 0, 0 // the rank of the last designator read, which must rise
	for i := 1; i < len(b); {
		if b[i] == 'T' {
			if inTime || order >= rankT || i == len(b)-1 {
				return 0, false, false
			}
			inTime, order = true, rankT
			i++
			continue
		}
		whole, frac, scale, n := number(b[i:])
		if n == 0 || i+n >= len(b) || fraction {
			return 0, false, false // no number, no designator, or a fraction before the end
		}
		i += n
		unit, rank, known := designator(b[i], inTime)
		i++
		if !known || rank <= order {
			return 0, false, false
		}
		order, fraction, weeks, parts = rank, scale > 1, weeks || rank == rankW, parts+1
		if unit == 0 {
			calendar = true
			continue
		}
		if whole > (math.MaxInt64-unit)/unit {
			return 0, false, false
		}
		part := whole*unit + frac*(unit/scale)
		if total > math.MaxInt64-part {
			return 0, false, false
		}
		total += part
	}
	if parts == 0 || weeks && parts > 1 { // PnW stands alone
		return 0, false, false
	}
	return (total + nsPerHourUnit/2) / nsPerHourUnit, calendar, true
}

// number reads digits with an optional fraction and returns the whole
// part, the fraction's first nine digits as a numerator over scale, and
// the bytes read; n is 0 when there are no digits.
func number(b []byte) (whole, frac, scale int64, n int) {
	scale = 1
	for n < len(b) && '0' <= b[n] && b[n] <= '9' {
		if whole > (math.MaxInt64-9)/10 {
			return 0, 0, 0, 0
		}
		whole = whole*10 + int64(b[n]-'0')
		n++
	}
	if n == 0 {
		return 0, 0, 0, 0
	}
	if n < len(b) && (b[n] == '.' || b[n] == ',') {
		n++
		start := n
		for n < len(b) && '0' <= b[n] && b[n] <= '9' {
			if scale < 1_000_000_000 {
				frac = frac*10 + int64(b[n]-'0')
				scale *= 10
			}
			n++
		}
		if n == start {
			return 0, 0, 0, 0
		}
	}
	return whole, frac, scale, n
}

// The ranks of the designators, in the order a duration gives them.
const (
	rankY = iota + 1
	rankMonth
	rankW
	rankD
	rankT
	rankH
	rankMinute
	rankS
)

// designator returns a designator's unit in nanoseconds (0 for years and
// months) and its rank.
func designator(d byte, inTime bool) (unit int64, rank int, ok bool) {
	if inTime {
		switch d {
		case 'H':
			return nsHour, rankH, true
		case 'M':
			return nsMinute, rankMinute, true
		case 'S':
			return nsSecond, rankS, true
		}
		return 0, 0, false
	}
	switch d {
	case 'Y':
		return 0, rankY, true
	case 'M':
		return 0, rankMonth, true
	case 'W':
		return nsWeek, rankW, true
	case 'D':
		return nsDay, rankD, true
	case 'S':
		return nsSecond, rankS, true
	}
	return 0, 0, false
}
