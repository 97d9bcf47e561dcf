package ical

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// sample is a calendar with what needs escaping and folding.
func sample() *Calendar {
	return &Calendar{
		Name:  "CPD: Staff, Maths",
		Stamp: time.Date(2026, 11, 25, 9, 30, 0, 0, time.FixedZone("BST", 3600)),
		Events: []Event{
			{UID: "college/t1/activity/a1@cpdkit", Start: date.New(2026, 12, 1), End: date.New(2026, 12, 3),
				Summary: "Coaching; part 1, room \\B", Description: "Booked coaching, 12 hours.\nProvider: Learning Ltd."},
			{UID: "college/t1/safeguarding/expires@cpdkit", Start: date.New(2027, 1, 11),
				Summary:     "Formação em proteção de crianças — salvaguarda: último dia válido",
				Description: strings.Repeat("Über die Grenze hinaus 研修 🎓; ", 4)},
		},
	}
}

func TestWriteGolden(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, Write(&out, sample()))
	want, err := os.ReadFile("testdata/sample.ics")
	require.NoError(t, err)
	require.Equal(t, string(want), out.String())
}

// TestWriteRoundTrip reads the written calendar back as a client would
// and finds every value as given.
func TestWriteRoundTrip(t *testing.T) {
	cal := sample()
	var out bytes.Buffer
	require.NoError(t, Write(&out, cal))
	props := parse(t, out.Bytes())
	require.Equal(t, []property{{"BEGIN", "VCALENDAR"}, {"VERSION", "2.0"}, {"PRODID", ProdID},
		{"CALSCALE", "GREGORIAN"}, {"METHOD", "PUBLISH"}, {"X-WR-CALNAME", `CPD: Staff\, Maths`}}, props[:6])
	require.Equal(t, property{"END", "VCALENDAR"}, props[len(props)-1])
	var events []map[string]string
	for _, p := range props[6 : len(props)-1] {
		switch {
		case p == property{"BEGIN", "VEVENT"}:
			events = append(events, map[string]string{})
		case p == property{"END", "VEVENT"}:
		default:
			events[len(events)-1][p.Name] = p.Value
		}
	}
	require.Len(t, events, len(cal.Events))
	for i, e := range cal.Events {
		last := e.End
		if last == 0 {
			last = e.Start
		}
		got := events[i]
		require.Equal(t, e.UID, unescapeText(t, got["UID"]))
		require.Equal(t, "20261125T083000Z", got["DTSTAMP"], "in UTC")
		require.Equal(t, e.Start.Format("20060102"), got["DTSTART;VALUE=DATE"])
		require.Equal(t, (last + 1).Format("20060102"), got["DTEND;VALUE=DATE"], "the day after the last")
		require.Equal(t, e.Summary, unescapeText(t, got["SUMMARY"]))
		require.Equal(t, e.Description, unescapeText(t, got["DESCRIPTION"]))
	}
}

func TestWriteInvalid(t *testing.T) {
	day := date.New(2026, 12, 1)
	tests := []struct {
		name  string
		edit  func(*Calendar)
		field string
	}{
		{"no stamp", func(c *Calendar) { c.Stamp = time.Time{} }, "stamp"},
		{"no UID", func(c *Calendar) { c.Events[1].UID = " " }, "events[1].uid"},
		{"no start", func(c *Calendar) { c.Events[0].Start = 0 }, "events[0].start"},
		{"end before start", func(c *Calendar) { c.Events[0].End = day - 1 }, "events[0].end"},
		{"a year DATE cannot write", func(c *Calendar) { c.Events[0].Start = date.New(10000, 1, 1) }, "events[0].start"},
		{"no summary", func(c *Calendar) { c.Events[1].Summary = "" }, "events[1].summary"},
		{"a UID of what TEXT cannot hold", func(c *Calendar) { c.Events[0].UID = "\x00\x01 " }, "events[0].uid"},
		{"a summary of what TEXT cannot hold", func(c *Calendar) { c.Events[0].Summary = "\x7f" }, "events[0].summary"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cal := sample()
			tc.edit(cal)
			var out bytes.Buffer
			err := Write(&out, cal)
			require.ErrorIs(t, err, cpd.ErrInvalid)
			var v *cpd.ValidationError
			require.True(t, errors.As(err, &v))
			require.Equal(t, tc.field, v.Field)
			require.Zero(t, out.Len(), "nothing written")
		})
	}
}

// FuzzWrite checks that whatever an event says, the calendar written
// reads back: every line at most 75 octets and valid UTF-8, one event
// whose UID, summary and description are the text given (less what TEXT
// cannot hold).
func FuzzWrite(f *testing.F) {
	f.Add("college/t1/activity/a1@cpdkit", "Coaching; part 1, room \\B", "one\r\ntwo")
	f.Add("u", strings.Repeat("研修", 50), strings.Repeat("🎓,", 40))
	f.Add("\x00x", "caf\xe9", "\r")
	f.Fuzz(func(t *testing.T, uid, summary, description string) {
		cal := &Calendar{Stamp: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC),
			Events: []Event{{UID: uid, Start: date.New(2026, 12, 1), Summary: summary, Description: description}}}
		var out bytes.Buffer
		if err := Write(&out, cal); err != nil {
			require.ErrorIs(t, err, cpd.ErrInvalid)
			return
		}
		got := map[string]string{}
		for _, p := range parse(t, out.Bytes()) {
			got[p.Name] = p.Value
		}
		require.Equal(t, plain(uid), unescapeText(t, got["UID"]))
		require.Equal(t, plain(summary), unescapeText(t, got["SUMMARY"]))
		require.Equal(t, plain(description), unescapeText(t, got["DESCRIPTION"]))
	})
}
