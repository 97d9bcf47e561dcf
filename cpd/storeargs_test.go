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

// TestCheckReadMany: a GetMany or ListOwners is refused for the first
// value or state that is not a name, named by its place in the list.
func TestCheckReadMany(t *testing.T) {
	require.NoError(t, cpd.CheckReadMany(cpd.KindActivity, "ids", []string{"a-1", "", "a-2"}, []string{"completed"}))
	for _, c := range []struct {
		values, states []string
		field          string
	}{
		{[]string{"a-1", "a-\x00", "a-\xff"}, nil, "ids[1]"},
		{[]string{strings.Repeat("a", cpd.MaxNameLen+1)}, nil, "ids[0]"},
		{[]string{"a-1"}, []string{"completed", "requested", "\xc3"}, "states[2]"},
	} {
		err := cpd.CheckReadMany(cpd.KindActivity, "ids", c.values, c.states)
		require.ErrorIs(t, err, cpd.ErrInvalid)
		var ve *cpd.ValidationError
		require.ErrorAs(t, err, &ve)
		require.Equal(t, c.field, ve.Field)
	}
}
