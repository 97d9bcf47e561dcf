package budget

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cpdkit/cpdkit/internal/calendar"
	"github.com/cpdkit/cpdkit/internal/enum"
	sentinel "github.com/cpdkit/cpdkit/internal/errs"

	"github.com/rickb777/period"
)

// Fundability says which learning the organisation pays for. The zero
// value means RelevantOrRequired.
type Fundability uint8

// The fundabilities.
const (
	// RelevantOrRequired funds only learning relevant to the person's job
	// role or required by the organisation (mandatory training). It is the
	// default.
	RelevantOrRequired Fundability = iota + 1
	// AnyLearning funds any learning the approval chain approves.
	AnyLearning
)

var fundabilityNames = enum.New(enumError, "relevant_or_required", "any")

// String returns the stable lowercase name used in JSON.
func (f Fundability) String() string { return fundabilityNames.String(uint8(f)) }

// MarshalText writes the stable name.
func (f Fundability) MarshalText() ([]byte, error) {
	return fundabilityNames.Text(uint8(f), "fundability")
}

// UnmarshalText reads the stable name.
func (f *Fundability) UnmarshalText(b []byte) error {
	return fundabilityNames.Parse((*uint8)(f), b, "fundability")
}

// Policy is an organisation's rules for its CPD money: who sets the budget,
// what is fundable, the approval chains, who may authorise an overspend,
// and how expense claims work. Load one from JSON with ParsePolicy (the
// form MarshalJSON writes) or build it in Go and call Validate. A Policy
// is a value: once built it is not changed, and it is safe for concurrent
// use.
type Policy struct {
	ID       string
	Name     string
	Currency Currency
	// Budget says who proposes, agrees or allocates the annual budget.
	Budget Setting
	// Fundability says what learning is paid for; unset means
	// RelevantOrRequired.
	Fundability Fundability
	// Rules are the approval chains. A request must be approved by every
	// role of every rule whose condition it meets.
	Rules []Rule
	// DistinctApprovers makes each approval count for one role only, so
	// that a chain of two roles always needs two people. Otherwise one
	// person's approval counts for every role they act in.
	DistinctApprovers bool
	// Alternates name who approves in a role's place for a request whose
	// person cannot be approved for in that role: they hold it themself
	// (nobody approves their own request, so the only head of education's
	// own course would wait for ever) or nobody holds it for them (a
	// person with no line manager, a holder charging their own line). See
	// Policy.Chain. Without one, such a chain cannot complete.
	Alternates []Alternate
	// OverrideBy are the roles that may authorise an overspend on a line
	// whose enforcement is AllowOverride.
	OverrideBy []Role
	// Claims are the rules for expense claims.
	Claims ClaimRules
	// SupportBy is the role that decides at their discretion whether a
	// leaver's CPD gets financial support; unset means nobody may.
	SupportBy Role
	// Notes record where the rules come from and what is assumed.
	Notes []string
}

// Setting says who sets the annual budget: proposed by ProposedBy and
// agreed by AgreedBy, or allocated directly by AllocatedBy. A policy sets
// at least one of the two ways.
type Setting struct {
	ProposedBy  Role
	AgreedBy    Role
	AllocatedBy Role
}

// Alternate is who approves in Role's place (see Policy.Alternates): the
// role By, as it would be met for the request (a line manager or budget
// holder By is the request's).
type Alternate struct {
	Role Role
	By   Role
}

// Rule is one approval chain: when a request meets its condition, every
// one of its roles must approve.
type Rule struct {
	ID   string
	Name string
	// When is the condition; the zero Condition matches every request.
	When Condition
	// Approvers are the roles that must all approve.
	Approvers []Role
	// Ordered makes the roles approve in the order given.
	Ordered bool
	// BeforeStart requires the rule's approvals before the learning
	// starts (Request.Start); later they are refused.
	BeforeStart bool
	// Note says where the rule comes from.
	Note string
}

