package cpd_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestPersonKeepsEveryField checks every field of a person's record, set
// to something other than its zero value, is stored and read back as given.
func TestPersonKeepsEveryField(t *testing.T) {
	f := newFixture(t)
	d := date.New
	in := cpd.Person{
		ID: "avery", Name: "Avery", Email: "avery@example.org", JobRole: "teacher", Team: "maths",
		Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleBudgetHolder}, LineManager: "mgr", Employment: compliance.Associate,
		Start: d(2024, 9, 1), ResignedOn: d(2026, 10, 1), Leaving: d(2026, 12, 31), FTE: decimal.RequireFromString("0.6"),
		Qualifications: []cpd.Qualification{{Topic: "qts", Name: "QTS", Awarded: d(2015, 7, 1), ValidUntil: d(2035, 7, 1), Evidence: "qts.pdf"}},
		Memberships: []cpd.Membership{{Topic: "nasbtt", Body: "NASBTT", Level: "member", Number: "N-1", Since: d(2019, 1, 1), Renewed: d(2025, 1, 1),
			ValidUntil: d(2025, 12, 31), Evidence: "card.pdf"}},
		PenPortrait: cpd.PenPortrait{Summary: "Maths specialist", Expertise: []string{"GCSE"}, SectorExperience: "FE",
			Captured: d(2024, 9, 10), Updated: d(2025, 9, 1)},
		Absences:   []compliance.Absence{{From: d(2025, 1, 6), To: d(2025, 3, 28), Reason: "leave"}},
		Extensions: []compliance.Extension{{Requirement: "prevent", Until: d(2027, 1, 31), Reason: "booked", GrantedBy: "head"}},
		Exemptions: []compliance.Exemption{{Requirement: "qts", Reason: "overseas QTS", GrantedBy: "head"}},
		Plans:      []compliance.Plan{{Requirement: "qts", By: d(2027, 7, 31), Description: "assessment only route"}},
	}
	requireAllSet(t, in, "Version")
	// Extensions, exemptions and plans are granted by their own use cases.
	add := in
	add.Extensions, add.Exemptions, add.Plans = nil, nil, nil
	// Roles and LineManager are copied from the Directory, which knows avery as given.
	f.dir.Set(org, cpd.Identity{Person: in.ID, Roles: in.Roles, LineManager: in.LineManager})
	_, err := f.svc.Staff.AddPerson(as("admin"), add)
	require.NoError(t, err)
	_, err = f.svc.Compliance.GrantExtension(as("head"), "avery", in.Extensions[0])
	require.NoError(t, err)
	_, err = f.svc.Compliance.Exempt(as("head"), "avery", in.Exemptions[0])
	require.NoError(t, err)
	_, err = f.svc.Compliance.PlanQualification(as("head"), "avery", in.Plans[0])
	require.NoError(t, err)
	got, err := f.svc.Staff.Person(as("admin"), "avery")
	require.NoError(t, err)
	if diff := cmp.Diff(in, got, cmpopts.IgnoreFields(cpd.Person{}, "Version")); diff != "" {
		t.Fatalf("stored person (-given +read):\n%s", diff)
	}
}

// TestActivityKeepsEveryField checks every descriptive field of an
// activity is stored and read back as given, by an import (which alone
// records an ExternalRef).
func TestActivityKeepsEveryField(t *testing.T) {
	f := newFixture(t)
	d := date.New
	in := cpd.Activity{
		Person: "tina", Title: "Level 3 award in assessment", Kind: cpd.AccreditedQualification, Aspect: cpd.CareerProgression,
		Necessity: cpd.Aspirational, Source: cpd.Appraisal, Topics: []string{"safeguarding"}, Hours: decimal.RequireFromString("12.5"),
		Start: d(2026, 9, 1), End: d(2026, 11, 1), Completed: d(2026, 11, 2), ValidUntil: d(2029, 11, 1),
		Provider: "City College", Accreditation: &cpd.Accreditation{AwardingBody: "City & Guilds", Qualification: "L3 CAVA"},
		Evidence: "certificate.pdf", ExternalRef: "lms:enrolment-77", Reflection: "Better feedback", Impact: "Faster marking",
		Targets: []string{"target-7"},
	}
	res, err := f.svc.Activities.ImportCompletions(as("admin"), []cpd.Activity{in}, nil)
	require.NoError(t, err)
	got, err := f.svc.Activities.Activity(as("tina"), res.IDs[0])
	require.NoError(t, err)
	in.ID, in.State, in.RequestedBy, in.RecordedBy, in.Version = res.IDs[0], cpd.Completed, "admin", "admin", got.Version
	// Funding: a self-recorded activity asks for no money; TestFundingKeepsEveryField covers it.
	requireAllSet(t, in, "ApprovedBy", "Reason", "DelegatedTo", "DelegatedFrom", "History", "Funding")
	if diff := cmp.Diff(in, got); diff != "" {
		t.Fatalf("stored activity (-given +read):\n%s", diff)
	}
}

