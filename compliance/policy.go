package compliance

import (
	"fmt"
	"slices"

	"github.com/rickb777/period"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/internal/calendar"
)

// Policy is an organisation's compliance rules: the requirements its staff
// must meet and the day its academic year starts. Build one in Go or load one
// with [ParsePolicy]; either way, [Policy.Validate] checks it. A Policy is a
// plain value: copy it freely, and do not change it while an [Evaluator]
// built from it is in use.
type Policy struct {
	// ID names the policy, for example "letta-2022".
	ID string
	// Name is the policy's title, for people.
	Name string
	// AcademicYearStart is the first day of the academic year (required):
	// 09-01 or 08-01 are common in England.
	AcademicYearStart MonthDay
	// Notes record assumptions made where the written policy is silent.
	Notes []string
	// Requirements are the rules, each with an ID unique in the policy.
	Requirements []Requirement
	// JobRoles are what the job descriptions require: for each job role,
	// the qualifications and memberships (requirements marked ByJobRole)
	// it names, at the levels it names. A ByJobRole requirement applies
	// only to the job roles listed here with it.
	JobRoles []JobRole
}

// JobRole is one job description's requirements, as a policy such as
// LETTA's puts them: "Where it is identified that a qualification is a
// requirement of a particular job role, this will be specified in the
// relevant job description", and memberships are kept "as part of their
// job role … at the appropriate level".
type JobRole struct {
	// ID is the job role, as in Person.JobRole ("teacher"), unique in the policy.
	ID string
	// Requires are the ByJobRole requirements the job description names.
	Requires []RoleRequirement
}

// RoleRequirement is one requirement a job description names.
type RoleRequirement struct {
	// Requirement is the ID of a requirement marked ByJobRole.
	Requirement string
	// Levels, when the job description names a level, are the levels of
	// evidence (Evidence.Level, such as a grade of membership) that meet
	// it: "member" and "fellow", say. Empty: evidence at any level does.
	Levels []string
}

// Requirement is one rule of a policy: a piece of training, a qualification,
// a membership, a minimum of hours or a regular submission.
type Requirement struct {
	// ID is the stable key ("safeguarding"), unique in the policy.
	ID string
	// Name is the requirement's title, for people.
	Name string
	// Kind says what sort of rule this is (required).
	Kind Kind
	// Topics are the evidence topics that satisfy the requirement, which is
	// how equivalences are written: safeguarding might list "safeguarding"
	// and "designated-safeguarding-lead". When empty, evidence whose topic is
	// the requirement's ID satisfies it. Not used by MinimumHours.
	Topics []string
	// AppliesTo limits who the requirement is for; empty means everyone.
	AppliesTo Scope
	// ByJobRole makes a Qualification or Membership opt-in per job role:
	// it applies only to people whose job role's entry in the policy's
	// JobRoles names it (and, within that, to those AppliesTo and Except
	// select), so it applies to no one until a job role is given it.
	// AppliesTo must then name no job roles.
	ByJobRole bool
	// Except removes people from AppliesTo; empty excludes no one.
	Except Scope
	// Validity is how long evidence counts (P1Y). Required for
	// RenewableTraining, zero for OneOffTraining, optional for Qualification
	// and Membership (zero: never expires unless the evidence carries its
	// own expiry). For a Membership it applies only to evidence without an
	// expiry of its own: a membership card's expiry ends its period.
	Validity period.Period
	// InductionDeadline is how long a starter has, from their start date,
	// before missing evidence counts against them (P30D). Zero: no grace for
	// starters.
	InductionDeadline period.Period
	// RenewalWindow is how long before expiry the status becomes due soon.
	RenewalWindow period.Period
	// GracePeriod is how long after expiry evidence is still treated as due
	// soon rather than overdue.
	GracePeriod period.Period
	// Basis is how renewals are dated; zero means FromCompletion.
	Basis Basis
	// MinimumActive applies to FromPreviousExpiry: a renewal dated from the
	// previous expiry still lasts at least this long from its completion.
	MinimumActive period.Period
	// DueBy is the yearly due day for the FixedDate basis ("12-31").
	DueBy MonthDay
	// Every is the cadence of a Submission (P2M for the CPD log).
	Every period.Period
	// Hours is the rule for MinimumHours; nil for every other kind.
	Hours *HoursRule
	// Note records an assumption, such as a validity the written policy
	// does not state.
	Note string
}

