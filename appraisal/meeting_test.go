package appraisal_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
)

func agendaInput() appraisal.AgendaInput {
	other := done("x1", day(2026, 11, 1))
	other.Person = "pete"
	planned := done("a9", 0, "t1")
	planned.Progress = appraisal.Planned
	late := target("t-late")
	late.Due = day(2026, 11, 10)
	later := target("t-later")
	later.Due = day(2027, 1, 31)
	closed := target("t-closed")
	closed.Due, closed.Status = day(2026, 11, 20), appraisal.Withdrawn
	petes := target("t-pete")
	petes.Owner, petes.Due = "pete", day(2026, 11, 20)
	return appraisal.AgendaInput{
		Person: "tina", On: day(2026, 11, 25), LastMeeting: day(2026, 10, 28),
		Activities: []appraisal.Activity{
			done("a1", day(2026, 10, 1)),  // before the last meeting, feedback given
			done("a2", day(2026, 10, 28)), // on the day of the last meeting, no feedback
			done("a3", day(2026, 11, 20)), // since, feedback given
			done("a4", day(2026, 11, 3)),  // since, no feedback
			done("a5", day(2026, 11, 26)), // after the meeting: not yet
			other, planned,
		},
		WithFeedback: []string{"a1", "a3"},
		Targets:      []appraisal.Target{later, target("t-soon"), late, closed, petes},
		Expiring:     []appraisal.Expiry{{Requirement: "prevent", Date: day(2026, 12, 10)}, {Requirement: "safeguarding", Name: "Safeguarding", Date: day(2026, 11, 30)}},
		Log:          appraisal.LogState{Required: true, LastSubmitted: day(2026, 10, 1), Due: day(2026, 11, 30)},
		HorizonDays:  130,
	}
}

func TestBuildAgenda(t *testing.T) {
	in := agendaInput()
	it := appraisal.BuildAgenda(in)
	t.Run("completed since the last meeting", func(t *testing.T) {
		require.Equal(t, []string{"a4", "a3"}, activityIDs(it.Completed))
	})
	t.Run("feedback outstanding", func(t *testing.T) {
		require.Equal(t, []string{"a2", "a4"}, activityIDs(it.FeedbackOutstanding))
	})
	t.Run("targets due within the horizon, overdue first", func(t *testing.T) {
		require.Equal(t, []string{"t-late", "t-later", "t-soon"}, targetIDs(it.TargetsDue))
	})
	t.Run("compliance expiring, soonest first", func(t *testing.T) {
		want := []appraisal.Expiry{in.Expiring[1], in.Expiring[0]}
		if d := cmp.Diff(want, it.Expiring); d != "" {
			t.Errorf("expiring (-want +got):\n%s", d)
		}
	})
	t.Run("log", func(t *testing.T) {
		require.True(t, it.Log.UpToDate)
		require.Equal(t, day(2026, 10, 28), it.Since)
	})
}

func TestBuildAgendaOptions(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(*appraisal.AgendaInput)
		targets  []string
		upToDate bool
	}{
		{"default horizon is 30 days", func(in *appraisal.AgendaInput) { in.HorizonDays = 0 }, []string{"t-late"}, true},
		{"log overdue", func(in *appraisal.AgendaInput) { in.Log.Due = day(2026, 11, 24) }, []string{"t-late", "t-later", "t-soon"}, false},
		{"log due on the day", func(in *appraisal.AgendaInput) { in.Log.Due = day(2026, 11, 25) }, []string{"t-late", "t-later", "t-soon"}, true},
		{"log never submitted, no due day", func(in *appraisal.AgendaInput) { in.Log = appraisal.LogState{Required: true} }, []string{"t-late", "t-later", "t-soon"}, false},
		{"no log cadence", func(in *appraisal.AgendaInput) { in.Log = appraisal.LogState{} }, []string{"t-late", "t-later", "t-soon"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := agendaInput()
			tc.edit(&in)
			it := appraisal.BuildAgenda(in)
			require.Equal(t, tc.targets, targetIDs(it.TargetsDue))
			require.Equal(t, tc.upToDate, it.Log.UpToDate)
		})
	}
}

func TestBuildAgendaFeedbackSince(t *testing.T) {
	tests := []struct {
		name  string
		since date.Date
		want  []string
	}{
		{"all", 0, []string{"a2", "a4"}},
		{"from the day of the oldest", day(2026, 10, 28), []string{"a2", "a4"}},
		{"after it", day(2026, 10, 29), []string{"a4"}},
		{"after all", day(2026, 11, 4), []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := agendaInput()
			in.FeedbackSince = tc.since
			require.Equal(t, tc.want, activityIDs(appraisal.BuildAgenda(in).FeedbackOutstanding))
		})
	}
}

func TestBuildAgendaFirstMeeting(t *testing.T) {
	in := agendaInput()
	in.LastMeeting = 0
	it := appraisal.BuildAgenda(in)
	require.Equal(t, []string{"a1", "a2", "a4", "a3"}, activityIDs(it.Completed))
}

func TestLearningItemWriteTo(t *testing.T) {
	it := appraisal.BuildAgenda(agendaInput())
	var b strings.Builder
	n, err := it.WriteTo(&b)
	require.NoError(t, err)
	require.Equal(t, int64(b.Len()), n)
	for _, want := range []string{
		"Professional learning (tina, 2026-11-25)",
		"Completed since 2026-10-28: 2",
		"Feedback outstanding: 2",
		"Targets due: 3",
		"- Safeguarding (expires after 2026-11-30)",
		"- prevent (expires after 2026-12-10)",
		"CPD log: up to date (last submitted 2026-10-01; next due by 2026-11-30)",
	} {
		require.Contains(t, b.String(), want)
	}
}

func TestMeetingValidate(t *testing.T) {
	item := appraisal.BuildAgenda(agendaInput())
	tests := []struct {
		name  string
		edit  func(*appraisal.Meeting)
		want  error
		field string
	}{
		{"valid", func(*appraisal.Meeting) {}, nil, ""},
		{"no person", func(m *appraisal.Meeting) { m.Person = "" }, appraisal.ErrInvalid, "person"},
		{"no manager", func(m *appraisal.Meeting) { m.Manager = "" }, appraisal.ErrInvalid, "manager"},
		{"supervising oneself", func(m *appraisal.Meeting) { m.Manager = "tina" }, appraisal.ErrInvalid, "manager"},
		{"undated", func(m *appraisal.Meeting) { m.On = 0 }, appraisal.ErrInvalid, "on"},
		{"no professional-learning item", func(m *appraisal.Meeting) { m.Learning = nil }, appraisal.ErrInvalid, "learning"},
		{"item for another day", func(m *appraisal.Meeting) { m.On = day(2026, 11, 26) }, appraisal.ErrInvalid, "learning"},
		{"empty item", func(m *appraisal.Meeting) { m.Items = []string{"Workload", " "} }, appraisal.ErrInvalid, "items[1]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := appraisal.Meeting{Person: "tina", Manager: "mgr", On: day(2026, 11, 25), Learning: &item, Items: []string{"Workload"}}
			tc.edit(&m)
			wantErr(t, m.Validate(), tc.want, tc.field)
		})
	}
}

func activityIDs(acts []appraisal.Activity) []string {
	out := []string{}
	for _, a := range acts {
		out = append(out, a.ID)
	}
	return out
}

func targetIDs(ts []appraisal.Target) []string {
	out := []string{}
	for _, t := range ts {
		out = append(out, t.ID)
	}
	return out
}