// requireAllSet fails if a field of the struct v, other than those
// excepted, has its zero value: a field added later must be given a value
// above, and so be covered.
func requireAllSet(t *testing.T, v any, except ...string) {
	t.Helper()
	rv := reflect.ValueOf(v)
	for i := range rv.NumField() {
		name := rv.Type().Field(i).Name
		if rv.Field(i).IsZero() && !slices.Contains(except, name) {
			t.Errorf("field %s is not set: give it a value so that the test covers it", name)
		}
	}
}

// TestQualificationsAndMembershipsAreEvidence checks a person's
// qualifications and memberships meet the requirements for them, a dated
// plan stands in for a missing qualification, and a membership running
// out raises an alert.
func TestQualificationsAndMembershipsAreEvidence(t *testing.T) {
	d := date.New
	teachers := compliance.Scope{JobRoles: []string{"teacher"}}
	f := newFixtureWith(t, compliance.Policy{ID: "staff", AcademicYearStart: compliance.MonthDay{Month: 9, Day: 1},
		Requirements: []compliance.Requirement{
			{ID: "qts", Name: "QTS", Kind: compliance.Qualification, AppliesTo: teachers},
			{ID: "nasbtt", Name: "NASBTT membership", Kind: compliance.Membership, AppliesTo: teachers},
		}})
	type row struct{ QTS, Membership compliance.Status }
	statusOf := func(person string) row {
		t.Helper()
		res, err := f.svc.Compliance.Compliance(as("admin"), person)
		require.NoError(t, err)
		q, _ := res.Item("qts")
		m, _ := res.Item("nasbtt")
		return row{q.Status, m.Status}
	}
	require.Equal(t, row{compliance.Missing, compliance.Missing}, statusOf("tina"))

	p, err := f.svc.Staff.Person(as("admin"), "tina")
	require.NoError(t, err)
	p.Qualifications = []cpd.Qualification{{Topic: "qts", Name: "QTS", Awarded: d(2015, 7, 1), Evidence: "qts.pdf"}}
	p.Memberships = []cpd.Membership{{Topic: "nasbtt", Body: "NASBTT", Since: d(2025, 12, 11), ValidUntil: d(2026, 12, 10)}}
	_, err = f.svc.Staff.UpdatePerson(as("admin"), p)
	require.NoError(t, err)
	require.Equal(t, row{compliance.Compliant, compliance.Compliant}, statusOf("tina"))
	alerts, err := f.svc.Compliance.Alerts(as("tina"), "tina", 30)
	require.NoError(t, err)
	require.Equal(t, []brief{{"nasbtt", cpd.Expiring, d(2026, 12, 10)}}, briefs(alerts))

	_, err = f.svc.Compliance.PlanQualification(as("head"), "pete", compliance.Plan{Requirement: "qts", By: d(2027, 7, 31)})
	require.NoError(t, err)
	require.Equal(t, compliance.Planned, statusOf("pete").QTS)
}

// TestLongStandingMembershipIsCurrent: LETTA L89, staff ensure "that
// membership is maintained at the appropriate level". A member since 2015
// whose card expires next year is current under a yearly membership
// requirement (the card's expiry ends the current period, not a year from
// joining), through Compliance.Compliance and the alerts; a membership with
// no expiry of its own lasts the requirement's validity from its last
// renewal.
func TestLongStandingMembershipIsCurrent(t *testing.T) {
	d := date.New
	f := newFixtureWith(t, compliance.Policy{ID: "staff", AcademicYearStart: compliance.MonthDay{Month: 9, Day: 1},
		Requirements: []compliance.Requirement{
			{ID: "college", Name: "Chartered College membership", Kind: compliance.Membership,
				AppliesTo: compliance.Scope{JobRoles: []string{"teacher"}}, Validity: period.MustParse("P1Y"),
				RenewalWindow: period.MustParse("P1M")},
		}})
	setMembership := func(m cpd.Membership) compliance.Item {
		t.Helper()
		p, err := f.svc.Staff.Person(as("admin"), "tina")
		require.NoError(t, err)
		p.Memberships = []cpd.Membership{m}
		_, err = f.svc.Staff.UpdatePerson(as("admin"), p)
		require.NoError(t, err)
		res, err := f.svc.Compliance.Compliance(as("admin"), "tina")
		require.NoError(t, err)
		it, ok := res.Item("college")
		require.True(t, ok)
		return it
	}
	type view struct {
		Status     compliance.Status
		ValidUntil date.Date
	}
	it := setMembership(cpd.Membership{Topic: "college", Body: "Chartered College of Teaching", Since: d(2015, 3, 1), ValidUntil: d(2027, 8, 31)})
	require.Equal(t, view{compliance.Compliant, d(2027, 8, 31)}, view{it.Status, it.ValidUntil})
	alerts, err := f.svc.Compliance.Alerts(as("tina"), "tina", 30)
	require.NoError(t, err)
	require.Empty(t, alerts)

	it = setMembership(cpd.Membership{Topic: "college", Body: "Chartered College of Teaching", Since: d(2015, 3, 1), Renewed: d(2026, 3, 1)})
	require.Equal(t, view{compliance.Compliant, d(2027, 2, 28)}, view{it.Status, it.ValidUntil})
	require.Equal(t, d(2026, 3, 1), it.Evidence.Date, "dated at the last renewal, not at joining")

	it = setMembership(cpd.Membership{Topic: "college", Body: "Chartered College of Teaching", Since: d(2015, 3, 1)})
	require.Equal(t, view{compliance.Overdue, d(2016, 2, 29)}, view{it.Status, it.ValidUntil})
}

