package budget

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBudgetValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Budget)
		field  string // "" means valid
	}{
		{name: "valid", change: func(*Budget) {}},
		{name: "no id", change: func(b *Budget) { b.ID = "" }, field: "id"},
		{name: "no year", change: func(b *Budget) { b.Year = "" }, field: "year"},
		{name: "no lines", change: func(b *Budget) { b.Lines = nil }, field: "lines"},
		{name: "duplicate line", change: func(b *Budget) { b.Lines[1].ID = "maths" }, field: "lines[1].id"},
		{name: "no holder", change: func(b *Budget) { b.Lines[2].Holder = "" }, field: "lines[2].holder"},
		{name: "no kind", change: func(b *Budget) { b.Lines[0].Kind = 0 }, field: "lines[0].kind"},
		{name: "other currency", change: func(b *Budget) { b.Lines[0].Amount = MustParse("EUR 5") }, field: "lines[0].amount"},
		{name: "negative amount", change: func(b *Budget) { b.Lines[1].Amount = gbp("-1") }, field: "lines[1].amount"},
		{name: "two mandatory lines", change: func(b *Budget) { b.Lines[0].Kind = MandatoryLine }, field: "lines"},
		{name: "bad enforcement", change: func(b *Budget) { b.Lines[0].Enforcement = 9 }, field: "lines[0].enforcement"},
		{name: "total too large", change: func(b *Budget) {
			b.Lines[0].Amount, b.Lines[1].Amount = gbp("999999999999.99"), gbp("0.01")
		}, field: "lines"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := testBudget()
			tt.change(&b)
			err := b.Validate()
			if tt.field == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrInvalid)
			require.Contains(t, fields(err), tt.field)
		})
	}
}

// fields returns the Field of every *ValidationError in err.
func fields(err error) []string {
	var out []string
	var walk func(error)
	walk = func(e error) {
		if ve, ok := e.(*ValidationError); ok {
			out = append(out, ve.Field)
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return out
}

func TestBudgetLife(t *testing.T) {
	p := testPolicy()
	bm := Approver{Person: "bm", Roles: []Role{RoleBusinessManager}}
	trustee := Approver{Person: "tr", Roles: []Role{RoleTrustee}}
	both := Approver{Person: "both", Roles: []Role{RoleBusinessManager, RoleTrustee}}
	head := Approver{Person: "head", Roles: []Role{RoleHeadOfEducation}}
	on := day("2026-07-01")
	type step func(*Budget) error
	propose := func(a Approver) step { return func(b *Budget) error { return b.Propose(&p, a, on) } }
	agree := func(a Approver) step { return func(b *Budget) error { return b.Agree(&p, a, on) } }
	allocate := func(a Approver) step { return func(b *Budget) error { return b.AllocateDirectly(&p, a, on) } }
	tests := []struct {
		name  string
		steps []step
		err   error // of the last step
		state State
	}{
		{name: "proposed", steps: []step{propose(bm)}, state: Proposed},
		{name: "proposed then agreed", steps: []step{propose(bm), agree(trustee)}, state: Agreed},
		{name: "allocated directly", steps: []step{allocate(head)}, state: Allocated},
		{name: "trustee may not propose", steps: []step{propose(trustee)}, err: ErrForbidden},
		{name: "business manager may not agree", steps: []step{propose(bm), agree(bm)}, err: ErrForbidden, state: Proposed},
		{name: "proposer may not agree", steps: []step{propose(both), agree(both)}, err: ErrForbidden, state: Proposed},
		{name: "agree a draft", steps: []step{agree(trustee)}, err: ErrTransition},
		{name: "agree twice", steps: []step{propose(bm), agree(trustee), agree(trustee)}, err: ErrTransition, state: Agreed},
		{name: "allocate a proposed budget", steps: []step{propose(bm), allocate(head)}, err: ErrTransition, state: Proposed},
		{name: "head may not propose", steps: []step{propose(head)}, err: ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := testBudget()
			var err error
			for _, s := range tt.steps {
				err = s(&b)
			}
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
			} else {
				require.NoError(t, err)
			}
			require.Equal(t, tt.state, b.State)
		})
	}
	t.Run("policy without direct allocation", func(t *testing.T) {
		q := testPolicy()
		q.Budget.AllocatedBy = 0
		b := testBudget()
		require.ErrorIs(t, b.AllocateDirectly(&q, head, on), ErrForbidden)
	})
	t.Run("invalid budget", func(t *testing.T) {
		b := testBudget()
		b.Lines[0].Holder = ""
		require.ErrorIs(t, b.Propose(&p, bm, on), ErrInvalid)
		require.Equal(t, State(0), b.State)
	})
	t.Run("records who and when", func(t *testing.T) {
		b := testBudget()
		require.NoError(t, b.Propose(&p, bm, day("2026-06-01")))
		require.NoError(t, b.Agree(&p, trustee, day("2026-06-20")))
		require.Equal(t, []any{"bm", day("2026-06-01"), "tr", day("2026-06-20")}, []any{b.ProposedBy, b.ProposedOn, b.AgreedBy, b.AgreedOn})
		require.True(t, b.InForce())
		require.Equal(t, "GBP 1800.00", b.Total().String())
	})
}

func TestLineFor(t *testing.T) {
	b := testBudget()
	noMandatory := testBudget()
	noMandatory.Lines[2].Kind = AreaLine
	tests := []struct {
		name   string
		budget Budget
		req    Request
		want   string
		err    bool
	}{
		{name: "named line", budget: b, req: Request{Line: "maths"}, want: "maths"},
		{name: "mandatory goes to its line", budget: b, req: Request{Mandatory: true}, want: "mandatory"},
		{name: "mandatory naming its line", budget: b, req: Request{Mandatory: true, Line: "mandatory"}, want: "mandatory"},
		{name: "mandatory on another line", budget: b, req: Request{Mandatory: true, Line: "maths"}, err: true},
		{name: "other learning on the mandatory line", budget: b, req: Request{Line: "mandatory"}, err: true},
		{name: "no line", budget: b, req: Request{}, err: true},
		{name: "unknown line", budget: b, req: Request{Line: "art"}, err: true},
		{name: "mandatory with no mandatory line", budget: noMandatory, req: Request{Mandatory: true, Line: "maths"}, want: "maths"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := tt.budget.LineFor(&tt.req)
			if tt.err {
				require.ErrorIs(t, err, ErrInvalid)
				require.Equal(t, []string{"line"}, fields(err))
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, l.ID)
		})
	}
}
