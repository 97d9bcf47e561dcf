package cpd_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// requireField checks err is a *ValidationError matching ErrInvalid for
// the field.
func requireField(t *testing.T, err error, field string) {
	t.Helper()
	require.ErrorIs(t, err, cpd.ErrInvalid)
	var ve *cpd.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Equal(t, field, ve.Field, "the field named (error: %v)", err)
}

// validPerson is a person AddPerson accepts.
func validPerson() cpd.Person {
	return cpd.Person{ID: "new", Name: "New", JobRole: "teacher", Employment: compliance.Employed,
		Start: date.New(2026, 9, 1), FTE: decimal.RequireFromString("0.6")}
}

// TestAddPersonRefusesBadInput checks each rule of a person's record: the
// error names the field, and nothing is stored.
func TestAddPersonRefusesBadInput(t *testing.T) {
	with := func(edit func(*cpd.Person)) cpd.Person {
		p := validPerson()
		edit(&p)
		return p
	}
	tests := []struct {
		name   string
		person cpd.Person
		field  string
	}{
		{"no name", with(func(p *cpd.Person) { p.Name = "" }), "name"},
		{"no start", with(func(p *cpd.Person) { p.Start = 0 }), "start"},
		{"no employment", with(func(p *cpd.Person) { p.Employment = 0 }), "employment"},
		{"no FTE", with(func(p *cpd.Person) { p.FTE = decimal.Decimal{} }), "fte"},
		{"FTE over 1", with(func(p *cpd.Person) { p.FTE = decimal.RequireFromString("1.2") }), "fte"},
		{"negative FTE", with(func(p *cpd.Person) { p.FTE = decimal.RequireFromString("-0.5") }), "fte"},
		{"leaving before start", with(func(p *cpd.Person) { p.Leaving = date.New(2026, 8, 31) }), "leaving"},
		{"resigned before start", with(func(p *cpd.Person) { p.ResignedOn = date.New(2026, 8, 1) }), "resigned_on"},
		{"manages themself", with(func(p *cpd.Person) { p.LineManager = "new" }), "line_manager"},
		{"unset role", with(func(p *cpd.Person) { p.Roles = []cpd.Role{cpd.RoleStaff, 0} }), "roles"},
		{"qualification without topic", with(func(p *cpd.Person) {
			p.Qualifications = []cpd.Qualification{{Name: "QTS", Awarded: date.New(2015, 7, 1)}}
		}), "qualifications[0].topic"},
		{"qualification without award date", with(func(p *cpd.Person) {
			p.Qualifications = []cpd.Qualification{{Topic: "qts", Name: "QTS"}}
		}), "qualifications[0].awarded"},
		{"qualification expiring before its award", with(func(p *cpd.Person) {
			p.Qualifications = []cpd.Qualification{
				{Topic: "qts", Awarded: date.New(2015, 7, 1)},
				{Topic: "first-aid", Awarded: date.New(2025, 7, 1), ValidUntil: date.New(2025, 6, 30)},
			}
		}), "qualifications[1].valid_until"},
		{"membership renewed before joining", with(func(p *cpd.Person) {
			p.Memberships = []cpd.Membership{{Topic: "nasbtt", Body: "NASBTT", Since: date.New(2025, 1, 1), Renewed: date.New(2024, 12, 31)}}
		}), "memberships[0].renewed"},
		{"membership expiring before its renewal", with(func(p *cpd.Person) {
			p.Memberships = []cpd.Membership{{Topic: "nasbtt", Since: date.New(2015, 1, 1), Renewed: date.New(2025, 1, 1), ValidUntil: date.New(2024, 12, 31)}}
		}), "memberships[0].valid_until"},
		{"membership ending before it began", with(func(p *cpd.Person) {
			p.Memberships = []cpd.Membership{{Topic: "nasbtt", Since: date.New(2025, 1, 1), ValidUntil: date.New(2024, 12, 31)}}
		}), "memberships[0].valid_until"},
		// GrantExtension alone grants extensions (TestUnknownRequirement
		// covers one for a requirement the policy does not have).
		{"an extension", with(func(p *cpd.Person) {
			p.Extensions = []compliance.Extension{{Requirement: "first-aid", Until: date.New(2027, 1, 1), Reason: "booked"}}
		}), "extensions"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			before := f.eventCount(t, org)
			_, err := f.svc.Staff.AddPerson(as("admin"), tc.person)
			requireField(t, err, tc.field)
			_, err = f.svc.Staff.Person(as("admin"), tc.person.ID)
			require.ErrorIs(t, err, cpd.ErrNotFound)
			require.Equal(t, before, f.eventCount(t, org), "events")
		})
	}
}

