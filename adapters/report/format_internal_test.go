package report

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/budget"
)

func TestMoneyText(t *testing.T) {
	tests := []struct {
		name string
		in   budget.Money
		want string
	}{
		{"pounds", budget.MustParse("GBP 1234567.5"), "£1,234,567.50"},
		{"pence", budget.MustParse("GBP 0.05"), "£0.05"},
		{"hundreds", budget.MustParse("GBP 999.99"), "£999.99"},
		{"thousand", budget.MustParse("GBP 1000"), "£1,000.00"},
		{"negative", budget.MustParse("GBP -12.30"), "−£12.30"},
		{"euro", budget.MustParse("EUR 10"), "€10.00"},
		{"no minor unit", budget.MustParse("JPY 123456"), "JPY 123,456"},
		{"unset", budget.Money{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, moneyText(tc.in))
		})
	}
}

func TestScale(t *testing.T) {
	d := decimal.RequireFromString
	tests := []struct {
		name       string
		value, max string
		width      int
		want       int
	}{
		{"half", "50", "100", 420, 210},
		{"rounds to nearest", "1", "3", 100, 33},
		{"rounds half up", "1", "8", 4, 1},
		{"pence on a large budget", "0.01", "1000000.00", 420, 0},
		{"full", "100", "100", 420, 420},
		{"above max is clamped", "150", "100", 420, 420},
		{"zero max", "5", "0", 420, 0},
		{"negative value", "-5", "100", 420, 0},
		{"huge amounts stay exact", "9999999999999.99", "19999999999999.98", 1000, 500},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, scale(d(tc.value), d(tc.max), tc.width))
		})
	}
}
