package appraisal

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/rickb777/date/v2"
)

// LearningTitle is the title of the standing agenda item.
const LearningTitle = "Professional learning"

// Meeting is a 1-to-1 supervision meeting between a person and their line
// manager. Professional learning is a standing item of its agenda.
type Meeting struct {
	ID      string    `json:"id"`
	Person  string    `json:"person"`
	Manager string    `json:"manager"`
	On      date.Date `json:"on"`
	// Learning is the standing professional-learning item (see
	// BuildAgenda); a meeting without it is invalid.
	Learning *LearningItem `json:"learning"`
	// Items are the meeting's other agenda items.
	Items   []string `json:"items,omitzero"`
	Notes   string   `json:"notes,omitzero"`
	Actions []string `json:"actions,omitzero"`
}

// Validate checks the meeting: its people, its day, and that it carries
// the professional-learning item, built for this person and day.
func (m *Meeting) Validate() error {
	switch {
	case m.Person == "":
		return invalid("person", "is required")
	case m.Manager == "":
		return invalid("manager", "is required")
	case m.Manager == m.Person:
		return invalid("manager", "a person cannot supervise themself")
	case m.On == 0:
		return invalid("on", "is required")
	case m.Learning == nil:
		return invalid("learning", "professional learning is a standing agenda item of every 1-to-1")
	case m.Learning.Person != m.Person || m.Learning.On != m.On:
		return invalid("learning", "was built for %s on %s, not %s on %s", m.Learning.Person, m.Learning.On, m.Person, m.On)
	}
	for i, it := range m.Items {
		if strings.TrimSpace(it) == "" {
			return invalid(fmt.Sprintf("items[%d]", i), "is empty")
		}
	}
	return nil
}

// LearningItem is the professional-learning item of a 1-to-1 agenda.
type LearningItem struct {
	Person string    `json:"person"`
	On     date.Date `json:"on"`
	// Since is the day of the previous meeting (zero: none).
	Since date.Date `json:"since,omitzero"`
	// Completed are the activities completed since the previous meeting.
	Completed []Activity `json:"completed"`
	// FeedbackOutstanding are completed activities with no feedback yet.
	FeedbackOutstanding []Activity `json:"feedback_outstanding"`
	// TargetsDue are the open targets due by the horizon (overdue ones
	// included), soonest first.
	TargetsDue []Target `json:"targets_due"`
	// Expiring are compliance items expiring by the horizon, or lapsed.
	Expiring []Expiry `json:"expiring"`
	// Log says whether the CPD log is up to date.
	Log LogState `json:"log"`
}

// Expiry is a compliance item (mandatory training, a qualification, a
// membership) that expires soon or has lapsed.
type Expiry struct {
	Requirement string `json:"requirement"`
	Name        string `json:"name,omitzero"`
	// Date is its last valid day, or the day it was due.
	Date date.Date `json:"date"`
	// Lapsed: already expired or missed.
	Lapsed bool `json:"lapsed,omitzero"`
}

// LogState is where the CPD log stands.
type LogState struct {
	// Required: the policy sets a cadence for the CPD log.
	Required bool `json:"required"`
	// LastSubmitted is the day of the latest submission (zero: none).
	LastSubmitted date.Date `json:"last_submitted,omitzero"`
	// Due is the last day by which the next submission is due.
	Due date.Date `json:"due,omitzero"`
	// UpToDate: the log is not required, or the meeting falls on or
	// before its due day.
	UpToDate bool `json:"up_to_date"`
}

// AgendaInput is what the professional-learning item is built from. Package
// cpd gathers it from the person's records; any caller may.
type AgendaInput struct {
	Person string
	// On is the meeting's day; LastMeeting the previous one's (zero: none).
	On, LastMeeting date.Date
	// Activities are the person's activities (others are ignored).
	Activities []Activity
	// WithFeedback are the IDs of activities the person gave feedback on.
	WithFeedback []string
	// FeedbackSince, when set, chases feedback only on activities
	// completed on or after it (the start of the academic year, say), not
	// on records from years ago.
	FeedbackSince date.Date
	// Targets are the person's targets (others are ignored).
	Targets []Target
	// Expiring are the compliance items to raise.
	Expiring []Expiry
	// Log is where the CPD log stands; UpToDate is worked out.
	Log LogState
	// HorizonDays is how far ahead targets count as due: 0 means 30.
	HorizonDays int
}