// TestUnknownRequirement checks that an extension, exemption or plan for a
// requirement the policy does not have is refused, naming it, and leaves
// the person as they were.
func TestUnknownRequirement(t *testing.T) {
	ignore := func(_ any, err error) error { return err }
	tests := []struct {
		name  string
		op    func(svc *cpd.Service) error
		field string
	}{
		{"extension", func(svc *cpd.Service) error {
			return ignore(svc.Compliance.GrantExtension(as("mgr"), "tina",
				compliance.Extension{Requirement: "first-aid", Until: date.New(2027, 1, 1), Reason: "booked"}))
		}, "extensions[0].requirement"},
		{"exemption", func(svc *cpd.Service) error {
			return ignore(svc.Compliance.Exempt(as("mgr"), "tina", compliance.Exemption{Requirement: "first-aid", Reason: "medic"}))
		}, "exemptions[0].requirement"},
		{"plan", func(svc *cpd.Service) error {
			return ignore(svc.Compliance.PlanQualification(as("mgr"), "tina", compliance.Plan{Requirement: "pgce", By: date.New(2027, 7, 31)}))
		}, "plans[0].requirement"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			before, err := f.svc.Staff.SubjectAccess(as("admin"), "tina")
			require.NoError(t, err)
			requireField(t, tc.op(f.svc), tc.field)
			after, err := f.svc.Staff.SubjectAccess(as("admin"), "tina")
			require.NoError(t, err)
			require.JSONEq(t, string(before), string(after))
		})
	}
}

// TestBadSteps checks that a step of an activity's life given bad input
// is refused, naming the field, and leaves the activity as it was.
func TestBadSteps(t *testing.T) {
	tests := []struct {
		name  string
		from  cpd.State
		step  func(svc *cpd.Service, id string) (cpd.Activity, error)
		field string
	}{
		{"decline without a reason", cpd.Requested, func(svc *cpd.Service, id string) (cpd.Activity, error) {
			return svc.Activities.Decline(as("mgr"), id, "")
		}, "reason"},
		{"book without a start", cpd.Approved, func(svc *cpd.Service, id string) (cpd.Activity, error) {
			return svc.Activities.Book(as("tina"), id, cpd.Booking{Provider: "LA"})
		}, "start"},
		{"book ending before it starts", cpd.Approved, func(svc *cpd.Service, id string) (cpd.Activity, error) {
			return svc.Activities.Book(as("tina"), id, cpd.Booking{Start: date.New(2026, 12, 2), End: date.New(2026, 12, 1)})
		}, "end"},
		{"complete with negative hours", cpd.Booked, func(svc *cpd.Service, id string) (cpd.Activity, error) {
			return svc.Activities.Complete(as("tina"), id, cpd.Completion{On: date.New(2026, 11, 20), Hours: decimal.NewFromInt(-3), Evidence: "c"})
		}, "hours"},
		{"complete before the booked start", cpd.Booked, func(svc *cpd.Service, id string) (cpd.Activity, error) {
			return svc.Activities.Complete(as("tina"), id, cpd.Completion{On: date.New(2026, 11, 9), Evidence: "c"})
		}, "completed"},
		{"complete in the future", cpd.Booked, func(svc *cpd.Service, id string) (cpd.Activity, error) {
			return svc.Activities.Complete(as("tina"), id, cpd.Completion{On: date.New(2026, 11, 26), Evidence: "c"})
		}, "completed"},
		{"complete without a date", cpd.Approved, func(svc *cpd.Service, id string) (cpd.Activity, error) {
			return svc.Activities.Complete(as("tina"), id, cpd.Completion{Evidence: "c"})
		}, "completed"},
		{"complete before the person started", cpd.Approved, func(svc *cpd.Service, id string) (cpd.Activity, error) {
			return svc.Activities.Complete(as("tina"), id, cpd.Completion{On: date.New(2020, 8, 31), Evidence: "c"})
		}, "completed"},
		{"certificate expiring before completion", cpd.Booked, func(svc *cpd.Service, id string) (cpd.Activity, error) {
			return svc.Activities.Complete(as("tina"), id, cpd.Completion{On: date.New(2026, 11, 20), ValidUntil: date.New(2026, 11, 19), Evidence: "c"})
		}, "valid_until"},
		{"evaluate without an impact", cpd.Completed, func(svc *cpd.Service, id string) (cpd.Activity, error) {
			return svc.Activities.Evaluate(as("tina"), id, "")
		}, "impact"},
		{"cancel without a reason", cpd.Booked, func(svc *cpd.Service, id string) (cpd.Activity, error) {
			return svc.Activities.Cancel(as("tina"), id, "")
		}, "reason"},
		{"amend to an unknown topic", cpd.Completed, func(svc *cpd.Service, id string) (cpd.Activity, error) {
			a, err := svc.Activities.Activity(as("tina"), id)
			require.NoError(t, err)
			a.Topics = []string{"safeguarding", "safegaurding"}
			return svc.Activities.Amend(as("tina"), id, a, "second topic")
		}, "topics[1]"},
		{"amend to negative hours", cpd.Evaluated, func(svc *cpd.Service, id string) (cpd.Activity, error) {
			a, err := svc.Activities.Activity(as("tina"), id)
			require.NoError(t, err)
			a.Hours = decimal.RequireFromString("-0.5")
			return svc.Activities.Amend(as("tina"), id, a, "typo")
		}, "hours"},
		{"delegate without a reason", cpd.Approved, func(svc *cpd.Service, id string) (cpd.Activity, error) {
			return svc.Activities.Delegate(as("head"), id, "pete", "")
		}, "reason"},
		{"delegate to someone who does not exist", cpd.Approved, func(svc *cpd.Service, id string) (cpd.Activity, error) {
			return svc.Activities.Delegate(as("head"), id, "ghost", "cover")
		}, "to"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			id := f.reach(t, tc.from)
			before, err := f.svc.Staff.SubjectAccess(as("admin"), "tina")
			require.NoError(t, err)
			_, err = tc.step(f.svc, id)
			requireField(t, err, tc.field)
			after, err := f.svc.Staff.SubjectAccess(as("admin"), "tina")
			require.NoError(t, err)
			require.JSONEq(t, string(before), string(after))
		})
	}
}

