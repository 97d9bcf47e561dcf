package budget

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestStandIn checks who approves for a person who cannot be approved
// for in a role: the alternate the policy names, followed while the
// alternate is no better, and the role itself when no alternate is left.
func TestStandIn(t *testing.T) {
	p := testPolicy()
	p.Alternates = []Alternate{
		{Role: RoleHeadOfEducation, By: RoleTrustee},
		{Role: RoleBudgetHolder, By: RoleBusinessManager},
		{Role: RoleLineManager, By: RoleHeadOfEducation},
	}
	head := req(fee("200"))
	head.Person, head.RequestedBy, head.LineManager, head.PersonRoles = "head", "head", "", []Role{RoleHeadOfEducation}
	holder := req(fee("200"))
	holder.Person, holder.RequestedBy = "hol-maths", "hol-maths"
	secondment := req(fee("200"))
	secondment.Kind = "secondment"
	headSecondment := secondment
	headSecondment.Person, headSecondment.RequestedBy, headSecondment.LineManager, headSecondment.PersonRoles = "head", "head", "", []Role{RoleHeadOfEducation}
	tests := []struct {
		name  string
		r     Request
		chain string
	}{
		{"anyone else", req(fee("200")), "costs: budget_holder + head_of_education"},
		{"the head of education's own", head, "costs: budget_holder + trustee"},
		{"a holder charging their own line", holder, "costs: business_manager + head_of_education"},
		{"the head without a line manager, followed through", headSecondment, "secondment: trustee"},
		{"someone else's secondment", secondment, "secondment: line_manager then head_of_education"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := p.Chain(&tt.r)
			require.NoError(t, err)
			require.Equal(t, tt.chain, c.String())
		})
	}
	t.Run("no alternate left", func(t *testing.T) {
		q := testPolicy()
		c, err := q.Chain(&head)
		require.NoError(t, err)
		require.Equal(t, "costs: budget_holder + head_of_education", c.String(), "the policy names none, so the chain waits")
	})
	t.Run("the head's own course is approved by others", func(t *testing.T) {
		c, err := p.Chain(&head)
		require.NoError(t, err)
		given, _, err := c.Approve(&head, nil, Approver{Person: "hol-maths"}, day("2026-11-01"))
		require.NoError(t, err)
		_, prog, err := c.Approve(&head, given, Approver{Person: "chair", Roles: []Role{RoleTrustee}}, day("2026-11-02"))
		require.NoError(t, err)
		require.True(t, prog.Complete)
	})
}

// TestBeforeStartNeedsAStart checks a rule to be approved before the
// learning starts is not skipped for a request that does not say when it
// starts: the request is refused, and so is an approval of a chain kept
// from before.
func TestBeforeStartNeedsAStart(t *testing.T) {
	p := testPolicy()
	r := req(fee("200"))
	r.Overnight, r.Start = true, 0
	_, err := p.Chain(&r)
	require.ErrorIs(t, err, ErrInvalid)
	require.Contains(t, fields(err), "start")

	r.Start = day("2026-12-01")
	c, err := p.Chain(&r)
	require.NoError(t, err)
	r.Start = 0
	_, _, err = c.Approve(&r, nil, Approver{Person: "md", Roles: []Role{RoleManagingDirector}}, day("2026-11-01"))
	require.ErrorIs(t, err, ErrInvalid)
}

func TestAlternatesJSON(t *testing.T) {
	withAlternates := strings.Replace(minimal, `"id": "p"`,
		`"id": "p", "alternates": [{"role": "head_of_education", "by": "trustee"}, {"role": "line_manager", "by": "head_of_education"}]`, 1)
	p := mustParse(t, withAlternates)
	require.Equal(t, []Alternate{{RoleHeadOfEducation, RoleTrustee}, {RoleLineManager, RoleHeadOfEducation}}, p.Alternates)
	tests := []struct{ name, alternates, field string }{
		{"unknown role", `[{"role": "bursar", "by": "trustee"}]`, "alternates[0].role"},
		{"itself", `[{"role": "trustee", "by": "trustee"}]`, "alternates[0].by"},
		{"twice", `[{"role": "trustee", "by": "managing_director"}, {"role": "trustee", "by": "head_of_education"}]`, "alternates[1].role"},
		{"unknown field", `[{"role": "trustee", "by": "managing_director", "when": 1}]`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePolicy([]byte(strings.Replace(minimal, `"id": "p"`, `"id": "p", "alternates": `+tt.alternates, 1)))
			require.ErrorIs(t, err, ErrInvalid)
			if tt.field != "" {
				require.Contains(t, fields(err), tt.field)
			}
		})
	}
}

// TestClaimStandIns checks a claim's approvers go to their alternates as
// a request's do: a budget holder's own claim on their line is not theirs
// to approve.
func TestClaimStandIns(t *testing.T) {
	p := testPolicy()
	p.Alternates = []Alternate{{Role: RoleBudgetHolder, By: RoleBusinessManager}, {Role: RoleHeadOfEducation, By: RoleTrustee}}
	r := req(fee("200"))
	r.Person, r.RequestedBy, r.PersonRoles = "hol-maths", "hol-maths", []Role{RoleHeadOfEducation}
	c, err := p.NewClaim("cl-1", &r, []Cost{fee("250")}, day("2027-01-10"), day("2027-01-12"), gbp("200"))
	require.NoError(t, err)
	require.Equal(t, "claim: business_manager; excess: trustee", c.Chain.String())
	require.NoError(t, p.Rejudge(&c, &r, gbp("250")))
	require.Equal(t, "claim: business_manager", c.Chain.String())
}

// TestRequesterStandIns checks a role whoever requested the learning acts
// in goes to its alternate too, as they may not approve what they asked
// for: the head of education's request for a colleague, a line manager's
// for their report.
func TestRequesterStandIns(t *testing.T) {
	p := testPolicy()
	p.Alternates = []Alternate{{Role: RoleHeadOfEducation, By: RoleTrustee}, {Role: RoleLineManager, By: RoleHeadOfEducation}}
	byHead := req(fee("200"))
	byHead.RequestedBy, byHead.RequesterRoles = "head", []Role{RoleHeadOfEducation}
	c, err := p.Chain(&byHead)
	require.NoError(t, err)
	require.Equal(t, "costs: budget_holder + trustee", c.String())
	byManager := req(fee("200"))
	byManager.Kind, byManager.RequestedBy = "secondment", "mgr"
	c, err = p.Chain(&byManager)
	require.NoError(t, err)
	require.Equal(t, "secondment: head_of_education", c.String())
}
