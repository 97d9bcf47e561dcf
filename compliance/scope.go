package compliance

// Policy rules: who a requirement applies to (its scope, its exceptions,
// the job descriptions that name it, and a person's exemptions).

import "slices"

// requiredByJob reports whether the person's job role names requirement i.
func (e *Evaluator) requiredByJob(p *Person, i int) bool {
	return slices.ContainsFunc(e.jobs[p.JobRole], func(n jobNeed) bool { return int(n.req) == i })
}

// exclusion returns why requirement r does not apply to the person (out of
// scope, excluded or exempt), or whyNone when it does.
func (e *Evaluator) exclusion(r *rule, p *Person) why {
	req := &e.policy.Requirements[r.index]
	switch {
	case r.byJobRole && !e.requiredByJob(p, r.index):
		return whyNotInJobRole
	case !req.AppliesTo.matches(p):
		return whyOutOfScope
	case !req.Except.IsZero() && req.Except.matches(p):
		return whyExcluded
	case exemptionFor(p, r.id) >= 0:
		return whyExempt
	}
	return whyNone
}
