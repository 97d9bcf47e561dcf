package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCalendar checks the calendar feed is served as iCalendar to the
// person and to those who may read them, and refused like their
// compliance to the rest.
func TestCalendar(t *testing.T) {
	a, who := newApp(t)
	srv := httptest.NewServer(a.server.routes())
	defer srv.Close()
	path := "/people/" + who.teacher + "/calendar.ics"
	tests := []struct {
		name, path, staff string
		status            int
		contentType       string
	}{
		{"own calendar", path, who.teacher, http.StatusOK, "text/calendar; charset=utf-8"},
		{"line manager reads a report's", path, who.manager, http.StatusOK, "text/calendar; charset=utf-8"},
		{"head of education reads anyone's", path, who.head, http.StatusOK, "text/calendar; charset=utf-8"},
		{"colleague may not", path, who.stranger, http.StatusForbidden, "application/json"},
		{"no header", path, "", http.StatusUnauthorized, "application/json"},
		{"unknown person, to the head", "/people/nobody/calendar.ics", who.head, http.StatusNotFound, "application/json"},
		{"unknown person, to a teacher, is only forbidden", "/people/nobody/calendar.ics", who.teacher, http.StatusForbidden, "application/json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest("GET", srv.URL+tc.path, nil)
			require.NoError(t, err)
			if tc.staff != "" {
				req.Header.Set(staffHeader, tc.staff)
			}
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			require.Equal(t, tc.status, res.StatusCode)
			require.Equal(t, tc.contentType, res.Header.Get("Content-Type"))
		})
	}
}

// TestCalendarBody checks what the feed holds: the person's own dates,
// under UIDs that name them, in CRLF lines.
func TestCalendarBody(t *testing.T) {
	a, who := newApp(t)
	srv := httptest.NewServer(a.server.routes())
	defer srv.Close()
	status, body := get(t, srv.URL+"/people/"+who.teacher+"/calendar.ics", who.teacher)
	require.Equal(t, http.StatusOK, status, body)
	require.True(t, strings.HasPrefix(body, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), body)
	require.True(t, strings.HasSuffix(body, "END:VCALENDAR\r\n"))
	require.Contains(t, body, "X-WR-CALNAME:Demo College CPD: "+who.teacher+"\r\n")
	require.Contains(t, body, "DTSTAMP:20261125T120000Z\r\n", "stamped by the app's clock")
	events := strings.Count(body, "BEGIN:VEVENT\r\n")
	require.Positive(t, events, "the seeded teacher has dates to keep")
	require.Equal(t, events, strings.Count(body, "UID:"+orgID+"/"+who.teacher+"/"), "every UID names the organisation and the person")
}