// TestNewRequiresPorts checks New refuses a missing store or directory,
// and an invalid policy, with ErrInvalid.
func TestNewRequiresPorts(t *testing.T) {
	tests := []struct {
		name   string
		store  cpd.Store
		dir    cpd.Directory
		policy compliance.Policy
	}{
		{"no store", nil, memory.NewDirectory(), testPolicy()},
		{"no directory", memory.New(), nil, testPolicy()},
		{"invalid policy", memory.New(), memory.NewDirectory(), compliance.Policy{ID: "empty",
			Requirements: []compliance.Requirement{{ID: "x", Kind: compliance.RenewableTraining}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			svc, err := cpd.New(tc.store, tc.dir, tc.policy, nil)
			require.ErrorIs(t, err, cpd.ErrInvalid)
			require.Nil(t, svc)
		})
	}
}

// TestUpdatePerson checks an update replaces the record, that a person who
// does not exist is ErrNotFound, and that a version of zero is refused.
func TestUpdatePerson(t *testing.T) {
	f := newFixture(t)
	p, err := f.svc.Staff.Person(as("admin"), "tina")
	require.NoError(t, err)
	p.Team, p.FTE = "maths", decimal.RequireFromString("0.8")
	got, err := f.svc.Staff.UpdatePerson(as("admin"), p)
	require.NoError(t, err)
	require.Equal(t, p.Version+1, got.Version)
	stored, err := f.svc.Staff.Person(as("admin"), "tina")
	require.NoError(t, err)
	if diff := cmp.Diff(got, stored); diff != "" {
		t.Fatalf("stored person (-returned +stored):\n%s", diff)
	}

	ghost := validPerson()
	ghost.ID, ghost.Version = "ghost", 1
	_, err = f.svc.Staff.UpdatePerson(as("admin"), ghost)
	require.ErrorIs(t, err, cpd.ErrNotFound)
	ghost.Version = 0
	_, err = f.svc.Staff.UpdatePerson(as("admin"), ghost)
	requireField(t, err, "version")
}

// TestPenPortraitAtInduction checks a pen portrait given when a person is
// added is kept, dated (captured and updated) today unless it says
// otherwise.
func TestPenPortraitAtInduction(t *testing.T) {
	d := date.New
	tests := []struct {
		name              string
		pp                cpd.PenPortrait
		captured, updated date.Date
	}{
		{"dated today", cpd.PenPortrait{Summary: "Early-years specialist", Expertise: []string{"phonics"}}, d(2026, 11, 25), d(2026, 11, 25)},
		{"updated by the caller", cpd.PenPortrait{Summary: "Early-years specialist", Updated: d(2026, 9, 1)}, d(2026, 9, 1), d(2026, 9, 1)},
		{"captured by the caller", cpd.PenPortrait{Summary: "Early-years specialist", Captured: d(2026, 9, 1)}, d(2026, 9, 1), d(2026, 9, 1)},
		{"both by the caller", cpd.PenPortrait{Summary: "Early-years specialist", Captured: d(2026, 9, 1), Updated: d(2026, 10, 1)},
			d(2026, 9, 1), d(2026, 10, 1)},
		{"none given", cpd.PenPortrait{}, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			p := validPerson()
			p.PenPortrait = tc.pp
			_, err := f.svc.Staff.AddPerson(as("admin"), p)
			require.NoError(t, err)
			rec, err := f.svc.Activities.Record(as("admin"), p.ID)
			require.NoError(t, err)
			want := tc.pp
			want.Captured, want.Updated = tc.captured, tc.updated
			if diff := cmp.Diff(want, rec.PenPortrait); diff != "" {
				t.Fatalf("pen portrait (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("updated before it was captured", func(t *testing.T) {
		f := newFixture(t)
		p := validPerson()
		p.PenPortrait = cpd.PenPortrait{Summary: "s", Captured: d(2026, 10, 1), Updated: d(2026, 9, 1)}
		_, err := f.svc.Staff.AddPerson(as("admin"), p)
		requireField(t, err, "pen_portrait.updated")
	})
}

// inductionPolicy requires a pen portrait within a month of starting and
// a CPD log every two months, as the AVCT preset does.
func inductionPolicy() compliance.Policy {
	return compliance.Policy{ID: "induction", AcademicYearStart: compliance.MonthDay{Month: 9, Day: 1},
		Requirements: []compliance.Requirement{
			{ID: "induction-pen-portrait", Name: "Initial pen portrait", Kind: compliance.OneOffTraining,
				Topics: []string{cpd.PenPortraitTopic}, InductionDeadline: period.MustParse("P1M")},
			{ID: "cpd-log", Name: "CPD log", Kind: compliance.Submission, Topics: []string{"cpd-log"},
				Every: period.MustParse("P2M"), RenewalWindow: period.MustParse("P14D")},
		}}
}

// TestPenPortraitIsEvidence checks a pen portrait, once captured, meets a
// requirement for one (dated the day it was first captured, which later
// updates keep), and that a person without one is held to it.
func TestPenPortraitIsEvidence(t *testing.T) {
	f := newFixtureWith(t, inductionPolicy())
	status := func(person string) compliance.Status {
		t.Helper()
		res, err := f.svc.Compliance.Compliance(as("admin"), person)
		require.NoError(t, err)
		it, ok := res.Item("induction-pen-portrait")
		require.True(t, ok)
		return it.Status
	}
	require.Equal(t, compliance.Missing, status("tina"))

	first, err := f.svc.Staff.UpdatePenPortrait(as("tina"), "tina", cpd.PenPortrait{Summary: "Maths teacher", Updated: date.New(2026, 11, 20)})
	require.NoError(t, err)
	require.Equal(t, date.New(2026, 11, 20), first.PenPortrait.Captured)
	require.Equal(t, compliance.Compliant, status("tina"))

	later, err := f.svc.Staff.UpdatePenPortrait(as("mgr"), "tina", cpd.PenPortrait{Summary: "Maths and physics teacher",
		Captured: date.New(2026, 11, 24)})
	require.NoError(t, err)
	require.Equal(t, date.New(2026, 11, 20), later.PenPortrait.Captured, "an update keeps the day it was captured")
	require.Equal(t, date.New(2026, 11, 25), later.PenPortrait.Updated)
	require.Equal(t, compliance.Compliant, status("tina"))
}

// TestConcurrentRecording checks the Service is safe for concurrent use:
// people recording CPD at the same time lose nothing, and each person's
// maintained status counts every record.
func TestConcurrentRecording(t *testing.T) {
	f := newFixture(t)
	people := []string{"tina", "pete", "mgr", "admin"}
	const each = 10
	errs := make(chan error, len(people)*each)
	for _, p := range people {
		for i := range each {
			go func() {
				_, err := f.svc.Activities.RecordCompleted(as(p), done(p, date.New(2026, 11, 1+i)))
				errs <- err
			}()
		}
	}
	for range len(people) * each {
		require.NoError(t, <-errs)
	}
	for _, p := range people {
		res, err := f.svc.Compliance.Compliance(as(p), p)
		require.NoError(t, err)
		hours, ok := res.Item("hours")
		require.True(t, ok)
		require.Equal(t, "35", hours.HoursDone.String(), "%s's hours", p)
		var want []cpd.StatusItem
		for _, it := range res.Items {
			want = append(want, cpd.StatusItem{Requirement: it.Requirement.ID, Status: it.Status,
				ValidUntil: it.ValidUntil, DueBy: it.DueBy})
		}
		if diff := cmp.Diff(want, f.status(t, p).Items); diff != "" {
			t.Fatalf("%s's maintained status is not their evaluation (-evaluated +stored):\n%s", p, diff)
		}
	}
}

// status reads a person's maintained status from their subject-access export.
func (f *fixture) status(t *testing.T, person string) cpd.Status {
	t.Helper()
	raw, err := f.svc.Staff.SubjectAccess(as("admin"), person)
	require.NoError(t, err)
	var x struct {
		Status cpd.Status `json:"status"`
	}
	require.NoError(t, json.Unmarshal(raw, &x))
	return x.Status
}
