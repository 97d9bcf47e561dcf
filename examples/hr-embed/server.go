package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/adapters/ical"
	"github.com/cpdkit/cpdkit/adapters/report"
	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// server serves one organisation's CPD over HTTP.
type server struct {
	svc  *cpd.Service
	dir  *directory
	org  string
	name string // the organisation's name, for the report
	log  *log.Logger
	// auth says who is calling; challenge is the WWW-Authenticate header
	// of a 401, naming its scheme.
	auth      authenticate
	challenge string
	// maxBody bounds a request's body (see limitBody).
	maxBody int64
	// now is the clock that stamps calendars; nil is the real one.
	now func() time.Time
	// loc is the organisation's time zone, in which a day starts.
	loc *time.Location
}

// routes returns the server's handler:
//
//	GET /compliance/{person}  the person's compliance today, as JSON
//	GET /report               the organisation's HTML report
//	GET /people/{person}/calendar.ics
//	                          the person's booked courses, expiries and
//	                          due dates, as an iCalendar feed to subscribe to
//	GET /audit                the audit trail, filtered, as JSON Lines or CSV
//
// All need a credential (see authenticate) for an active member of
// staff.
func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /compliance/{person}", s.authenticated(s.compliance))
	mux.Handle("GET /report", s.authenticated(s.report))
	mux.Handle("GET /people/{person}/calendar.ics", s.authenticated(s.calendar))
	mux.Handle("GET /audit", s.authenticated(s.audit))
	return limitBody(jsonErrors(mux), s.maxBody)
}

// jsonErrors answers a request mux has no handler for as every other
// error is answered, in JSON (http.ServeMux's own answers are plain
// text): 405 with an Allow header for a path served for other methods,
// 404 for the rest. No credential is needed to learn either: they say
// what the server serves, not what it holds.
func jsonErrors(mux *http.ServeMux) http.Handler {
	// The methods to try a path with, to find those it is served for.
	methods := []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		var allow []string
		for _, m := range methods {
			probe := r.WithContext(r.Context()) // a shallow copy
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "" {
				allow = append(allow, m)
			}
		}
		if len(allow) == 0 {
			writeError(w, http.StatusNotFound, "not found")
			return
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeError(w, http.StatusMethodNotAllowed, "method not allowed: use "+strings.Join(allow, " or "))
	})
}

// authenticated runs h as the member of staff that s.auth finds in the
// request, in the organisation it finds there, once the HR directory knows
// them as active in it: otherwise it answers 401 (400 for an ambiguous
// credential). What they may do is then the Service's to decide, through
// the same directory.
func (s *server) authenticated(h func(http.ResponseWriter, *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		actor, err := s.auth(r)
		switch {
		case errors.Is(err, errAmbiguous):
			writeError(w, http.StatusBadRequest, err.Error())
			return
		case err != nil:
			w.Header().Set("WWW-Authenticate", s.challenge)
			writeError(w, http.StatusUnauthorized, err.Error())
			return
		}
		switch _, err := s.dir.Lookup(r.Context(), actor.Org, actor.Person); {
		case errors.Is(err, cpd.ErrNotFound):
			w.Header().Set("WWW-Authenticate", s.challenge)
			writeError(w, http.StatusUnauthorized, "not an active member of staff")
			return
		case err != nil:
			s.fail(w, r, err)
			return
		}
		h(w, r.WithContext(cpd.WithActor(r.Context(), actor)))
	})
}

// limitBody answers 413 to a request whose body is declared longer than
// limit bytes, and cuts off one that turns out longer as h reads it. The
// server's ReadTimeout bounds how long a slow body may take.
func limitBody(h http.Handler, limit int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			w.Header().Set("Connection", "close")
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body may have at most %d bytes", limit))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		h.ServeHTTP(w, r)
	})
}

// complianceJSON is the compliance endpoint's answer.
type complianceJSON struct {
	Person string            `json:"person"`
	On     date.Date         `json:"on"`
	Items  []compliance.Item `json:"items"`
	// Failing counts the items held against the person (overdue or
	// missing).
	Failing int `json:"failing"`
}

func (s *server) compliance(w http.ResponseWriter, r *http.Request) {
	res, err := s.svc.Compliance.Compliance(r.Context(), r.PathValue("person"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := complianceJSON{Person: res.PersonID, On: res.On, Items: res.Items}
	for _, it := range res.Items {
		if it.Status.Failing() {
			out.Failing++
		}
	}
	body, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(append(body, '\n'))
}

func (s *server) report(w http.ResponseWriter, r *http.Request) {
	d, err := report.Gather(r.Context(), s.svc, &report.GatherOptions{Organisation: s.name})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var page bytes.Buffer
	if err := report.Render(r.Context(), &page, d); err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(page.Bytes())
}

// calendar answers a person's iCalendar feed, to them and to those who
// may read them (the Service decides, as for their compliance).
func (s *server) calendar(w http.ResponseWriter, r *http.Request) {
	person := r.PathValue("person")
	cal, err := ical.Feed(r.Context(), s.svc, person, &ical.Options{Now: s.now, Name: s.name + " CPD: " + person})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var body bytes.Buffer
	if err := ical.Write(&body, cal); err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(body.Bytes())
}

// fail answers with the status a Service error deserves: 403 for a
// refusal (which says nothing about whether the target exists), 404 for
// a target that does not exist (only the roles that read everyone learn
// that), 400 for bad input, 503 with a Retry-After when the database is
// unavailable (sqlstore.ErrUnavailable: it refuses connections), and 500,
// logged but not shown, for the rest.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, cpd.ErrNoActor):
		writeError(w, http.StatusUnauthorized, "not signed in")
	case errors.Is(err, cpd.ErrForbidden):
		writeError(w, http.StatusForbidden, "forbidden")
	case errors.Is(err, cpd.ErrNotFound):
		writeError(w, http.StatusNotFound, "not found")
	case errors.Is(err, cpd.ErrInvalid):
		writeError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, sqlstore.ErrUnavailable):
		s.log.Printf("%s %s: %v", r.Method, r.URL.Path, err)
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusServiceUnavailable, "busy: try again shortly")
	default:
		s.log.Printf("%s %s: %v", r.Method, r.URL.Path, err)
		writeError(w, http.StatusInternalServerError, "internal error")
	}
}

// writeError answers {"error": message} with a status.
func writeError(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	body, _ := json.Marshal(map[string]string{"error": message})
	_, _ = w.Write(append(body, '\n'))
}
