package cpd

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/internal/enum"
)

// AlertKind says why an alert was raised.
type AlertKind uint8

var alertKindNames = enum.New(enumError, "expiring", "overdue", "missing", "log_due", "due")

// String returns the stable lowercase name used in JSON.
func (k AlertKind) String() string { return alertKindNames.String(uint8(k)) }

// MarshalText writes the stable name.
func (k AlertKind) MarshalText() ([]byte, error) { return alertKindNames.Text(uint8(k), "alert") }

// UnmarshalText reads the stable name.
func (k *AlertKind) UnmarshalText(b []byte) error {
	return alertKindNames.Parse((*uint8)(k), b, "alert")
}

// Alert is one thing a person (or their line manager) must act on.
type Alert struct {
	Person      string            `json:"person"`
	Requirement string            `json:"requirement"`
	Kind        AlertKind         `json:"kind"`
	Status      compliance.Status `json:"status"`
	// Date is the last valid day (expiring) or the due date.
	Date   date.Date `json:"date,omitzero"`
	Reason string    `json:"reason"`
}

// Alerts lists what a person must act on today: items expiring within
// days, overdue and missing items, a CPD log due within days, and items
// not yet held against them that are due within days (a starter's
// induction training before its deadline, an extension ending). A
// negative days is ErrInvalid.
func (s *Compliance) Alerts(ctx context.Context, person string, days int) ([]Alert, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	if days < 0 {
		return nil, fmt.Errorf("alerts: %w", invalid("days", "%d is negative", days))
	}
	op := "alerts for " + person
	if err := permit(s.canRead(c, person))(op); err != nil {
		return nil, err
	}
	var out []Alert
	err = s.view(c, func(tx Tx) error {
		out, err = s.alertsFor(c, person, c.today, days)
		return err
	})
	if err != nil {
		return nil, hide(op, c, err)
	}
	return out, nil
}

// alertsFor evaluates a person on a day (the call's today), for the reasons the alerts give, and
// turns the result into alerts.
func (s *kernel) alertsFor(c *work, person string, on date.Date, days int) ([]Alert, error) {
	p, err := getPerson(c.ctx, c.tx, person)
	if err != nil {
		return nil, err
	}
	res, err := s.evaluate(c, &p, on)
	if err != nil {
		return nil, fmt.Errorf("evaluate %s: %w", person, err)
	}
	return alertsOf(&res, days), nil
}

// TeamAlerts lists the alerts of everyone whose line manager is manager,
// by both their HR record and the Directory (the manager themself, or the
// roles that read everyone, may ask), leaving out those who have left. A
// negative days is ErrInvalid.
func (s *Compliance) TeamAlerts(ctx context.Context, manager string, days int) ([]Alert, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("team alerts: %w", err)
	}
	if manager != c.Person && !c.readsEveryone() {
		return nil, deny("team alerts")
	}
	if days < 0 {
		return nil, fmt.Errorf("team alerts: %w", invalid("days", "%d is negative", days))
	}
	on := c.today
	var out []Alert
	err = s.view(c, func(tx Tx) error {
		return each(ctx, tx, KindStatus, Query{Limit: MaxLimit}, func(r Record) error {
			var head struct {
				LineManager string    `json:"line_manager"`
				Leaving     date.Date `json:"leaving"`
			}
			if err := json.Unmarshal(r.Data, &head); err != nil {
				return fmt.Errorf("decode status %s: %w", r.ID, err)
			}
			if head.LineManager != manager || (head.Leaving != 0 && head.Leaving < on) {
				return nil
			}
			switch id, ok, err := s.colleague(ctx, c.Org, r.ID); {
			case err != nil:
				return err
			case !ok || id.LineManager != manager:
				return nil // the directory, not the HR record, decides who manages whom
			}
			alerts, err := s.alertsFor(c, r.ID, c.today, days)
			out = append(out, alerts...)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("team alerts for %s: %w", manager, err)
	}
	return out, nil
}

// alertsOf turns a person's result into alerts, soonest first. An item is
// due "within days" when its day is before On + days: a last valid day
// (ValidUntil) before it means the evidence stops counting within days.
func alertsOf(res *compliance.Result, days int) []Alert {
	horizon := res.On + date.Date(days)
	var out []Alert
	for _, it := range res.Items {
		req := it.Requirement
		a := Alert{Person: res.PersonID, Requirement: req.ID, Status: it.Status, Reason: it.Reason()}
		// A submission is due by the day its last one stops counting, or
		// by DueBy when it is late or never made: never "expiring".
		logDue := cmp.Or(it.DueBy, it.ValidUntil)
		switch {
		case req.Kind == compliance.Submission:
			if !it.Status.Failing() && (logDue == 0 || logDue >= horizon) {
				continue
			}
			a.Kind, a.Date = LogDue, logDue
		case it.Status == compliance.Overdue:
			a.Kind, a.Date = Overdue, it.DueBy
		case it.Status == compliance.Missing:
			a.Kind, a.Date = Missing, it.DueBy
		case it.Status.OK() && it.ValidUntil != 0 && it.ValidUntil < horizon && req.Kind != compliance.MinimumHours:
			a.Kind, a.Date = Expiring, it.ValidUntil
		case it.Status == compliance.Pending && it.DueBy != 0 && it.DueBy < horizon && req.Kind != compliance.MinimumHours:
			a.Kind, a.Date = Due, it.DueBy
		default:
			continue
		}
		out = append(out, a)
	}
	slices.SortStableFunc(out, func(a, b Alert) int { return cmp.Compare(a.Date, b.Date) })
	return out
}
