package main

import (
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/cpdkit/cpdkit/cpd"
)

// auditParams returns the query parameters GET /audit reads; any other
// is a 400, so that a misspelt filter does not silently export
// everything.
func auditParams() []string {
	return []string{"person", "kind", "id", "actor", "action", "from", "to", "format"}
}

// auditFormat returns an export format's media type and file name, by
// the format parameter, or false for a format there is not.
func auditFormat(format string) (contentType, file string, ok bool) {
	switch format {
	case "jsonl":
		return "application/jsonl; charset=utf-8", "audit.jsonl", true
	case "csv":
		return "text/csv; charset=utf-8; header=present", "audit.csv", true
	}
	return "", "", false
}

// audit answers the audit trail, filtered by the query (see
// auditQuery), as JSON Lines or CSV, to the roles that read everyone and
// to anyone asking for the events about their own records (person=self):
// the Service decides. The first page is read before anything is sent,
// so that a refusal or a bad filter is an error answer; the rest is
// streamed, and an error after the first page aborts the answer (the
// client sees a broken transfer, not a short file that looks complete).
func (s *server) audit(w http.ResponseWriter, r *http.Request) {
	q, format, err := auditQuery(r.URL.Query(), s.loc)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	first, err := s.svc.AuditTrail(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	contentType, file, _ := auditFormat(format)
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+file+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	entries := s.auditEntries(r, q, first)
	if format == "csv" {
		err = cpd.WriteAuditCSV(w, entries)
	} else {
		err = cpd.WriteAuditJSONLines(w, entries)
	}
	if err != nil {
		s.log.Printf("%s %s: %v", r.Method, r.URL.Path, err)
		panic(http.ErrAbortHandler)
	}
}

// auditEntries yields the first page's entries, then the rest of the
// trail from where it ended.
func (s *server) auditEntries(r *http.Request, q cpd.AuditQuery, first cpd.AuditPage) iter.Seq2[cpd.AuditEntry, error] {
	return func(yield func(cpd.AuditEntry, error) bool) {
		for _, e := range first.Entries {
			if !yield(e, nil) {
				return
			}
		}
		if first.Next == 0 {
			return
		}
		q.After = first.Next
		for e, err := range s.svc.AuditTrailAll(r.Context(), q) {
			if !yield(e, err) {
				return
			}
		}
	}
}

// auditQuery reads GET /audit's query: person, kind, id, actor and
// action filter by equality; from and to bound the time (from
// inclusive, to exclusive), each an RFC 3339 time or a day (YYYY-MM-DD,
// from its start in loc); format is jsonl (the default) or csv. Each
// may be given once.
func auditQuery(v url.Values, loc *time.Location) (cpd.AuditQuery, string, error) {
	params := auditParams()
	for name, values := range v {
		switch {
		case !slices.Contains(params, name):
			return cpd.AuditQuery{}, "", fmt.Errorf("unknown parameter %q: use %s", name, strings.Join(params, ", "))
		case len(values) > 1:
			return cpd.AuditQuery{}, "", fmt.Errorf("parameter %q is given %d times", name, len(values))
		}
	}
	q := cpd.AuditQuery{Person: v.Get("person"), Kind: cpd.Kind(v.Get("kind")), ID: v.Get("id"),
		Actor: v.Get("actor"), Action: v.Get("action")}
	var err error
	if q.From, err = auditTime(v, "from", loc); err != nil {
		return cpd.AuditQuery{}, "", err
	}
	if q.To, err = auditTime(v, "to", loc); err != nil {
		return cpd.AuditQuery{}, "", err
	}
	format := v.Get("format")
	if format == "" {
		format = "jsonl"
	}
	if _, _, ok := auditFormat(format); !ok {
		return cpd.AuditQuery{}, "", fmt.Errorf("format %q: use jsonl or csv", format)
	}
	return q, format, nil
}

// auditTime reads a time parameter: RFC 3339, or a day from its start
// in loc; absent is the zero time (no bound).
func auditTime(v url.Values, name string, loc *time.Location) (time.Time, error) {
	s := v.Get(name)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q: use a day (2026-11-25) or an RFC 3339 time (2026-11-25T09:00:00Z)", name, s)
	}
	return t, nil
}
