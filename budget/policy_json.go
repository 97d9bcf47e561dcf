package budget

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/rickb777/period"

	"github.com/cpdkit/cpdkit/internal/calendar"
	sentinel "github.com/cpdkit/cpdkit/internal/errs"
	"github.com/cpdkit/cpdkit/internal/strictjson"
)

// The JSON form of a Policy. Nested objects are decoded one level at a
// time, so that every error, an unknown field included, names its path.
// Roles, enumerations and amounts are strings: "head_of_education",
// "relevant_or_required", "GBP 100.00"; periods are ISO 8601 ("P1M").
type (
	policyJSON struct {
		ID                string            `json:"id"`
		Name              string            `json:"name,omitempty"`
		Currency          string            `json:"currency"`
		Budget            json.RawMessage   `json:"budget"`
		Fundability       string            `json:"fundability,omitempty"`
		DistinctApprovers bool              `json:"distinct_approvers,omitempty"`
		Alternates        []alternateJSON   `json:"alternates,omitempty"`
		Rules             []json.RawMessage `json:"rules"`
		OverrideBy        []string          `json:"override_by,omitempty"`
		Claims            json.RawMessage   `json:"claims"`
		SupportBy         string            `json:"support_by,omitempty"`
		Notes             []string          `json:"notes,omitempty"`
	}
	alternateJSON struct {
		Role string `json:"role"`
		By   string `json:"by"`
	}
	settingJSON struct {
		ProposedBy  string `json:"proposed_by,omitempty"`
		AgreedBy    string `json:"agreed_by,omitempty"`
		AllocatedBy string `json:"allocated_by,omitempty"`
	}
	ruleJSON struct {
		ID          string          `json:"id"`
		Name        string          `json:"name,omitempty"`
		When        json.RawMessage `json:"when,omitempty"`
		Approvers   []string        `json:"approvers"`
		Ordered     bool            `json:"ordered,omitempty"`
		BeforeStart bool            `json:"before_start,omitempty"`
		Note        string          `json:"note,omitempty"`
	}
	conditionJSON struct {
		CostOver    string   `json:"cost_over,omitempty"`
		CostAtMost  string   `json:"cost_at_most,omitempty"`
		Overnight   bool     `json:"overnight,omitempty"`
		TravelOver  string   `json:"travel_over,omitempty"`
		Kinds       []string `json:"kinds,omitempty"`
		ExceptKinds []string `json:"except_kinds,omitempty"`
		Necessity   string   `json:"necessity,omitempty"`
		Mandatory   *bool    `json:"mandatory,omitempty"`
	}
	claimsJSON struct {
		DueWithin       string   `json:"due_within,omitempty"`
		Approver        string   `json:"approver"`
		ExcessApprovers []string `json:"excess_approvers,omitempty"`
	}
)

// ParsePolicy reads a policy from JSON and validates it. Unknown fields,
// keys in another case than documented ("Currency"), keys given twice in
// one object and trailing data are rejected. Every error matches ErrInvalid and is a
// *ValidationError (or several joined) whose Field is the path, such as
// `rules[1].when.travel_over: "GBP ten" ...`.
func ParsePolicy(data []byte) (Policy, error) {
	var pj policyJSON
	if err := strictjson.Decode(data, "", &pj); err != nil {
		return Policy{}, err
	}
	var e sentinel.Problems
	p := Policy{ID: pj.ID, Name: pj.Name, Currency: Currency(pj.Currency), DistinctApprovers: pj.DistinctApprovers, Notes: strictjson.NilIfEmpty(pj.Notes)}
	parseEnum(&e, "fundability", pj.Fundability, &p.Fundability)
	parseEnum(&e, "support_by", pj.SupportBy, &p.SupportBy)
	p.OverrideBy = parseRoles(&e, "override_by", pj.OverrideBy)
	for i, aj := range pj.Alternates {
		var a Alternate
		parseEnum(&e, fmt.Sprintf("alternates[%d].role", i), aj.Role, &a.Role)
		parseEnum(&e, fmt.Sprintf("alternates[%d].by", i), aj.By, &a.By)
		p.Alternates = append(p.Alternates, a)
	}
	if err := p.Budget.fromJSON(pj.Budget); err != nil {
		e = append(e, err)
	}
	if err := p.Claims.fromJSON(pj.Claims, &e); err != nil {
		e = append(e, err)
	}
	if len(pj.Rules) > 0 {
		p.Rules = make([]Rule, len(pj.Rules))
	}
	for i, raw := range pj.Rules {
		if err := p.Rules[i].fromJSON(raw, fmt.Sprintf("rules[%d]", i), Currency(pj.Currency), &e); err != nil {
			e = append(e, err)
		}
	}
	if len(e) > 0 {
		return Policy{}, e.Err()
	}
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	return p, nil
}

