package cpd_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestOneErrorSpace: the sentinels that mean the same thing are the same
// value in every package, so an error from any of them is classified with
// package cpd alone; and the domain errors a Service call can return are
// re-exported by cpd.
func TestOneErrorSpace(t *testing.T) {
	// Errors the domain packages really return, not just their sentinels.
	_, complianceErr := compliance.ParsePolicy([]byte(`{"id": ""}`))
	require.Error(t, complianceErr)
	_, budgetErr := budget.Parse("twelve pounds")
	require.Error(t, budgetErr)
	for name, err := range map[string]error{"compliance": complianceErr, "budget": budgetErr} {
		require.ErrorIs(t, err, cpd.ErrInvalid, name)
	}
	require.True(t, errors.Is(appraisal.ErrInvalid, cpd.ErrInvalid))
	require.True(t, errors.Is(budget.ErrForbidden, cpd.ErrForbidden))
	require.True(t, errors.Is(budget.ErrTransition, cpd.ErrTransition))
	for _, pair := range [][2]error{
		{cpd.ErrInsufficientFunds, budget.ErrInsufficientFunds},
		{cpd.ErrNotFundable, budget.ErrNotFundable},
		{cpd.ErrCurrencyMismatch, budget.ErrCurrencyMismatch},
		{cpd.ErrSignedOff, appraisal.ErrSignedOff},
		{cpd.ErrNotSignatory, appraisal.ErrNotSignatory},
		{cpd.ErrNotParticipant, appraisal.ErrNotParticipant},
		{cpd.ErrNotRecipient, appraisal.ErrNotRecipient},
		{cpd.ErrDuplicate, appraisal.ErrDuplicate},
	} {
		require.Equal(t, pair[1], pair[0])
	}
	// Distinct meanings stay distinct.
	require.False(t, errors.Is(cpd.ErrInvalid, cpd.ErrForbidden))
	require.False(t, errors.Is(cpd.ErrNotFound, cpd.ErrInvalid))
}
