package cpdimport_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/badges"
	"github.com/cpdkit/cpdkit/adapters/cpdimport"
	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/adapters/xapi"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

const org = "college"

// service is a cpd Service on the memory store on 2 November 2026 with a
// policy of yearly safeguarding, three-yearly health and safety and 30
// hours a year, and three people: an administrator and two teachers.
func service(t *testing.T) *cpd.Service {
	t.Helper()
	policy := compliance.Policy{ID: "college", AcademicYearStart: compliance.MonthDay{Month: time.September, Day: 1},
		Requirements: []compliance.Requirement{
			{ID: "safeguarding", Name: "Safeguarding", Kind: compliance.RenewableTraining, Validity: period.MustParse("P1Y"),
				Topics: []string{"safeguarding", "designated-safeguarding-lead"}},
			{ID: "health-and-safety", Name: "Health and safety", Kind: compliance.RenewableTraining, Validity: period.MustParse("P3Y")},
			{ID: "cpd-hours", Name: "CPD hours", Kind: compliance.MinimumHours, Hours: &compliance.HoursRule{Minimum: decimal.NewFromInt(30)}},
		}}
	now := func() time.Time { return time.Date(2026, time.November, 2, 12, 0, 0, 0, time.UTC) }
	dir := memory.NewDirectory()
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{Now: now})
	require.NoError(t, err)
	staff := []cpd.Identity{
		{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}},
		{Person: "ann", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "admin"},
		{Person: "bob", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "admin"},
	}
	for _, id := range staff {
		dir.Set(org, id)
	}
	for _, id := range staff {
		_, err := svc.Staff.AddPerson(as("admin"), cpd.Person{ID: id.Person, Name: id.Person, JobRole: "teacher", Roles: id.Roles,
			LineManager: id.LineManager, Employment: compliance.Employed, Start: date.New(2020, time.September, 1), FTE: decimal.NewFromInt(1)})
		require.NoError(t, err)
	}
	return svc
}

func as(person string) context.Context {
	return cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: person})
}

// statements is an LMS export: Ann's safeguarding late on 30 June UTC
// (1 July in London) and Bob's health and safety, passed.
const statements = `[
 {"id": "a0000000-0000-4000-8000-000000000001", "timestamp": "2026-06-30T23:30:00Z",
  "actor": {"mbox": "mailto:ann@college.example"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
  "object": {"id": "https://lms.college.example/safeguarding"}, "result": {"duration": "PT1H30M"}},
 {"id": "a0000000-0000-4000-8000-000000000002", "timestamp": "2026-10-05T09:00:00Z",
  "actor": {"mbox": "mailto:bob@college.example"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
  "object": {"id": "https://lms.college.example/health-and-safety"}, "result": {"score": {"scaled": 0.9}, "duration": "PT2H15M"}}
]`

func lmsMapping(t *testing.T) xapi.Mapping {
	agents := xapi.NewAgents()
	require.NoError(t, agents.AddEmail("ann@college.example", "ann"))
	require.NoError(t, agents.AddEmail("bob@college.example", "bob"))
	return xapi.Mapping{People: agents, Activities: xapi.Catalogue{
		"https://lms.college.example/safeguarding":      {Title: "Safeguarding refresher", Topics: []string{"safeguarding"}},
		"https://lms.college.example/health-and-safety": {Title: "Health and safety", Topics: []string{"health-and-safety"}, Kind: "internal_course"},
	}}
}

