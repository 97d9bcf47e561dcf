package appraisal_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
)

func devDay() appraisal.DevDay {
	return appraisal.DevDay{
		ID: "dd1", Year: "2026/27", On: day(2027, 1, 4), Title: "Spring development day",
		Sessions: []appraisal.Session{
			{ID: "am", Title: "Safeguarding refresher", Hours: hours("2.5"), Aspect: "keeping_up_to_date", Topics: []string{"safeguarding"}},
			{ID: "pm", Title: "Adaptive teaching", Hours: hours("3"), Aspect: "training_for_job", Targets: []string{"t1"}},
		},
	}
}

func TestDevDayValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*appraisal.DevDay)
		want  error
		field string
	}{
		{"valid", func(*appraisal.DevDay) {}, nil, ""},
		{"undated", func(d *appraisal.DevDay) { d.On = 0 }, appraisal.ErrInvalid, "on"},
		{"no title", func(d *appraisal.DevDay) { d.Title = "" }, appraisal.ErrInvalid, "title"},
		{"no sessions", func(d *appraisal.DevDay) { d.Sessions = nil }, appraisal.ErrInvalid, "sessions"},
		{"bad year", func(d *appraisal.DevDay) { d.Year = "2027" }, appraisal.ErrInvalid, "year"},
		{"session without ID", func(d *appraisal.DevDay) { d.Sessions[1].ID = "" }, appraisal.ErrInvalid, "sessions[1].id"},
		{"session ID twice", func(d *appraisal.DevDay) { d.Sessions[1].ID = "am" }, appraisal.ErrInvalid, "sessions"},
		{"session without title", func(d *appraisal.DevDay) { d.Sessions[0].Title = "" }, appraisal.ErrInvalid, "sessions[0].title"},
		{"session without hours", func(d *appraisal.DevDay) { d.Sessions[0].Hours = hours("0") }, appraisal.ErrInvalid, "sessions[0].hours"},
		{"session without aspect", func(d *appraisal.DevDay) { d.Sessions[0].Aspect = "" }, appraisal.ErrInvalid, "sessions[0].aspect"},
		{"empty topic", func(d *appraisal.DevDay) { d.Sessions[0].Topics = []string{""} }, appraisal.ErrInvalid, "sessions[0].topics[0]"},
		{"attendee without activity", func(d *appraisal.DevDay) { d.Sessions[0].Attended = []appraisal.Attendee{{Person: "tina"}} }, appraisal.ErrInvalid, "sessions[0].attended[0]"},
		{"attendee twice", func(d *appraisal.DevDay) {
			d.Sessions[0].Attended = []appraisal.Attendee{{Person: "tina", Activity: "a1"}, {Person: "tina", Activity: "a2"}}
		}, appraisal.ErrInvalid, "sessions[0].attended"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := devDay()
			tc.edit(&d)
			wantErr(t, d.Validate(), tc.want, tc.field)
		})
	}
}

func TestDevDayAttend(t *testing.T) {
	at := func(people ...string) []appraisal.Attendee {
		out := make([]appraisal.Attendee, len(people))
		for i, p := range people {
			out[i] = appraisal.Attendee{Person: p, Activity: "act-" + p}
		}
		return out
	}
	tests := []struct {
		name      string
		session   string
		attendees []appraisal.Attendee
		today     date.Date
		want      error
		field     string
		attended  []appraisal.Attendee // the session's afterwards
	}{
		{"two attendees", "am", at("tina", "pete"), day(2027, 1, 4), nil, "", append(at("ann"), at("tina", "pete")...)},
		{"recorded later", "am", at("tina"), day(2027, 1, 20), nil, "", append(at("ann"), at("tina")...)},
		{"before the day", "am", at("tina"), day(2027, 1, 3), appraisal.ErrInvalid, "on", at("ann")},
		{"unknown session", "eve", at("tina"), day(2027, 1, 4), appraisal.ErrInvalid, "session", at("ann")},
		{"nobody", "am", nil, day(2027, 1, 4), appraisal.ErrInvalid, "attendees", at("ann")},
		{"already recorded", "am", at("tina", "ann"), day(2027, 1, 4), appraisal.ErrDuplicate, "", at("ann")},
		{"given twice", "am", at("tina", "tina"), day(2027, 1, 4), appraisal.ErrInvalid, "attendees", at("ann")},
		{"no activity", "am", []appraisal.Attendee{{Person: "tina"}}, day(2027, 1, 4), appraisal.ErrInvalid, "attendees[0]", at("ann")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := devDay()
			d.Sessions[0].Attended = at("ann")
			wantErr(t, d.Attend(tc.session, tc.attendees, tc.today), tc.want, tc.field)
			if diff := cmp.Diff(tc.attended, d.Session("am").Attended); diff != "" {
				t.Errorf("attended (-want +got):\n%s", diff)
			}
			require.NoError(t, d.Validate())
		})
	}
}

func TestYearPlan(t *testing.T) {
	d1, d2, d3 := devDay(), devDay(), devDay()
	d1.ID, d1.On = "summer", day(2027, 6, 1)
	d2.ID, d2.On = "autumn", day(2026, 9, 1)
	d3.ID, d3.Year = "next", "2027/28"
	var ids []string
	for _, d := range appraisal.YearPlan("2026/27", []appraisal.DevDay{d1, d2, d3}) {
		ids = append(ids, d.ID)
	}
	require.Equal(t, []string{"autumn", "summer"}, ids)
	d := devDay()
	require.Nil(t, d.Session("eve"))
}
