package cpd

import (
	"fmt"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/internal/enum"
)

// Where cpd's vocabulary meets a leaf package's. One that means the same
// thing in both has one type, owned by the leaf (Necessity is
// budget.Necessity). Where they differ, the conversion is a total function
// written out here, value by value, and tested over every value; names a
// policy gives as text (a scope's roles, an hours rule's aspects and
// activity kinds, a budget rule's kinds) are checked against cpd's
// vocabulary when the Service is built (checkPolicyNames,
// checkBudgetNames), as are an update's audience roles when it is sent,
// so a misspelt name is an error rather than a rule or an audience that
// silently matches nobody.

// budgetRole is the budget role an organisational role acts as in
// spending decisions: the one of the same name. Staff, the IQA and
// auditors take no part in them, and a value that is not a role is none;
// for those ok is false. Every budget role is some organisational role's,
// so every role a budget policy names can be met.
func budgetRole(r Role) (br budget.Role, ok bool) {
	switch r {
	case RoleLineManager:
		return budget.RoleLineManager, true
	case RoleAdministrator:
		return budget.RoleAdministrator, true
	case RoleBudgetHolder:
		return budget.RoleBudgetHolder, true
	case RoleHeadOfEducation:
		return budget.RoleHeadOfEducation, true
	case RoleManagingDirector:
		return budget.RoleManagingDirector, true
	case RoleBusinessManager:
		return budget.RoleBusinessManager, true
	case RoleTrustee:
		return budget.RoleTrustee, true
	case RoleStaff, RoleIQA, RoleAuditor:
		return 0, false
	}
	return 0, false
}

// budgetRoles maps organisational roles to the budget roles they act as
// (budgetRole), in order; the others take no part in spending decisions.
func budgetRoles(roles []Role) []budget.Role {
	var out []budget.Role
	for _, r := range roles {
		if br, ok := budgetRole(r); ok {
			out = append(out, br)
		}
	}
	return out
}

// targetSource is the activity source of a target's source: the one of
// the same name. Every target source is one; a value that is not a source
// is ErrInvalid, never taken for another.
func targetSource(src appraisal.Source) (Source, error) {
	switch src {
	case appraisal.ImprovementPlanning:
		return ImprovementPlanning, nil
	case appraisal.OTLA:
		return OTLA, nil
	case appraisal.FromAppraisal:
		return Appraisal, nil
	case appraisal.WorkScrutiny:
		return WorkScrutiny, nil
	case appraisal.QualityAssurance:
		return QualityAssurance, nil
	case appraisal.PerformanceImprovementPlan:
		return PerformanceImprovementPlan, nil
	}
	return 0, invalid("source", "%s is not a source of targets", src)
}

// checkPolicyNames checks that every organisational role, activity kind
// and aspect the compliance policy names is one of cpd's, naming the
// first that is not as policy.requirements[i]....
func checkPolicyNames(p *compliance.Policy) error {
	for i := range p.Requirements {
		r := &p.Requirements[i]
		path := fmt.Sprintf("policy.requirements[%d]", i)
		if err := knownNames(path+".applies_to.roles", r.AppliesTo.Roles, roleNames, "role"); err != nil {
			return err
		}
		if err := knownNames(path+".except.roles", r.Except.Roles, roleNames, "role"); err != nil {
			return err
		}
		if r.Hours == nil {
			continue
		}
		if err := knownNames(path+".hours.aspects", r.Hours.Aspects, aspectNames, "aspect"); err != nil {
			return err
		}
		if err := knownNames(path+".hours.activity_kinds", r.Hours.ActivityKinds, activityKindNames, "activity kind"); err != nil {
			return err
		}
	}
	return nil
}

// checkBudgetNames checks that every activity kind the budget policy's
// rules name is one of cpd's, naming the first that is not as
// budget.rules[i].when....
func checkBudgetNames(p *budget.Policy) error {
	for i := range p.Rules {
		w := &p.Rules[i].When
		path := fmt.Sprintf("budget.rules[%d].when", i)
		if err := knownNames(path+".kinds", w.Kinds, activityKindNames, "activity kind"); err != nil {
			return err
		}
		if err := knownNames(path+".except_kinds", w.ExceptKinds, activityKindNames, "activity kind"); err != nil {
			return err
		}
	}
	return nil
}

// knownNames checks each name is one of the vocabulary's, what it holds.
func knownNames(field string, names []string, vocab enum.Names, what string) error {
	for i, n := range names {
		var v uint8
		if vocab.Parse(&v, []byte(n), what) != nil {
			return invalid(fmt.Sprintf("%s[%d]", field, i), "%q is not a valid %s (want one of %v)", n, what, vocab.List())
		}
	}
	return nil
}
