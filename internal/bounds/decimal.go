// Package bounds holds the checks that keep a stored value small enough
// to be written and read back exactly: the one home of the decimal rule
// that package budget applies to money and package cpd to hours and the
// other decimals of its records. It imports no other cpdkit package and
// keeps no state.
package bounds

import (
	"math/big"
	"strconv"

	"github.com/shopspring/decimal"
)

// maxCoefficientBits bounds the digits of a decimal's coefficient that
// Decimal looks at (256 bits is 77 decimal digits), so that the check
// itself stays cheap whatever it is given.
const maxCoefficientBits = 256

// maxExponent bounds how far the point of any decimal may be from its
// digits. decimal.New(1, 10_000_000) is a single digit, but writing it
// out is ten million characters, which takes seconds.
const maxExponent = 100

// Decimal reports why d is out of bounds, or "" if it is within them: at
// most places digits after the point (trailing zeros do not count, so
// 1.500 has one) and a magnitude below 10^whole. It never expands d, so it
// is fast for any decimal, however extreme its exponent, and every decimal
// it accepts is written by String in at most whole+places+2 characters,
// which read back exactly. places and whole must be between 0 and 50.
func Decimal(d decimal.Decimal, places, whole int32) string {
	exp := d.Exponent()
	if exp > maxExponent || exp < -maxExponent {
		return "exponent " + strconv.Itoa(int(exp)) + " is out of range"
	}
	coef := d.Coefficient()
	if coef.BitLen() > maxCoefficientBits {
		return "has too many digits"
	}
	if coef.Sign() == 0 {
		if exp > whole {
			return "exponent " + strconv.Itoa(int(exp)) + " is out of range"
		}
		return ""
	}
	digits := int32(d.NumDigits()) // cheap: the coefficient has at most 77 digits
	if exp < -places {
		ten, rem := big.NewInt(10), new(big.Int)
		for exp < -places {
			q, r := new(big.Int).QuoRem(coef, ten, rem)
			if r.Sign() != 0 {
				return "has more than " + strconv.Itoa(int(places)) + " digits after the point"
			}
			coef, exp, digits = q, exp+1, digits-1
		}
	}
	if digits+exp > whole {
		return "is too large: its magnitude must be below 1e" + strconv.Itoa(int(whole))
	}
	return ""
}
