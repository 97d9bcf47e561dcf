package budget

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rickb777/date/v2"
)

// Approval is one person's approval of a request (or claim) in one role.
type Approval struct {
	Role Role      `json:"role"`
	By   string    `json:"by"`
	On   date.Date `json:"on"`
}

// Step is one rule a request met, as its chain keeps it.
type Step struct {
	Rule        string `json:"rule"`
	Roles       []Role `json:"roles"`
	Ordered     bool   `json:"ordered,omitzero"`
	BeforeStart bool   `json:"before_start,omitzero"`
}

// Chain is the approvals one request needs: a Step for every rule it met.
// A chain with no steps needs no approval under the policy. A Chain is
// kept with the request, so that later changes to the policy do not change
// what a request already under way needs.
type Chain struct {
	Steps []Step `json:"steps"`
	// Distinct makes each approval count for one role only (see
	// Policy.DistinctApprovers).
	Distinct bool `json:"distinct,omitzero"`
}

// Progress says how far a chain has got.
type Progress struct {
	// Complete is set when every role of every step has approved.
	Complete bool `json:"complete"`
	// Waiting are the roles still needed, in the order the steps name
	// them; Next are those of them who may approve now (the others wait
	// for an earlier role of an ordered step).
	Waiting []Role `json:"waiting,omitzero"`
	Next    []Role `json:"next,omitzero"`
}

// String says who is still needed: "complete", or "waiting for
// budget_holder, head_of_education".
func (p Progress) String() string {
	if p.Complete {
		return "complete"
	}
	names := make([]string, len(p.Waiting))
	for i, r := range p.Waiting {
		names[i] = r.String()
	}
	return "waiting for " + strings.Join(names, ", ")
}

// Chain returns the approvals a request needs: a Step for each rule whose
// condition the request meets, in the policy's order. A role the request's
// person cannot be approved in (see Policy.StandIn) is replaced by its
// alternate. It first checks the request (ErrInvalid) and that the policy
// funds it (a *NotFundableError, matching ErrNotFundable); a request that
// meets a rule to be approved before the learning starts must say when it
// starts (ErrInvalid naming start).
func (p *Policy) Chain(r *Request) (Chain, error) {
	if err := r.Validate(p.Currency); err != nil {
		return Chain{}, err
	}
	if err := p.Fundable(r); err != nil {
		return Chain{}, err
	}
	total := r.Total(p.Currency)
	c := Chain{Distinct: p.DistinctApprovers}
	for i := range p.Rules {
		rule := &p.Rules[i]
		if !rule.When.Matches(r, total) {
			continue
		}
		if rule.BeforeStart && r.Start == 0 {
			return Chain{}, invalid("start", "is required: rule %s must be approved before the learning starts", rule.ID)
		}
		c.Steps = append(c.Steps, Step{Rule: rule.ID, Roles: p.standIns(rule.Approvers, r), Ordered: rule.Ordered, BeforeStart: rule.BeforeStart})
	}
	return c, nil
}

// StandIn returns who approves in role's place for the request: role
// itself, or, when the person cannot be approved for in it, its alternate
// (Policy.Alternates), and so on while the alternate is no better. The
// person cannot be approved for as line manager if they have none, as
// budget holder if the line has none or it is theirs, as either if whoever
// acts in it requested the learning, and in any other role they or their
// requester hold (Request.PersonRoles, Request.RequesterRoles). With no alternate left,
// the role stays, and the chain cannot complete.
func (p *Policy) StandIn(role Role, r *Request) Role {
	seen := []Role{role}
	for r.unfit(role) {
		i := slices.IndexFunc(p.Alternates, func(a Alternate) bool { return a.Role == role })
		if i < 0 || slices.Contains(seen, p.Alternates[i].By) {
			return role
		}
		role = p.Alternates[i].By
		seen = append(seen, role)
	}
	return role
}

