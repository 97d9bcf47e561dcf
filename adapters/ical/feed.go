package ical

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/cpdkit/cpdkit/cpd"
)

// DefaultDays is how far ahead Feed looks for expiries and due dates
// when Options.Days is 0: a little over a year, so that every yearly
// renewal is in the feed.
const DefaultDays = 400

// Options tune Feed. A nil *Options means the defaults.
type Options struct {
	// Now is the clock that stamps the feed (DTSTAMP); nil is time.Now.
	Now func() time.Time
	// Days is how far ahead, from the Service's today, expiries and due
	// dates are included; 0 is DefaultDays. What is already overdue is
	// always included, on the day it fell due.
	Days int
	// Name names the calendar; "" is "CPD: " and the person's ID.
	Name string
}

// Feed gathers a person's calendar through the Service, as the actor in
// ctx: the activities booked for them (over their booked days), the last
// valid day of each piece of evidence that expires within the horizon,
// and the day each requirement not yet met (training, a qualification,
// the CPD log) falls due, as the Service's Compliance.Alerts give them. Events are
// ordered by day, then UID.
//
// UIDs are stable: "activity/ID" for a booking, "REQUIREMENT/expires"
// and "REQUIREMENT/due" for a requirement, each prefixed by the
// organisation and the person, with every part percent-encoded, and
// suffixed "@cpdkit".
//
// Errors are the Service's: cpd.ErrNoActor, cpd.ErrForbidden (the actor
// may not read the person), cpd.ErrNotFound, and cpd.ErrInvalid for a
// negative Days.
func Feed(ctx context.Context, svc *cpd.Service, person string, opts *Options) (*Calendar, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Days == 0 {
		o.Days = DefaultDays
	}
	actor, ok := cpd.ActorFrom(ctx)
	if !ok {
		return nil, fmt.Errorf("calendar of %s: %w", person, cpd.ErrNoActor)
	}
	acts, err := svc.Activities.Activities(ctx, person)
	if err != nil {
		return nil, fmt.Errorf("calendar of %s: %w", person, err)
	}
	alerts, err := svc.Compliance.Alerts(ctx, person, o.Days)
	if err != nil {
		return nil, fmt.Errorf("calendar of %s: %w", person, err)
	}
	names := map[string]string{}
	for _, r := range svc.Evaluator().Policy().Requirements {
		names[r.ID] = cmp.Or(r.Name, r.ID)
	}
	uid := func(parts ...string) string { return uidOf(actor.Org, person, parts...) }
	cal := &Calendar{Name: cmp.Or(o.Name, "CPD: "+person), Stamp: o.Now()}
	for _, a := range acts {
		if e, ok := bookingEvent(&a, uid); ok {
			cal.Events = append(cal.Events, e)
		}
	}
	for _, a := range alerts {
		if e, ok := alertEvent(&a, names[a.Requirement], uid); ok {
			cal.Events = append(cal.Events, e)
		}
	}
	slices.SortFunc(cal.Events, func(a, b Event) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), strings.Compare(a.UID, b.UID))
	})
	return cal, nil
}

// uidOf is an event's UID: the organisation, the person and what the
// event is about, each percent-encoded so that no two differ only in
// where one part ends.
func uidOf(org, person string, what ...string) string {
	parts := append([]string{org, person}, what...)
	for i, p := range parts {
		parts[i] = url.QueryEscape(p)
	}
	return strings.Join(parts, "/") + "@cpdkit"
}

// bookingEvent is a booked activity's event, over its booked days; an
// activity in another state, or without a start, has none.
func bookingEvent(a *cpd.Activity, uid func(...string) string) (Event, bool) {
	if a.State != cpd.Booked || a.Start == 0 {
		return Event{}, false
	}
	desc := fmt.Sprintf("Booked %s, %s hours.", a.Kind, a.Hours)
	if a.Provider != "" {
		desc += " Provider: " + a.Provider + "."
	}
	e := Event{UID: uid("activity", a.ID), Start: a.Start, Summary: a.Title, Description: desc}
	if a.End > a.Start {
		e.End = a.End
	}
	return e, true
}

// alertEvent is an alert's event: the last valid day of what expires, or
// the day something falls due (or fell due, when it is overdue). An
// alert without a day has none.
func alertEvent(a *cpd.Alert, name string, uid func(...string) string) (Event, bool) {
	if a.Date == 0 {
		return Event{}, false
	}
	e := Event{Start: a.Date, Description: a.Reason}
	switch {
	case a.Kind == cpd.Expiring:
		e.UID, e.Summary = uid(a.Requirement, "expires"), name+": last valid day"
	case a.Status.Failing(): // overdue or missing, a CPD log among them
		e.UID, e.Summary = uid(a.Requirement, "due"), name+": overdue"
	default:
		e.UID, e.Summary = uid(a.Requirement, "due"), name+": due"
	}
	return e, true
}
