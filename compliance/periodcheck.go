package compliance

import (
	"github.com/rickb777/period"

	"github.com/cpdkit/cpdkit/internal/calendar"
)

// PeriodProblem says what is wrong with p as a length of calendar time in
// a rule (negative, with a time part or a fraction, or longer than a
// policy's periods may be), or returns "" if nothing is. It is the check
// Policy.Validate applies to every period, for rules kept outside a
// Policy (cpd's reminder rules) that move dates with AddClamped.
func PeriodProblem(p period.Period) string { return calendar.PeriodProblem(p) }
