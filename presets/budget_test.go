package presets_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/presets"
)

func TestBudgetNames(t *testing.T) {
	if diff := cmp.Diff([]string{"avct", "letta"}, presets.BudgetNames()); diff != "" {
		t.Errorf("BudgetNames() mismatch (-want +got):\n%s", diff)
	}
	for _, name := range []string{"", "nope", "../budget/avct", "avct.json"} {
		t.Run("unknown "+name, func(t *testing.T) {
			_, err := presets.LoadBudget(name)
			require.True(t, errors.Is(err, presets.ErrUnknown), "LoadBudget(%q) error = %v", name, err)
		})
	}
}

func TestBudgetPresetsRoundTrip(t *testing.T) {
	for _, name := range presets.BudgetNames() {
		t.Run(name, func(t *testing.T) {
			p, err := presets.LoadBudget(name)
			require.NoError(t, err)
			require.NotEmpty(t, p.Notes)
			for _, r := range p.Rules {
				require.NotEmpty(t, r.Note, "rule %s says where it comes from", r.ID)
			}
			out, err := json.Marshal(p)
			require.NoError(t, err)
			again, err := budget.ParsePolicy(out)
			require.NoError(t, err)
			if diff := cmp.Diff(p, again, samePeriod); diff != "" {
				t.Errorf("policy changed in a round trip (-loaded +reparsed):\n%s", diff)
			}
			raw, err := presets.BudgetJSON(name)
			require.NoError(t, err)
			if diff := cmp.Diff(jsonValue(t, raw), jsonValue(t, out)); diff != "" {
				t.Errorf("preset file is not canonical (-file +marshalled):\n%s", diff)
			}
		})
	}
}

// The people of the preset tests: a tutor whose line manager is "mgr",
// charging the English line held by "eng-lead".
var (
	holder  = budget.Approver{Person: "eng-lead"}
	manager = budget.Approver{Person: "mgr"}
	head    = budget.Approver{Person: "head", Roles: []budget.Role{budget.RoleHeadOfEducation}}
	md      = budget.Approver{Person: "md", Roles: []budget.Role{budget.RoleManagingDirector}}
	bm      = budget.Approver{Person: "bm", Roles: []budget.Role{budget.RoleBusinessManager}}
	trustee = budget.Approver{Person: "trustee", Roles: []budget.Role{budget.RoleTrustee}}
	tutor   = budget.Approver{Person: "tutor"}
)

func request(kind string, items ...budget.Cost) budget.Request {
	return budget.Request{
		ID: "act-1", Person: "tutor", RequestedBy: "tutor", LineManager: "mgr", Line: "english", LineHolder: "eng-lead",
		Kind: kind, Necessity: budget.NecessaryLearning, RelevantToRole: true, Start: date.New(2026, 11, 20),
		Costs: budget.Costs{Items: items},
	}
}

func gbp(kind budget.CostKind, s string) budget.Cost {
	return budget.Cost{Kind: kind, Amount: budget.MustParse("GBP " + s)}
}

