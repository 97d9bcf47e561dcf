package appraisal_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
)

// TestJSONRoundTrip checks every stored type reads back as it was written,
// with enums as their stable names.
func TestJSONRoundTrip(t *testing.T) {
	evaluated := target("t1")
	require.NoError(t, evaluated.Evaluate(appraisal.Evaluation{Outcome: appraisal.OutcomePartlyAchieved, On: day(2027, 3, 30), By: "mgr", Note: "n"}))
	require.NoError(t, evaluated.Rate(appraisal.Rating{Activity: "a1", Rater: appraisal.ByLineManager, By: "mgr",
		Effectiveness: appraisal.SlightlyEffective, Comment: "c", On: day(2027, 4, 1)}, []string{"a1"}))
	signed := review()
	require.NoError(t, signed.Sign("mgr", day(2026, 9, 21)))
	item := appraisal.BuildAgenda(agendaInput())
	dd := devDay()
	dd.Sessions[0].Attended = []appraisal.Attendee{{Person: "tina", Activity: "a1"}}
	u := update()
	u.Recipients = []string{"amy"}
	tests := []struct {
		name  string
		value any
		fresh func() any
		names []string // stable names the JSON must contain
	}{
		{"target", evaluated, func() any { return new(appraisal.Target) }, []string{`"partly_achieved"`, `"line_manager"`, `"slightly_effective"`, `"appraisal"`}},
		{"review", signed, func() any { return new(appraisal.Review) }, []string{`"annual"`, `"2026-09-21"`}},
		{"feedback", feedback("a1", 5, 4, 3), func() any { return new(appraisal.Feedback) }, []string{`"organisational_support"`}},
		{"meeting", appraisal.Meeting{ID: "m1", Person: "tina", Manager: "mgr", On: item.On, Learning: &item}, func() any { return new(appraisal.Meeting) }, []string{`"done"`}},
		{"pip", pip(), func() any { return new(appraisal.PIP) }, []string{`"professional_learning"`, `"support"`}},
		{"dev day", dd, func() any { return new(appraisal.DevDay) }, []string{`"2.5"`}},
		{"update", u, func() any { return new(appraisal.Update) }, []string{`"funding_body"`}},
		{"receipt", appraisal.Receipt{Update: "u1", Person: "amy", Sent: day(2026, 11, 19), Read: day(2026, 11, 20), Activity: "a1"}, func() any { return new(appraisal.Receipt) }, nil},
		{"log submission", appraisal.LogSubmission{ID: "s1", Person: "tina", Submitted: day(2026, 11, 1), Progress: "p"}, func() any { return new(appraisal.LogSubmission) }, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.value)
			require.NoError(t, err)
			for _, n := range tc.names {
				require.Contains(t, string(b), n)
			}
			back := tc.fresh()
			require.NoError(t, json.Unmarshal(b, back))
			if d := cmp.Diff(tc.value, deref(back), decimals); d != "" {
				t.Errorf("round trip (-want +got):\n%s", d)
			}
		})
	}
}

// deref returns the value a pointer from fresh points to.
func deref(v any) any {
	switch p := v.(type) {
	case *appraisal.Target:
		return *p
	case *appraisal.Review:
		return *p
	case *appraisal.Feedback:
		return *p
	case *appraisal.Meeting:
		return *p
	case *appraisal.PIP:
		return *p
	case *appraisal.DevDay:
		return *p
	case *appraisal.Update:
		return *p
	case *appraisal.Receipt:
		return *p
	case *appraisal.LogSubmission:
		return *p
	}
	return v
}