// TestXAPIIntoTheService imports an LMS export through the cpd Service on
// the memory store: each credit becomes a completed activity with the
// statement id as its evidence, named by its statement, and the people's
// compliance follows.
func TestXAPIIntoTheService(t *testing.T) {
	res, err := xapi.Import(context.Background(), strings.NewReader(statements), lmsMapping(t), nil)
	require.NoError(t, err)
	b, err := cpdimport.FromXAPI(&res, &cpdimport.Options{Provider: "College LMS"})
	require.NoError(t, err)
	require.Equal(t, []string{"statement a0000000-0000-4000-8000-000000000001", "statement a0000000-0000-4000-8000-000000000002"}, b.Sources)
	require.Empty(t, b.Withdrawals)
	svc := service(t)
	first, err := cpdimport.Apply(as("admin"), svc, b, nil)
	require.NoError(t, err)
	imported := first.Imported
	require.Equal(t, 2, imported.Imported)
	again, err := cpdimport.Apply(as("admin"), svc, b, nil)
	require.NoError(t, err)
	require.Zero(t, again.Imported.Imported, "the same export imported again records nothing twice")
	require.Equal(t, []cpd.Duplicate{{Index: 0, Existing: imported.IDs[0]}, {Index: 1, Existing: imported.IDs[1]}}, again.Imported.Duplicates)

	got, err := svc.Activities.Activities(as("admin"), "ann")
	require.NoError(t, err)
	require.Len(t, got, 1)
	want := cpd.Activity{
		Person: "ann", Title: "Safeguarding refresher", Kind: cpd.ExternalCourse, Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary,
		Source: cpd.Required, Topics: []string{"safeguarding"}, Hours: decimal.RequireFromString("1.5"), Completed: date.New(2026, time.July, 1),
		Provider: "College LMS", Evidence: "a0000000-0000-4000-8000-000000000001", ExternalRef: "xapi:a0000000-0000-4000-8000-000000000001", State: cpd.Completed, RequestedBy: "admin", RecordedBy: "admin",
	}
	if diff := cmp.Diff(want, got[0], cmpopts.IgnoreFields(cpd.Activity{}, "ID", "Version"), cmp.Comparer(decimalEqual)); diff != "" {
		t.Errorf("Ann's activity (-want +got):\n%s", diff)
	}

	for person, req := range map[string]string{"ann": "safeguarding", "bob": "health-and-safety"} {
		r, err := svc.Compliance.Compliance(as("admin"), person)
		require.NoError(t, err)
		it, ok := r.Item(req)
		require.True(t, ok)
		if it.Status != compliance.Compliant {
			t.Errorf("%s's %s is %s, want compliant: %s", person, req, it.Status, it.Reason())
		}
	}
	bob, err := svc.Compliance.Compliance(as("admin"), "bob")
	require.NoError(t, err)
	hours, _ := bob.Item("cpd-hours")
	require.True(t, hours.HoursDone.Equal(decimal.RequireFromString("2.25")), "bob's hours: %s", hours.HoursDone)
}