// standIns returns the roles with each replaced by its stand-in, none
// twice.
func (p *Policy) standIns(roles []Role, r *Request) []Role {
	out := make([]Role, 0, len(roles))
	for _, role := range roles {
		if s := p.StandIn(role, r); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// unfit reports whether whoever acts in role for the request may not
// approve it (they are its person or requested it) or nobody does.
func (r *Request) unfit(role Role) bool {
	switch role {
	case RoleLineManager:
		return r.LineManager == "" || r.LineManager == r.Person || r.LineManager == r.RequestedBy
	case RoleBudgetHolder:
		return r.LineHolder == "" || r.LineHolder == r.Person || r.LineHolder == r.RequestedBy
	}
	return slices.Contains(r.PersonRoles, role) || slices.Contains(r.RequesterRoles, role)
}

// Progress returns how far the chain has got with the approvals given.
func (c Chain) Progress(given []Approval) Progress {
	done := func(r Role) bool { return slices.ContainsFunc(given, func(a Approval) bool { return a.Role == r }) }
	var p Progress
	blocked := map[Role]bool{}
	for _, s := range c.Steps {
		waitingBefore := false
		for _, r := range s.Roles {
			if done(r) {
				continue
			}
			if !slices.Contains(p.Waiting, r) {
				p.Waiting = append(p.Waiting, r)
			}
			if s.Ordered && waitingBefore {
				blocked[r] = true
			}
			waitingBefore = true
		}
	}
	for _, r := range p.Waiting {
		if !blocked[r] {
			p.Next = append(p.Next, r)
		}
	}
	p.Complete = len(p.Waiting) == 0
	return p
}

// Approve records by's approval of request r on the day, in every role of
// Progress.Next that they act in (only the first, if the chain is
// Distinct), and again as later roles of an ordered step open up to them.
// It returns the approvals given so far, with the new ones appended, and
// the progress: a partial approval leaves the chain incomplete and says
// who is still needed.
//
// Errors: a *ForbiddenError (ErrForbidden) if by is the person the request
// is for or who requested it, acts in none of the roles that may approve
// now, or (Distinct) has approved already; a *TransitionError
// (ErrTransition) if the chain is already complete; a *ValidationError
// (ErrInvalid) if a role's rule must approve before the learning starts
// and on is not before r.Start.
func (c Chain) Approve(r *Request, given []Approval, by Approver, on date.Date) ([]Approval, Progress, error) {
	action := "approve request " + r.ID
	prog := c.Progress(given)
	switch {
	case by.Person == "":
		return nil, prog, invalid("approver", "is required")
	case on == 0:
		return nil, prog, invalid("on", "the day is required")
	case by.Person == r.Person || by.Person == r.RequestedBy:
		return nil, prog, forbidden(by.Person, action, "nobody approves their own request")
	case prog.Complete:
		return nil, prog, &TransitionError{What: "request", ID: r.ID, From: "approved", Action: "approve"}
	case c.Distinct && slices.ContainsFunc(given, func(a Approval) bool { return a.By == by.Person }):
		return nil, prog, forbidden(by.Person, action, "they have approved already and the policy needs a different person for each role")
	}
	out := slices.Clone(given)
	for first := true; ; first = false {
		acts := slices.DeleteFunc(slices.Clone(prog.Next), func(role Role) bool { return !by.actsAs(role, r) })
		if len(acts) == 0 {
			if first {
				return nil, prog, forbidden(by.Person, action, "they act in none of the roles it is %s", prog)
			}
			return out, prog, nil
		}
		if c.Distinct {
			acts = acts[:1]
		}
		for _, role := range acts {
			if err := c.inTime(role, r, on); err != nil {
				return nil, c.Progress(given), err
			}
			out = append(out, Approval{Role: role, By: by.Person, On: on})
		}
		prog = c.Progress(out)
		if c.Distinct || prog.Complete {
			return out, prog, nil
		}
	}
}

// inTime checks that a role of a before-start rule approves before the
// learning starts.
func (c Chain) inTime(role Role, r *Request, on date.Date) error {
	for _, s := range c.Steps {
		if !s.BeforeStart || !slices.Contains(s.Roles, role) {
			continue
		}
		if r.Start == 0 {
			return invalid("start", "is required: rule %s must be approved by the %s before the learning starts", s.Rule, role)
		}
		if on >= r.Start {
			return invalid("start", "rule %s must be approved by the %s before the learning starts on %s, not on %s",
				s.Rule, role, r.Start, on)
		}
	}
	return nil
}

// MayDecide reports whether by may approve (or refuse) the request now:
// they act in one of the roles Progress.Next names and are neither the
// person it is for nor who requested it.
func (c Chain) MayDecide(r *Request, given []Approval, by Approver) bool {
	if by.Person == "" || by.Person == r.Person || by.Person == r.RequestedBy {
		return false
	}
	return slices.ContainsFunc(c.Progress(given).Next, func(role Role) bool { return by.actsAs(role, r) })
}

// String describes the chain: "costs: budget_holder + head_of_education;
// overnight: managing_director (before the start)".
func (c Chain) String() string {
	if len(c.Steps) == 0 {
		return "no approval needed"
	}
	parts := make([]string, len(c.Steps))
	for i, s := range c.Steps {
		roles := make([]string, len(s.Roles))
		for j, r := range s.Roles {
			roles[j] = r.String()
		}
		sep := " + "
		if s.Ordered {
			sep = " then "
		}
		parts[i] = fmt.Sprintf("%s: %s", s.Rule, strings.Join(roles, sep))
		if s.BeforeStart {
			parts[i] += " (before the start)"
		}
	}
	return strings.Join(parts, "; ")
}
