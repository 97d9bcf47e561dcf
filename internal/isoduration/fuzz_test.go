package isoduration

import (
	"math"
	"math/big"
	"regexp"
	"strings"
	"testing"
)

// durationForm is the shape Parse accepts, for the fuzzer's own
// reading: P, then years, months, weeks, days, and either seconds or T
// and hours, minutes and seconds, each a number and its designator.
var durationForm = regexp.MustCompile(`^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?` +
	`(?:(\d+(?:[.,]\d+)?)S|(T)(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$`)

// The seconds in each part of durationForm, in group order; -1 marks the T.
var durationSeconds = []int64{0, 0, 7 * 86400, 86400, 1, -1, 3600, 60, 1}

// expectDuration reads a duration the slow way, with exact rationals: its
// length in nanoseconds (each number's fraction cut at nine digits, as
// Parse keeps them), whether it has years or months, and whether
// whether a number in it is too big for int64, and whether it is a
// duration at all.
func expectDuration(s string) (ns *big.Rat, calendar, huge, ok bool) {
	m := durationForm.FindStringSubmatch(s)
	if m == nil {
		return nil, false, false, false
	}
	ns = new(big.Rat)
	parts, weeks, fractions, fractionAt, last := 0, false, 0, -1, -1
	hasTime := false
	for g, v := range m[1:] {
		if v == "" {
			continue
		}
		if durationSeconds[g] == -1 {
			hasTime = true
			continue
		}
		parts++
		last = g
		weeks = weeks || g == 2
		calendar = calendar || g < 2
		whole, frac, _ := strings.Cut(strings.ReplaceAll(v, ",", "."), ".")
		if len(strings.TrimLeft(whole, "0")) > 18 {
			huge = true // more than int64 holds, whatever the unit
		}
		if frac != "" {
			fractions, fractionAt = fractions+1, g
		}
		frac = frac[:min(len(frac), 9)]
		r, _ := new(big.Rat).SetString(whole + "." + frac + "0")
		ns.Add(ns, r.Mul(r, big.NewRat(durationSeconds[g]*1_000_000_000, 1)))
	}
	if parts == 0 || weeks && parts > 1 || fractions > 1 || fractions == 1 && fractionAt != last {
		return nil, false, false, false
	}
	if hasTime && last < 6 { // T with nothing after it
		return nil, false, false, false
	}
	return ns, calendar, huge, true
}

// FuzzDuration checks Parse against expectDuration: the same
// durations accepted, with the same hours, rounded half up to the
// thousandth; only lengths near the int64 limit of nanoseconds (about 292
// years), or numbers beyond int64, may be refused by one and not the other.
func FuzzDuration(f *testing.F) {
	for _, s := range []string{"PT1H30M", "PT1.5H", "PT1,25H", "P16559.14S", "P1DT2H", "P2W", "P3Y1M29DT4H35M59.14S", "PT0.0000000001S",
		"PT1.5H30M", "P4W1D", "P1DT", "PT", "P", "P9999999999999W", "PT99999999999999999999H", "P1Y2S", "P1.5Y", "PT1.8S"} {
		f.Add(s)
	}
	nsPerUnit := big.NewRat(nsPerHourUnit, 1)
	limit := new(big.Rat).SetInt64(math.MaxInt64 - 2*nsWeek)
	f.Fuzz(func(t *testing.T, s string) {
		units, calendar, ok := Parse([]byte(s))
		want, wantCalendar, huge, wantOK := expectDuration(s)
		if wantOK && (huge || want.Cmp(limit) > 0) {
			return // near the limit either answer is right
		}
		if ok != wantOK {
			t.Fatalf("Parse(%q) ok = %t, want %t", s, ok, wantOK)
		}
		if !ok {
			return
		}
		half := new(big.Rat).Quo(want, nsPerUnit)
		half.Add(half, big.NewRat(1, 2))
		wantUnits := new(big.Int).Quo(half.Num(), half.Denom()) // floor: both are positive
		if units != wantUnits.Int64() || calendar != wantCalendar {
			t.Fatalf("Parse(%q) = %d, %t; want %s, %t", s, units, calendar, wantUnits, wantCalendar)
		}
	})
}