// TestBadgesIntoTheService imports a badge through the Service: an
// accredited qualification, valid until the badge expires, which counts
// toward safeguarding until then.
func TestBadgesIntoTheService(t *testing.T) {
	const badge = `{"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "https://awards.example.org/assertions/9",
	  "recipient": {"type": "email", "hashed": false, "identity": "ann@college.example"},
	  "badge": {"id": "https://awards.example.org/badges/dsl", "name": "DSL Level 3", "issuer": {"id": "https://awards.example.org", "name": "Example Awarding Body"}},
	  "issuedOn": "2026-05-11T10:00:00Z", "expires": "2027-03-01T00:00:00Z", "verification": {"type": "hosted"}}`
	people := badges.NewRecipients()
	require.NoError(t, people.AddEmail("ann@college.example", "ann"))
	res, err := badges.Import(context.Background(), strings.NewReader(badge), badges.Mapping{People: people, Achievements: badges.Catalogue{
		"https://awards.example.org/badges/dsl": {Title: "Designated safeguarding lead", Topics: []string{"designated-safeguarding-lead"}, Hours: decimal.NewFromInt(12)},
	}}, nil)
	require.NoError(t, err)
	b, err := cpdimport.FromBadges(&res, nil)
	require.NoError(t, err)
	require.Equal(t, []string{"badge #0 (https://awards.example.org/assertions/9)"}, b.Sources)
	svc := service(t)
	_, err = cpdimport.Apply(as("admin"), svc, b, nil)
	require.NoError(t, err)

	got, err := svc.Activities.Activities(as("admin"), "ann")
	require.NoError(t, err)
	require.Len(t, got, 1)
	want := cpd.Activity{
		Person: "ann", Title: "Designated safeguarding lead", Kind: cpd.AccreditedQualification, Aspect: cpd.KeepingUpToDate,
		Necessity: cpd.Necessary, Source: cpd.Required, Topics: []string{"designated-safeguarding-lead"}, Hours: decimal.NewFromInt(12),
		Completed: date.New(2026, time.May, 11), ValidUntil: date.New(2027, time.February, 28), Provider: "Example Awarding Body",
		Accreditation: &cpd.Accreditation{AwardingBody: "Example Awarding Body", Qualification: "DSL Level 3"},
		Evidence:      "https://awards.example.org/assertions/9", ExternalRef: "badge:https://awards.example.org/assertions/9", State: cpd.Completed, RequestedBy: "admin", RecordedBy: "admin",
	}
	if diff := cmp.Diff(want, got[0], cmpopts.IgnoreFields(cpd.Activity{}, "ID", "Version"), cmp.Comparer(decimalEqual)); diff != "" {
		t.Errorf("Ann's activity (-want +got):\n%s", diff)
	}
	r, err := svc.Compliance.Compliance(as("admin"), "ann")
	require.NoError(t, err)
	it, _ := r.Item("safeguarding")
	if it.Status != compliance.Compliant || it.ValidUntil != date.New(2027, time.February, 28) {
		t.Errorf("Ann's safeguarding is %s until %s, want compliant until the badge expires, 2027-02-28", it.Status, it.ValidUntil)
	}
}

func decimalEqual(a, b decimal.Decimal) bool { return a.Equal(b) }

// TestActivityFields checks how a credit's course, and the options, choose
// the kind, aspect, necessity and source.
func TestActivityFields(t *testing.T) {
	type fields struct {
		Kind      cpd.ActivityKind
		Aspect    cpd.Aspect
		Necessity cpd.Necessity
		Source    cpd.Source
		Title     string
	}
	tests := []struct {
		name   string
		course *xapi.Course
		opts   *cpdimport.Options
		want   fields
	}{
		{"defaults", &xapi.Course{Title: "T"}, nil, fields{cpd.ExternalCourse, cpd.KeepingUpToDate, cpd.Necessary, cpd.Required, "T"}},
		{"the course names its kind and aspect", &xapi.Course{Title: "T", Kind: "webinar", Aspect: "induction"}, nil,
			fields{cpd.Webinar, cpd.Induction, cpd.Necessary, cpd.Required, "T"}},
		{"options", &xapi.Course{Title: "T"}, &cpdimport.Options{Kind: cpd.InternalCourse, Aspect: cpd.TrainingForJob, Necessity: cpd.Aspirational, Source: cpd.Appraisal},
			fields{cpd.InternalCourse, cpd.TrainingForJob, cpd.Aspirational, cpd.Appraisal, "T"}},
		{"the course wins over the options", &xapi.Course{Kind: "conference"}, &cpdimport.Options{Kind: cpd.InternalCourse},
			fields{cpd.Conference, cpd.KeepingUpToDate, cpd.Necessary, cpd.Required, "https://lms/x"}},
		{"no course: the IRI is the title", nil, nil, fields{cpd.ExternalCourse, cpd.KeepingUpToDate, cpd.Necessary, cpd.Required, "https://lms/x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := cpdimport.FromXAPI(&xapi.Result{Credits: []xapi.Credit{{Statement: "s", Person: "p", Activity: "https://lms/x", Course: tt.course}}}, tt.opts)
			require.NoError(t, err)
			a := b.Activities[0]
			if diff := cmp.Diff(tt.want, fields{a.Kind, a.Aspect, a.Necessity, a.Source, a.Title}); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
		})
	}
}

