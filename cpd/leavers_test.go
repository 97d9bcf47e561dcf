package cpd_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

func TestResign(t *testing.T) {
	f := newFixture(t)
	requested := f.reach(t, cpd.Requested)
	approved := f.reach(t, cpd.Approved)
	booked := f.reach(t, cpd.Booked)
	completed := f.reach(t, cpd.Completed)
	out, err := f.svc.Staff.Resign(as("head"), "tina", cpd.Resignation{
		ResignedOn: date.New(2026, 11, 20), Leaving: date.New(2026, 12, 31),
		Default:   cpd.Decision{Action: cpd.CancelActivity},
		Decisions: map[string]cpd.Decision{approved: {Action: cpd.DelegateActivity, To: "pete"}},
	})
	require.NoError(t, err)
	require.Len(t, out, 3)
	byID := map[string]cpd.Outcome{}
	for _, o := range out {
		byID[o.Activity] = o
	}
	require.Equal(t, cpd.CancelActivity, byID[requested].Action)
	require.Equal(t, cpd.CancelActivity, byID[booked].Action)
	require.Equal(t, cpd.DelegateActivity, byID[approved].Action)
	require.Equal(t, "pete", byID[approved].DelegatedTo)

	state := func(id string) cpd.State {
		a, err := f.svc.Activities.Activity(as("head"), id)
		require.NoError(t, err)
		return a.State
	}
	want := map[string]cpd.State{requested: cpd.Cancelled, approved: cpd.Delegated, booked: cpd.Cancelled,
		completed: cpd.Completed, byID[approved].NewActivity: cpd.Approved}
	got := map[string]cpd.State{}
	for id := range want {
		got[id] = state(id)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("states (-want +got):\n%s", diff)
	}
	moved, err := f.svc.Activities.Activity(as("head"), byID[approved].NewActivity)
	require.NoError(t, err)
	require.Equal(t, "pete", moved.Person)
	require.Equal(t, approved, moved.DelegatedFrom)
	p, err := f.svc.Staff.Person(as("head"), "tina")
	require.NoError(t, err)
	require.Equal(t, date.New(2026, 12, 31), p.Leaving)
}

// TestResignRefusesBadDecisions checks a bad decision changes nothing.
func TestResignRefusesBadDecisions(t *testing.T) {
	tests := []struct {
		name      string
		decisions func(open string) map[string]cpd.Decision
	}{
		{"decision for an unknown activity", func(string) map[string]cpd.Decision {
			return map[string]cpd.Decision{"no-such": {Action: cpd.CancelActivity}}
		}},
		{"delegate to someone who does not exist", func(open string) map[string]cpd.Decision {
			return map[string]cpd.Decision{open: {Action: cpd.DelegateActivity, To: "ghost"}}
		}},
		{"delegate to the leaver", func(open string) map[string]cpd.Decision {
			return map[string]cpd.Decision{open: {Action: cpd.DelegateActivity, To: "tina"}}
		}},
		{"delegate to nobody", func(open string) map[string]cpd.Decision {
			return map[string]cpd.Decision{open: {Action: cpd.DelegateActivity}}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			open := f.reach(t, cpd.Approved)
			before, err := f.svc.Staff.SubjectAccess(as("admin"), "tina")
			require.NoError(t, err)
			_, err = f.svc.Staff.Resign(as("head"), "tina", cpd.Resignation{
				ResignedOn: date.New(2026, 11, 20), Leaving: date.New(2026, 12, 31), Decisions: tc.decisions(open),
			})
			require.ErrorIs(t, err, cpd.ErrInvalid)
			after, err := f.svc.Staff.SubjectAccess(as("admin"), "tina")
			require.NoError(t, err)
			require.JSONEq(t, string(before), string(after))
		})
	}
}

