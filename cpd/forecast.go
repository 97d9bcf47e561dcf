package cpd

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/compliance"
)

// ComplianceOn evaluates one person on the given day, for anyone who may
// read them, from their records as they stand now: evidence dated after the
// day is not counted, and evidence recorded since (a certificate entered
// late, a record amended) counts as if it had always been there. It is not
// a reconstruction of what was known on that day; the audit trail
// (Service.AuditTrail) says what was recorded when.
func (s *Compliance) ComplianceOn(ctx context.Context, person string, on date.Date) (compliance.Result, error) {
	return s.complianceOn(ctx, person, on, false)
}

// complianceOn is ComplianceOn, or Compliance for the call's today.
func (s *Compliance) complianceOn(ctx context.Context, person string, on date.Date, today bool) (compliance.Result, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return compliance.Result{}, fmt.Errorf("compliance: %w", err)
	}
	if today {
		on = c.today
	}
	op := "compliance of " + person
	if err := permit(s.canRead(c, person))(op); err != nil {
		return compliance.Result{}, err
	}
	var res compliance.Result
	err = s.view(c, func(tx Tx) error {
		p, err := getPerson(ctx, tx, person)
		if err != nil {
			return err
		}
		res, err = s.evaluate(c, &p, on)
		return err
	})
	if err != nil {
		return compliance.Result{}, hide(op, c, err)
	}
	return res, nil
}

// ForecastQuery says which days a forecast covers: from From (today when
// zero) to To, the inspection date or the end of the next term, both
// included. Team, when set, keeps one team.
type ForecastQuery struct {
	From, To date.Date
	Team     string
}

// Forecast is who will fall out of compliance with what, and when, between
// two days, from the records as they stand and the courses already booked.
type Forecast struct {
	From date.Date `json:"from"`
	To   date.Date `json:"to"`
	// Lapses are the items that are in order on From (or not yet held
	// against the person) and become overdue or missing by To, by day,
	// then team, requirement and person. A lapse's Fix, when it has one,
	// is the planned course that would put it right by To (AtRisk).
	Lapses []Lapse `json:"lapses"`
	// Covered are the items that would lapse but for a booked course that
	// completes in time (Fix names it), in the same order.
	Covered []Lapse `json:"covered"`
	// Outstanding are the items already overdue or missing on From.
	Outstanding []Lapse `json:"outstanding"`
	// ByTeam and ByRequirement count the Lapses, in key order.
	ByTeam        []ForecastCount `json:"by_team"`
	ByRequirement []ForecastCount `json:"by_requirement"`
	// Unreadable are the stored records a person's forecast needed but
	// that do not decode (see ErrUnreadable): the forecast leaves that
	// person out and says so.
	Unreadable []Unreadable `json:"unreadable,omitzero"`
}

// Lapse is one person's item falling (or fallen) out of compliance.
type Lapse struct {
	Person      string `json:"person"`
	Name        string `json:"name"`
	Team        string `json:"team,omitzero"`
	LineManager string `json:"line_manager,omitzero"`
	Requirement string `json:"requirement"`
	// On is the first day it is overdue or missing; Status what it is then.
	On     date.Date         `json:"on"`
	Status compliance.Status `json:"status"`
	// ValidUntil is the last day the evidence it had counted, when it had
	// some.
	ValidUntil date.Date `json:"valid_until,omitzero"`
	// Fix is the course that puts it right, if any.
	Fix *Fix `json:"fix,omitzero"`
}

// Fix is the activity that puts a lapse right: a booked course that
// completes in time (the lapse is then Covered), or one that is AtRisk:
// requested or approved but not booked, or completing only on or after the
// day the item lapses.
type Fix struct {
	Activity string `json:"activity"`
	Title    string `json:"title"`
	State    State  `json:"state"`
	// On is the day the course completes (its end, or its start when it
	// has no end).
	On     date.Date `json:"on"`
	AtRisk bool      `json:"at_risk,omitzero"`
}

// ForecastCount is how many lapses a team or a requirement has.
type ForecastCount struct {
	Key    string `json:"key"`
	Lapses int    `json:"lapses"`
}

