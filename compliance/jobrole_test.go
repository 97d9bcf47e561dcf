package compliance

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// jobRolePolicy is a policy with a membership and a qualification that
// apply by job role, and the job descriptions given.
func jobRolePolicy(jobs ...JobRole) Policy {
	return Policy{ID: "jobs", AcademicYearStart: MonthDay{Month: time.September, Day: 1}, JobRoles: jobs,
		Requirements: []Requirement{
			{ID: "college", Kind: Membership, ByJobRole: true, Topics: []string{"chartered-college-membership"}},
			{ID: "det", Kind: Qualification, ByJobRole: true, Topics: []string{"det"}},
		}}
}

// TestEvaluateByJobRole: LETTA L89, "Where staff are required to maintain
// professional memberships as part of their job role, it is the
// responsibility of the individual staff member to ensure … that
// membership is maintained at the appropriate level", and L32–33, "Where
// it is identified that a qualification is a requirement of a particular
// job role, this will be specified in the relevant job description" with
// "a plan … to secure achievement at the earliest opportunity". A
// requirement marked ByJobRole applies only to the job roles whose
// description names it, at the levels it names.
func TestEvaluateByJobRole(t *testing.T) {
	on := day("2026-12-07")
	teacher := Person{ID: "p1", Start: day("2015-09-01"), JobRole: "teacher"}
	tutor := Person{ID: "p2", Start: day("2015-09-01"), JobRole: "tutor"}
	planned := teacher
	planned.Plans = []Plan{{Requirement: "det", By: day("2027-07-31"), Description: "DET by summer"}}
	member := func(level string) []Evidence {
		return []Evidence{{ID: "m1", Topic: "chartered-college-membership", Date: day("2015-09-01"), ValidUntil: day("2027-08-31"), Level: level}}
	}
	anyLevel := []JobRole{{ID: "teacher", Requires: []RoleRequirement{{Requirement: "college"}, {Requirement: "det"}}}}
	chartered := []JobRole{{ID: "teacher", Requires: []RoleRequirement{{Requirement: "college", Levels: []string{"chartered-teacher", "fellow"}}}}}
	type row struct{ College, DET Status }
	tests := []struct {
		name     string
		jobs     []JobRole
		person   Person
		evidence []Evidence
		want     row
	}{
		{name: "switched off: no job role names it", person: teacher, evidence: member(""),
			want: row{NotApplicable, NotApplicable}},
		{name: "named by the teacher's job description, not held", jobs: anyLevel, person: teacher,
			want: row{Missing, Missing}},
		{name: "named, held at any level", jobs: anyLevel, person: teacher, evidence: member("associate"),
			want: row{Compliant, Missing}},
		{name: "qualification the job role requires, with a dated plan", jobs: anyLevel, person: planned,
			want: row{Missing, Planned}},
		{name: "another job role is not asked", jobs: anyLevel, person: tutor,
			want: row{NotApplicable, NotApplicable}},
		{name: "below the level the job description names", jobs: chartered, person: teacher, evidence: member("associate"),
			want: row{Missing, NotApplicable}},
		{name: "at a level the job description names", jobs: chartered, person: teacher, evidence: member("fellow"),
			want: row{Compliant, NotApplicable}},
		{name: "no level recorded when one is named", jobs: chartered, person: teacher, evidence: member(""),
			want: row{Missing, NotApplicable}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := NewEvaluator(jobRolePolicy(tc.jobs...))
			require.NoError(t, err)
			res, err := e.Evaluate(tc.person, tc.evidence, on)
			require.NoError(t, err)
			got := row{res.Items[0].Status, res.Items[1].Status}
			require.Equal(t, tc.want, got)
			m, err := e.Matrix([]Subject{{Person: tc.person, Evidence: tc.evidence}}, on)
			require.NoError(t, err)
			require.Equal(t, tc.want, row{m.Status(0, 0), m.Status(0, 1)}, "Matrix agrees with Evaluate")
		})
	}
}

func TestNotInJobRoleReason(t *testing.T) {
	res, err := Evaluate(jobRolePolicy(), Person{ID: "p1", Start: day("2020-01-01"), JobRole: "teacher"}, nil, day("2026-01-01"))
	require.NoError(t, err)
	require.Equal(t, "Not required by this person's job role.", res.Items[0].Reason())
}

