package cpd_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

func TestRecordHoursByAcademicYear(t *testing.T) {
	f := newFixture(t)
	for _, d := range []date.Date{date.New(2025, 8, 31), date.New(2025, 9, 1), date.New(2026, 11, 1)} {
		_, err := f.svc.Activities.RecordCompleted(as("tina"), done("tina", d))
		require.NoError(t, err)
	}
	_, err := f.svc.Activities.Request(as("tina"), course("tina"))
	require.NoError(t, err)
	rec, err := f.svc.Activities.Record(as("mgr"), "tina")
	require.NoError(t, err)
	require.Len(t, rec.Activities, 4)
	type yh struct{ Year, Hours string }
	var got []yh
	for _, h := range rec.Hours {
		got = append(got, yh{h.Year, h.Hours.String()})
	}
	want := []yh{{"2024/25", "3.5"}, {"2025/26", "3.5"}, {"2026/27", "3.5"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("hours by year (-want +got):\n%s", diff)
	}
}

func TestPenPortrait(t *testing.T) {
	f := newFixture(t)
	p, err := f.svc.Staff.UpdatePenPortrait(as("tina"), "tina", cpd.PenPortrait{Summary: "Maths teacher", Expertise: []string{"GCSE maths"}})
	require.NoError(t, err)
	require.Equal(t, date.New(2026, 11, 25), p.PenPortrait.Updated)
	rec, err := f.svc.Activities.Record(as("tina"), "tina")
	require.NoError(t, err)
	require.Equal(t, "Maths teacher", rec.PenPortrait.Summary)
	_, err = f.svc.Staff.UpdatePenPortrait(as("pete"), "tina", cpd.PenPortrait{Summary: "x"})
	require.ErrorIs(t, err, cpd.ErrForbidden)
}

// TestSubjectAccess checks the export holds the person, their activities,
// their status and the audit trail of every change to their records.
func TestSubjectAccess(t *testing.T) {
	f := newFixture(t)
	a, err := f.svc.Activities.RecordCompleted(as("tina"), done("tina", date.New(2026, 11, 1), "safeguarding"))
	require.NoError(t, err)
	_, err = f.svc.Compliance.GrantExtension(as("mgr"), "tina", compliance.Extension{Requirement: "prevent", Until: date.New(2027, 1, 31), Reason: "booked"})
	require.NoError(t, err)
	raw, err := f.svc.Staff.SubjectAccess(as("tina"), "tina")
	require.NoError(t, err)
	var x struct {
		Person     map[string]any   `json:"person"`
		Activities []map[string]any `json:"activities"`
		Status     map[string]any   `json:"status"`
		Records    []struct {
			Kind string `json:"kind"`
			ID   string `json:"id"`
		} `json:"records"`
		Events []struct {
			Action string          `json:"action"`
			Kind   string          `json:"kind"`
			ID     string          `json:"id"`
			After  json.RawMessage `json:"after"`
		} `json:"events"`
	}
	require.NoError(t, json.Unmarshal(raw, &x))
	require.Equal(t, "tina", x.Person["id"])
	require.Len(t, x.Activities, 1)
	require.Equal(t, a.ID, x.Activities[0]["id"])
	require.Equal(t, "tina", x.Status["person"])
	require.Contains(t, x.Records, struct {
		Kind string `json:"kind"`
		ID   string `json:"id"`
	}{"status_reasons", "tina"}, "the reasons kept with her status")
	var actions []string
	for _, e := range x.Events {
		actions = append(actions, e.Action+" "+e.Kind)
		require.True(t, json.Valid(e.After), "event data is embedded JSON")
	}
	want := []string{"person.add person", "status.refresh status", "status.refresh status_reasons",
		"activity.record activity", "status.refresh status", "status.refresh status_reasons",
		"person.extension person", "status.refresh status", "status.refresh status_reasons"}
	if diff := cmp.Diff(want, actions); diff != "" {
		t.Fatalf("audit trail (-want +got):\n%s", diff)
	}
}

// TestPeoplePages checks People streams every person across pages.
func TestPeoplePages(t *testing.T) {
	f := newFixture(t)
	for i := range 250 {
		f.addPerson(t, org, cpd.Person{ID: fmt.Sprintf("p%03d", i), Name: "p", JobRole: "tutor"})
	}
	n := 0
	for p, err := range f.svc.Staff.People(as("admin")) {
		require.NoError(t, err)
		require.NotEmpty(t, p.ID)
		n++
	}
	require.Equal(t, 256, n)
	refusals := 0
	for p, err := range f.svc.Staff.People(as("tina")) {
		require.ErrorIs(t, err, cpd.ErrForbidden)
		require.Empty(t, p.ID)
		refusals++
	}
	require.Equal(t, 1, refusals, "a refused listing yields its error once")
}

func TestComplianceOfOnePerson(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.Activities.RecordCompleted(as("admin"), done("tina", date.New(2026, 10, 1), "safeguarding", "prevent"))
	require.NoError(t, err)
	res, err := f.svc.Compliance.Compliance(as("tina"), "tina")
	require.NoError(t, err)
	got := map[string]string{}
	for _, it := range res.Items {
		got[it.Requirement.ID] = it.Status.String()
	}
	want := map[string]string{"safeguarding": "compliant", "prevent": "compliant", "hours": "pending", "qts": "not_applicable", "cpd-log": "not_applicable"}
	require.Equal(t, want, got)
	hours, _ := res.Item("hours")
	require.True(t, hours.HoursDone.Equal(decimal.RequireFromString("3.5")), "hours count once for a two-topic activity, got %s", hours.HoursDone)
}

// TestRefreshStatuses checks stale statuses are rewritten, and fresh ones left.
func TestRefreshStatuses(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.Activities.RecordCompleted(as("tina"), done("tina", date.New(2025, 12, 1), "safeguarding"))
	require.NoError(t, err)
	n, err := f.svc.Compliance.RefreshStatuses(as("admin"))
	require.NoError(t, err)
	require.Zero(t, n, "nothing is stale on the day statuses were written")
	f.now = f.now.AddDate(0, 0, 7) // 2 December: tina's safeguarding has expired
	n, err = f.svc.Compliance.RefreshStatuses(as("admin"))
	require.NoError(t, err)
	require.Equal(t, 1, n)
	raw, err := f.svc.Staff.SubjectAccess(as("tina"), "tina")
	require.NoError(t, err)
	var x struct {
		Status cpd.Status `json:"status"`
	}
	require.NoError(t, json.Unmarshal(raw, &x))
	require.Equal(t, date.New(2026, 12, 2), x.Status.On)
	require.Equal(t, compliance.Overdue, x.Status.Items[0].Status)
	_, err = f.svc.Compliance.RefreshStatuses(as("mgr"))
	require.ErrorIs(t, err, cpd.ErrForbidden)
}

// TestUndecodableStatusIsStale checks a stored status that no longer
// decodes (from an older cpdkit, say) is evaluated again by the views and
// rewritten by RefreshStatuses, since it is derived from the records.
func TestUndecodableStatusIsStale(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.Activities.RecordCompleted(as("tina"), done("tina", date.New(2026, 11, 1), "safeguarding"))
	require.NoError(t, err)
	want, err := f.svc.Compliance.OrgCompliance(as("admin"))
	require.NoError(t, err)
	require.NoError(t, f.store.Update(t.Context(), org, func(tx cpd.Tx) error {
		r, err := tx.Get(t.Context(), cpd.KindStatus, "tina")
		if err != nil {
			return err
		}
		var old map[string]any
		if err := json.Unmarshal(r.Data, &old); err != nil {
			return err
		}
		old["cells"] = "compliant,,"
		r.Data, err = json.Marshal(old)
		if err != nil {
			return err
		}
		_, err = tx.Put(t.Context(), r, cpd.Change{Actor: "test", Action: "corrupt", At: f.now})
		return err
	}))
	got, err := f.svc.Compliance.OrgCompliance(as("admin"))
	require.NoError(t, err)
	if diff := cmp.Diff(want, got, cmpopts.EquateComparable(compliance.Tally{})); diff != "" {
		t.Fatalf("organisation view after the status stopped decoding (-before +after):\n%s", diff)
	}
	n, err := f.svc.Compliance.RefreshStatuses(as("admin"))
	require.NoError(t, err)
	require.Equal(t, 1, n, "the undecodable status is rewritten")
	n, err = f.svc.Compliance.RefreshStatuses(as("admin"))
	require.NoError(t, err)
	require.Zero(t, n)
}
