package budget

import (
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/stretchr/testify/require"
)

func TestNewClaim(t *testing.T) {
	p := testPolicy()
	p.Claims.DueWithin = period.MustParse("P1M")
	r := req(fee("200"))
	item := func(k CostKind, s string) Cost { return Cost{Kind: k, Amount: gbp(s)} }
	tests := []struct {
		name        string
		items       []Cost
		completed   string
		on          string
		outstanding string
		due         string
		late        bool
		excess      string
		chain       string
		field       string // a *ValidationError's field when invalid
	}{
		{name: "on time", items: []Cost{item(Fee, "180"), item(Travel, "20")}, completed: "2027-01-31", on: "2027-02-10",
			outstanding: "200", due: "2027-02-28", excess: "0.00", chain: "claim: budget_holder"},
		{name: "on the last day", items: []Cost{item(Fee, "180")}, completed: "2027-01-31", on: "2027-02-28",
			outstanding: "200", due: "2027-02-28", excess: "0.00", chain: "claim: budget_holder"},
		{name: "late but accepted", items: []Cost{item(Subsistence, "12.40")}, completed: "2027-01-31", on: "2027-03-01",
			outstanding: "200", due: "2027-02-28", late: true, excess: "0.00", chain: "claim: budget_holder"},
		{name: "above the commitment", items: []Cost{item(Fee, "200"), item(Accommodation, "89.99")}, completed: "2027-01-10", on: "2027-01-11",
			outstanding: "200", due: "2027-02-10", excess: "89.99", chain: "claim: budget_holder; excess: head_of_education"},
		{name: "nothing committed", items: []Cost{item(Travel, "15")}, completed: "2027-01-10", on: "2027-01-11",
			outstanding: "0", due: "2027-02-10", excess: "15.00", chain: "claim: budget_holder; excess: head_of_education"},
		{name: "before completion", items: []Cost{item(Fee, "1")}, completed: "2027-01-10", on: "2027-01-09", outstanding: "200", field: "submitted"},
		{name: "not completed", items: []Cost{item(Fee, "1")}, on: "2027-01-09", outstanding: "200", field: "completed"},
		{name: "no items", completed: "2027-01-10", on: "2027-01-11", outstanding: "200", field: "items"},
		{name: "zero item", items: []Cost{item(Fee, "0")}, completed: "2027-01-10", on: "2027-01-11", outstanding: "200", field: "items[0].amount"},
		{name: "item without kind", items: []Cost{{Amount: gbp("3")}}, completed: "2027-01-10", on: "2027-01-11", outstanding: "200", field: "items[0].kind"},
		{name: "total too large", items: []Cost{item(Fee, "999999999999.99"), item(Travel, "1")}, completed: "2027-01-10", on: "2027-01-11",
			outstanding: "200", field: "items"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var completed date.Date // zero: not completed
			if tt.completed != "" {
				completed = day(tt.completed)
			}
			c, err := p.NewClaim("cl-1", &r, tt.items, completed, day(tt.on), gbp(tt.outstanding))
			if tt.field != "" {
				require.ErrorIs(t, err, ErrInvalid)
				require.Contains(t, fields(err), tt.field)
				return
			}
			require.NoError(t, err)
			require.Equal(t, []any{day(tt.due), tt.late, "GBP " + tt.excess, tt.chain, ClaimSubmitted},
				[]any{c.DueBy, c.Late, c.Excess.String(), c.Chain.String(), c.State})
		})
	}
	t.Run("never late without a period", func(t *testing.T) {
		q := testPolicy()
		c, err := q.NewClaim("cl-1", &r, []Cost{item(Fee, "1")}, day("2020-01-01"), day("2027-01-01"), gbp("1"))
		require.NoError(t, err)
		require.False(t, c.Late)
	})
}

