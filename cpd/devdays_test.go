package cpd_test

import (
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

func devDay(on date.Date) appraisal.DevDay {
	return appraisal.DevDay{On: on, Title: "Autumn development day", Sessions: []appraisal.Session{
		{ID: "am", Title: "Safeguarding refresher", Hours: decimal.RequireFromString("2.5"), Aspect: "keeping_up_to_date",
			Topics: []string{"safeguarding"}, Provider: "Local authority"},
		{ID: "pm", Title: "Adaptive teaching", Hours: decimal.NewFromInt(3), Aspect: "training_for_job"},
	}}
}

func TestPlanDevDay(t *testing.T) {
	tests := []struct {
		name  string
		by    string
		day   func() appraisal.DevDay
		want  error
		field string
		year  string // of the day returned
		days  int    // planned in 2026/27 afterwards
	}{
		{"an administrator", "admin", func() appraisal.DevDay { return devDay(date.New(2026, 11, 20)) }, nil, "", "2026/27", 1},
		{"the head of education", "head", func() appraisal.DevDay { return devDay(date.New(2027, 1, 4)) }, nil, "", "2026/27", 1},
		{"in the next year", "head", func() appraisal.DevDay { return devDay(date.New(2027, 9, 4)) }, nil, "", "2027/28", 0},
		{"not a line manager", "mgr", func() appraisal.DevDay { return devDay(date.New(2027, 1, 4)) }, cpd.ErrForbidden, "", "", 0},
		{"not an auditor", "audrey", func() appraisal.DevDay { return devDay(date.New(2027, 1, 4)) }, cpd.ErrForbidden, "", "", 0},
		{"an unknown aspect", "admin", func() appraisal.DevDay { d := devDay(date.New(2027, 1, 4)); d.Sessions[1].Aspect = "fun"; return d },
			cpd.ErrInvalid, "sessions[1].aspect", "", 0},
		{"no sessions", "admin", func() appraisal.DevDay { d := devDay(date.New(2027, 1, 4)); d.Sessions = nil; return d }, cpd.ErrInvalid, "sessions", "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newAppraisalFixture(t)
			got, err := f.svc.Development.PlanDevDay(as(tc.by), tc.day())
			wantErr(t, err, tc.want, tc.field)
			days, lerr := f.svc.Development.DevDays(as("tina"), "2026/27")
			require.NoError(t, lerr)
			require.Len(t, days, tc.days)
			require.Equal(t, tc.year, got.Year)
		})
	}
}

func TestRecordAttendance(t *testing.T) {
	f := newAppraisalFixture(t)
	d, err := f.svc.Development.PlanDevDay(as("admin"), devDay(date.New(2026, 11, 20)))
	require.NoError(t, err)
	later, err := f.svc.Development.PlanDevDay(as("admin"), devDay(date.New(2027, 1, 4)))
	require.NoError(t, err)
	require.Equal(t, compliance.Missing, safeguarding(t, f, "tina"))

	tests := []struct {
		name    string
		by      string
		day     string
		session string
		people  []string
		want    error
		field   string
	}{
		{"not a line manager", "mgr", d.ID, "am", []string{"tina"}, cpd.ErrForbidden, ""},
		{"an unknown person stops everyone", "admin", d.ID, "am", []string{"tina", "nobody"}, cpd.ErrInvalid, "people[1]"},
		{"an unknown session", "admin", d.ID, "eve", []string{"tina"}, cpd.ErrInvalid, "session"},
		{"before the day", "admin", later.ID, "am", []string{"tina"}, cpd.ErrInvalid, "on"},
		{"a person given twice", "admin", d.ID, "am", []string{"tina", "tina"}, cpd.ErrInvalid, "attendees"},
		{"the attendees", "admin", d.ID, "am", []string{"tina", "pete", "mgr"}, nil, ""},
		{"again", "head", d.ID, "am", []string{"pete"}, cpd.ErrConflict, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := f.snapshot(t)
			_, err := f.svc.Activities.RecordAttendance(as(tc.by), tc.day, tc.session, tc.people)
			wantErr(t, err, tc.want, tc.field)
			if tc.want != nil {
				require.Equal(t, before, f.snapshot(t), "refused attendance changes nothing")
			}
		})
	}
	t.Run("each attendee has a completed activity", func(t *testing.T) {
		for _, p := range []string{"tina", "pete", "mgr"} {
			acts, err := f.svc.Activities.Activities(as("admin"), p)
			require.NoError(t, err)
			require.Len(t, acts, 1, p)
			a := acts[0]
			require.Equal(t, []any{cpd.DevelopmentDay, cpd.Completed, date.New(2026, 11, 20), "2.5", []string{"safeguarding"}, "Local authority"},
				[]any{a.Kind, a.State, a.Completed, a.Hours.String(), a.Topics, a.Provider}, p)
		}
	})
	t.Run("and their compliance moved in the same transaction", func(t *testing.T) {
		require.Equal(t, compliance.Compliant, safeguarding(t, f, "tina"))
		v, err := f.svc.Compliance.OrgCompliance(as("head"))
		require.NoError(t, err)
		require.Equal(t, compliance.Compliant, statusOf(v, "pete", "safeguarding"))
	})
	t.Run("the day records who attended", func(t *testing.T) {
		days, err := f.svc.Development.DevDays(as("pete"), "2026/27")
		require.NoError(t, err)
		require.Equal(t, []string{d.ID, later.ID}, []string{days[0].ID, days[1].ID})
		require.Len(t, days[0].Sessions[0].Attended, 3)
	})
	t.Run("a leaver after the day", func(t *testing.T) {
		g := newAppraisalFixture(t)
		d, err := g.svc.Development.PlanDevDay(as("admin"), devDay(date.New(2026, 11, 20)))
		require.NoError(t, err)
		_, err = g.svc.Staff.Resign(as("head"), "pete", cpd.Resignation{ResignedOn: date.New(2026, 10, 1), Leaving: date.New(2026, 11, 1)})
		require.NoError(t, err)
		g.now = fixedNow.Add(24 * time.Hour)
		_, err = g.svc.Activities.RecordAttendance(as("admin"), d.ID, "pm", []string{"tina", "pete"})
		wantErr(t, err, cpd.ErrInvalid, "completed")
	})
}

func safeguarding(t *testing.T, f *afix, person string) compliance.Status {
	t.Helper()
	res, err := f.svc.Compliance.Compliance(as("admin"), person)
	require.NoError(t, err)
	it, ok := res.Item("safeguarding")
	require.True(t, ok)
	return it.Status
}