func TestJobRolesValidate(t *testing.T) {
	renewable := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y")}
	tests := []struct {
		name   string
		policy Policy
		want   []string
	}{
		{name: "by_job_role on training", want: []string{"requirements[2].by_job_role"},
			policy: func() Policy {
				p := jobRolePolicy()
				r := renewable
				r.ByJobRole = true
				p.Requirements = append(p.Requirements, r)
				return p
			}()},
		{name: "by_job_role with applies_to job roles", want: []string{"requirements[0].applies_to.job_roles"},
			policy: func() Policy {
				p := jobRolePolicy()
				p.Requirements[0].AppliesTo.JobRoles = []string{"teacher"}
				return p
			}()},
		{name: "unknown requirement", want: []string{"job_roles[0].requires[0].requirement"},
			policy: jobRolePolicy(JobRole{ID: "teacher", Requires: []RoleRequirement{{Requirement: "nasbtt"}}})},
		{name: "requirement not by job role", want: []string{"job_roles[0].requires[0].requirement"},
			policy: func() Policy {
				p := jobRolePolicy(JobRole{ID: "teacher", Requires: []RoleRequirement{{Requirement: "sg"}}})
				p.Requirements = append(p.Requirements, renewable)
				return p
			}()},
		{name: "named twice", want: []string{"job_roles[0].requires[1].requirement"},
			policy: jobRolePolicy(JobRole{ID: "teacher", Requires: []RoleRequirement{{Requirement: "det"}, {Requirement: "det"}}})},
		{name: "empty level", want: []string{"job_roles[0].requires[0].levels[0]"},
			policy: jobRolePolicy(JobRole{ID: "teacher", Requires: []RoleRequirement{{Requirement: "college", Levels: []string{""}}}})},
		{name: "job role twice and one without an ID", want: []string{"job_roles[1].id", "job_roles[2].id"},
			policy: jobRolePolicy(JobRole{ID: "teacher"}, JobRole{ID: "teacher"}, JobRole{})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.policy.Validate()
			require.ErrorIs(t, err, ErrInvalid)
			require.Equal(t, tc.want, validationPaths(err))
		})
	}
}

func TestJobRolesJSONRoundTrip(t *testing.T) {
	doc := `{"id": "jobs", "academic_year_start": "09-01",
		"requirements": [{"id": "college", "kind": "membership", "by_job_role": true}],
		"job_roles": [{"id": "teacher", "requires": [{"requirement": "college", "levels": ["member", "fellow"]}]}]}`
	p, err := ParsePolicy([]byte(doc))
	require.NoError(t, err)
	want := []JobRole{{ID: "teacher", Requires: []RoleRequirement{{Requirement: "college", Levels: []string{"member", "fellow"}}}}}
	require.Equal(t, want, p.JobRoles)
	require.True(t, p.Requirements[0].ByJobRole)
	out, err := json.Marshal(p)
	require.NoError(t, err)
	again, err := ParsePolicy(out)
	require.NoError(t, err)
	if diff := cmp.Diff(p, again, policyEqual...); diff != "" {
		t.Errorf("round trip (-first +second):\n%s", diff)
	}
	_, err = ParsePolicy([]byte(`{"id": "jobs", "academic_year_start": "09-01", "requirements": [],
		"job_roles": [{"id": "teacher", "requires": [{"requirement": "college", "level": "member"}]}]}`))
	require.ErrorIs(t, err, ErrInvalid)
	require.Equal(t, []string{"job_roles[0].requires[0].level"}, validationPaths(err))
}

// TestMembershipReason: a membership's evidence is dated at its last
// renewal (or joining), so its reason does not call that day "member since".
func TestMembershipReason(t *testing.T) {
	req := Requirement{ID: "college", Kind: Membership}
	it := evaluateItem(t, req, veteran(), []Evidence{evUntil("card", "college", "2026-01-09", "2027-01-08")}, day("2026-11-25"))
	require.Equal(t, "Membership renewed or joined on 2026-01-09 (card); valid until 2027-01-08.", it.Reason())
}

func TestEvaluatorMeets(t *testing.T) {
	e, err := NewEvaluator(Policy{ID: "p", AcademicYearStart: MonthDay{Month: time.September, Day: 1}, Requirements: []Requirement{
		{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y"), Topics: []string{"safeguarding", "dsl"}},
		{ID: "dsl-role", Kind: OneOffTraining, Topics: []string{"dsl"}},
		{ID: "prevent", Kind: OneOffTraining},
		{ID: "hours", Kind: MinimumHours, Hours: &HoursRule{Minimum: hrs("30")}},
	}})
	require.NoError(t, err)
	for topic, want := range map[string][]string{
		"dsl": {"sg", "dsl-role"}, "safeguarding": {"sg"}, "prevent": {"prevent"}, "hours": nil, "regulator-updates": nil,
	} {
		require.Equal(t, want, e.Meets(topic), topic)
	}
}
