package cpd

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/cpdkit/cpdkit/internal/enum"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/compliance"
)

// Compliance evaluates one person today from their records, for anyone who
// may read them.
func (s *Compliance) Compliance(ctx context.Context, person string) (compliance.Result, error) {
	return s.ComplianceOn(ctx, person, s.today())
}

// OrgView is an organisation's compliance on one day: a row per person
// (leavers included, and marked, until the end of the academic year they
// left in), a tally per requirement and overall.
type OrgView struct {
	On           date.Date
	Requirements []string
	Rows         []OrgRow
	Columns      []compliance.Tally
	Overall      compliance.Tally
	// Unreadable are the stored records that a person's row needed but
	// that do not decode (see ErrUnreadable): the view leaves that person
	// out and says so.
	Unreadable []Unreadable
}

// OrgRow is one person's row.
type OrgRow struct {
	Status
	// Leaver is set for someone whose last day has passed.
	Leaver bool
}

// OrgCompliance returns the organisation view for today, read from the
// maintained statuses (re-evaluating only the people whose status may have
// changed since it was written). The roles that read everyone may. A
// person whose records do not decode is left out and listed in
// Unreadable.
func (s *Compliance) OrgCompliance(ctx context.Context) (OrgView, error) {
	return s.OrgComplianceOn(ctx, s.today())
}

// OrgComplianceOn is OrgCompliance on another day, past or future, from
// the records as they stand now (see ComplianceOn): the maintained
// statuses serve the days they are still true on, and everyone else is
// re-evaluated for the day. The roles that read everyone may.
func (s *Compliance) OrgComplianceOn(ctx context.Context, on date.Date) (OrgView, error) {
	c, err := s.who(ctx)
	if err != nil {
		return OrgView{}, fmt.Errorf("organisation compliance: %w", err)
	}
	if !c.readsEveryone() {
		return OrgView{}, deny("organisation compliance")
	}
	pol := s.eval.Policy()
	v := OrgView{On: on, Columns: make([]compliance.Tally, len(pol.Requirements))}
	for _, r := range pol.Requirements {
		v.Requirements = append(v.Requirements, r.ID)
	}
	err = s.store.View(ctx, c.Org, func(tx Tx) error {
		return s.eachStatus(ctx, tx, on, func(st Status, err error) error {
			if err != nil {
				return skipUnreadable(&v.Unreadable, err)
			}
			if st.Leaving != 0 && on > compliance.AcademicYearOf(pol.AcademicYearStart, st.Leaving).End-1 {
				return nil // left before this academic year
			}
			v.add(OrgRow{Status: st, Leaver: st.Leaving != 0 && on > st.Leaving})
			return nil
		})
	})
	if err != nil {
		return OrgView{}, fmt.Errorf("organisation compliance: %w", err)
	}
	return v, nil
}

func (v *OrgView) add(row OrgRow) {
	v.Rows = append(v.Rows, row)
	for i, it := range row.Items {
		if i < len(v.Columns) {
			v.Columns[i].Add(it.Status)
		}
		v.Overall.Add(it.Status)
	}
}

// AlertKind says why an alert was raised.
type AlertKind uint8

// The alert kinds.
const (
	// Expiring: still valid, but its last valid day is within the horizon.
	Expiring AlertKind = iota + 1
	// Overdue: expired.
	Overdue
	// Missing: never done, and not waiting on anything.
	Missing
	// LogDue: a submission such as the CPD log is due within the horizon,
	// overdue or missing.
	LogDue
	// Due: not done yet but not held against the person either, and due
	// within the horizon: a starter's induction item before its deadline,
	// or an item whose extension ends.
	Due
)

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
	c, err := s.who(ctx)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	if days < 0 {
		return nil, fmt.Errorf("alerts: %w", invalid("days", "%d is negative", days))
	}
	op := "alerts for " + person
	if err := permit(s.canRead(ctx, c, person))(op); err != nil {
		return nil, err
	}
	var out []Alert
	err = s.store.View(ctx, c.Org, func(tx Tx) error {
		out, err = s.alertsFor(ctx, tx, person, days)
		return err
	})
	if err != nil {
		return nil, hide(op, c, err)
	}
	return out, nil
}

