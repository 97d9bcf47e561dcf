// Package score reads the scores xAPI statements carry (result.score.scaled,
// a cmi5 mastery score) exactly: a JSON number becomes a whole number of
// billionths, rounded towards minus infinity, so that comparing a score
// with a mastery score of up to nine decimal places is exact, with no
// float anywhere. It is the xAPI importer's reader, apart from its rules,
// with the fuzzer that checks it against exact rationals. Parse does not
// allocate; the package has no state.
package score

import "github.com/shopspring/decimal"

// Scale is the number of score units in 1: scores are kept in
// billionths. cmi5 mastery scores have at most four decimal places, so
// comparing at nine is exact for them.
const Scale = 1_000_000_000

// MaxLen bounds the text of a score. Parse weighs each digit by
// its place and the exponent, and saturates the exponent at a million; a
// number with as many digits as that could move its digits back into
// range (0.(a million zeros)1e10000000 would read as a millionth), so
// longer numbers are refused before they are read. No score needs more
// than a few dozen characters: nine decimal places count.
const MaxLen = 64

// Parse reads a JSON number (already checked by the scanner) and returns
// it in billionths, rounded towards minus infinity, or false when it is
// not between lo and 1. b is at most MaxLen bytes. Rounding down keeps a comparison with a
// mastery score of at most nine decimal places exact: the score is below
// it exactly when its billionths are.
func Parse(b []byte, lo int64) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	intEnd, end := 0, 0 // the end of the integer digits, and of all digits
	for intEnd < len(b) && b[intEnd] >= '0' && b[intEnd] <= '9' {
		intEnd++
	}
	end = intEnd
	if end < len(b) && b[end] == '.' {
		end++
		for end < len(b) && b[end] >= '0' && b[end] <= '9' {
			end++
		}
	}
	exp := 0
	if end < len(b) {
		exp = exponent(b[end+1:])
	}
	// Each digit d at power p (of ten, after the exponent) adds d×10^(p+9)
	// billionths: a whole number of them when p+9 ≥ 0, a remainder when not.
	var units int64
	exact := true
	for k := range end {
		c := b[k]
		if c == '.' || c == '0' {
			continue
		}
		p := intEnd - 1 - k
		if k > intEnd {
			p++ // after the point
		}
		q := p + exp + 9
		switch {
		case q >= 10:
			return 0, false // at least 10
		case q >= 0:
			units += int64(c-'0') * pow10(q)
		default:
			exact = false
		}
	}
	if neg {
		units = -units
		if !exact {
			units-- // towards minus infinity
		}
	}
	above := units > Scale || units == Scale && !exact
	return units, units >= lo*Scale && !above
}

// exponent reads an exponent's sign and digits; huge ones saturate,
// which is all a range check needs.
func exponent(b []byte) int {
	neg := len(b) > 0 && b[0] == '-'
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		b = b[1:]
	}
	e := 0
	for _, c := range b {
		if e < 1_000_000 {
			e = e*10 + int(c-'0')
		}
	}
	if neg {
		return -e
	}
	return e
}

// pow10 returns 10^q for 0 ≤ q ≤ 9.
func pow10(q int) int64 {
	v := int64(1)
	for range q {
		v *= 10
	}
	return v
}

// Decimal returns billionths as a decimal, for messages.
func Decimal(units int64) decimal.Decimal { return decimal.New(units, -9) }

// CeilUnits returns a score given as a decimal (a mastery score from
// configuration) in billionths, rounded up, so that a score read by Parse
// is below it exactly when its billionths (rounded down) are.
func CeilUnits(d decimal.Decimal) int64 {
	return d.Shift(9).Ceil().IntPart()
}