// Scope selects people by organisational role, job role and employment
// type. Each non-empty list must match (a person matches a list when they
// hold any one of its values); an empty Scope matches everyone.
type Scope struct {
	// Roles are organisational roles ("line_manager", "administrator").
	Roles []string
	// JobRoles are job roles ("teacher", "assessor").
	JobRoles []string
	// Employment are employment types.
	Employment []Employment
}

// IsZero reports whether the scope has no conditions.
func (s Scope) IsZero() bool {
	return len(s.Roles) == 0 && len(s.JobRoles) == 0 && len(s.Employment) == 0
}

func (s Scope) matches(p *Person) bool {
	if len(s.JobRoles) > 0 && !slices.Contains(s.JobRoles, p.JobRole) {
		return false
	}
	if len(s.Employment) > 0 && !slices.Contains(s.Employment, p.Employment) {
		return false
	}
	if len(s.Roles) > 0 && !slices.ContainsFunc(p.Roles, func(r string) bool { return slices.Contains(s.Roles, r) }) {
		return false
	}
	return true
}

// HoursRule is a minimum of CPD hours per academic year.
//
// The requirement is Minimum, scaled by FTE when ProRataFTE is set (but not
// below PartTimeFloor, when that is set and the person is part-time), then
// scaled by the share of the year the person is in post when ProRataService
// is set, leaving out recorded absences at least AbsenceThreshold long.
// The result is rounded half up to one decimal place (6 minutes).
type HoursRule struct {
	// Minimum is the full-time, full-year number of hours (required, > 0).
	Minimum decimal.Decimal
	// Aspects, when set, count only activities with one of these aspects.
	Aspects []string
	// ActivityKinds, when set, count only activities of one of these kinds.
	ActivityKinds []string
	// RelevantOnly counts only learning in the policy's scope: relevant to
	// the person's job role (Evidence.Relevant) or required by the
	// organisation (evidence whose topic meets one of the policy's
	// requirements). LETTA's policy scopes itself so: "Only professional
	// learning relevant to an individual's job role or specifically
	// required by the organisation will be within the scope of this policy".
	RelevantOnly bool
	// ProRataFTE scales the minimum by the person's FTE.
	ProRataFTE bool
	// ProRataService scales the minimum by the part of the year in post.
	ProRataService bool
	// AbsenceThreshold: only absences at least this long reduce the
	// minimum (P3M). Zero: every recorded absence does. Needs ProRataService.
	AbsenceThreshold period.Period
	// PartTimeFloor is the least a part-time person's FTE-scaled minimum
	// can be (6 hours in the former FE rule). Zero: no floor.
	PartTimeFloor decimal.Decimal
}

// Validate checks the policy and returns every problem found, each a
// *ValidationError (all match [ErrInvalid]) naming the field's path.
func (p *Policy) Validate() error {
	var errs problems
	if p.ID == "" {
		errs.add("id", "is required")
	}
	if p.AcademicYearStart.IsZero() {
		errs.add("academic_year_start", "is required")
	} else if err := p.AcademicYearStart.Validate(); err != nil {
		errs.add("academic_year_start", err.Error())
	}
	seen := make(map[string]int, len(p.Requirements))
	for i := range p.Requirements {
		r := &p.Requirements[i]
		path := fmt.Sprintf("requirements[%d]", i)
		if j, dup := seen[r.ID]; dup && r.ID != "" {
			errs.add(path+".id", fmt.Sprintf("%q is already used by requirements[%d]", r.ID, j))
		}
		seen[r.ID] = i
		r.validate(path, &errs)
	}
	p.validateJobRoles(seen, &errs)
	return errs.err()
}