// UnmarshalJSON reads a policy with ParsePolicy, so it is validated.
func (p *Policy) UnmarshalJSON(data []byte) error {
	parsed, err := ParsePolicy(data)
	if err != nil {
		return err
	}
	*p = parsed
	return nil
}

// MarshalJSON writes the policy in the form ParsePolicy reads.
func (p Policy) MarshalJSON() ([]byte, error) {
	pj := policyJSON{
		ID: p.ID, Name: p.Name, Currency: string(p.Currency), DistinctApprovers: p.DistinctApprovers,
		OverrideBy: roleNamesOf(p.OverrideBy), Notes: p.Notes, Rules: make([]json.RawMessage, len(p.Rules)),
	}
	for _, a := range p.Alternates {
		pj.Alternates = append(pj.Alternates, alternateJSON{Role: roleName(a.Role), By: roleName(a.By)})
	}
	if p.Fundability != 0 {
		pj.Fundability = p.Fundability.String()
	}
	if p.SupportBy != 0 {
		pj.SupportBy = p.SupportBy.String()
	}
	var err error
	sj := settingJSON{ProposedBy: roleName(p.Budget.ProposedBy), AgreedBy: roleName(p.Budget.AgreedBy), AllocatedBy: roleName(p.Budget.AllocatedBy)}
	if pj.Budget, err = json.Marshal(sj); err != nil {
		return nil, err
	}
	cj := claimsJSON{Approver: roleName(p.Claims.Approver), ExcessApprovers: roleNamesOf(p.Claims.ExcessApprovers)}
	if !p.Claims.DueWithin.IsZero() {
		cj.DueWithin = p.Claims.DueWithin.String()
	}
	if pj.Claims, err = json.Marshal(cj); err != nil {
		return nil, err
	}
	for i := range p.Rules {
		if pj.Rules[i], err = p.Rules[i].toJSON(); err != nil {
			return nil, fmt.Errorf("rules[%d]: %w", i, err)
		}
	}
	return json.Marshal(pj)
}

func (s *Setting) fromJSON(raw json.RawMessage) error {
	if !strictjson.Present(raw) {
		return invalid("budget", "is required: who proposes and agrees, or allocates, the budget")
	}
	var sj settingJSON
	if err := strictjson.Decode(raw, "budget", &sj); err != nil {
		return err
	}
	var e sentinel.Problems
	parseEnum(&e, "budget.proposed_by", sj.ProposedBy, &s.ProposedBy)
	parseEnum(&e, "budget.agreed_by", sj.AgreedBy, &s.AgreedBy)
	parseEnum(&e, "budget.allocated_by", sj.AllocatedBy, &s.AllocatedBy)
	return e.Err()
}

func (c *ClaimRules) fromJSON(raw json.RawMessage, e *sentinel.Problems) error {
	if !strictjson.Present(raw) {
		return invalid("claims", "is required: who approves expense claims")
	}
	var cj claimsJSON
	if err := strictjson.Decode(raw, "claims", &cj); err != nil {
		return err
	}
	parseEnum(e, "claims.approver", cj.Approver, &c.Approver)
	c.ExcessApprovers = parseRoles(e, "claims.excess_approvers", cj.ExcessApprovers)
	c.DueWithin = parsePeriod(e, "claims.due_within", cj.DueWithin)
	return nil
}

