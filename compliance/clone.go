package compliance

import "slices"

// clone returns a deep copy of the policy, so an Evaluator's copy cannot be
// changed through the caller's slices.
func (p Policy) clone() Policy {
	p.Notes = slices.Clone(p.Notes)
	p.Requirements = slices.Clone(p.Requirements)
	for i := range p.Requirements {
		r := &p.Requirements[i]
		r.Topics = slices.Clone(r.Topics)
		r.AppliesTo = r.AppliesTo.clone()
		r.Except = r.Except.clone()
		if r.Hours != nil {
			h := *r.Hours
			h.Aspects, h.ActivityKinds = slices.Clone(h.Aspects), slices.Clone(h.ActivityKinds)
			r.Hours = &h
		}
	}
	p.JobRoles = slices.Clone(p.JobRoles)
	for i := range p.JobRoles {
		jr := &p.JobRoles[i]
		jr.Requires = slices.Clone(jr.Requires)
		for k := range jr.Requires {
			jr.Requires[k].Levels = slices.Clone(jr.Requires[k].Levels)
		}
	}
	return p
}

func (s Scope) clone() Scope {
	return Scope{Roles: slices.Clone(s.Roles), JobRoles: slices.Clone(s.JobRoles), Employment: slices.Clone(s.Employment)}
}