// TestOrgComplianceOverTime checks the organisation view re-evaluates
// statuses that time has made stale, and keeps leavers, marked, until the
// end of the academic year they left in.
func TestOrgComplianceOverTime(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.Activities.RecordCompleted(as("tina"), done("tina", date.New(2025, 12, 1), "safeguarding"))
	require.NoError(t, err)
	_, err = f.svc.Staff.Resign(as("head"), "pete", cpd.Resignation{ResignedOn: date.New(2026, 11, 1), Leaving: date.New(2026, 11, 30)})
	require.NoError(t, err)

	type row struct {
		Safeguarding compliance.Status
		Leaver       bool
	}
	view := func(day date.Date) map[string]row {
		f.now = time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, time.UTC)
		v, err := f.svc.Compliance.OrgCompliance(as("head"))
		require.NoError(t, err)
		require.Equal(t, day, v.On)
		out := map[string]row{}
		for _, r := range v.Rows {
			if r.Person == "tina" || r.Person == "pete" {
				out[r.Person] = row{r.Items[0].Status, r.Leaver}
			}
		}
		return out
	}
	tests := []struct {
		day  date.Date
		want map[string]row
	}{
		{date.New(2026, 11, 25), map[string]row{"tina": {compliance.DueSoon, false}, "pete": {compliance.Missing, false}}},
		{date.New(2026, 11, 30), map[string]row{"tina": {compliance.DueSoon, false}, "pete": {compliance.Missing, false}}},
		{date.New(2026, 12, 1), map[string]row{"tina": {compliance.Overdue, false}, "pete": {compliance.NotApplicable, true}}},
		{date.New(2027, 8, 31), map[string]row{"tina": {compliance.Overdue, false}, "pete": {compliance.NotApplicable, true}}},
		{date.New(2027, 9, 1), map[string]row{"tina": {compliance.Overdue, false}}},
	}
	for _, tc := range tests {
		t.Run(tc.day.String(), func(t *testing.T) {
			if diff := cmp.Diff(tc.want, view(tc.day)); diff != "" {
				t.Fatalf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestAlerts(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.Activities.RecordCompleted(as("tina"), done("tina", date.New(2025, 12, 1), "safeguarding"))
	require.NoError(t, err)
	type alert struct {
		Person, Requirement string
		Kind                cpd.AlertKind
		Date                date.Date
	}
	simplify := func(as []cpd.Alert) []alert {
		var out []alert
		for _, a := range as {
			out = append(out, alert{a.Person, a.Requirement, a.Kind, a.Date})
		}
		return out
	}
	got, err := f.svc.Compliance.Alerts(as("tina"), "tina", 60)
	require.NoError(t, err)
	want := []alert{
		{"tina", "prevent", cpd.Missing, date.New(2020, 9, 30)},
		{"tina", "safeguarding", cpd.Expiring, date.New(2026, 11, 30)},
	}
	if diff := cmp.Diff(want, simplify(got)); diff != "" {
		t.Fatalf("person alerts (-want +got):\n%s", diff)
	}
	team, err := f.svc.Compliance.TeamAlerts(as("mgr"), "mgr", 60)
	require.NoError(t, err)
	if diff := cmp.Diff(want, simplify(team)); diff != "" {
		t.Fatalf("team alerts (-want +got):\n%s", diff)
	}
	_, err = f.svc.Compliance.TeamAlerts(as("tina"), "mgr", 60)
	require.ErrorIs(t, err, cpd.ErrForbidden)
}

// TestResignationRules covers a repeated resignation, delegation to a
// colleague who is leaving too, and a completion after the leaving day.
func TestResignationRules(t *testing.T) {
	f := newFixture(t)
	resign := func(person string) error {
		_, err := f.svc.Staff.Resign(as("head"), person, cpd.Resignation{ResignedOn: date.New(2026, 11, 20), Leaving: date.New(2026, 12, 31)})
		return err
	}
	require.NoError(t, resign("pete"))
	require.ErrorIs(t, resign("pete"), cpd.ErrInvalid, "a second resignation")

	open := f.reach(t, cpd.Approved)
	_, err := f.svc.Activities.Delegate(as("head"), open, "pete", "cover")
	require.ErrorIs(t, err, cpd.ErrInvalid, "pete is leaving")

	f.now = time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC)
	_, err = f.svc.Activities.RecordCompleted(as("admin"), done("pete", date.New(2027, 1, 2), "safeguarding"))
	require.ErrorIs(t, err, cpd.ErrInvalid, "completed after leaving")
	_, err = f.svc.Activities.RecordCompleted(as("admin"), done("pete", date.New(2026, 12, 30), "safeguarding"))
	require.NoError(t, err, "completed before leaving, recorded after")
}

func TestCompleteNeedsEvidence(t *testing.T) {
	f := newFixture(t)
	id := f.reach(t, cpd.Booked)
	_, err := f.svc.Activities.Complete(as("tina"), id, cpd.Completion{On: date.New(2026, 11, 20)})
	var ve *cpd.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Equal(t, "evidence", ve.Field)
}

// TestResignDefaultDecision checks the default decision applies to every
// open activity without one of its own, that no default means cancel,
// and that activities already done or closed are left as they were.
func TestResignDefaultDecision(t *testing.T) {
	type outcome struct {
		Action cpd.LeaverAction
		To     string
	}
	tests := []struct {
		name      string
		def       cpd.Decision
		decisions func(requested string) map[string]cpd.Decision
		want      func(requested, approved, booked string) map[string]outcome
	}{
		{"no default cancels", cpd.Decision{}, nil, func(r, a, b string) map[string]outcome {
			return map[string]outcome{r: {cpd.CancelActivity, ""}, a: {cpd.CancelActivity, ""}, b: {cpd.CancelActivity, ""}}
		}},
		{"default delegates", cpd.Decision{Action: cpd.DelegateActivity, To: "pete"}, nil, func(r, a, b string) map[string]outcome {
			return map[string]outcome{r: {cpd.DelegateActivity, "pete"}, a: {cpd.DelegateActivity, "pete"}, b: {cpd.DelegateActivity, "pete"}}
		}},
		{"a decision overrides the default", cpd.Decision{Action: cpd.DelegateActivity, To: "pete"},
			func(r string) map[string]cpd.Decision {
				return map[string]cpd.Decision{r: {Action: cpd.CancelActivity}}
			},
			func(r, a, b string) map[string]outcome {
				return map[string]outcome{r: {cpd.CancelActivity, ""}, a: {cpd.DelegateActivity, "pete"}, b: {cpd.DelegateActivity, "pete"}}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			requested, approved, booked := f.reach(t, cpd.Requested), f.reach(t, cpd.Approved), f.reach(t, cpd.Booked)
			closed := map[string]cpd.State{}
			for _, st := range []cpd.State{cpd.Completed, cpd.Evaluated, cpd.Declined, cpd.Cancelled} {
				closed[f.reach(t, st)] = st
			}
			var decisions map[string]cpd.Decision
			if tc.decisions != nil {
				decisions = tc.decisions(requested)
			}
			out, err := f.svc.Staff.Resign(as("head"), "tina", cpd.Resignation{ResignedOn: date.New(2026, 11, 20),
				Leaving: date.New(2026, 12, 31), Default: tc.def, Decisions: decisions})
			require.NoError(t, err)
			got := map[string]outcome{}
			for _, o := range out {
				got[o.Activity] = outcome{o.Action, o.DelegatedTo}
			}
			if diff := cmp.Diff(tc.want(requested, approved, booked), got); diff != "" {
				t.Fatalf("outcomes (-want +got):\n%s", diff)
			}
			for id, st := range closed {
				a, err := f.svc.Activities.Activity(as("head"), id)
				require.NoError(t, err)
				require.Equal(t, st, a.State, "activity %s", id)
			}
		})
	}
}

// TestResignDelegatesOnlyWhereAllowed checks a line manager, who may
// record a resignation of a report, may not delegate the leaver's CPD to
// someone outside their team: the whole resignation is refused and
// nothing changes.
func TestResignDelegatesOnlyWhereAllowed(t *testing.T) {
	f := newFixture(t)
	f.reach(t, cpd.Approved)
	before, err := f.svc.Staff.SubjectAccess(as("admin"), "tina")
	require.NoError(t, err)
	_, err = f.svc.Staff.Resign(as("mgr"), "tina", cpd.Resignation{ResignedOn: date.New(2026, 11, 20), Leaving: date.New(2026, 12, 31),
		Default: cpd.Decision{Action: cpd.DelegateActivity, To: "pete"}})
	require.ErrorIs(t, err, cpd.ErrForbidden)
	after, err := f.svc.Staff.SubjectAccess(as("admin"), "tina")
	require.NoError(t, err)
	require.JSONEq(t, string(before), string(after))
}

// TestResignRefusesBadDates checks each rule of a resignation's dates:
// the error names the field and nothing changes.
func TestResignRefusesBadDates(t *testing.T) {
	d := date.New
	tests := []struct {
		name  string
		r     cpd.Resignation
		field string
	}{
		{"no resignation day", cpd.Resignation{Leaving: d(2026, 12, 31)}, "resigned_on"},
		{"no leaving day", cpd.Resignation{ResignedOn: d(2026, 11, 20)}, "leaving"},
		{"leaving before resigning", cpd.Resignation{ResignedOn: d(2026, 11, 20), Leaving: d(2026, 11, 19)}, "leaving"},
		{"resigning before starting", cpd.Resignation{ResignedOn: d(2020, 8, 1), Leaving: d(2026, 12, 31)}, "resigned_on"},
		{"an unknown action", cpd.Resignation{ResignedOn: d(2026, 11, 20), Leaving: d(2026, 12, 31),
			Default: cpd.Decision{Action: 7}}, "default.action"},
		{"cancel naming a colleague", cpd.Resignation{ResignedOn: d(2026, 11, 20), Leaving: d(2026, 12, 31),
			Default: cpd.Decision{Action: cpd.CancelActivity, To: "pete"}}, "default.to"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.reach(t, cpd.Booked)
			before, err := f.svc.Staff.SubjectAccess(as("admin"), "tina")
			require.NoError(t, err)
			_, err = f.svc.Staff.Resign(as("head"), "tina", tc.r)
			requireField(t, err, tc.field)
			after, err := f.svc.Staff.SubjectAccess(as("admin"), "tina")
			require.NoError(t, err)
			require.JSONEq(t, string(before), string(after))
		})
	}
}

// TestNoNewCPDAfterLeaving checks a person who has left can be given no
// new request, while their record of what they did before stays open.
func TestNoNewCPDAfterLeaving(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.Staff.Resign(as("head"), "pete", cpd.Resignation{ResignedOn: date.New(2026, 10, 1), Leaving: date.New(2026, 11, 20)})
	require.NoError(t, err)
	_, err = f.svc.Activities.Request(as("head"), course("pete"))
	requireField(t, err, "person")
	_, err = f.svc.Activities.RecordCompleted(as("admin"), done("pete", date.New(2026, 11, 19), "safeguarding"))
	require.NoError(t, err, "a completion before the leaving day")
}