// TestBudgetPresetChains runs every approval rule of both presets: which
// rules a request meets, who may approve it and in what order, and what a
// partial approval still waits for.
func TestBudgetPresetChains(t *testing.T) {
	overnight := func(r *budget.Request) { r.Overnight = true }
	notRelevant := func(r *budget.Request) { r.RelevantToRole = false }
	mandatory := func(r *budget.Request) { r.RelevantToRole, r.Mandatory = false, true }
	withCover := func(r *budget.Request) {
		r.Costs = budget.Costs{Cover: &budget.Cover{Days: decimal.NewFromInt(1), DayRate: budget.MustParse("GBP 150")}}
	}
	tests := []struct {
		preset  string
		name    string
		req     budget.Request
		change  func(*budget.Request)
		chain   string
		err     error // from Chain
		by      []budget.Approver
		on      date.Date // of the approvals; zero means 2026-11-02
		refused error     // of the last approval, if refused
		waiting string
	}{
		// LETTA 3: associated costs, budget holder and Director of School Improvement.
		{preset: "letta", name: "course cost needs holder and director", req: request("external_course", gbp(budget.Fee, "250")),
			chain: "associated-costs: budget_holder + head_of_education", by: []budget.Approver{holder, head}, waiting: "complete"},
		{preset: "letta", name: "holder alone leaves it pending", req: request("external_course", gbp(budget.Fee, "250")),
			chain: "associated-costs: budget_holder + head_of_education", by: []budget.Approver{holder}, waiting: "waiting for head_of_education"},
		{preset: "letta", name: "director alone leaves it pending", req: request("conference", gbp(budget.Fee, "90")),
			chain: "associated-costs: budget_holder + head_of_education", by: []budget.Approver{head}, waiting: "waiting for budget_holder"},
		{preset: "letta", name: "line manager is not the budget holder", req: request("external_course", gbp(budget.Fee, "250")),
			chain: "associated-costs: budget_holder + head_of_education", by: []budget.Approver{manager}, refused: budget.ErrForbidden,
			waiting: "waiting for budget_holder, head_of_education"},
		{preset: "letta", name: "cover is a cost", req: request("external_course"), change: withCover,
			chain: "associated-costs: budget_holder + head_of_education", by: []budget.Approver{holder, head}, waiting: "complete"},
		{preset: "letta", name: "no cost needs no chain", req: request("webinar"), chain: "no approval needed", waiting: "complete"},
		// LETTA 7: work-shadowing and secondments, line manager and director.
		{preset: "letta", name: "work-shadowing needs line manager and director", req: request("work_shadowing", gbp(budget.Travel, "40")),
			chain: "work-shadowing-and-secondment: line_manager + head_of_education", by: []budget.Approver{manager, head}, waiting: "complete"},
		{preset: "letta", name: "secondment: the holder may not sign off", req: request("secondment", gbp(budget.Subsistence, "300")),
			chain: "work-shadowing-and-secondment: line_manager + head_of_education", by: []budget.Approver{holder}, refused: budget.ErrForbidden,
			waiting: "waiting for line_manager, head_of_education"},
		{preset: "letta", name: "secondment with the line manager only", req: request("secondment", gbp(budget.Subsistence, "300")),
			chain: "work-shadowing-and-secondment: line_manager + head_of_education", by: []budget.Approver{manager}, waiting: "waiting for head_of_education"},
		// LETTA 4: fundability.
		{preset: "letta", name: "not relevant to the role is not funded", req: request("external_course", gbp(budget.Fee, "250")),
			change: notRelevant, err: budget.ErrNotFundable},
		{preset: "letta", name: "required by the organisation is funded", req: request("external_course", gbp(budget.Fee, "60")),
			change: mandatory, chain: "associated-costs: budget_holder + head_of_education", by: []budget.Approver{holder, head}, waiting: "complete"},
		{preset: "letta", name: "nobody approves their own", req: request("external_course", gbp(budget.Fee, "250")),
			chain: "associated-costs: budget_holder + head_of_education", by: []budget.Approver{tutor}, refused: budget.ErrForbidden,
			waiting: "waiting for budget_holder, head_of_education"},
		// AVCT: costs by the line's holder; overnight and significant travel by the MD before the course.
		{preset: "avct", name: "course cost needs the holder", req: request("external_course", gbp(budget.Fee, "250")),
			chain: "costs: budget_holder", by: []budget.Approver{holder}, waiting: "complete"},
		{preset: "avct", name: "overnight needs the managing director", req: request("external_course", gbp(budget.Fee, "250"), gbp(budget.Accommodation, "95")),
			change: overnight, chain: "costs: budget_holder; overnight: managing_director (before the start)",
			by: []budget.Approver{holder}, waiting: "waiting for managing_director"},
		{preset: "avct", name: "overnight agreed before the course", req: request("external_course", gbp(budget.Fee, "250")),
			change: overnight, chain: "costs: budget_holder; overnight: managing_director (before the start)",
			by: []budget.Approver{holder, md}, on: date.New(2026, 11, 19), waiting: "complete"},
		{preset: "avct", name: "overnight not agreed in time", req: request("external_course", gbp(budget.Fee, "250")),
			change: overnight, chain: "costs: budget_holder; overnight: managing_director (before the start)",
			by: []budget.Approver{holder, md}, on: date.New(2026, 11, 20), refused: budget.ErrInvalid, waiting: "waiting for managing_director"},
		{preset: "avct", name: "significant travel", req: request("conference", gbp(budget.Fee, "120"), gbp(budget.Travel, "100.01")),
			chain: "costs: budget_holder; significant-travel: managing_director (before the start)",
			by:    []budget.Approver{md, holder}, waiting: "complete"},
		{preset: "avct", name: "travel at the threshold is not significant", req: request("conference", gbp(budget.Travel, "100.00")),
			chain: "costs: budget_holder", by: []budget.Approver{holder}, waiting: "complete"},
		{preset: "avct", name: "overnight and significant travel, one agreement", req: request("conference", gbp(budget.Travel, "180")),
			change: overnight, chain: "costs: budget_holder; overnight: managing_director (before the start); significant-travel: managing_director (before the start)",
			by: []budget.Approver{md}, waiting: "waiting for budget_holder"},
		{preset: "avct", name: "head of education is not the holder", req: request("external_course", gbp(budget.Fee, "250")),
			chain: "costs: budget_holder", by: []budget.Approver{head}, refused: budget.ErrForbidden, waiting: "waiting for budget_holder"},
		{preset: "avct", name: "aspiration outside the role is the person's own", req: request("accredited_qualification", gbp(budget.Fee, "900")),
			change: notRelevant, err: budget.ErrNotFundable},
		{preset: "avct", name: "mandatory training is funded", req: request("internal_course", gbp(budget.Fee, "35")),
			change: mandatory, chain: "costs: budget_holder", by: []budget.Approver{holder}, waiting: "complete"},
	}
	for _, tt := range tests {
		t.Run(tt.preset+"/"+tt.name, func(t *testing.T) {
			p, err := presets.LoadBudget(tt.preset)
			require.NoError(t, err)
			r := tt.req
			if tt.change != nil {
				tt.change(&r)
			}
			chain, err := p.Chain(&r)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.chain, chain.String())
			on := tt.on
			if on == 0 {
				on = date.New(2026, 11, 2)
			}
			var given []budget.Approval
			for i, by := range tt.by {
				got, _, err := chain.Approve(&r, given, by, on)
				if i == len(tt.by)-1 && tt.refused != nil {
					require.ErrorIs(t, err, tt.refused)
					break
				}
				require.NoError(t, err, "approval %d by %s", i, by.Person)
				given = got
			}
			require.Equal(t, tt.waiting, chain.Progress(given).String())
		})
	}
}

