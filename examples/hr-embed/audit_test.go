package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// fetch GETs a path as a member of staff and returns the status, the
// content type and the body.
func fetch(t *testing.T, url, staff string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	require.NoError(t, err)
	req.Header.Set(staffHeader, staff)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	var b strings.Builder
	_, err = bufio.NewReader(res.Body).WriteTo(&b)
	require.NoError(t, err)
	return res.StatusCode, res.Header.Get("Content-Type"), b.String()
}

// jsonLines decodes a JSON Lines body.
func jsonLines(t *testing.T, body string) []cpd.AuditEntry {
	t.Helper()
	var out []cpd.AuditEntry
	for line := range strings.Lines(body) {
		var e cpd.AuditEntry
		require.NoError(t, json.Unmarshal([]byte(line), &e), line)
		out = append(out, e)
	}
	return out
}

// TestAuditExport checks the whole trail comes out, every page of it,
// as JSON Lines and as CSV, and that the filters filter.
func TestAuditExport(t *testing.T) {
	a, who := newApp(t)
	srv := httptest.NewServer(a.server.routes())
	defer srv.Close()
	var all int
	for _, err := range a.svc.AuditTrailAll(asStaff(a, who.head), cpd.AuditQuery{}) {
		require.NoError(t, err)
		all++
	}
	require.Greater(t, all, cpd.DefaultLimit, "the seeded trail has more than a page")

	status, ctype, body := fetch(t, srv.URL+"/audit", who.head)
	require.Equal(t, http.StatusOK, status, body)
	require.Equal(t, "application/jsonl; charset=utf-8", ctype)
	entries := jsonLines(t, body)
	require.Len(t, entries, all)
	for i := 1; i < len(entries); i++ {
		require.Less(t, entries[i-1].Seq, entries[i].Seq, "oldest first, none twice")
	}

	status, ctype, body = fetch(t, srv.URL+"/audit?format=csv&person="+who.teacher, who.head)
	require.Equal(t, http.StatusOK, status, body)
	require.Equal(t, "text/csv; charset=utf-8; header=present", ctype)
	require.True(t, strings.HasPrefix(body, "seq,at,actor,action,kind,id,owner,field,before,after\r\n"))
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.Greater(t, len(rows), 1)
	for _, row := range rows[1:] {
		require.Equal(t, who.teacher, row[6], "owner")
	}

	first := entries[0]
	q := url.Values{"kind": {string(first.Kind)}, "id": {first.ID}, "actor": {first.Actor}, "action": {first.Action},
		"from": {first.At.Format("2006-01-02T15:04:05.999999999Z07:00")}, "to": {"2099-01-01"}}
	status, _, body = fetch(t, srv.URL+"/audit?"+q.Encode(), who.head)
	require.Equal(t, http.StatusOK, status, body)
	filtered := jsonLines(t, body)
	require.NotEmpty(t, filtered)
	for _, e := range filtered {
		require.Equal(t, first.Kind, e.Kind)
		require.Equal(t, first.ID, e.ID)
		require.Equal(t, first.Actor, e.Actor)
		require.Equal(t, first.Action, e.Action)
	}

	status, _, body = fetch(t, srv.URL+"/audit?to="+first.At.Format("2006-01-02"), who.head)
	require.Equal(t, http.StatusOK, status, body)
	require.Empty(t, body, "nothing before the day the trail starts")
}

// TestAuditAccess checks who may export what: the roles that read
// everyone the whole trail, anyone else only their own records' events.
func TestAuditAccess(t *testing.T) {
	a, who := newApp(t)
	srv := httptest.NewServer(a.server.routes())
	defer srv.Close()
	tests := []struct {
		name, query, staff string
		status             int
	}{
		{"the head of education reads the whole trail", "", who.head, http.StatusOK},
		{"the head reads anyone's", "?person=" + who.teacher, who.head, http.StatusOK},
		{"a teacher may not read the whole trail", "", who.teacher, http.StatusForbidden},
		{"a teacher reads their own records' events", "?person=" + who.teacher, who.teacher, http.StatusOK},
		{"but not a colleague's", "?person=" + who.stranger, who.teacher, http.StatusForbidden},
		{"a line manager may not read the trail", "?person=" + who.teacher, who.manager, http.StatusForbidden},
		{"no credential", "", "", http.StatusUnauthorized},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, ctype, body := fetch(t, srv.URL+"/audit"+tc.query, tc.staff)
			require.Equal(t, tc.status, status, body)
			if status != http.StatusOK {
				require.Equal(t, "application/json", ctype)
			}
		})
	}
	_, _, body := fetch(t, srv.URL+"/audit?person="+who.teacher, who.teacher)
	for _, e := range jsonLines(t, body) {
		require.Equal(t, who.teacher, e.Owner)
	}
}

func TestAuditBadQuery(t *testing.T) {
	a, who := newApp(t)
	srv := httptest.NewServer(a.server.routes())
	defer srv.Close()
	tests := []struct{ name, query, want string }{
		{"unknown format", "format=xml", "format"},
		{"unknown parameter", "persn=s0001", "persn"},
		{"a parameter twice", "actor=a&actor=b", "actor"},
		{"not a day", "from=2026-13-01", "from"},
		{"not a time", "to=yesterday", "to"},
		{"from after to", "from=2026-11-02&to=2026-11-01", "from"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, ctype, body := fetch(t, srv.URL+"/audit?"+tc.query, who.head)
			require.Equal(t, http.StatusBadRequest, status, body)
			require.Equal(t, "application/json", ctype)
			var got struct{ Error string }
			require.NoError(t, json.Unmarshal([]byte(body), &got))
			require.Contains(t, got.Error, tc.want)
		})
	}
}
