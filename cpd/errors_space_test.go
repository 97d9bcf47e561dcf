package cpd_test

import (
	"errors"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestOneErrorSpace: the sentinels that mean the same thing are the same
// value in every package, so an error from any of them is classified with
// package cpd alone; and the domain errors a Service call can return are
// re-exported by cpd; and their validation errors are one type.
func TestOneErrorSpace(t *testing.T) {
	// Errors the domain packages really return, not just their sentinels.
	_, complianceErr := compliance.ParsePolicy([]byte(`{"id": ""}`))
	require.Error(t, complianceErr)
	_, budgetErr := budget.Parse("twelve pounds")
	require.Error(t, budgetErr)
	// A cost in the wrong currency is bad input too.
	_, mixedErr := budget.MustParse("GBP 1").Add(budget.MustParse("EUR 1"))
	require.ErrorIs(t, mixedErr, cpd.ErrCurrencyMismatch)
	for name, err := range map[string]error{"compliance": complianceErr, "budget": budgetErr, "currency mismatch": mixedErr} {
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

	// A validation error from any domain package is the one ValidationError
	// type, so errors.As with package cpd's name finds the field of a
	// compliance, budget or appraisal error a Service call passes on, and
	// a more specific error in its Err still matches.
	_, compliancePolicy := compliance.ParsePolicy([]byte(`{"id": ""}`))
	_, complianceJSON := compliance.ParsePolicy([]byte(`{"id": "p", "Name": "wrong case"}`))
	_, budgetMoney := budget.Parse("twelve pounds")
	_, budgetJSON := budget.ParsePolicy([]byte(`{"id": "p", "Currency": "GBP"}`))
	target := appraisal.Target{ID: "t1", Status: appraisal.PartlyAchieved}
	notLinked := target.Rate(appraisal.Rating{Activity: "a9"}, nil)
	plan := appraisal.PIP{Person: "tutor", Manager: "line-manager", Start: date.New(2026, 11, 1), Review: date.New(2027, 1, 31),
		Concerns: "late feedback", Actions: []appraisal.Action{{Kind: appraisal.Support, Due: date.New(2026, 11, 8)}}}
	nested := plan.Validate()
	for _, tc := range []struct {
		name, field string
		err, also   error
	}{
		{"compliance policy", "id", compliancePolicy, nil},
		{"compliance JSON", "Name", complianceJSON, nil},
		{"budget money", "money", budgetMoney, nil},
		{"budget JSON", "Currency", budgetJSON, nil},
		{"appraisal not linked", "activity", notLinked, appraisal.ErrNotLinked},
		{"appraisal nested", "actions[0].description", nested, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ve *cpd.ValidationError
			require.ErrorAs(t, tc.err, &ve)
			require.Equal(t, tc.field, ve.Field)
			require.NotEmpty(t, ve.Reason)
			require.ErrorIs(t, tc.err, cpd.ErrInvalid)
			// Each package's name is the same type.
			require.ErrorAs(t, tc.err, new(*compliance.ValidationError))
			require.ErrorAs(t, tc.err, new(*budget.ValidationError))
			require.ErrorAs(t, tc.err, new(*appraisal.ValidationError))
			if tc.also != nil {
				require.ErrorIs(t, tc.err, tc.also)
				require.ErrorIs(t, ve, tc.also)
			}
		})
	}
}
