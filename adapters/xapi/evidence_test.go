package xapi

import (
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestCreditEvidenceOneRule: a credit becomes evidence by the one rule for
// completions that cpd and badges use: a topic the course names twice, or
// empty, gives no second record, and the hours count once.
func TestCreditEvidenceOneRule(t *testing.T) {
	c := Credit{Statement: "s1", Date: date.New(2026, 7, 1), Hours: decimal.RequireFromString("1.5"),
		Course: &Course{Topics: []string{"safeguarding", "", "safeguarding", "prevent"}, Kind: "elearning"}}
	evs := c.Evidence()
	require.Len(t, evs, 2)
	require.Equal(t, "safeguarding", evs[0].Topic)
	require.Equal(t, "prevent", evs[1].Topic)
	require.True(t, evs[0].Hours.Equal(decimal.RequireFromString("1.5")))
	require.True(t, evs[1].Hours.IsZero())
	for _, e := range evs {
		require.Equal(t, "s1", e.ID)
		require.Equal(t, "elearning", e.Kind)
	}
}
