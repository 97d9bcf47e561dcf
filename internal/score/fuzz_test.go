package score

import (
	"encoding/json"
	"math/big"
	"strconv"
	"strings"
	"testing"
)

// FuzzParse checks Parse against exact rationals: for any JSON number of
// at most MaxLen bytes (with an exponent small enough to compute), the
// billionths are the number's times a billion rounded towards minus
// infinity, and ok says whether it lies between lo and 1.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"0", "1", "-1", "0.5", "0.123456789", "0.1234567891", "-0.0000000001", "1.0000000001",
		"1e0", "1E-9", "10e-1", "0.1e1", "-1e-10", "100e-2", "5e-1", "1e1", "0.99999999999", "-0"} {
		f.Add(s, int64(0))
		f.Add(s, int64(-1))
	}
	billion := big.NewRat(Scale, 1)
	f.Fuzz(func(t *testing.T, s string, lo int64) {
		if lo != 0 && lo != -1 {
			return // the importer's two ranges
		}
		if len(s) == 0 || len(s) > MaxLen || strings.TrimSpace(s) != s || !json.Valid([]byte(s)) || !(s[0] == '-' || s[0] >= '0' && s[0] <= '9') {
			return // not a JSON number: the scanner refuses it first
		}
		if i := strings.IndexAny(s, "eE"); i >= 0 {
			if e, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+")); err != nil || e > 400 || e < -400 {
				return // too far either way for the oracle; Parse saturates
			}
		}
		x, good := new(big.Rat).SetString(s)
		if !good {
			t.Fatalf("big.Rat cannot read %q", s)
		}
		scaled := new(big.Rat).Mul(x, billion)
		want := new(big.Int).Div(scaled.Num(), scaled.Denom()) // Euclidean: floor for a positive denominator
		wantOK := x.Cmp(big.NewRat(lo, 1)) >= 0 && x.Cmp(big.NewRat(1, 1)) <= 0
		units, ok := Parse([]byte(s), lo)
		if ok != wantOK {
			t.Fatalf("Parse(%q, %d) ok = %t, want %t", s, lo, ok, wantOK)
		}
		if ok && units != want.Int64() {
			t.Fatalf("Parse(%q, %d) = %d, want %s", s, lo, units, want)
		}
	})
}