func (r *Rule) fromJSON(raw json.RawMessage, path string, cur Currency, e *sentinel.Problems) error {
	var rj ruleJSON
	if err := strictjson.Decode(raw, path, &rj); err != nil {
		return err
	}
	r.ID, r.Name, r.Ordered, r.BeforeStart, r.Note = rj.ID, rj.Name, rj.Ordered, rj.BeforeStart, rj.Note
	r.Approvers = parseRoles(e, path+".approvers", rj.Approvers)
	if !strictjson.Present(rj.When) {
		return nil
	}
	var cj conditionJSON
	if err := strictjson.Decode(rj.When, path+".when", &cj); err != nil {
		return err
	}
	w := &r.When
	w.Overnight, w.Kinds, w.ExceptKinds, w.Mandatory = cj.Overnight, strictjson.NilIfEmpty(cj.Kinds), strictjson.NilIfEmpty(cj.ExceptKinds), cj.Mandatory
	w.CostOver = parseMoney(e, path+".when.cost_over", cj.CostOver, cur)
	w.CostAtMost = parseMoney(e, path+".when.cost_at_most", cj.CostAtMost, cur)
	w.TravelOver = parseMoney(e, path+".when.travel_over", cj.TravelOver, cur)
	parseEnum(e, path+".when.necessity", cj.Necessity, &w.Necessity)
	return nil
}

func (r *Rule) toJSON() (json.RawMessage, error) {
	w := r.When
	cj := conditionJSON{
		CostOver: moneyText(w.CostOver), CostAtMost: moneyText(w.CostAtMost), Overnight: w.Overnight,
		TravelOver: moneyText(w.TravelOver), Kinds: w.Kinds, ExceptKinds: w.ExceptKinds, Mandatory: w.Mandatory,
	}
	if w.Necessity != 0 {
		cj.Necessity = w.Necessity.String()
	}
	when, err := json.Marshal(cj)
	if err != nil {
		return nil, err
	}
	rj := ruleJSON{ID: r.ID, Name: r.Name, Approvers: roleNamesOf(r.Approvers), Ordered: r.Ordered, BeforeStart: r.BeforeStart, Note: r.Note}
	if string(when) != "{}" {
		rj.When = when
	}
	return json.Marshal(rj)
}

// parseEnum reads a stable name into an enumeration, if one is given.
func parseEnum(e *sentinel.Problems, path, s string, v interface{ UnmarshalText([]byte) error }) {
	if s == "" {
		return
	}
	if err := v.UnmarshalText([]byte(s)); err != nil {
		reason := err.Error()
		if ve, ok := errors.AsType[*ValidationError](err); ok {
			reason = ve.Reason
		}
		e.Addf(path, "%s", reason)
	}
}

func parseRoles(e *sentinel.Problems, path string, names []string) []Role {
	if len(names) == 0 {
		return nil
	}
	out := make([]Role, len(names))
	for i, n := range names {
		if err := out[i].UnmarshalText([]byte(n)); err != nil {
			e.Addf(fmt.Sprintf("%s[%d]", path, i), "%q is not a role (want one of %s)", n, strings.Join(roleNames.List(), ", "))
		}
	}
	return out
}

func parseMoney(e *sentinel.Problems, path, s string, cur Currency) Money {
	if s == "" {
		return Money{}
	}
	m, err := Parse(s)
	if err != nil {
		e.Addf(path, "%q is not an amount such as \"%s 100.00\"", s, cur)
	}
	return m
}

// parsePeriod reads a period with calendar.ParsePeriod, adding its
// problem at path to e.
func parsePeriod(e *sentinel.Problems, path, s string) period.Period {
	p, reason := calendar.ParsePeriod(s)
	if reason != "" {
		e.Addf(path, "%s", reason)
	}
	return p
}

func roleName(r Role) string {
	if r == 0 {
		return ""
	}
	return r.String()
}

func roleNamesOf(rs []Role) []string {
	if len(rs) == 0 {
		return nil
	}
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.String()
	}
	return out
}

func moneyText(m Money) string {
	if m.currency == "" {
		return ""
	}
	return m.String()
}
