package cpd

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/budget"
)

// named reports whether an enumeration value has a stable name: the test
// for "is a value of the type" that every cpdkit enumeration answers alike.
func named(v interface{ MarshalText() ([]byte, error) }) bool {
	_, err := v.MarshalText()
	return err == nil
}

// TestBudgetRoleTotal checks the organisational roles meet the budget
// roles by a total mapping: every role either maps to the budget role of
// the same name or is one of those deliberately given none, and every
// budget role is reached, so no role a budget policy can name is out of
// reach of cpd's callers.
func TestBudgetRoleTotal(t *testing.T) {
	refused := map[Role]bool{RoleStaff: true, RoleIQA: true, RoleAuditor: true}
	reached := map[budget.Role]bool{}
	for v := range 256 {
		r := Role(v)
		br, ok := budgetRole(r)
		switch {
		case !named(r):
			require.False(t, ok, "Role(%d) has no name, so no budget role", v)
		case refused[r]:
			require.False(t, ok, "%s takes no part in spending decisions", r)
		default:
			require.True(t, ok, "%s maps to no budget role and is not refused", r)
			require.True(t, br.Valid(), "%s maps to %d", r, br)
			require.Equal(t, r.String(), br.String(), "%s maps to the budget role of its name", r)
			reached[br] = true
		}
	}
	for v := range 256 {
		if br := budget.Role(v); br.Valid() {
			require.True(t, reached[br], "no organisational role acts as budget role %s", br)
		}
	}
}

// TestBudgetRoles checks an approver's roles keep the mapped ones, in
// order, and drop the refused ones.
func TestBudgetRoles(t *testing.T) {
	got := budgetRoles([]Role{RoleStaff, RoleLineManager, RoleAuditor, RoleHeadOfEducation, RoleIQA})
	require.Equal(t, []budget.Role{budget.RoleLineManager, budget.RoleHeadOfEducation}, got)
	require.Empty(t, budgetRoles([]Role{RoleStaff, Role(99)}))
}

// TestTargetSourceTotal checks every source of a target is an activity
// source of the same name, and that a value with no name is refused
// rather than taken for another source.
func TestTargetSourceTotal(t *testing.T) {
	for v := range 256 {
		src := appraisal.Source(v)
		got, err := targetSource(src)
		if !named(src) {
			require.ErrorIs(t, err, ErrInvalid, "appraisal.Source(%d)", v)
			continue
		}
		require.NoError(t, err, "%s", src)
		require.True(t, named(got), "%s maps to %d", src, got)
		require.Equal(t, src.String(), got.String(), "%s maps to the activity source of its name", src)
	}
}

// TestNecessityIsBudgets checks an activity's necessity is the budget
// request's, value for value, with no conversion.
func TestNecessityIsBudgets(t *testing.T) {
	var n Necessity = budget.AspirationalLearning
	require.Equal(t, Aspirational, n)
	require.Equal(t, budget.NecessaryLearning, Necessary)
}