// TestBudgetPresetSetting checks who sets each preset's budget.
func TestBudgetPresetSetting(t *testing.T) {
	on := date.New(2026, 7, 1)
	lines := []budget.Line{{ID: "english", Name: "English", Kind: budget.SubjectLine, Holder: "eng-lead", Amount: budget.MustParse("GBP 5000")}}
	tests := []struct {
		preset string
		name   string
		steps  func(p *budget.Policy, b *budget.Budget) error
		err    error
		state  budget.State
	}{
		{preset: "letta", name: "business manager proposes, trustees agree", state: budget.Agreed,
			steps: func(p *budget.Policy, b *budget.Budget) error {
				return errors.Join(b.Propose(p, bm, on), b.Agree(p, trustee, on))
			}},
		{preset: "letta", name: "director of school improvement may not allocate", err: budget.ErrForbidden,
			steps: func(p *budget.Policy, b *budget.Budget) error { return b.AllocateDirectly(p, head, on) }},
		{preset: "letta", name: "business manager may not agree", err: budget.ErrForbidden, state: budget.Proposed,
			steps: func(p *budget.Policy, b *budget.Budget) error {
				return errors.Join(b.Propose(p, bm, on), b.Agree(p, bm, on))
			}},
		{preset: "avct", name: "head of education allocates", state: budget.Allocated,
			steps: func(p *budget.Policy, b *budget.Budget) error { return b.AllocateDirectly(p, head, on) }},
		{preset: "avct", name: "nobody proposes", err: budget.ErrForbidden,
			steps: func(p *budget.Policy, b *budget.Budget) error { return b.Propose(p, bm, on) }},
	}
	for _, tt := range tests {
		t.Run(tt.preset+"/"+tt.name, func(t *testing.T) {
			p, err := presets.LoadBudget(tt.preset)
			require.NoError(t, err)
			b := budget.Budget{ID: "b", Year: "2026/27", Currency: budget.GBP, Lines: lines}
			err = tt.steps(&p, &b)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
			} else {
				require.NoError(t, err)
			}
			require.Equal(t, tt.state, b.State)
		})
	}
}

