package bounds

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func TestDecimal(t *testing.T) {
	tests := []struct {
		name string
		d    decimal.Decimal
		ok   bool
	}{
		{"zero", decimal.Zero, true},
		{"two places", decimal.RequireFromString("12.34"), true},
		{"trailing zeros do not count", decimal.RequireFromString("12.3400000"), true},
		{"three places", decimal.RequireFromString("12.345"), false},
		{"largest", decimal.RequireFromString("9999.99"), true},
		{"negative largest", decimal.RequireFromString("-9999.99"), true},
		{"at the limit", decimal.NewFromInt(10000), false},
		{"negative at the limit", decimal.NewFromInt(-10000), false},
		{"positive exponent", decimal.New(9, 3), true},
		{"huge exponent", decimal.New(1, 10_000_000), false},
		{"zero with a huge exponent", decimal.New(0, 10_000_000), false},
		{"zero with a tiny exponent", decimal.New(0, -20_000), false},
		{"tiny exponent", decimal.New(35, -20_000), false},
		{"thirty places", decimal.RequireFromString("0.000000000000000000000000000001"), false},
		{"long coefficient", decimal.RequireFromString("100000000000000000000000000000000000000000000000000000000000000000000000000000000e-80"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			why := Decimal(tt.d, 2, 4)
			require.Less(t, time.Since(start), time.Second, "the check must be fast")
			require.Equal(t, tt.ok, why == "", "Decimal(%s) = %q", tt.d.Exponent(), why)
		})
	}
}

// FuzzDecimal checks that every decimal Decimal accepts is written in a
// few characters that read back as the same number.
func FuzzDecimal(f *testing.F) {
	f.Add(int64(1), int32(10_000_000))
	f.Add(int64(35), int32(-20_000))
	f.Add(int64(-999999), int32(-2))
	f.Add(int64(0), int32(4))
	f.Fuzz(func(t *testing.T, coef int64, exp int32) {
		d := decimal.New(coef, exp)
		if Decimal(d, 3, 6) != "" {
			return
		}
		s := d.String()
		if len(s) > 6+3+2 {
			t.Fatalf("%d e%d is written as %q, longer than %d", coef, exp, s, 6+3+2)
		}
		back, err := decimal.NewFromString(s)
		if err != nil || !back.Equal(d) {
			t.Fatalf("%d e%d is written as %q, read back as %s (%v)", coef, exp, s, back, err)
		}
	})
}
