package ical_test

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/adapters/ical"
)

// A calendar of one booked course and one expiry, written as a client
// would fetch it (lines end with CRLF, shown here without).
func ExampleWrite() {
	cal := &ical.Calendar{
		Name:  "CPD: t1",
		Stamp: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC),
		Events: []ical.Event{
			{UID: "college/t1/activity/a1@cpdkit", Start: date.New(2026, 12, 1), End: date.New(2026, 12, 2),
				Summary: "Coaching, part 1", Description: "Booked coaching, 12 hours."},
			{UID: "college/t1/safeguarding/expires@cpdkit", Start: date.New(2027, 1, 11),
				Summary: "Safeguarding: last valid day"},
		},
	}
	var out bytes.Buffer
	if err := ical.Write(&out, cal); err != nil {
		panic(err)
	}
	fmt.Print(strings.ReplaceAll(out.String(), "\r\n", "\n"))
	// Output:
	// BEGIN:VCALENDAR
	// VERSION:2.0
	// PRODID:-//cpdkit//cpdkit ical//EN
	// CALSCALE:GREGORIAN
	// METHOD:PUBLISH
	// X-WR-CALNAME:CPD: t1
	// BEGIN:VEVENT
	// UID:college/t1/activity/a1@cpdkit
	// DTSTAMP:20261125T090000Z
	// DTSTART;VALUE=DATE:20261201
	// DTEND;VALUE=DATE:20261203
	// SUMMARY:Coaching\, part 1
	// DESCRIPTION:Booked coaching\, 12 hours.
	// END:VEVENT
	// BEGIN:VEVENT
	// UID:college/t1/safeguarding/expires@cpdkit
	// DTSTAMP:20261125T090000Z
	// DTSTART;VALUE=DATE:20270111
	// DTEND;VALUE=DATE:20270112
	// SUMMARY:Safeguarding: last valid day
	// END:VEVENT
	// END:VCALENDAR
}