func (p *Policy) validateJobRoles(reqs map[string]int, errs *problems) {
	roles := make(map[string]int, len(p.JobRoles))
	for i, jr := range p.JobRoles {
		path := fmt.Sprintf("job_roles[%d]", i)
		if j, dup := roles[jr.ID]; dup {
			errs.add(path+".id", fmt.Sprintf("%q is already used by job_roles[%d]", jr.ID, j))
		} else if jr.ID == "" {
			errs.add(path+".id", "is required")
		}
		roles[jr.ID] = i
		named := make(map[string]bool, len(jr.Requires))
		for k, rr := range jr.Requires {
			rpath := fmt.Sprintf("%s.requires[%d]", path, k)
			j, ok := reqs[rr.Requirement]
			switch {
			case !ok:
				errs.add(rpath+".requirement", fmt.Sprintf("%q is not a requirement of the policy", rr.Requirement))
			case !p.Requirements[j].ByJobRole:
				errs.add(rpath+".requirement", fmt.Sprintf("%q is not marked by_job_role", rr.Requirement))
			case named[rr.Requirement]:
				errs.add(rpath+".requirement", fmt.Sprintf("%q is named twice", rr.Requirement))
			}
			named[rr.Requirement] = true
			for l, lv := range rr.Levels {
				if lv == "" {
					errs.add(fmt.Sprintf("%s.levels[%d]", rpath, l), "is empty")
				}
			}
		}
	}
}

func (r *Requirement) validate(path string, errs *problems) {
	if r.ID == "" {
		errs.add(path+".id", "is required")
	}
	if !kindNames.Valid(uint8(r.Kind)) {
		errs.add(path+".kind", "is required: one of "+fmt.Sprint(kindNames.List()))
		return
	}
	for _, f := range []struct {
		name string
		p    period.Period
	}{
		{"validity", r.Validity}, {"induction_deadline", r.InductionDeadline}, {"renewal_window", r.RenewalWindow},
		{"grace_period", r.GracePeriod}, {"minimum_active", r.MinimumActive}, {"every", r.Every},
	} {
		if reason := calendar.PeriodProblem(f.p); reason != "" {
			errs.add(path+"."+f.name, reason)
		}
	}
	for i, t := range r.Topics {
		if t == "" {
			errs.add(fmt.Sprintf("%s.topics[%d]", path, i), "is empty")
		}
	}
	r.AppliesTo.validate(path+".applies_to", errs)
	r.Except.validate(path+".except", errs)
	if r.ByJobRole {
		switch {
		case r.Kind != Qualification && r.Kind != Membership:
			errs.add(path+".by_job_role", "is only for qualification and membership")
		case len(r.AppliesTo.JobRoles) > 0:
			errs.add(path+".applies_to.job_roles", "must be empty when by_job_role is set: the policy's job_roles name them")
		}
	}
	r.validateKind(path, errs)
	r.validateBasis(path, errs)
}

func (r *Requirement) validateKind(path string, errs *problems) {
	expiring := r.Kind != OneOffTraining && r.Kind != MinimumHours
	switch {
	case r.Kind == RenewableTraining && r.Validity.IsZero():
		errs.add(path+".validity", "is required for renewable_training")
	case (r.Kind == OneOffTraining || r.Kind == MinimumHours || r.Kind == Submission) && !r.Validity.IsZero():
		errs.add(path+".validity", "must be empty for "+r.Kind.String())
	}
	if r.Kind == Submission && r.Every.IsZero() {
		errs.add(path+".every", "is required for submission")
	} else if r.Kind != Submission && !r.Every.IsZero() {
		errs.add(path+".every", "is only for submission")
	}
	if !expiring && !r.RenewalWindow.IsZero() {
		errs.add(path+".renewal_window", r.Kind.String()+" does not expire")
	}
	if !expiring && !r.GracePeriod.IsZero() {
		errs.add(path+".grace_period", r.Kind.String()+" does not expire")
	}
	if r.Kind == MinimumHours {
		if r.Hours == nil {
			errs.add(path+".hours", "is required for minimum_hours")
		} else {
			r.Hours.validate(path+".hours", errs)
		}
		if len(r.Topics) > 0 {
			errs.add(path+".topics", "minimum_hours counts hours from every activity; use hours.aspects or hours.activity_kinds")
		}
		if !r.InductionDeadline.IsZero() {
			errs.add(path+".induction_deadline", "is not used by minimum_hours")
		}
	} else if r.Hours != nil {
		errs.add(path+".hours", "is only for minimum_hours")
	}
}