// maxForecastDays bounds a forecast's window: a little over two academic
// years, more than any inspection notice or term.
const maxForecastDays = 800

// Forecast says, for a window of days, who will fall out of compliance
// with what and when, by team and requirement, and what would put it
// right: each person is evaluated on every day in the window on which time
// alone could change their result. A course already booked counts as done
// on the day it ends (or starts, without an end), so an item it renews in
// time is Covered rather than a lapse; a course requested or approved but
// not booked is shown as the lapse's at-risk fix. People whose last day
// is before the window's first are left out, and so is a person whose
// records do not decode, listed in Unreadable. The roles that read
// everyone may.
//
// Errors: ErrInvalid for a To before From or a window over 800 days,
// ErrForbidden, ErrNoActor.
func (s *Compliance) Forecast(ctx context.Context, q ForecastQuery) (Forecast, error) {
	const op = "compliance forecast"
	c, err := s.begin(ctx)
	if err != nil {
		return Forecast{}, fmt.Errorf("%s: %w", op, err)
	}
	if !c.readsEveryone() {
		return Forecast{}, deny(op)
	}
	if q.From == 0 {
		q.From = c.today
	}
	switch {
	case q.To == 0 || q.To < q.From:
		return Forecast{}, fmt.Errorf("%s: %w", op, invalid("to", "%s is before from (%s)", q.To, q.From))
	case q.To-q.From > maxForecastDays:
		return Forecast{}, fmt.Errorf("%s: %w", op, invalid("to", "the window from %s to %s is over %d days", q.From, q.To, maxForecastDays))
	}
	f := Forecast{From: q.From, To: q.To, Lapses: []Lapse{}, Covered: []Lapse{}, Outstanding: []Lapse{}}
	err = s.view(c, func(tx Tx) error {
		return each(ctx, tx, KindPerson, Query{Limit: MaxLimit}, func(r Record) error {
			var p Person
			if err := decodeRecord(r, &p); err != nil {
				return skipUnreadable(&f.Unreadable, err)
			}
			if (p.Leaving != 0 && p.Leaving < q.From) || (q.Team != "" && p.Team != q.Team) {
				return nil
			}
			return skipUnreadable(&f.Unreadable, s.forecastPerson(c, &p, q, &f))
		})
	})
	if err != nil {
		return Forecast{}, fmt.Errorf("%s: %w", op, err)
	}
	order := func(a, b Lapse) int {
		return cmp.Or(cmp.Compare(a.On, b.On), cmp.Compare(a.Team, b.Team), cmp.Compare(a.Requirement, b.Requirement),
			cmp.Compare(a.Person, b.Person))
	}
	slices.SortFunc(f.Lapses, order)
	slices.SortFunc(f.Covered, order)
	slices.SortFunc(f.Outstanding, order)
	f.ByTeam = countBy(f.Lapses, func(l Lapse) string { return l.Team })
	f.ByRequirement = countBy(f.Lapses, func(l Lapse) string { return l.Requirement })
	return f, nil
}

// forecastPerson adds one person's lapses to f.
func (s *kernel) forecastPerson(c *work, p *Person, q ForecastQuery, f *Forecast) error {
	done, err := s.evidenceOf(c, nil, p)
	if err != nil {
		return err
	}
	open, err := activitiesOf(c.ctx, c.tx, p.ID, Booked, Approved, Requested)
	if err != nil {
		return err
	}
	withBooked, withAll := slices.Clone(done), slices.Clone(done)
	planned := map[string]Activity{}
	for _, a := range open {
		on := cmp.Or(a.End, a.Start)
		if on == 0 || on > q.To {
			continue // undated, or too late to count in the window
		}
		planned[a.ID] = a
		if withAll, err = plannedEvidence(a, on, withAll); err != nil {
			return err
		}
		if a.State == Booked {
			if withBooked, err = plannedEvidence(a, on, withBooked); err != nil {
				return err
			}
		}
	}
	bare, err := s.lapses(p, done, q)
	if err != nil {
		return err
	}
	booked, err := s.lapses(p, withBooked, q)
	if err != nil {
		return err
	}
	all, err := s.lapses(p, withAll, q)
	if err != nil {
		return err
	}
	for _, l := range bare.outstanding {
		f.Outstanding = append(f.Outstanding, l)
	}
	for req, l := range bare.lapses {
		if _, still := booked.lapses[req]; still {
			continue
		}
		l.Fix = fixFrom(planned, booked.decidedBy[req], l.On)
		f.Covered = append(f.Covered, l)
	}
	for req, l := range booked.lapses {
		l.Fix = fixFrom(planned, all.decidedBy[req], l.On)
		f.Lapses = append(f.Lapses, l)
	}
	return nil
}

