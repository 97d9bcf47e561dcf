package cpd_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// alertPolicy has a renewable training with a renewal window, one without,
// and a CPD log submitted every two months.
func alertPolicy() compliance.Policy {
	return compliance.Policy{ID: "alerts", AcademicYearStart: compliance.MonthDay{Month: time.September, Day: 1},
		Requirements: []compliance.Requirement{
			{ID: "safeguarding", Name: "Safeguarding", Kind: compliance.RenewableTraining, Validity: period.MustParse("P1Y"),
				RenewalWindow: period.MustParse("P1M"), InductionDeadline: period.MustParse("P30D")},
			{ID: "prevent", Name: "Prevent", Kind: compliance.RenewableTraining, Validity: period.MustParse("P2Y"),
				InductionDeadline: period.MustParse("P30D")},
			{ID: "cpd-log", Name: "CPD log", Kind: compliance.Submission, Topics: []string{"cpd-log"},
				Every: period.MustParse("P2M"), RenewalWindow: period.MustParse("P14D")},
		}}
}

// brief is the part of an alert the tests compare.
type brief struct {
	Requirement string
	Kind        cpd.AlertKind
	Date        date.Date
}

func briefs(alerts []cpd.Alert) []brief {
	out := []brief{}
	for _, a := range alerts {
		out = append(out, brief{a.Requirement, a.Kind, a.Date})
	}
	return out
}