func (r *Requirement) validateBasis(path string, errs *problems) {
	switch r.Basis {
	case 0, FromCompletion:
	case FromPreviousExpiry, FixedDate:
		if r.Validity.IsZero() && r.Every.IsZero() {
			errs.add(path+".basis", r.Basis.String()+" needs a validity")
		}
	default:
		errs.add(path+".basis", "is not a known basis")
	}
	if r.Basis != FromPreviousExpiry && !r.MinimumActive.IsZero() {
		errs.add(path+".minimum_active", "is only for basis previous_expiry")
	}
	if r.Basis == FixedDate {
		if r.DueBy.IsZero() {
			errs.add(path+".due_by", "is required for basis fixed_date")
		} else if err := r.DueBy.Validate(); err != nil {
			errs.add(path+".due_by", err.Error())
		}
		if s := spanOf(r.Validity); r.Kind != Submission && (s.days != 0 || s.months%12 != 0) {
			errs.add(path+".validity", "must be whole years for basis fixed_date")
		}
	} else if !r.DueBy.IsZero() {
		errs.add(path+".due_by", "is only for basis fixed_date")
	}
}

func (s Scope) validate(path string, errs *problems) {
	for i, v := range s.Roles {
		if v == "" {
			errs.add(fmt.Sprintf("%s.roles[%d]", path, i), "is empty")
		}
	}
	for i, v := range s.JobRoles {
		if v == "" {
			errs.add(fmt.Sprintf("%s.job_roles[%d]", path, i), "is empty")
		}
	}
	for i, v := range s.Employment {
		if !employmentNames.Valid(uint8(v)) {
			errs.add(fmt.Sprintf("%s.employment[%d]", path, i), "is not employed or associate")
		}
	}
}

func (h *HoursRule) validate(path string, errs *problems) {
	if !h.Minimum.IsPositive() {
		errs.add(path+".minimum", "must be more than 0 hours")
	}
	for i, a := range h.Aspects {
		if a == "" {
			errs.add(fmt.Sprintf("%s.aspects[%d]", path, i), "is empty")
		}
	}
	for i, k := range h.ActivityKinds {
		if k == "" {
			errs.add(fmt.Sprintf("%s.activity_kinds[%d]", path, i), "is empty")
		}
	}
	if h.PartTimeFloor.IsNegative() {
		errs.add(path+".part_time_floor", "must not be negative")
	} else if h.PartTimeFloor.GreaterThan(h.Minimum) {
		errs.add(path+".part_time_floor", "must not be more than the minimum")
	}
	if !h.ProRataFTE && h.PartTimeFloor.IsPositive() {
		errs.add(path+".part_time_floor", "needs pro_rata_fte")
	}
	if !h.ProRataService && !h.AbsenceThreshold.IsZero() {
		errs.add(path+".absence_threshold", "needs pro_rata_service")
	}
	if reason := calendar.PeriodProblem(h.AbsenceThreshold); reason != "" {
		errs.add(path+".absence_threshold", reason)
	}
	if u, ok := hoursUnits(h.Minimum); !ok || u > maxMinimumHours*hoursScale {
		errs.add(path+".minimum", fmt.Sprintf("must be at most %d hours", maxMinimumHours))
	}
	if _, ok := hoursUnits(h.PartTimeFloor); !ok {
		errs.add(path+".part_time_floor", "has more than 3 decimal places or is too large")
	}
}

// maxMinimumHours bounds a yearly minimum (there are 8,784 hours in a leap
// year), which keeps the pro-rata arithmetic exact in 64-bit integers.
const maxMinimumHours = 10_000