// fixFrom names the planned activity that decided an item at the window's
// end, if it was one: at risk when it is not booked yet or completes on
// or after the day the item lapses.
func fixFrom(planned map[string]Activity, id string, lapses date.Date) *Fix {
	a, ok := planned[id]
	if !ok {
		return nil
	}
	on := cmp.Or(a.End, a.Start)
	return &Fix{Activity: a.ID, Title: a.Title, State: a.State, On: on, AtRisk: a.State != Booked || on >= lapses}
}

// plannedEvidence appends the evidence a planned activity will give once
// done on the day, by the same rule as a completed one (it goes through
// the stored form, as evaluate reads it).
func plannedEvidence(a Activity, on date.Date, evs []compliance.Evidence) ([]compliance.Evidence, error) {
	a.Completed = on
	b, err := json.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("encode activity %s: %w", a.ID, err)
	}
	var d doneActivity
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("decode activity %s: %w", a.ID, err)
	}
	return d.evidence(evs), nil
}

// personLapses are one person's items that lapse in a window, by
// requirement, and those already failing on its first day.
type personLapses struct {
	lapses, outstanding map[string]Lapse
	// decidedBy is, per requirement, the evidence ID that decided it on
	// the last day evaluated (the window's last, or the day it lapsed).
	decidedBy map[string]string
}

// lapses walks a person's result through the window, from one day on which
// time alone could change it to the next.
func (s *kernel) lapses(p *Person, evs []compliance.Evidence, q ForecastQuery) (personLapses, error) {
	out := personLapses{lapses: map[string]Lapse{}, outstanding: map[string]Lapse{}, decidedBy: map[string]string{}}
	lapse := func(it compliance.Item, on date.Date, valid date.Date) Lapse {
		return Lapse{Person: p.ID, Name: p.Name, Team: p.Team, LineManager: p.LineManager, Requirement: it.Requirement.ID,
			On: on, Status: it.Status, ValidUntil: valid}
	}
	lastValid := map[string]date.Date{}
	for day, first := q.From, true; day != 0 && day <= q.To; first = false {
		if p.Leaving != 0 && day > p.Leaving {
			break
		}
		res, err := s.eval.Evaluate(p.subject(), evs, day)
		if err != nil {
			return personLapses{}, fmt.Errorf("evaluate %s on %s: %w", p.ID, day, err)
		}
		for _, it := range res.Items {
			id := it.Requirement.ID
			if it.Evidence != nil {
				out.decidedBy[id] = it.Evidence.ID
			}
			if _, seen := out.lapses[id]; seen {
				continue
			}
			if _, seen := out.outstanding[id]; seen {
				continue
			}
			switch {
			case it.Status.Failing() && first:
				out.outstanding[id] = lapse(it, day, it.ValidUntil)
			case it.Status.Failing():
				out.lapses[id] = lapse(it, day, lastValid[id])
			case it.ValidUntil != 0:
				lastValid[id] = it.ValidUntil
			}
		}
		day = s.nextChange(p, res)
	}
	return out, nil
}

// countBy counts lapses by a key, in key order.
func countBy(ls []Lapse, key func(Lapse) string) []ForecastCount {
	n := map[string]int{}
	for _, l := range ls {
		n[key(l)]++
	}
	out := make([]ForecastCount, 0, len(n))
	for k, v := range n {
		out = append(out, ForecastCount{Key: k, Lapses: v})
	}
	slices.SortFunc(out, func(a, b ForecastCount) int { return cmp.Compare(a.Key, b.Key) })
	return out
}