// Condition is what a request must meet for a rule to apply: every field
// that is set must hold. An unset Money, an empty list, a zero Necessity
// and a nil Mandatory do not constrain.
type Condition struct {
	// CostOver holds when the request's total cost is more than it.
	CostOver Money
	// CostAtMost holds when the total cost is at most it.
	CostAtMost Money
	// Overnight, when true, holds for requests with an overnight stay.
	Overnight bool
	// TravelOver holds when the travel costs are more than it.
	TravelOver Money
	// Kinds holds for requests whose activity kind is listed;
	// ExceptKinds for those whose kind is not.
	Kinds       []string
	ExceptKinds []string
	// Necessity holds for requests of that necessity.
	Necessity Necessity
	// Mandatory holds for mandatory training when true, and for anything
	// else when false.
	Mandatory *bool
}

// ClaimRules are the rules for expense claims.
type ClaimRules struct {
	// DueWithin is how long after completion a claim is due; a later
	// claim is accepted but flagged late. Zero means never late.
	DueWithin period.Period
	// Approver is the role that approves claims.
	Approver Role
	// ExcessApprovers must also approve a claim above its commitment
	// (the difference).
	ExcessApprovers []Role
}

// Validate checks the policy: an ID, a known currency, a way to set the
// budget, rules with unique IDs, known roles (none twice in a rule) and
// amounts in the policy's currency, and a claim approver. Errors match
// ErrInvalid and name the path ("rules[1].approvers[0]"); several are
// joined.
func (p *Policy) Validate() error {
	var e sentinel.Problems
	if p.ID == "" {
		e.Addf("id", "is required")
	}
	if err := p.Currency.Validate(); err != nil {
		e.Addf("currency", "%v", err)
	}
	p.Budget.validate(&e)
	if p.Fundability > AnyLearning {
		e.Addf("fundability", "want relevant_or_required or any")
	}
	seen := make(map[string]bool, len(p.Rules))
	for i := range p.Rules {
		path := fmt.Sprintf("rules[%d]", i)
		r := &p.Rules[i]
		switch {
		case r.ID == "":
			e.Addf(path+".id", "is required")
		case seen[r.ID]:
			e.Addf(path+".id", "duplicate rule %q", r.ID)
		}
		seen[r.ID] = true
		checkRoles(&e, path+".approvers", r.Approvers, true)
		r.When.validate(&e, path+".when", p.Currency)
	}
	for i, a := range p.Alternates {
		path := fmt.Sprintf("alternates[%d]", i)
		switch {
		case !a.Role.Valid():
			e.Addf(path+".role", "not a role")
		case !a.By.Valid():
			e.Addf(path+".by", "not a role")
		case a.By == a.Role:
			e.Addf(path+".by", "%s cannot stand in for itself", a.By)
		case slices.ContainsFunc(p.Alternates[:i], func(o Alternate) bool { return o.Role == a.Role }):
			e.Addf(path+".role", "%s has an alternate already", a.Role)
		}
	}
	checkRoles(&e, "override_by", p.OverrideBy, false)
	p.Claims.validate(&e)
	if p.SupportBy != 0 && !p.SupportBy.Valid() {
		e.Addf("support_by", "not a role")
	}
	return e.Err()
}

func (s Setting) validate(e *sentinel.Problems) {
	for _, f := range []struct {
		path string
		r    Role
	}{{"budget.proposed_by", s.ProposedBy}, {"budget.agreed_by", s.AgreedBy}, {"budget.allocated_by", s.AllocatedBy}} {
		if f.r != 0 && !f.r.Valid() {
			e.Addf(f.path, "not a role")
		}
	}
	switch {
	case (s.ProposedBy == 0) != (s.AgreedBy == 0):
		e.Addf("budget", "proposed_by and agreed_by go together")
	case s.ProposedBy == 0 && s.AllocatedBy == 0:
		e.Addf("budget", "say who proposes and agrees the budget, or who allocates it")
	case s.ProposedBy != 0 && s.ProposedBy == s.AgreedBy:
		e.Addf("budget.agreed_by", "the role that proposes a budget cannot also agree it")
	}
}

