package budget

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestEnumText(t *testing.T) {
	tests := []struct {
		name string
		v    interface {
			String() string
			MarshalText() ([]byte, error)
		}
		want string
	}{
		{name: "mandatory", v: Mandatory, want: "mandatory"},
		{name: "pip", v: PerformanceImprovementPlan, want: "performance_improvement_plan"},
		{name: "improvement target", v: ImprovementTarget, want: "improvement_target"},
		{name: "necessary", v: NecessaryForRole, want: "necessary_for_role"},
		{name: "aspirational", v: Aspirational, want: "aspirational"},
		{name: "funded", v: Funded, want: "funded"},
		{name: "exceeds", v: ExceedsAvailable, want: "exceeds_available"},
		{name: "outranked", v: Outranked, want: "outranked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, tt.v.String())
			b, err := tt.v.MarshalText()
			require.NoError(t, err)
			require.Equal(t, tt.want, string(b))
		})
	}
	t.Run("round trip", func(t *testing.T) {
		var p Priority
		require.NoError(t, p.UnmarshalText([]byte("improvement_target")))
		require.Equal(t, ImprovementTarget, p)
		var o Outcome
		require.NoError(t, o.UnmarshalText([]byte("outranked")))
		require.Equal(t, Outranked, o)
	})
	t.Run("unset and unknown", func(t *testing.T) {
		require.Equal(t, "unset", Priority(0).String())
		require.Equal(t, "invalid(9)", Priority(9).String())
		_, err := Priority(0).MarshalText()
		require.Error(t, err)
		var p Priority
		require.ErrorIs(t, p.UnmarshalText([]byte("Mandatory")), ErrInvalid)
	})
}

func TestParseCurrency(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		digits int
		err    error
	}{
		{name: "pound", in: "GBP", digits: 2},
		{name: "yen", in: "JPY", digits: 0},
		{name: "dinar", in: "BHD", digits: 3},
		{name: "lower case", in: "gbp", err: ErrUnknownCurrency},
		{name: "unknown", in: "XYZ", err: ErrUnknownCurrency},
		{name: "empty", in: "", err: ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseCurrency(tt.in)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.digits, c.Digits())
		})
	}
}