// TestAlertKinds checks each kind of alert, and the horizon, on
// 2026-11-25 for tina, who has done what each case says (by default:
// safeguarding and Prevent recently, and her log on 1 November).
func TestAlertKinds(t *testing.T) {
	const (
		safeguarding = "safeguarding"
		prevent      = "prevent"
		log          = "cpd-log"
	)
	d := date.New
	current := map[string]date.Date{safeguarding: d(2026, 6, 1), prevent: d(2026, 1, 1), log: d(2026, 11, 1)}
	with := func(topic string, on date.Date) map[string]date.Date {
		m := map[string]date.Date{}
		for k, v := range current {
			m[k] = v
		}
		if on == 0 {
			delete(m, topic)
		} else {
			m[topic] = on
		}
		return m
	}
	tests := []struct {
		name string
		done map[string]date.Date // topic to completion day
		days int
		want []brief
	}{
		{"nothing to act on", current, 30, []brief{}},
		{"expiring within the horizon", with(safeguarding, d(2025, 12, 1)), 30,
			[]brief{{safeguarding, cpd.Expiring, d(2026, 11, 30)}}},
		{"last valid day one before the horizon", with(safeguarding, d(2026, 1, 1)), 37,
			[]brief{{safeguarding, cpd.Expiring, d(2026, 12, 31)}, {log, cpd.LogDue, d(2026, 12, 31)}}},
		{"last valid day on the horizon", with(safeguarding, d(2026, 1, 1)), 36, []brief{}},
		{"overdue", with(prevent, d(2024, 1, 10)), 30, []brief{{prevent, cpd.Overdue, d(2026, 1, 9)}}},
		{"missing", with(prevent, 0), 30, []brief{{prevent, cpd.Missing, d(2020, 9, 30)}}},
		{"log due within the horizon", with(log, d(2026, 10, 1)), 30, []brief{{log, cpd.LogDue, d(2026, 11, 30)}}},
		{"log overdue", with(log, d(2026, 8, 1)), 30, []brief{{log, cpd.LogDue, d(2026, 9, 30)}}},
		{"log never submitted", with(log, 0), 30, []brief{{log, cpd.LogDue, d(2020, 10, 31)}}},
		{"soonest first", with(prevent, d(2024, 1, 10)), 37, []brief{{prevent, cpd.Overdue, d(2026, 1, 9)},
			{log, cpd.LogDue, d(2026, 12, 31)}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixtureWith(t, alertPolicy())
			for topic, on := range tc.done {
				_, err := f.svc.Activities.RecordCompleted(as("admin"), done("tina", on, topic))
				require.NoError(t, err)
			}
			got, err := f.svc.Compliance.Alerts(as("tina"), "tina", tc.days)
			require.NoError(t, err)
			if diff := cmp.Diff(tc.want, briefs(got)); diff != "" {
				t.Fatalf("alerts (-want +got):\n%s", diff)
			}
			team, err := f.svc.Compliance.TeamAlerts(as("mgr"), "mgr", tc.days)
			require.NoError(t, err)
			if diff := cmp.Diff(tc.want, briefs(team)); diff != "" {
				t.Fatalf("the line manager's alerts (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTeamAlertsWhoseTeam checks a line manager's alerts cover their
// current reports only: not a colleague who has left, nor one whose HR
// record names them but whom the Directory gives another manager.
func TestTeamAlertsWhoseTeam(t *testing.T) {
	f := newFixture(t)
	for _, id := range []string{"lena", "rob"} {
		f.addPerson(t, org, cpd.Person{ID: id, Name: id, JobRole: "teacher", LineManager: "mgr"})
	}
	f.dir.Set(org, cpd.Identity{Person: "lena", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "mgr"})
	f.dir.Set(org, cpd.Identity{Person: "rob", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "head"})
	_, err := f.svc.Staff.Resign(as("mgr"), "lena", cpd.Resignation{ResignedOn: date.New(2026, 10, 1), Leaving: date.New(2026, 11, 1)})
	require.NoError(t, err)

	alerts, err := f.svc.Compliance.TeamAlerts(as("mgr"), "mgr", 30)
	require.NoError(t, err)
	people := map[string]bool{}
	for _, a := range alerts {
		people[a.Person] = true
	}
	require.Equal(t, map[string]bool{"tina": true}, people)

	_, err = f.svc.Compliance.Alerts(as("tina"), "tina", -1)
	requireField(t, err, "days")
	_, err = f.svc.Compliance.TeamAlerts(as("mgr"), "mgr", -1)
	requireField(t, err, "days")
}

// TestStarterInductionAlerts: a starter's induction items, pending before
// their deadline, raise a Due alert once the deadline is within the
// horizon, to the starter and their line manager; done, they raise none.
func TestStarterInductionAlerts(t *testing.T) {
	f := newFixtureWith(t, alertPolicy())
	start := date.New(2026, 11, 15) // ten days before the fixture's today
	f.dir.Set(org, cpd.Identity{Org: org, Person: "sam", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "mgr"})
	f.addPerson(t, org, cpd.Person{ID: "sam", Name: "sam", JobRole: "teacher", LineManager: "mgr", Start: start,
		Roles: []cpd.Role{cpd.RoleStaff}})
	deadline := date.New(2026, 12, 14) // the last of the 30 days from the start
	got, err := f.svc.Compliance.Alerts(as("sam"), "sam", 30)
	require.NoError(t, err)
	want := []brief{{"safeguarding", cpd.Due, deadline}, {"prevent", cpd.Due, deadline}}
	require.ElementsMatch(t, want, briefs(got))
	for _, a := range got {
		require.Equal(t, compliance.Pending, a.Status)
		require.Equal(t, "due", a.Kind.String())
	}
	team, err := f.svc.Compliance.TeamAlerts(as("mgr"), "mgr", 30)
	require.NoError(t, err)
	require.Subset(t, briefs(team), want, "the line manager hears of it too")

	// A deadline beyond the horizon is not yet an alert.
	later, err := f.svc.Compliance.Alerts(as("sam"), "sam", 7)
	require.NoError(t, err)
	require.Empty(t, later)

	_, err = f.svc.Activities.RecordCompleted(as("admin"), done("sam", date.New(2026, 11, 20), "safeguarding"))
	require.NoError(t, err)
	got, err = f.svc.Compliance.Alerts(as("sam"), "sam", 30)
	require.NoError(t, err)
	require.Equal(t, []brief{{"prevent", cpd.Due, deadline}}, briefs(got))
}
