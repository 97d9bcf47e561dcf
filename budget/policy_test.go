package budget

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/period"
	"github.com/stretchr/testify/require"
)

// samePeriod compares periods by their ISO 8601 text.
var samePeriod = cmp.Comparer(func(a, b period.Period) bool { return a.String() == b.String() })

const minimal = `{"id": "p", "currency": "GBP", "budget": {"allocated_by": "head_of_education"},
 "rules": [{"id": "costs", "when": {"cost_over": "GBP 0"}, "approvers": ["budget_holder"]}],
 "claims": {"approver": "managing_director", "due_within": "P14D"}}`

func TestParsePolicyErrors(t *testing.T) {
	tests := []struct {
		name  string
		json  string
		field string
	}{
		{name: "unknown top field", json: strings.Replace(minimal, `"id": "p"`, `"id": "p", "colour": 1`, 1), field: "colour"},
		{name: "unknown rule field", json: strings.Replace(minimal, `"id": "costs"`, `"id": "costs", "who": []`, 1), field: "rules[0].who"},
		{name: "unknown condition field", json: strings.Replace(minimal, `"cost_over"`, `"cost_above"`, 1), field: "rules[0].when.cost_above"},
		{name: "unknown budget field", json: strings.Replace(minimal, `"allocated_by"`, `"set_by"`, 1), field: "budget.set_by"},
		{name: "unknown claims field", json: strings.Replace(minimal, `"due_within"`, `"due"`, 1), field: "claims.due"},
		{name: "unknown role", json: strings.Replace(minimal, `["budget_holder"]`, `["budget_holder", "bursar"]`, 1), field: "rules[0].approvers[1]"},
		{name: "role twice", json: strings.Replace(minimal, `["budget_holder"]`, `["budget_holder", "budget_holder"]`, 1), field: "rules[0].approvers[1]"},
		{name: "no approvers", json: strings.Replace(minimal, `["budget_holder"]`, `[]`, 1), field: "rules[0].approvers"},
		{name: "bad amount", json: strings.Replace(minimal, `"GBP 0"`, `"GBP ten"`, 1), field: "rules[0].when.cost_over"},
		{name: "amount as number", json: strings.Replace(minimal, `"GBP 0"`, `0`, 1), field: "rules[0].when.cost_over"},
		{name: "other currency", json: strings.Replace(minimal, `"GBP 0"`, `"EUR 0"`, 1), field: "rules[0].when.cost_over"},
		{name: "unknown currency", json: strings.Replace(minimal, `"currency": "GBP"`, `"currency": "XYZ"`, 1), field: "currency"},
		{name: "bad period", json: strings.Replace(minimal, `"P14D"`, `"14 days"`, 1), field: "claims.due_within"},
		{name: "period with time", json: strings.Replace(minimal, `"P14D"`, `"PT14H"`, 1), field: "claims.due_within"},
		// A policy's periods are bounded as compliance's are, so every day
		// worked out from them is a day the stores can keep.
		{name: "period of a million years", json: strings.Replace(minimal, `"P14D"`, `"P1000000Y"`, 1), field: "claims.due_within"},
		{name: "period of a million days", json: strings.Replace(minimal, `"P14D"`, `"P1000000D"`, 1), field: "claims.due_within"},
		{name: "no claims", json: strings.Replace(minimal, `"claims": {"approver": "managing_director", "due_within": "P14D"}`, `"notes": []`, 1), field: "claims"},
		{name: "no claim approver", json: strings.Replace(minimal, `"approver": "managing_director", `, ``, 1), field: "claims.approver"},
		{name: "no budget setting", json: strings.Replace(minimal, `{"allocated_by": "head_of_education"}`, `{}`, 1), field: "budget"},
		{name: "proposed but not agreed", json: strings.Replace(minimal, `"allocated_by"`, `"proposed_by"`, 1), field: "budget"},
		{name: "duplicate rule", json: strings.Replace(minimal, `"rules": [`, `"rules": [{"id": "costs", "approvers": ["trustee"]}, `, 1), field: "rules[1].id"},
		{name: "bad kind", json: strings.Replace(minimal, `"cost_over": "GBP 0"`, `"kinds": ["Work Shadowing"]`, 1), field: "rules[0].when.kinds[0]"},
		{name: "bad necessity", json: strings.Replace(minimal, `"cost_over": "GBP 0"`, `"necessity": "vital"`, 1), field: "rules[0].when.necessity"},
		{name: "bad fundability", json: strings.Replace(minimal, `"id": "p"`, `"id": "p", "fundability": "all"`, 1), field: "fundability"},
		{name: "trailing data", json: minimal + `{}`, field: ""},
		{name: "wrong type", json: strings.Replace(minimal, `"id": "p"`, `"id": 7`, 1), field: "id"},
		{name: "malformed", json: minimal[:40], field: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePolicy([]byte(tt.json))
			require.ErrorIs(t, err, ErrInvalid)
			require.Contains(t, fields(err), tt.field, "error: %v", err)
		})
	}
}