// alertsFor evaluates a person today, for the reasons the alerts give, and
// turns the result into alerts.
func (s *kernel) alertsFor(ctx context.Context, tx Tx, person string, days int) ([]Alert, error) {
	p, err := getPerson(ctx, tx, person)
	if err != nil {
		return nil, err
	}
	res, err := s.evaluate(ctx, tx, &p, s.today())
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
	c, err := s.who(ctx)
	if err != nil {
		return nil, fmt.Errorf("team alerts: %w", err)
	}
	if manager != c.Person && !c.readsEveryone() {
		return nil, deny("team alerts")
	}
	if days < 0 {
		return nil, fmt.Errorf("team alerts: %w", invalid("days", "%d is negative", days))
	}
	on := s.today()
	var out []Alert
	err = s.store.View(ctx, c.Org, func(tx Tx) error {
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
			alerts, err := s.alertsFor(ctx, tx, r.ID, days)
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

// CPDRecord is a person's CPD record: their profile, every activity, and
// hours by academic year.
type CPDRecord struct {
	Person      Person      `json:"person"`
	PenPortrait PenPortrait `json:"pen_portrait"`
	Activities  []Activity  `json:"activities"`
	Hours       []YearHours `json:"hours"`
	// Unreadable are the person's stored activities that do not decode
	// (see ErrUnreadable): the record leaves them out and says so.
	Unreadable []Unreadable `json:"unreadable,omitzero"`
}

// YearHours is the CPD hours completed in one academic year.
type YearHours struct {
	Year  string          `json:"year"`
	Hours decimal.Decimal `json:"hours"`
}

// Record returns a person's CPD record, for anyone who may read them.
func (s *Activities) Record(ctx context.Context, person string) (CPDRecord, error) {
	c, err := s.who(ctx)
	if err != nil {
		return CPDRecord{}, fmt.Errorf("cpd record: %w", err)
	}
	op := "cpd record of " + person
	if err := permit(s.canRead(ctx, c, person))(op); err != nil {
		return CPDRecord{}, err
	}
	var rec CPDRecord
	err = s.store.View(ctx, c.Org, func(tx Tx) error {
		p, err := getPerson(ctx, tx, person)
		if err != nil {
			return err
		}
		acts, _, bad, err := readableActivitiesOf(ctx, tx, person)
		rec = s.recordOf(p, acts)
		rec.Unreadable = bad
		return err
	})
	if err != nil {
		return CPDRecord{}, hide(op, c, err)
	}
	return rec, nil
}

func (s *kernel) recordOf(p Person, acts []Activity) CPDRecord {
	slices.SortStableFunc(acts, func(a, b Activity) int {
		return cmp.Or(cmp.Compare(cmp.Or(a.Completed, a.Start), cmp.Or(b.Completed, b.Start)), cmp.Compare(a.ID, b.ID))
	})
	start := s.eval.Policy().AcademicYearStart
	byYear := map[string]decimal.Decimal{}
	for _, a := range acts {
		if a.State.Done() {
			y := compliance.AcademicYearOf(start, a.Completed).String()
			byYear[y] = byYear[y].Add(a.Hours)
		}
	}
	rec := CPDRecord{Person: p, PenPortrait: p.PenPortrait, Activities: acts}
	for y, h := range byYear {
		rec.Hours = append(rec.Hours, YearHours{Year: y, Hours: h})
	}
	slices.SortFunc(rec.Hours, func(a, b YearHours) int { return cmp.Compare(a.Year, b.Year) })
	return rec
}

// Export is everything cpd holds on one person, for a subject-access request.
type Export struct {
	Person     Person     `json:"person"`
	Activities []Activity `json:"activities"`
	Status     *Status    `json:"status,omitzero"`
	// Records are the person's other records (appraisal reviews, targets,
	// feedback, 1-to-1s, CPD log submissions, reminders sent about them,
	// …), by kind and ID.
	Records []ExportedRecord `json:"records"`
	History []ExportedEvent  `json:"events"`
	// Unreadable are the person's stored records that do not decode (see
	// ErrUnreadable); their data is in Records, as stored.
	Unreadable []Unreadable `json:"unreadable,omitzero"`
}

// ExportedRecord is one of a person's records in a subject-access export,
// with its data as stored.
type ExportedRecord struct {
	Kind Kind            `json:"kind"`
	ID   string          `json:"id"`
	Data json.RawMessage `json:"data"`
}

// ExportedEvent is an audit event in a subject-access export, with the
// record's data before and after as JSON.
type ExportedEvent struct {
	Seq    int64           `json:"seq"`
	At     time.Time       `json:"at"`
	Actor  string          `json:"actor"`
	Action string          `json:"action"`
	Kind   Kind            `json:"kind"`
	ID     string          `json:"id"`
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
}

// SubjectAccess returns everything held on one person as JSON: their
// record, every activity, their status, every other record they own (see
// Export) and every audit event about them. An activity that does not
// decode is exported as stored, among the records, and listed in
// Unreadable.
// The person themself, administrators and the head of education may ask.
func (s *Staff) SubjectAccess(ctx context.Context, person string) ([]byte, error) {
	c, err := s.who(ctx)
	if err != nil {
		return nil, fmt.Errorf("subject access: %w", err)
	}
	op := "subject access for " + person
	if person != c.Person && !c.id.Has(RoleAdministrator, RoleHeadOfEducation) {
		return nil, deny(op)
	}
	var x Export
	err = s.store.View(ctx, c.Org, func(tx Tx) error {
		if x.Person, err = getPerson(ctx, tx, person); err != nil {
			return err
		}
		var raw []Record
		if x.Activities, raw, x.Unreadable, err = readableActivitiesOf(ctx, tx, person); err != nil {
			return err
		}
		switch r, err := tx.Get(ctx, KindStatus, person); {
		case err == nil:
			st, err := s.statusOn(ctx, tx, r, s.today())
			if err != nil {
				return err
			}
			x.Status = &st
		case !errors.Is(err, ErrNotFound):
			return err
		}
		if x.Records, err = ownedRecords(ctx, tx, person); err != nil {
			return err
		}
		for _, r := range raw {
			x.Records = append(x.Records, ExportedRecord{Kind: r.Kind, ID: r.ID, Data: asJSON(r.Data)})
		}
		evs, err := eventsOf(ctx, tx, person)
		for _, e := range evs {
			x.History = append(x.History, ExportedEvent{Seq: e.Seq, At: e.At, Actor: e.Actor, Action: e.Action,
				Kind: e.Kind, ID: e.ID, Before: e.Before, After: e.After})
		}
		return err
	})
	if err != nil {
		return nil, hide(op, c, err)
	}
	return json.MarshalIndent(x, "", "  ")
}

// ownedRecords returns the person's records of every kind but person,
// activity and status, which an Export shows on their own.
func ownedRecords(ctx context.Context, tx Tx, person string) ([]ExportedRecord, error) {
	out := []ExportedRecord{}
	for _, kind := range slices.Concat(AppraisalKinds(), BudgetKinds(), ReminderKinds()) {
		err := each(ctx, tx, kind, Query{Owner: person, Limit: MaxLimit}, func(r Record) error {
			out = append(out, ExportedRecord{Kind: r.Kind, ID: r.ID, Data: r.Data})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func eventsOf(ctx context.Context, tx Tx, person string) ([]Event, error) {
	var out []Event
	q := EventQuery{Owner: person, Limit: MaxLimit}
	for {
		evs, err := tx.Events(ctx, q)
		if err != nil {
			return nil, err
		}
		out = append(out, evs...)
		if len(evs) < PageLimit(q.Limit) {
			return out, nil
		}
		q.After = evs[len(evs)-1].Seq
	}
}
