package budget

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// req returns a request for "tina" (line manager "mgr") on the maths line
// (holder "hol-maths"), relevant to her role, starting 2026-11-20, with
// the given costs.
func req(items ...Cost) Request {
	return Request{
		ID: "act-1", Person: "tina", RequestedBy: "tina", LineManager: "mgr", Line: "maths", LineHolder: "hol-maths",
		Kind: "external_course", Necessity: NecessaryLearning, RelevantToRole: true, Start: day("2026-11-20"),
		Costs: Costs{Items: items},
	}
}

func fee(s string) Cost    { return Cost{Kind: Fee, Amount: gbp(s)} }
func travel(s string) Cost { return Cost{Kind: Travel, Amount: gbp(s)} }

func TestChainRules(t *testing.T) {
	p := testPolicy()
	require.NoError(t, p.Validate())
	tests := []struct {
		name   string
		change func(*Request)
		want   string // Chain.String
		err    error
	}{
		{name: "no cost", change: func(r *Request) { r.Costs = Costs{} }, want: "no approval needed"},
		{name: "a cost", change: func(r *Request) { r.Costs = Costs{Items: []Cost{fee("200")}} }, want: "costs: budget_holder + head_of_education"},
		{name: "cover alone is a cost", change: func(r *Request) {
			r.Costs = Costs{Cover: &Cover{Days: decimal.RequireFromString("1"), DayRate: gbp("150")}}
		}, want: "costs: budget_holder + head_of_education"},
		{name: "overnight", change: func(r *Request) { r.Overnight = true },
			want: "costs: budget_holder + head_of_education; overnight: managing_director (before the start)"},
		{name: "travel above the threshold", change: func(r *Request) { r.Costs.Items = append(r.Costs.Items, travel("100.01")) },
			want: "costs: budget_holder + head_of_education; travel: managing_director (before the start)"},
		{name: "travel at the threshold", change: func(r *Request) { r.Costs.Items = append(r.Costs.Items, travel("100")) },
			want: "costs: budget_holder + head_of_education"},
		{name: "travel in several items", change: func(r *Request) { r.Costs.Items = append(r.Costs.Items, travel("60"), travel("40.01")) },
			want: "costs: budget_holder + head_of_education; travel: managing_director (before the start)"},
		{name: "secondment instead of costs", change: func(r *Request) { r.Kind = "secondment" },
			want: "secondment: line_manager then head_of_education"},
		{name: "big cost", change: func(r *Request) { r.Costs.Items = []Cost{fee("2000.01")} },
			want: "costs: budget_holder + head_of_education; big: managing_director"},
		{name: "big mandatory cost", change: func(r *Request) { r.Costs.Items = []Cost{fee("2000.01")}; r.Mandatory = true },
			want: "costs: budget_holder + head_of_education; mandatory: administrator"},
		{name: "cheap aspirational", change: func(r *Request) { r.Necessity = AspirationalLearning; r.Costs.Items = []Cost{fee("50")} },
			want: "costs: budget_holder + head_of_education; aspirational: line_manager"},
		{name: "dearer aspirational", change: func(r *Request) { r.Necessity = AspirationalLearning; r.Costs.Items = []Cost{fee("50.01")} },
			want: "costs: budget_holder + head_of_education"},
		{name: "not relevant to the role", change: func(r *Request) { r.RelevantToRole = false }, err: ErrNotFundable},
		{name: "required but not relevant", change: func(r *Request) { r.RelevantToRole = false; r.Mandatory = true },
			want: "costs: budget_holder + head_of_education; mandatory: administrator"},
		{name: "negative cost", change: func(r *Request) { r.Costs.Items = []Cost{fee("-1")} }, err: ErrInvalid},
		{name: "cost in euros", change: func(r *Request) { r.Costs.Items = []Cost{{Kind: Fee, Amount: MustParse("EUR 1")}} }, err: ErrInvalid},
		{name: "no line", change: func(r *Request) { r.Line = "" }, err: ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := req(fee("200"))
			tt.change(&r)
			c, err := p.Chain(&r)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, c.String())
		})
	}
	t.Run("any learning when configured", func(t *testing.T) {
		q := testPolicy()
		q.Fundability = AnyLearning
		r := req(fee("10"))
		r.RelevantToRole = false
		_, err := q.Chain(&r)
		require.NoError(t, err)
	})
}

