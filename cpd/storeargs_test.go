package cpd_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

func TestCheckName(t *testing.T) {
	tests := []struct {
		name string
		s    string
		ok   bool
	}{
		{"empty", "", true},
		{"plain", "p-ada", true},
		{"composed", "budget-1/line-2", true},
		{"longest", strings.Repeat("é", cpd.MaxNameLen/2), true},
		{"one byte too long", strings.Repeat("a", cpd.MaxNameLen+1), false},
		{"NUL", "p-\x00", false},
		{"invalid UTF-8", "p-\xc3", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := cpd.CheckName("ID", tt.s)
			if tt.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, cpd.ErrInvalid)
			var v *cpd.ValidationError
			require.ErrorAs(t, err, &v)
			require.Equal(t, "ID", v.Field)
		})
	}
}

func TestCheckChange(t *testing.T) {
	require.NoError(t, cpd.CheckChange(cpd.Change{Actor: "p-ada", Action: "create", At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}))
	require.ErrorIs(t, cpd.CheckChange(cpd.Change{At: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}), cpd.ErrInvalid)
	require.ErrorIs(t, cpd.CheckChange(cpd.Change{Actor: "\xff"}), cpd.ErrInvalid)
}
