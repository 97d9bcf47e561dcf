package appraisal

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
)

// DevDay is a professional development day planned for an academic year,
// with its sessions. Development days are used to achieve the development
// plans set at appraisal. Recording who attended a session gives each
// attendee a completed activity (package cpd does that).
type DevDay struct {
	ID string `json:"id"`
	// Year is the academic year's label, such as "2026/27".
	Year     string    `json:"year"`
	On       date.Date `json:"on"`
	Title    string    `json:"title"`
	Sessions []Session `json:"sessions"`
}

// Session is one session of a development day.
type Session struct {
	// ID is unique within the day ("am", "s1").
	ID       string `json:"id"`
	Title    string `json:"title"`
	Provider string `json:"provider,omitzero"`
	// Hours are the CPD hours an attendee gets; more than zero.
	Hours decimal.Decimal `json:"hours"`
	// Aspect is cpd's stable name of the aspect it serves.
	Aspect string `json:"aspect"`
	// Topics are compliance topics it evidences (a safeguarding refresher).
	Topics []string `json:"topics,omitzero"`
	// Targets are the IDs of the improvement targets it serves.
	Targets []string `json:"targets,omitzero"`
	// Attended lists who attended, once recorded.
	Attended []Attendee `json:"attended,omitzero"`
}

// Attendee is one person's attendance at a session, and the completed
// activity it gave them.
type Attendee struct {
	Person   string `json:"person"`
	Activity string `json:"activity"`
}

// Validate checks the day and each session.
func (d *DevDay) Validate() error {
	switch {
	case d.On == 0:
		return invalid("on", "is required")
	case d.Title == "":
		return invalid("title", "is required")
	case len(d.Sessions) == 0:
		return invalid("sessions", "a development day has at least one session")
	}
	if err := checkYear("year", d.Year); err != nil {
		return err
	}
	ids := make([]string, len(d.Sessions))
	for i := range d.Sessions {
		if err := d.Sessions[i].check(); err != nil {
			return within(fmt.Sprintf("sessions[%d]", i), err)
		}
		ids[i] = d.Sessions[i].ID
	}
	if dup := duplicate(ids); dup != "" {
		return invalid("sessions", "session ID %s is used twice", dup)
	}
	return nil
}

func (s *Session) check() error {
	switch {
	case s.ID == "":
		return invalid("id", "is required")
	case s.Title == "":
		return invalid("title", "is required")
	case !s.Hours.IsPositive():
		return invalid("hours", "%s is not more than zero", s.Hours)
	case s.Aspect == "":
		return invalid("aspect", "is required")
	}
	for i, t := range s.Topics {
		if t == "" {
			return invalid(fmt.Sprintf("topics[%d]", i), "is empty")
		}
	}
	people := make([]string, len(s.Attended))
	for i, a := range s.Attended {
		if a.Person == "" || a.Activity == "" {
			return invalid(fmt.Sprintf("attended[%d]", i), "needs a person and an activity")
		}
		people[i] = a.Person
	}
	if dup := duplicate(people); dup != "" {
		return invalid("attended", "%s is recorded twice", dup)
	}
	return nil
}

// Session returns the session with the ID, or nil.
func (d *DevDay) Session(id string) *Session {
	i := slices.IndexFunc(d.Sessions, func(s Session) bool { return s.ID == id })
	if i < 0 {
		return nil
	}
	return &d.Sessions[i]
}

// Attend records who attended a session, on or after the day (today is
// the day it is recorded). Each attendee is given with the ID of the
// activity their attendance becomes. A person already recorded for the
// session is ErrDuplicate; nothing changes on any error.
func (d *DevDay) Attend(session string, attendees []Attendee, today date.Date) error {
	s := d.Session(session)
	switch {
	case s == nil:
		return invalid("session", "%q is not a session of development day %s", session, d.ID)
	case len(attendees) == 0:
		return invalid("attendees", "at least one attendee is required")
	case today < d.On:
		return invalid("on", "development day %s is on %s: attendance is recorded on or after the day", d.ID, d.On)
	}
	people := make([]string, len(attendees))
	for i, a := range attendees {
		if a.Person == "" || a.Activity == "" {
			return invalid(fmt.Sprintf("attendees[%d]", i), "needs a person and an activity")
		}
		if slices.ContainsFunc(s.Attended, func(old Attendee) bool { return old.Person == a.Person }) {
			return state(ErrDuplicate, "%s is already recorded at session %s of development day %s", a.Person, session, d.ID)
		}
		people[i] = a.Person
	}
	if dup := duplicate(people); dup != "" {
		return invalid("attendees", "%s is given twice", dup)
	}
	s.Attended = append(s.Attended, attendees...)
	return nil
}

// YearPlan returns the development days of one academic year, in date
// order.
func YearPlan(year string, days []DevDay) []DevDay {
	var out []DevDay
	for _, d := range days {
		if d.Year == year {
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b DevDay) int { return cmp.Compare(a.On, b.On) })
	return out
}