// TestMembershipLevelByJobRole: LETTA L89, memberships required "as part
// of their job role" are "maintained at the appropriate level". A
// membership requirement applies only to the job roles that name it, and
// the person's recorded grade of membership must be one the job role
// names.
func TestMembershipLevelByJobRole(t *testing.T) {
	d := date.New
	f := newFixtureWith(t, compliance.Policy{ID: "staff", AcademicYearStart: compliance.MonthDay{Month: 9, Day: 1},
		Requirements: []compliance.Requirement{{ID: "college", Name: "Chartered College membership", Kind: compliance.Membership, ByJobRole: true}},
		JobRoles:     []compliance.JobRole{{ID: "teacher", Requires: []compliance.RoleRequirement{{Requirement: "college", Levels: []string{"chartered-teacher", "fellow"}}}}},
	})
	statusAt := func(level string) compliance.Status {
		t.Helper()
		p, err := f.svc.Staff.Person(as("admin"), "tina")
		require.NoError(t, err)
		p.Memberships = []cpd.Membership{{Topic: "college", Body: "Chartered College of Teaching", Level: level, Since: d(2015, 3, 1), ValidUntil: d(2027, 8, 31)}}
		_, err = f.svc.Staff.UpdatePerson(as("admin"), p)
		require.NoError(t, err)
		res, err := f.svc.Compliance.Compliance(as("admin"), "tina")
		require.NoError(t, err)
		it, _ := res.Item("college")
		return it.Status
	}
	require.Equal(t, compliance.Missing, statusAt("associate"))
	require.Equal(t, compliance.Compliant, statusAt("fellow"))
}

// TestHoursCountOnlyLearningInScope: LETTA L53, "Only professional
// learning relevant to an individual's job role or specifically required
// by the organisation will be within the scope of this policy or eligible
// for funding by LETTA". Under an hours rule with RelevantOnly, a 20-hour
// personal-interest evening class counts for nothing; necessary learning
// and required training count, with the relevance the funding rule uses.
func TestHoursCountOnlyLearningInScope(t *testing.T) {
	d := date.New
	f := newFixtureWith(t, compliance.Policy{ID: "staff", AcademicYearStart: compliance.MonthDay{Month: 9, Day: 1},
		Requirements: []compliance.Requirement{
			{ID: "hours", Name: "CPD hours", Kind: compliance.MinimumHours, Hours: &compliance.HoursRule{Minimum: decimal.NewFromInt(30), RelevantOnly: true}},
			{ID: "safeguarding", Name: "Safeguarding", Kind: compliance.RenewableTraining, Validity: period.MustParse("P1Y")},
		}})
	evening := done("tina", d(2026, 10, 1))
	evening.Title, evening.Necessity, evening.Aspect, evening.Hours = "Pottery evening class", cpd.Aspirational, cpd.CareerProgression, decimal.NewFromInt(20)
	phonics := done("tina", d(2026, 10, 8))
	phonics.Hours = decimal.NewFromInt(6)
	required := done("tina", d(2026, 9, 10), "safeguarding")
	required.Necessity, required.Source, required.Hours = cpd.Aspirational, cpd.Required, decimal.NewFromInt(3)
	for _, a := range []cpd.Activity{evening, phonics, required} {
		_, err := f.svc.Activities.RecordCompleted(as("tina"), a)
		require.NoError(t, err)
	}
	res, err := f.svc.Compliance.Compliance(as("admin"), "tina")
	require.NoError(t, err)
	it, _ := res.Item("hours")
	require.True(t, decimal.NewFromInt(9).Equal(it.HoursDone), "hours done %s, want 9 (6 necessary + 3 required)", it.HoursDone)
}
