package cpd_test

import (
	"testing"

	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestNewRefusesUnknownNames checks New refuses a policy that names an
// organisational role, an activity kind or an aspect cpd does not have,
// naming the field: such a name would match no person or activity, so the
// rule would silently never apply.
func TestNewRefusesUnknownNames(t *testing.T) {
	withRequirement := func(r compliance.Requirement) compliance.Policy {
		p := testPolicy()
		p.Requirements = append(p.Requirements, r)
		return p
	}
	hours := func(h compliance.HoursRule) compliance.Requirement {
		h.Minimum = decimal.NewFromInt(10)
		return compliance.Requirement{ID: "extra", Name: "Extra", Kind: compliance.MinimumHours, Hours: &h}
	}
	training := compliance.Requirement{ID: "extra", Name: "Extra", Kind: compliance.RenewableTraining, Validity: period.MustParse("P1Y")}
	scoped := func(applies, except compliance.Scope) compliance.Requirement {
		r := training
		r.AppliesTo, r.Except = applies, except
		return r
	}
	withRule := func(when budget.Condition) *budget.Policy {
		p := parseMoneyPolicy(t)
		p.Rules = append(p.Rules, budget.Rule{ID: "extra", When: when, Approvers: []budget.Role{budget.RoleHeadOfEducation}})
		return p
	}
	tests := []struct {
		name   string
		policy compliance.Policy
		money  *budget.Policy
		field  string
	}{
		{"a scope role", withRequirement(scoped(compliance.Scope{Roles: []string{"staff", "line_manger"}}, compliance.Scope{})), nil,
			"policy.requirements[5].applies_to.roles[1]"},
		{"an excepted role", withRequirement(scoped(compliance.Scope{}, compliance.Scope{Roles: []string{"governor"}})), nil,
			"policy.requirements[5].except.roles[0]"},
		{"an hours aspect", withRequirement(hours(compliance.HoursRule{Aspects: []string{"keeping_up_to_date", "keeping-up-to-date"}})), nil,
			"policy.requirements[5].hours.aspects[1]"},
		{"an hours activity kind", withRequirement(hours(compliance.HoursRule{ActivityKinds: []string{"webinars"}})), nil,
			"policy.requirements[5].hours.activity_kinds[0]"},
		{"a budget rule kind", testPolicy(), withRule(budget.Condition{Kinds: []string{"work_shadowing", "lecture"}}),
			"budget.rules[4].when.kinds[1]"},
		{"a budget rule excepted kind", testPolicy(), withRule(budget.Condition{ExceptKinds: []string{"secondments"}}),
			"budget.rules[4].when.except_kinds[0]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			svc, err := cpd.New(memory.New(), memory.NewDirectory(), tc.policy, &cpd.Options{Budget: tc.money})
			requireField(t, err, tc.field)
			require.Nil(t, svc)
		})
	}
}

// TestNewAcceptsKnownNames checks the names New checks are cpd's own: a
// policy naming every role, activity kind and aspect loads.
func TestNewAcceptsKnownNames(t *testing.T) {
	var roles, kinds, aspects []string
	for v := range 256 {
		if text, err := cpd.Role(v).MarshalText(); err == nil {
			roles = append(roles, string(text))
		}
		if text, err := cpd.ActivityKind(v).MarshalText(); err == nil {
			kinds = append(kinds, string(text))
		}
		if text, err := cpd.Aspect(v).MarshalText(); err == nil {
			aspects = append(aspects, string(text))
		}
	}
	p := testPolicy()
	p.Requirements = append(p.Requirements,
		compliance.Requirement{ID: "extra", Name: "Extra", Kind: compliance.RenewableTraining, Validity: period.MustParse("P1Y"),
			AppliesTo: compliance.Scope{Roles: roles}, Except: compliance.Scope{Roles: roles[:1]}},
		compliance.Requirement{ID: "extra-hours", Name: "Extra hours", Kind: compliance.MinimumHours,
			Hours: &compliance.HoursRule{Minimum: decimal.NewFromInt(10), Aspects: aspects, ActivityKinds: kinds}})
	money := parseMoneyPolicy(t)
	money.Rules = append(money.Rules, budget.Rule{ID: "extra", When: budget.Condition{Kinds: kinds, ExceptKinds: kinds[:1]},
		Approvers: []budget.Role{budget.RoleHeadOfEducation}})
	_, err := cpd.New(memory.New(), memory.NewDirectory(), p, &cpd.Options{Budget: money})
	require.NoError(t, err)
}