// DefaultHorizonDays is how far ahead a target counts as due when the
// input does not say.
const DefaultHorizonDays = 30

// BuildAgenda builds the professional-learning item of a 1-to-1: the
// activities completed since the last meeting (after LastMeeting, up to
// and including On), completed activities still without feedback (since
// FeedbackSince, if set), open
// targets due within the horizon or overdue, the compliance items given,
// and whether the CPD log is up to date. Lists are in date order.
func BuildAgenda(in AgendaInput) LearningItem {
	horizon := in.HorizonDays
	if horizon <= 0 {
		horizon = DefaultHorizonDays
	}
	it := LearningItem{Person: in.Person, On: in.On, Since: in.LastMeeting, Completed: []Activity{},
		FeedbackOutstanding: []Activity{}, TargetsDue: []Target{}, Expiring: slices.Clone(in.Expiring), Log: in.Log}
	if it.Expiring == nil {
		it.Expiring = []Expiry{}
	}
	given := make(map[string]bool, len(in.WithFeedback))
	for _, id := range in.WithFeedback {
		given[id] = true
	}
	for _, a := range in.Activities {
		if a.Person != in.Person || !a.Done() || a.Completed > in.On {
			continue
		}
		if a.Completed > in.LastMeeting {
			it.Completed = append(it.Completed, a)
		}
		if a.Completed >= in.FeedbackSince && !given[a.ID] {
			it.FeedbackOutstanding = append(it.FeedbackOutstanding, a)
		}
	}
	for _, t := range in.Targets {
		if t.Owner == in.Person && t.DueBy(in.On+date.Date(horizon)) {
			it.TargetsDue = append(it.TargetsDue, t)
		}
	}
	byDone := func(a, b Activity) int { return cmp.Or(cmp.Compare(a.Completed, b.Completed), cmp.Compare(a.ID, b.ID)) }
	slices.SortStableFunc(it.Completed, byDone)
	slices.SortStableFunc(it.FeedbackOutstanding, byDone)
	slices.SortStableFunc(it.TargetsDue, func(a, b Target) int { return cmp.Or(cmp.Compare(a.Due, b.Due), cmp.Compare(a.ID, b.ID)) })
	slices.SortStableFunc(it.Expiring, func(a, b Expiry) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Requirement, b.Requirement))
	})
	it.Log.UpToDate = !in.Log.Required || (in.Log.Due != 0 && in.On <= in.Log.Due)
	return it
}

// WriteTo writes the item as plain text, for an agenda or minutes.
func (it *LearningItem) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s, %s)\n", LearningTitle, it.Person, it.On)
	since := "so far"
	if it.Since != 0 {
		since = "since " + it.Since.String()
	}
	fmt.Fprintf(&b, "  Completed %s: %d\n", since, len(it.Completed))
	for _, a := range it.Completed {
		fmt.Fprintf(&b, "    - %s (%s, %s h)\n", a.Title, a.Completed, a.Hours.String())
	}
	fmt.Fprintf(&b, "  Feedback outstanding: %d\n", len(it.FeedbackOutstanding))
	for _, a := range it.FeedbackOutstanding {
		fmt.Fprintf(&b, "    - %s (completed %s)\n", a.Title, a.Completed)
	}
	fmt.Fprintf(&b, "  Targets due: %d\n", len(it.TargetsDue))
	for _, t := range it.TargetsDue {
		fmt.Fprintf(&b, "    - %s (due %s)\n", t.Title, t.Due)
	}
	fmt.Fprintf(&b, "  Compliance expiring: %d\n", len(it.Expiring))
	for _, e := range it.Expiring {
		verb := "expires after"
		if e.Lapsed {
			verb = "lapsed"
		}
		fmt.Fprintf(&b, "    - %s (%s %s)\n", cmp.Or(e.Name, e.Requirement), verb, e.Date)
	}
	fmt.Fprintf(&b, "  CPD log: %s\n", it.Log.describe())
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

func (l LogState) describe() string {
	last := "never submitted"
	if l.LastSubmitted != 0 {
		last = "last submitted " + l.LastSubmitted.String()
	}
	switch {
	case !l.Required:
		return "no cadence set"
	case l.UpToDate:
		return fmt.Sprintf("up to date (%s; next due by %s)", last, l.Due)
	case l.Due == 0:
		return fmt.Sprintf("not up to date (%s)", last)
	}
	return fmt.Sprintf("not up to date (%s; was due by %s)", last, l.Due)
}