// TestParsePolicyStrictKeys checks that a budget policy refuses a key in
// the wrong case and a key given twice, at any depth, as a compliance
// policy does: encoding/json alone would take "Currency" for currency and
// keep the last of two "approvers", silently changing who approves.
func TestParsePolicyStrictKeys(t *testing.T) {
	tests := []struct {
		name, json, field, reason string
	}{
		{"wrong case at the top", strings.Replace(minimal, `"currency"`, `"Currency"`, 1), "Currency",
			"is not a known field (names are lowercase, as documented)"},
		{"wrong case in a rule", strings.Replace(minimal, `"approvers"`, `"Approvers"`, 1), "rules[0].Approvers",
			"is not a known field (names are lowercase, as documented)"},
		{"key twice at the top", strings.Replace(minimal, `"id": "p"`, `"id": "p", "id": "q"`, 1), "id", "is given more than once"},
		{"key twice in a rule", strings.Replace(minimal, `"approvers": ["budget_holder"]`, `"approvers": ["budget_holder"], "approvers": ["trustee"]`, 1),
			"rules[0].approvers", "is given more than once"},
		{"key twice in a condition", strings.Replace(minimal, `"cost_over": "GBP 0"`, `"cost_over": "GBP 0", "cost_over": "GBP 500"`, 1),
			"rules[0].when.cost_over", "is given more than once"},
		{"key twice in claims", strings.Replace(minimal, `"due_within": "P14D"`, `"due_within": "P14D", "due_within": "P1Y"`, 1),
			"claims.due_within", "is given more than once"},
		{"unknown key in an alternate", strings.Replace(minimal, `"id": "p"`, `"id": "p", "alternates": [{"role": "budget_holder", "by": "head_of_education", "until": "x"}]`, 1),
			"alternates[0].until", "is not a known field"},
		{"wrong case in an alternate", strings.Replace(minimal, `"id": "p"`, `"id": "p", "alternates": [{"Role": "budget_holder", "by": "head_of_education"}]`, 1),
			"alternates[0].Role", "is not a known field (names are lowercase, as documented)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePolicy([]byte(tt.json))
			require.ErrorIs(t, err, ErrInvalid)
			ve, ok := errors.AsType[*ValidationError](err)
			require.True(t, ok, "error %v is not a *ValidationError", err)
			require.Equal(t, tt.field, ve.Field, "error: %v", err)
			require.Equal(t, tt.reason, ve.Reason)
		})
	}
}

func TestPolicyRoundTrip(t *testing.T) {
	alternates := testPolicy()
	alternates.Alternates = []Alternate{{Role: RoleHeadOfEducation, By: RoleTrustee}}
	for name, p := range map[string]Policy{"test": testPolicy(), "minimal": mustParse(t, minimal), "alternates": alternates} {
		t.Run(name, func(t *testing.T) {
			require.NoError(t, p.Validate())
			data, err := json.Marshal(p)
			require.NoError(t, err)
			var again Policy
			require.NoError(t, json.Unmarshal(data, &again))
			if d := cmp.Diff(p, again, samePeriod); d != "" {
				t.Errorf("round trip changed the policy (-before +after):\n%s", d)
			}
		})
	}
}

func mustParse(t *testing.T, s string) Policy {
	t.Helper()
	p, err := ParsePolicy([]byte(s))
	require.NoError(t, err)
	return p
}

func TestPolicyValidateGoValues(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Policy)
		field  string
	}{
		{name: "no id", change: func(p *Policy) { p.ID = "" }, field: "id"},
		{name: "unset role", change: func(p *Policy) { p.Rules[0].Approvers[0] = 0 }, field: "rules[0].approvers[0]"},
		{name: "unset claim approver", change: func(p *Policy) { p.Claims.Approver = 0 }, field: "claims.approver"},
		{name: "proposer agrees", change: func(p *Policy) { p.Budget.AgreedBy = p.Budget.ProposedBy }, field: "budget.agreed_by"},
		{name: "negative period", change: func(p *Policy) { p.Claims.DueWithin = period.MustParse("-P1D") }, field: "claims.due_within"},
		{name: "amount in euros", change: func(p *Policy) { p.Rules[2].When.TravelOver = MustParse("EUR 1") }, field: "rules[2].when.travel_over"},
		{name: "bad override role", change: func(p *Policy) { p.OverrideBy = []Role{9} }, field: "override_by[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testPolicy()
			p.Rules = append([]Rule(nil), p.Rules...)
			p.Rules[0].Approvers = append([]Role(nil), p.Rules[0].Approvers...)
			tt.change(&p)
			err := p.Validate()
			require.ErrorIs(t, err, ErrInvalid)
			require.Contains(t, fields(err), tt.field)
		})
	}
}

func TestRoles(t *testing.T) {
	for r := RoleLineManager; r <= RoleAdministrator; r++ {
		t.Run(r.String(), func(t *testing.T) {
			got, err := ParseRole(r.String())
			require.NoError(t, err)
			require.Equal(t, r, got)
		})
	}
	_, err := ParseRole("staff")
	require.ErrorIs(t, err, ErrInvalid)
}
