package compliance_test

import (
	"testing"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/compliance"
)

// TestRegisterDate checks the one date a register shows for each status:
// valid until while the evidence counts, due by while something is to do
// or was missed, nothing for exempt and not applicable.
func TestRegisterDate(t *testing.T) {
	valid, due := date.New(2027, 3, 31), date.New(2027, 2, 28)
	for _, tc := range []struct {
		status compliance.Status
		want   date.Date
	}{
		{compliance.Compliant, valid},
		{compliance.DueSoon, valid},
		{compliance.Pending, due},
		{compliance.Planned, due},
		{compliance.Overdue, due},
		{compliance.Missing, due},
		{compliance.Exempt, 0},
		{compliance.NotApplicable, 0},
		{0, due},
	} {
		if got := compliance.RegisterDate(tc.status, valid, due); got != tc.want {
			t.Errorf("RegisterDate(%s) = %s, want %s", tc.status, got, tc.want)
		}
	}
	// Evidence that never expires has no valid-until day: the register
	// shows none.
	if got := compliance.RegisterDate(compliance.Compliant, 0, due); got != 0 {
		t.Errorf("RegisterDate(compliant, never expires) = %s, want none", got)
	}
}