// TestUnknownKind checks that a course naming a kind or aspect cpd does not
// know is an error naming the credit, and returns nothing.
func TestUnknownKind(t *testing.T) {
	credits := []xapi.Credit{
		{Statement: "s0", Course: &xapi.Course{Kind: "webinar"}},
		{Statement: "s1", Course: &xapi.Course{Kind: "e-learning"}},
		{Statement: "s2", Course: &xapi.Course{Aspect: "fun"}},
	}
	b, err := cpdimport.FromXAPI(&xapi.Result{Credits: credits, Voided: []string{"s9"}}, nil)
	require.ErrorIs(t, err, cpd.ErrInvalid)
	require.ErrorContains(t, err, "statement s1: ")
	require.ErrorContains(t, err, "statement s2: ")
	require.NotContains(t, err.Error(), "statement s0")
	require.Empty(t, cmp.Diff(cpdimport.Batch{}, b, cmpopts.EquateEmpty()), "nothing is returned with the error")
	b, err = cpdimport.FromBadges(&badges.Result{Awards: []badges.Award{{ID: "b", Index: 4, Achievement: &badges.Achievement{Kind: "degree"}}},
		Refused: []badges.Refusal{{ID: "r", Status: badges.Revoked}}}, nil)
	require.ErrorIs(t, err, cpd.ErrInvalid)
	require.ErrorContains(t, err, "badge #4 (b): ")
	require.Empty(t, cmp.Diff(cpdimport.Batch{}, b, cmpopts.EquateEmpty()), "nothing is returned with the error")
}

// TestApplyWithdrawsVoided applies two imports: the first credits Ann,
// the second voids that statement (its id written in upper case), and
// Ann's activity is withdrawn and stops counting. A statement voided in
// the same import as itself gives no credit and withdraws nothing.
func TestApplyWithdrawsVoided(t *testing.T) {
	svc := service(t)
	apply := func(doc string) cpdimport.Applied {
		t.Helper()
		res, err := xapi.Import(context.Background(), strings.NewReader(doc), lmsMapping(t), nil)
		require.NoError(t, err)
		b, err := cpdimport.FromXAPI(&res, nil)
		require.NoError(t, err)
		applied, err := cpdimport.Apply(as("admin"), svc, b, nil)
		require.NoError(t, err)
		return applied
	}
	first := apply(statements)
	require.Equal(t, 2, first.Imported.Imported)
	ann := first.Imported.IDs[0]

	second := apply(`[{"id": "b0000000-0000-4000-8000-000000000001", "timestamp": "2026-11-01T09:00:00Z",
	  "actor": {"mbox": "mailto:lms-admin@college.example"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
	  "object": {"objectType": "StatementRef", "id": "A0000000-0000-4000-8000-000000000001"}}]`)
	require.Equal(t, cpd.WithdrawResult{Withdrawn: []string{ann}}, second.Withdrawn)
	a, err := svc.Activities.Activity(as("admin"), ann)
	require.NoError(t, err)
	require.Equal(t, cpd.Withdrawn, a.State)
	require.Equal(t, "the LMS voided xAPI statement a0000000-0000-4000-8000-000000000001", a.Reason)
	r, err := svc.Compliance.Compliance(as("admin"), "ann")
	require.NoError(t, err)
	it, _ := r.Item("safeguarding")
	require.NotEqual(t, compliance.Compliant, it.Status, "the voided course still counts")

	both := apply(`[{"id": "c0000000-0000-4000-8000-000000000001", "timestamp": "2026-10-01T09:00:00Z",
	  "actor": {"mbox": "mailto:bob@college.example"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
	  "object": {"id": "https://lms.college.example/safeguarding"}},
	 {"id": "c0000000-0000-4000-8000-000000000002", "timestamp": "2026-10-02T09:00:00Z",
	  "actor": {"mbox": "mailto:lms-admin@college.example"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
	  "object": {"objectType": "StatementRef", "id": "c0000000-0000-4000-8000-000000000001"}}]`)
	require.Zero(t, both.Imported.Imported)
	require.Equal(t, cpd.WithdrawResult{NotFound: []string{"xapi:c0000000-0000-4000-8000-000000000001"}}, both.Withdrawn)
}