func TestChainApprove(t *testing.T) {
	p := testPolicy()
	holder := Approver{Person: "hol-maths"} // holds the line, no other role
	head := Approver{Person: "head", Roles: []Role{RoleHeadOfEducation}}
	md := Approver{Person: "md", Roles: []Role{RoleManagingDirector}}
	mgr := Approver{Person: "mgr"}
	otherHolder := Approver{Person: "hol-eng"}
	headHolder := Approver{Person: "hol-maths", Roles: []Role{RoleHeadOfEducation}}
	type try struct {
		by  Approver
		on  string
		err error
	}
	tests := []struct {
		name     string
		change   func(*Request)
		distinct bool
		tries    []try
		waiting  string // Progress.String after the last try
	}{
		{name: "holder then head", tries: []try{{by: holder}, {by: head}}, waiting: "complete"},
		{name: "partial approval waits", tries: []try{{by: head}}, waiting: "waiting for budget_holder"},
		{name: "another line's holder may not", tries: []try{{by: otherHolder, err: ErrForbidden}}, waiting: "waiting for budget_holder, head_of_education"},
		{name: "the same role twice", tries: []try{{by: head}, {by: Approver{Person: "head2", Roles: []Role{RoleHeadOfEducation}}, err: ErrForbidden}},
			waiting: "waiting for budget_holder"},
		{name: "the person may not approve", change: func(r *Request) { r.LineHolder = "tina" },
			tries: []try{{by: Approver{Person: "tina"}, err: ErrForbidden}}, waiting: "waiting for budget_holder, head_of_education"},
		{name: "who requested it may not approve", change: func(r *Request) { r.RequestedBy = "head" },
			tries: []try{{by: head, err: ErrForbidden}}, waiting: "waiting for budget_holder, head_of_education"},
		{name: "one person in two roles", tries: []try{{by: headHolder}}, waiting: "complete"},
		{name: "distinct approvers", distinct: true, tries: []try{{by: headHolder}, {by: headHolder, err: ErrForbidden}, {by: head}}, waiting: "complete"},
		{name: "approved already", tries: []try{{by: headHolder}, {by: head, err: ErrTransition}}, waiting: "complete"},
		{name: "overnight needs the managing director", change: func(r *Request) { r.Overnight = true },
			tries: []try{{by: holder}, {by: head}}, waiting: "waiting for managing_director"},
		{name: "managing director before the course", change: func(r *Request) { r.Overnight = true },
			tries: []try{{by: holder}, {by: head}, {by: md, on: "2026-11-19"}}, waiting: "complete"},
		{name: "managing director too late", change: func(r *Request) { r.Overnight = true },
			tries: []try{{by: holder}, {by: head}, {by: md, on: "2026-11-20", err: ErrInvalid}}, waiting: "waiting for managing_director"},
		{name: "ordered: head must wait for the line manager", change: func(r *Request) { r.Kind = "secondment" },
			tries: []try{{by: head, err: ErrForbidden}, {by: mgr}}, waiting: "waiting for head_of_education"},
		{name: "ordered in turn", change: func(r *Request) { r.Kind = "secondment" },
			tries: []try{{by: mgr}, {by: head}}, waiting: "complete"},
		{name: "only the person's own line manager", change: func(r *Request) { r.Kind = "secondment" },
			tries: []try{{by: Approver{Person: "mgr2"}, err: ErrForbidden}}, waiting: "waiting for line_manager, head_of_education"},
		{name: "no day", tries: []try{{by: holder, on: "-", err: ErrInvalid}}, waiting: "waiting for budget_holder, head_of_education"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := req(fee("200"))
			if tt.change != nil {
				tt.change(&r)
			}
			q := p
			q.DistinctApprovers = tt.distinct
			c, err := q.Chain(&r)
			require.NoError(t, err)
			var given []Approval
			for i, tr := range tt.tries {
				on := day("2026-11-01")
				switch tr.on {
				case "":
				case "-":
					on = 0
				default:
					on = day(tr.on)
				}
				before := len(given)
				got, _, err := c.Approve(&r, given, tr.by, on)
				if tr.err != nil {
					require.ErrorIs(t, err, tr.err, "try %d", i)
					require.Len(t, given, before, "a refused approval records nothing")
					continue
				}
				require.NoError(t, err, "try %d", i)
				given = got
			}
			require.Equal(t, tt.waiting, c.Progress(given).String())
		})
	}
}

func TestProgressNext(t *testing.T) {
	c := Chain{Steps: []Step{
		{Rule: "a", Roles: []Role{RoleLineManager, RoleHeadOfEducation}, Ordered: true},
		{Rule: "b", Roles: []Role{RoleHeadOfEducation, RoleManagingDirector}},
	}}
	p := c.Progress(nil)
	diff(t, Progress{Waiting: []Role{RoleLineManager, RoleHeadOfEducation, RoleManagingDirector}, Next: []Role{RoleLineManager, RoleManagingDirector}}, p)
	p = c.Progress([]Approval{{Role: RoleLineManager, By: "m", On: day("2026-01-01")}})
	diff(t, Progress{Waiting: []Role{RoleHeadOfEducation, RoleManagingDirector}, Next: []Role{RoleHeadOfEducation, RoleManagingDirector}}, p)
}