func (c *Condition) validate(e *sentinel.Problems, path string, cur Currency) {
	for _, f := range []struct {
		name string
		m    Money
	}{{"cost_over", c.CostOver}, {"cost_at_most", c.CostAtMost}, {"travel_over", c.TravelOver}} {
		if f.m.currency != "" {
			if err := checkAmount(f.m, cur, path+"."+f.name); err != nil {
				*e = append(*e, err)
			}
		}
	}
	for _, f := range []struct {
		name  string
		kinds []string
	}{{"kinds", c.Kinds}, {"except_kinds", c.ExceptKinds}} {
		for i, k := range f.kinds {
			if !isName(k) {
				e.Addf(fmt.Sprintf("%s.%s[%d]", path, f.name, i), "%q is not an activity kind's stable name such as work_shadowing", k)
			}
		}
	}
	if c.Necessity > AspirationalLearning {
		e.Addf(path+".necessity", "want necessary or aspirational")
	}
}

func (c *ClaimRules) validate(e *sentinel.Problems) {
	if !c.Approver.Valid() {
		e.Addf("claims.approver", "is required: the role that approves expense claims")
	}
	checkRoles(e, "claims.excess_approvers", c.ExcessApprovers, false)
	if reason := calendar.PeriodProblem(c.DueWithin); reason != "" {
		e.Addf("claims.due_within", "%s", reason)
	}
}

// checkRoles checks a list of roles: known, none twice, and not empty if
// required.
func checkRoles(e *sentinel.Problems, path string, roles []Role, required bool) {
	if required && len(roles) == 0 {
		e.Addf(path, "name at least one role")
	}
	for i, r := range roles {
		switch {
		case !r.Valid():
			e.Addf(fmt.Sprintf("%s[%d]", path, i), "not a role")
		case slices.Contains(roles[:i], r):
			e.Addf(fmt.Sprintf("%s[%d]", path, i), "%s is named twice", r)
		}
	}
}

// isName reports whether s is a stable lowercase name: letters, digits and
// underscores, starting with a letter.
func isName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_'
	}) < 0
}

// Matches reports whether a request whose total cost is total meets the
// condition. Amounts in another currency never match.
func (c *Condition) Matches(r *Request, total Money) bool {
	over := func(m, limit Money) bool { return m.currency == limit.currency && m.amount.GreaterThan(limit.amount) }
	switch {
	case c.CostOver.currency != "" && !over(total, c.CostOver):
		return false
	case c.CostAtMost.currency != "" && (total.currency != c.CostAtMost.currency || over(total, c.CostAtMost)):
		return false
	case c.Overnight && !r.Overnight:
		return false
	case c.TravelOver.currency != "" && !over(r.Costs.Of(Travel, total.currency), c.TravelOver):
		return false
	case len(c.Kinds) > 0 && !slices.Contains(c.Kinds, r.Kind):
		return false
	case slices.Contains(c.ExceptKinds, r.Kind):
		return false
	case c.Necessity != 0 && c.Necessity != r.Necessity:
		return false
	case c.Mandatory != nil && *c.Mandatory != r.Mandatory:
		return false
	}
	return true
}

// Fundable returns nil if the policy pays for the request, or a
// *NotFundableError (ErrNotFundable, ErrInvalid) saying why not.
func (p *Policy) Fundable(r *Request) error {
	if p.Fundability == AnyLearning || r.Mandatory || r.RelevantToRole {
		return nil
	}
	return &NotFundableError{Request: r.ID, Reason: "only learning relevant to the job role or required by the organisation is funded"}
}

// MayOverride reports whether a may authorise an overspend under the
// policy: they hold one of OverrideBy.
func (p *Policy) MayOverride(a Approver) bool {
	return slices.ContainsFunc(p.OverrideBy, a.holds)
}

// MayDecideSupport reports whether a may decide on financial support for
// a leaver's CPD: they hold SupportBy.
func (p *Policy) MayDecideSupport(a Approver) bool {
	return p.SupportBy != 0 && a.holds(p.SupportBy)
}
