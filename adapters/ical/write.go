package ical

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/cpd"
)

// ProdID is the PRODID Write gives a calendar (RFC 5545, section
// 3.7.3): who made it.
const ProdID = "-//cpdkit//cpdkit ical//EN"

// Calendar is a feed of all-day events.
type Calendar struct {
	// Name is the calendar's name for the applications that subscribe
	// (written as X-WR-CALNAME, which they read); "" writes none.
	Name string
	// Stamp is when the feed was made, every event's DTSTAMP (required).
	Stamp time.Time
	// Events are written in this order.
	Events []Event
}

// Event is one all-day event, over one day or several.
type Event struct {
	// UID identifies the event across fetches of the feed (required): an
	// event with the UID of one fetched before replaces it.
	UID string
	// Start is the first day (required); End the last, inclusive: zero
	// for an event of one day.
	Start, End date.Date
	// Summary is the event's title (required); Description its details.
	Summary, Description string
}

// Validate checks the event has what Write needs: a UID and a summary
// that are more than space once what TEXT cannot hold is dropped, and
// days a DATE can write (years 1 to 9999), the last not before the
// first. Its errors match cpd.ErrInvalid and name the field.
func (e *Event) Validate() error {
	switch {
	case strings.TrimSpace(escapeText(e.UID)) == "":
		return &cpd.ValidationError{Field: "uid", Reason: "is required"}
	case e.Start == 0:
		return &cpd.ValidationError{Field: "start", Reason: "is required"}
	case e.Start.Year() < 1 || e.Start.Year() > 9999:
		return &cpd.ValidationError{Field: "start", Reason: fmt.Sprintf("%s is not a day of years 1 to 9999", e.Start)}
	case e.End != 0 && e.End.Year() > 9999:
		return &cpd.ValidationError{Field: "end", Reason: fmt.Sprintf("%s is not a day of years 1 to 9999", e.End)}
	case e.End != 0 && e.End < e.Start:
		return &cpd.ValidationError{Field: "end", Reason: fmt.Sprintf("%s is before the start %s", e.End, e.Start)}
	case strings.TrimSpace(escapeText(e.Summary)) == "":
		return &cpd.ValidationError{Field: "summary", Reason: "is required"}
	}
	return nil
}

// Write writes the calendar to w as an iCalendar object (see the package
// documentation for the format). It checks every event first and writes
// nothing if one is invalid. Errors: cpd.ErrInvalid (a
// *cpd.ValidationError naming the event and field), or w's.
func Write(w io.Writer, cal *Calendar) error {
	if cal.Stamp.IsZero() {
		return &cpd.ValidationError{Field: "stamp", Reason: "is required"}
	}
	for i := range cal.Events {
		if err := cal.Events[i].Validate(); err != nil {
			var v *cpd.ValidationError
			if errors.As(err, &v) {
				return &cpd.ValidationError{Field: fmt.Sprintf("events[%d].%s", i, v.Field), Reason: v.Reason}
			}
			return err
		}
	}
	var b strings.Builder
	line := func(name, value string) { writeFolded(&b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", escapeText(ProdID))
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if cal.Name != "" {
		line("X-WR-CALNAME", escapeText(cal.Name))
	}
	stamp := cal.Stamp.UTC().Format("20060102T150405Z")
	for _, e := range cal.Events {
		end := e.End
		if end == 0 {
			end = e.Start
		}
		line("BEGIN", "VEVENT")
		line("UID", escapeText(e.UID))
		line("DTSTAMP", stamp)
		line("DTSTART;VALUE=DATE", dateValue(e.Start))
		line("DTEND;VALUE=DATE", dateValue(end+1)) // DTEND is exclusive
		line("SUMMARY", escapeText(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION", escapeText(e.Description))
		}
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	_, err := io.WriteString(w, b.String())
	return err
}

// dateValue is a DATE value (section 3.3.4): YYYYMMDD.
func dateValue(d date.Date) string {
	return d.Format("20060102")
}