// TestBudgetPresetClaims checks each preset's claim rules: the period, the
// approver, and the difference above the commitment.
func TestBudgetPresetClaims(t *testing.T) {
	completed := date.New(2027, 1, 29)
	tests := []struct {
		preset      string
		name        string
		on          date.Date
		amount      string
		due         date.Date
		late        bool
		by          []budget.Approver
		refused     error
		state       budget.ClaimState
		waitingLast string
	}{
		{preset: "avct", name: "returned to the managing director soon after", on: date.New(2027, 2, 5), amount: "250",
			due: date.New(2027, 2, 12), by: []budget.Approver{md}, state: budget.ClaimApproved, waitingLast: "complete"},
		{preset: "avct", name: "late but accepted", on: date.New(2027, 2, 13), amount: "250",
			due: date.New(2027, 2, 12), late: true, by: []budget.Approver{md}, state: budget.ClaimApproved, waitingLast: "complete"},
		{preset: "avct", name: "the holder does not approve claims", on: date.New(2027, 2, 5), amount: "250",
			due: date.New(2027, 2, 12), by: []budget.Approver{holder}, refused: budget.ErrForbidden, state: budget.ClaimSubmitted,
			waitingLast: "waiting for managing_director"},
		{preset: "avct", name: "above the commitment, the managing director approves both", on: date.New(2027, 2, 5), amount: "310",
			due: date.New(2027, 2, 12), by: []budget.Approver{md}, state: budget.ClaimApproved, waitingLast: "complete"},
		{preset: "letta", name: "budget holder approves", on: date.New(2027, 2, 28), amount: "250",
			due: date.New(2027, 2, 28), by: []budget.Approver{holder}, state: budget.ClaimApproved, waitingLast: "complete"},
		{preset: "letta", name: "a month clamps to the end of February", on: date.New(2027, 3, 1), amount: "250",
			due: date.New(2027, 2, 28), late: true, by: []budget.Approver{holder}, state: budget.ClaimApproved, waitingLast: "complete"},
		{preset: "letta", name: "above the commitment needs the director too", on: date.New(2027, 2, 1), amount: "260",
			due: date.New(2027, 2, 28), by: []budget.Approver{holder}, state: budget.ClaimSubmitted, waitingLast: "waiting for head_of_education"},
		{preset: "letta", name: "the claimant may not approve", on: date.New(2027, 2, 1), amount: "250",
			due: date.New(2027, 2, 28), by: []budget.Approver{tutor}, refused: budget.ErrForbidden, state: budget.ClaimSubmitted,
			waitingLast: "waiting for budget_holder"},
	}
	for _, tt := range tests {
		t.Run(tt.preset+"/"+tt.name, func(t *testing.T) {
			p, err := presets.LoadBudget(tt.preset)
			require.NoError(t, err)
			r := request("external_course", gbp(budget.Fee, "250"))
			c, err := p.NewClaim("claim-1", &r, []budget.Cost{gbp(budget.Fee, tt.amount)}, completed, tt.on, budget.MustParse("GBP 250"))
			require.NoError(t, err)
			require.Equal(t, []any{tt.due, tt.late}, []any{c.DueBy, c.Late})
			for i, by := range tt.by {
				_, err = p.ApproveClaim(&c, &r, by, tt.on)
				if i == len(tt.by)-1 && tt.refused != nil {
					require.ErrorIs(t, err, tt.refused)
					break
				}
				require.NoError(t, err)
			}
			require.Equal(t, tt.state, c.State)
			require.Equal(t, tt.waitingLast, c.Chain.Progress(c.Approvals).String())
		})
	}
}

// TestBudgetPresetOverridesAndSupport checks who may authorise an
// overspend and decide on a leaver's financial support.
func TestBudgetPresetOverridesAndSupport(t *testing.T) {
	tests := []struct {
		preset            string
		who               budget.Approver
		override, support bool
	}{
		{preset: "avct", who: md, override: true, support: true},
		{preset: "avct", who: head},
		{preset: "letta", who: head, override: true},
		{preset: "letta", who: md},
	}
	for _, tt := range tests {
		t.Run(tt.preset+"/"+tt.who.Person, func(t *testing.T) {
			p, err := presets.LoadBudget(tt.preset)
			require.NoError(t, err)
			require.Equal(t, []bool{tt.override, tt.support}, []bool{p.MayOverride(tt.who), p.MayDecideSupport(tt.who)})
		})
	}
}