func TestClaimDecisions(t *testing.T) {
	p := testPolicy()
	r := req(fee("200"))
	holder := Approver{Person: "hol-maths"}
	head := Approver{Person: "head", Roles: []Role{RoleHeadOfEducation}}
	claimant := Approver{Person: "tina"}
	newClaim := func(t *testing.T, amount string) Claim {
		c, err := p.NewClaim("cl-1", &r, []Cost{{Kind: Fee, Amount: gbp(amount)}}, day("2027-01-10"), day("2027-01-12"), gbp("200"))
		require.NoError(t, err)
		return c
	}
	t.Run("approved by the holder", func(t *testing.T) {
		c := newClaim(t, "150")
		prog, err := p.ApproveClaim(&c, &r, holder, day("2027-01-13"))
		require.NoError(t, err)
		require.True(t, prog.Complete)
		require.Equal(t, ClaimApproved, c.State)
		require.Equal(t, day("2027-01-13"), c.DecidedOn)
	})
	t.Run("the difference needs approving too", func(t *testing.T) {
		c := newClaim(t, "260")
		prog, err := p.ApproveClaim(&c, &r, holder, day("2027-01-13"))
		require.NoError(t, err)
		require.Equal(t, "waiting for head_of_education", prog.String())
		require.Equal(t, ClaimSubmitted, c.State)
		_, err = p.ApproveClaim(&c, &r, head, day("2027-01-14"))
		require.NoError(t, err)
		require.Equal(t, ClaimApproved, c.State)
	})
	t.Run("the claimant may not approve", func(t *testing.T) {
		q := r
		q.LineHolder = "tina"
		c := newClaim(t, "150")
		_, err := p.ApproveClaim(&c, &q, claimant, day("2027-01-13"))
		require.ErrorIs(t, err, ErrForbidden)
		require.Empty(t, c.Approvals)
	})
	t.Run("whoever submitted it may not approve", func(t *testing.T) {
		c := newClaim(t, "150")
		c.SubmittedBy = "hol-maths"
		_, err := p.ApproveClaim(&c, &r, holder, day("2027-01-13"))
		require.ErrorIs(t, err, ErrForbidden)
		require.Empty(t, c.Approvals)
	})
	t.Run("rejected", func(t *testing.T) {
		c := newClaim(t, "150")
		require.ErrorIs(t, p.RejectClaim(&c, &r, holder, "", day("2027-01-13")), ErrInvalid)
		require.ErrorIs(t, p.RejectClaim(&c, &r, head, "no receipts", day("2027-01-13")), ErrForbidden)
		require.NoError(t, p.RejectClaim(&c, &r, holder, "no receipts", day("2027-01-13")))
		require.Equal(t, []any{ClaimRejected, "hol-maths", "no receipts"}, []any{c.State, c.RejectedBy, c.Reason})
		_, err := p.ApproveClaim(&c, &r, holder, day("2027-01-14"))
		require.ErrorIs(t, err, ErrTransition)
	})
	t.Run("decided before it was made", func(t *testing.T) {
		c := newClaim(t, "150")
		_, err := p.ApproveClaim(&c, &r, holder, day("2027-01-11"))
		require.ErrorIs(t, err, ErrInvalid)
	})
	t.Run("another request", func(t *testing.T) {
		c := newClaim(t, "150")
		other := r
		other.ID = "act-2"
		_, err := p.ApproveClaim(&c, &other, holder, day("2027-01-13"))
		require.ErrorIs(t, err, ErrInvalid)
	})
}

// TestRejudge checks a claim's excess is judged again against what is
// still committed: the excess approvers' step comes and goes with it, and
// approvals already given stay.
func TestRejudge(t *testing.T) {
	p := testPolicy()
	r := req(fee("200"))
	c, err := p.NewClaim("cl-1", &r, []Cost{{Kind: Fee, Amount: gbp("150")}}, day("2027-01-10"), day("2027-01-12"), gbp("200"))
	require.NoError(t, err)
	require.Equal(t, "claim: budget_holder", c.Chain.String())

	require.NoError(t, p.Rejudge(&c, &r, gbp("100")))
	require.Equal(t, []string{"GBP 100.00", "GBP 50.00", "claim: budget_holder; excess: head_of_education"},
		[]string{c.Outstanding.String(), c.Excess.String(), c.Chain.String()})
	prog, err := p.ApproveClaim(&c, &r, Approver{Person: "hol-maths"}, day("2027-01-13"))
	require.NoError(t, err)
	require.Equal(t, "waiting for head_of_education", prog.String())

	require.NoError(t, p.Rejudge(&c, &r, gbp("150")))
	require.Equal(t, []string{"GBP 0.00", "claim: budget_holder", "complete"},
		[]string{c.Excess.String(), c.Chain.String(), c.Chain.Progress(c.Approvals).String()})

	require.ErrorIs(t, p.Rejudge(&c, &r, gbp("-1")), ErrInvalid)
	require.ErrorIs(t, p.Rejudge(&c, &r, MustParse("EUR 1")), ErrInvalid)
	c.State = ClaimApproved
	require.ErrorIs(t, p.Rejudge(&c, &r, gbp("1")), ErrTransition)
}
