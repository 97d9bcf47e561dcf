package score

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func TestParse(t *testing.T) {
	type want struct {
		Units int64
		OK    bool
	}
	tests := []struct {
		name, in string
		lo       int64
		want     want
	}{
		{"simple", "0.85", -1, want{850_000_000, true}},
		{"one", "1", -1, want{1_000_000_000, true}},
		{"one with zeros", "1.000", 0, want{1_000_000_000, true}},
		{"zero", "0", 0, want{0, true}},
		{"negative zero", "-0", 0, want{0, true}},
		{"minus one", "-1", -1, want{-1_000_000_000, true}},
		{"exponent", "8.5e-1", -1, want{850_000_000, true}},
		{"upper exponent with sign", "85E-2", -1, want{850_000_000, true}},
		{"positive exponent", "0.01e+2", -1, want{1_000_000_000, true}},
		{"tenth digit rounds down", "0.7999999999", -1, want{799_999_999, true}},
		{"negative rounds towards minus infinity", "-0.0000000001", -1, want{-1, true}},
		{"tiny", "1e-400", 0, want{0, true}},
		{"just above one", "1.0000000001", -1, want{}},
		{"two", "2", -1, want{}},
		{"ten", "10", -1, want{}},
		{"huge exponent", "1e400", -1, want{}},
		{"below minus one", "-1.5", -1, want{}},
		{"negative not allowed", "-0.5", 0, want{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got want
			got.Units, got.OK = Parse([]byte(tt.in), tt.lo)
			if !got.OK {
				got = want{}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestCeilUnitsRoundsUp(t *testing.T) {
	for in, want := range map[string]int64{"0.8": 800_000_000, "0.75": 750_000_000, "0.00000000001": 1, "1": 1_000_000_000} {
		if got := CeilUnits(decimal.RequireFromString(in)); got != want {
			t.Errorf("CeilUnits(%s) = %d, want %d", in, got, want)
		}
	}
}
