package cpd

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/cpdkit/cpdkit/internal/enum"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"

	"github.com/cpdkit/cpdkit/compliance"
)

// KindReminder is a reminder recorded as sent: its ID is worked out from
// the person, requirement, rule and occurrence (see Reminder.ID), so that
// recording it twice is a conflict, not a second record. Its Owner is the
// person the reminder is about and its State the rule's ID.
const KindReminder Kind = "reminder"

// ReminderKinds are the kinds the reminder use cases store.
func ReminderKinds() []Kind { return []Kind{KindReminder} }

// ReminderTrigger says which day a reminder rule counts from.
type ReminderTrigger uint8

// The reminder triggers.
const (
	// OnExpiry counts from the day an item's evidence lapses: the first day
	// it no longer counts (the day after the last valid day). Items without
	// an expiry, and minimum-hours rules, have none.
	OnExpiry ReminderTrigger = iota + 1
	// OnInduction counts from a starter's induction deadline, for an item
	// still pending: the day after the last day to do it.
	OnInduction
)

var reminderTriggerNames = enum.New(enumError, "expiry", "induction")

// String returns the stable lowercase name used in JSON.
func (t ReminderTrigger) String() string { return reminderTriggerNames.String(uint8(t)) }

// MarshalText writes the stable name.
func (t ReminderTrigger) MarshalText() ([]byte, error) {
	return reminderTriggerNames.Text(uint8(t), "reminder trigger")
}

// UnmarshalText reads the stable name.
func (t *ReminderTrigger) UnmarshalText(b []byte) error {
	return reminderTriggerNames.Parse((*uint8)(t), b, "reminder trigger")
}

// Recipient says who a reminder goes to.
type Recipient uint8

// The recipients.
const (
	// ToPerson sends the reminder to the person it is about.
	ToPerson Recipient = iota + 1
	// ToLineManager sends it to their line manager, by the Directory; a
	// person the Directory gives no line manager gets none.
	ToLineManager
)

var recipientNames = enum.New(enumError, "person", "line_manager")

// String returns the stable lowercase name used in JSON.
func (r Recipient) String() string { return recipientNames.String(uint8(r)) }

// MarshalText writes the stable name.
func (r Recipient) MarshalText() ([]byte, error) {
	return recipientNames.Text(uint8(r), "recipient")
}

// UnmarshalText reads the stable name.
func (r *Recipient) UnmarshalText(b []byte) error {
	return recipientNames.Parse((*uint8)(r), b, "recipient")
}

// ReminderRule is one rule of when to remind whom, policy data set in
// Options.Reminders (and read from JSON with these field names), for
// example:
//
//	{"id": "expiry-30", "when": "expiry", "before": "P30D", "to": "person"}
//	{"id": "lapsed", "when": "expiry", "to": "line_manager", "every": "P7D"}
//	{"id": "induction-half", "when": "induction", "halfway": true, "to": "line_manager"}
//
// Each rule stands alone: a person whose first reminder run falls inside
// the windows of two rules gets both.
type ReminderRule struct {
	// ID names the rule; it is part of each reminder's identity, so
	// renaming a rule sends its reminders again.
	ID string `json:"id"`
	// When is the day the rule counts from.
	When ReminderTrigger `json:"when"`
	// Before is how long before that day the reminder falls due (P30D);
	// zero means on the day. A reminder missed on its day (no run that
	// day) is still due until the day it counts from.
	Before period.Period `json:"before,omitzero"`
	// Halfway (OnInduction only, with Before zero) makes the reminder fall
	// due halfway from the starter's first day to the deadline.
	Halfway bool `json:"halfway,omitzero"`
	// To is who receives it.
	To Recipient `json:"to"`
	// Every (OnExpiry only, with Before zero) repeats the reminder while
	// the evidence stays lapsed: on the day it lapses, then every period
	// (P7D for weekly). A run sends only the latest occurrence due.
	Every period.Period `json:"every,omitzero"`
	// Requirements, when set, limits the rule to these requirement IDs.
	Requirements []string `json:"requirements,omitzero"`
}

// Reminder is one reminder due: what it is about, who receives it, and
// (once recorded) when it was sent and by whom.
type Reminder struct {
	// ID is deterministic from Person, Requirement, Rule, Date and Due:
	// the same reminder has the same ID in every run.
	ID          string          `json:"id"`
	Rule        string          `json:"rule"`
	Person      string          `json:"person"`
	Requirement string          `json:"requirement"`
	Trigger     ReminderTrigger `json:"trigger"`
	Recipient   Recipient       `json:"recipient"`
	// To is the person who receives it: Person, or their line manager.
	To     string            `json:"to"`
	Status compliance.Status `json:"status"`
	// Date is the item's last valid day (OnExpiry) or last day to do it
	// (OnInduction), as an Alert's.
	Date date.Date `json:"date"`
	// Due is the day this reminder fell due (for a repeating rule, this
	// occurrence's).
	Due date.Date `json:"due"`
	// SentAt and SentBy are set once it is recorded as sent.
	SentAt time.Time `json:"sent_at,omitzero"`
	SentBy string    `json:"sent_by,omitzero"`
}

// maxRuleIDLen bounds a reminder rule's ID.
const maxRuleIDLen = 64

// checkReminderRules validates the rules against the policy's requirements.
func checkReminderRules(rules []ReminderRule, reqs []compliance.Requirement) error {
	seen := map[string]bool{}
	for i := range rules {
		r := &rules[i]
		field := func(name string) string { return fmt.Sprintf("reminders[%d].%s", i, name) }
		switch {
		case r.ID == "" || len(r.ID) > maxRuleIDLen:
			return invalid(field("id"), "must be 1 to %d bytes", maxRuleIDLen)
		case seen[r.ID]:
			return invalid(field("id"), "%q is used twice", r.ID)
		case r.When != OnExpiry && r.When != OnInduction:
			return invalid(field("when"), "must be expiry or induction")
		case r.To != ToPerson && r.To != ToLineManager:
			return invalid(field("to"), "must be person or line_manager")
		case compliance.PeriodProblem(r.Before) != "":
			return invalid(field("before"), "%s", compliance.PeriodProblem(r.Before))
		case compliance.PeriodProblem(r.Every) != "":
			return invalid(field("every"), "%s", compliance.PeriodProblem(r.Every))
		case r.Halfway && (r.When != OnInduction || !r.Before.IsZero()):
			return invalid(field("halfway"), "is for induction rules without before")
		case !r.Every.IsZero() && (r.When != OnExpiry || !r.Before.IsZero()):
			return invalid(field("every"), "is for expiry rules without before")
		}
		for _, id := range r.Requirements {
			if !slices.ContainsFunc(reqs, func(q compliance.Requirement) bool { return q.ID == id }) {
				return invalid(field("requirements"), "%q is not a requirement of the policy", id)
			}
		}
		seen[r.ID] = true
	}
	return nil
}

// reminderID is a reminder's identity: a hash, so that it has a fixed
// length however long the names in it are.
func reminderID(r *Reminder) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%s\x00%d\x00%d", r.Person, r.Requirement, r.Rule, r.Date, r.Due))
	return hex.EncodeToString(sum[:16])
}

// Reminders returns the reminders due today that have not been recorded
// as sent, soonest first, for everyone who has not left: each rule of
// Options.Reminders applied to each person's status. A reminder to a line
// manager goes to the one the Directory names, and a person it gives none
// gets no such reminder. The roles that read everyone may ask. A person
// whose records do not decode fails the call with ErrUnreadable naming
// the record, rather than leaving their reminders unsent unnoticed.
func (s *Compliance) Reminders(ctx context.Context) ([]Reminder, error) {
	const op = "reminders"
	c, err := s.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if !c.readsEveryone() {
		return nil, deny(op)
	}
	on := c.today
	var out []Reminder
	err = s.view(c, func(tx Tx) error {
		return each(ctx, tx, KindStatus, Query{Limit: MaxLimit}, func(r Record) error {
			due, err := s.remindersOf(c, c.Org, r, on)
			if err != nil {
				return err
			}
			for _, rem := range due {
				switch _, err := tx.Get(ctx, KindReminder, rem.ID); {
				case errors.Is(err, ErrNotFound):
					out = append(out, rem)
				case err != nil:
					return err
				}
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	slices.SortStableFunc(out, func(a, b Reminder) int {
		return cmp.Or(cmp.Compare(a.Due, b.Due), cmp.Compare(a.Person, b.Person), cmp.Compare(a.Requirement, b.Requirement), cmp.Compare(a.Rule, b.Rule))
	})
	return out, nil
}

// remindersOf applies the rules to one person's status record on a day,
// whether or not each reminder was sent. A leaver gets none.
func (s *kernel) remindersOf(c *work, org string, r Record, on date.Date) ([]Reminder, error) {
	if len(s.reminders) == 0 {
		return nil, nil
	}
	st, err := s.statusOn(c, r, on)
	if err != nil {
		return nil, err
	}
	if st.Leaving != 0 && st.Leaving < on {
		return nil, nil
	}
	w := reminderWork{s: s, ctx: c.ctx, tx: c.tx, org: org, st: &st, on: on}
	var out []Reminder
	for i := range s.reminders {
		rule := &s.reminders[i]
		for j, it := range st.Items {
			if j >= len(s.reqs) || s.reqs[j].ID != it.Requirement ||
				(len(rule.Requirements) > 0 && !slices.Contains(rule.Requirements, it.Requirement)) {
				continue
			}
			rem, ok, err := w.apply(rule, &s.reqs[j], it)
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, rem)
			}
		}
	}
	return out, nil
}

// reminderWork is one person's reminders being worked out; it looks up
// their start and line manager only if a rule needs them.
type reminderWork struct {
	s   *kernel
	ctx context.Context
	tx  Tx
	org string
	st  *Status
	on  date.Date

	start   date.Date
	manager *string
}

// apply applies one rule to one item, and says whether it gives a reminder
// due today.
func (w *reminderWork) apply(rule *ReminderRule, req *compliance.Requirement, it StatusItem) (Reminder, bool, error) {
	rem := Reminder{Rule: rule.ID, Person: w.st.Person, Requirement: it.Requirement, Trigger: rule.When,
		Recipient: rule.To, Status: it.Status}
	var ok bool
	var err error
	switch rule.When {
	case OnExpiry:
		rem.Date, rem.Due, ok = expiryDue(rule, req, it, w.on)
	case OnInduction:
		rem.Date, rem.Due, ok, err = w.inductionDue(rule, req, it)
	}
	if !ok || err != nil {
		return Reminder{}, false, err
	}
	if rem.To, err = w.recipient(rule.To); err != nil || rem.To == "" {
		return Reminder{}, false, err
	}
	rem.ID = reminderID(&rem)
	return rem, true, nil
}

// expiryDue works out an OnExpiry rule's reminder for an item: the item's
// last valid day and the day the reminder fell due, if it is due on day on.
func expiryDue(rule *ReminderRule, req *compliance.Requirement, it StatusItem, on date.Date) (last, due date.Date, ok bool) {
	if it.ValidUntil == 0 || req.Kind == compliance.MinimumHours || it.Status == compliance.Exempt || it.Status == compliance.NotApplicable {
		return 0, 0, false
	}
	lapse := it.ValidUntil + 1
	switch {
	case !rule.Before.IsZero():
		due = compliance.AddClamped(lapse, rule.Before.Negate())
		return it.ValidUntil, due, due <= on && on < lapse
	case on < lapse:
		return 0, 0, false
	case rule.Every.IsZero():
		return it.ValidUntil, lapse, true
	}
	return it.ValidUntil, latestOccurrence(lapse, rule.Every, on), true
}

// latestOccurrence returns the last of first, first+every, first+2·every,
// … that is not after on (first ≤ on).
func latestOccurrence(first date.Date, every period.Period, on date.Date) date.Date {
	if every.Years() == 0 && every.Months() == 0 {
		n := date.Date(every.DaysIncWeeks())
		return first + (on-first)/n*n
	}
	occ := first
	for {
		next := compliance.AddClamped(occ, every)
		if next > on || next <= occ {
			return occ
		}
		occ = next
	}
}

// inductionDue works out an OnInduction rule's reminder for an item: its
// deadline and the day the reminder fell due, if it is due today. Only a
// starter's item pending to its induction deadline counts, not one
// pending to an extension's end (which the alerts announce).
func (w *reminderWork) inductionDue(rule *ReminderRule, req *compliance.Requirement, it StatusItem) (last, due date.Date, ok bool, err error) {
	if it.Status != compliance.Pending || it.DueBy == 0 || req.InductionDeadline.IsZero() {
		return 0, 0, false, nil
	}
	if w.start == 0 {
		p, err := getPerson(w.ctx, w.tx, w.st.Person)
		if err != nil {
			return 0, 0, false, err
		}
		w.start = p.Start
	}
	deadline := compliance.AddClamped(w.start, req.InductionDeadline) // the first day late
	if it.DueBy != deadline-1 {
		return 0, 0, false, nil
	}
	if rule.Halfway {
		due = w.start + (deadline-w.start)/2
	} else {
		due = compliance.AddClamped(deadline, rule.Before.Negate())
	}
	return it.DueBy, due, due <= w.on && w.on < deadline, nil
}

// recipient returns who receives a reminder: the person, or their line
// manager by the Directory ("" if it names none or does not know them).
func (w *reminderWork) recipient(to Recipient) (string, error) {
	if to == ToPerson {
		return w.st.Person, nil
	}
	if w.manager == nil {
		id, _, err := w.s.colleague(w.ctx, w.org, w.st.Person)
		if err != nil {
			return "", err
		}
		w.manager = &id.LineManager
	}
	return *w.manager, nil
}

// RecordSent records a reminder that Reminders returned as sent, today,
// by the actor. It reports whether this call recorded it: false, with no
// error, when it was recorded already (by another run, say), so two runs
// racing record each reminder once and only the one that recorded it
// should deliver it. A reminder not due today (its item renewed since, or
// one Reminders did not return) is ErrInvalid. The roles that read
// everyone but only read (auditors) may.
func (s *Compliance) RecordSent(ctx context.Context, r Reminder) (bool, error) {
	const op = "record reminder sent"
	c, err := s.begin(ctx)
	if err != nil {
		return false, fmt.Errorf("%s: %w", op, err)
	}
	if !c.readsEveryone() || c.readOnly() {
		return false, deny(op)
	}
	_, recorded, err := s.recordSent(c, r)
	if err != nil {
		return false, fmt.Errorf("%s %s: %w", op, r.ID, err)
	}
	return recorded, nil
}

// recordSent creates the reminder's record unless it exists; it returns
// the reminder as recorded and whether this call created it. A conflict
// that leaves the record absent (a store that could not serialise two
// runs) is tried again, up to conflictTries times in all.
func (s *kernel) recordSent(c *work, r Reminder) (Reminder, bool, error) {
	for try := 1; ; try++ {
		rec, err := s.createSent(c, r)
		switch {
		case errors.Is(err, errAlreadySent):
			return Reminder{}, false, nil
		case errors.Is(err, ErrConflict) && try < conflictTries:
			continue // the next try finds the record if another run made it
		case err != nil:
			return Reminder{}, false, err
		}
		return rec, true, nil
	}
}

// conflictTries bounds how often recordSent tries after conflicts.
const conflictTries = 3

// createSent creates the reminder's record in one transaction, or fails
// with errAlreadySent if it exists.
func (s *kernel) createSent(c *work, r Reminder) (Reminder, error) {
	var rec Reminder
	err := s.update(c, func(tx Tx) error {
		switch _, err := tx.Get(c.ctx, KindReminder, r.ID); {
		case err == nil:
			return errAlreadySent
		case !errors.Is(err, ErrNotFound):
			return err
		}
		st, err := tx.Get(c.ctx, KindStatus, r.Person)
		if errors.Is(err, ErrNotFound) {
			return invalid("reminder", "%s is not due today", r.ID)
		} else if err != nil {
			return err
		}
		due, err := s.remindersOf(c, c.Org, st, c.today)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(due, func(d Reminder) bool { return d.ID == r.ID })
		if i < 0 {
			return invalid("reminder", "%s is not due today", r.ID)
		}
		rec = due[i]
		rec.SentAt, rec.SentBy = c.now.UTC(), c.Person
		_, err = reminderRecords.put(c.ctx, tx, &rec, 0, c.change("record reminder sent"))
		return err
	})
	return rec, err
}

// errAlreadySent ends recordSent's transaction, writing nothing, when the
// reminder is recorded already.
var errAlreadySent = errors.New("reminder already recorded as sent")

// SendReminders delivers the reminders due today through n, each once:
// for each reminder Reminders returns, it records it as sent (RecordSent)
// and, only if this run recorded it, hands it to n. A reminder another
// run recorded first is left to that run. If n fails, the record is
// withdrawn (so that the next run sends it again) and SendReminders stops
// with the error; a process that dies between recording and delivering
// loses that one reminder. It returns the reminders it delivered, as
// recorded. Whoever may call RecordSent may call it; a nil n is
// ErrInvalid.
func (s *Compliance) SendReminders(ctx context.Context, n Notifier) ([]Reminder, error) {
	const op = "send reminders"
	c, err := s.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	switch {
	case !c.readsEveryone() || c.readOnly():
		return nil, deny(op)
	case n == nil:
		return nil, fmt.Errorf("%s: %w", op, invalid("notifier", "is required"))
	}
	due, err := s.Reminders(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	var out []Reminder
	for _, r := range due {
		rec, recorded, err := s.recordSent(c, r)
		switch {
		case err != nil:
			return out, fmt.Errorf("%s: record %s: %w", op, r.ID, err)
		case !recorded:
			continue
		}
		if err := n.Notify(ctx, rec); err != nil {
			err = fmt.Errorf("%s: notify %s of %s: %w", op, rec.To, rec.ID, err)
			if uerr := s.unrecord(c, rec.ID); uerr != nil {
				err = errors.Join(err, fmt.Errorf("withdraw record of %s: %w", rec.ID, uerr))
			}
			return out, err
		}
		out = append(out, rec)
	}
	return out, nil
}

// unrecord withdraws the record of a reminder that could not be delivered,
// with a context of its own so that a cancelled run still withdraws it.
func (s *kernel) unrecord(c *work, id string) error {
	own := *c
	var cancel context.CancelFunc
	own.ctx, cancel = context.WithTimeout(context.WithoutCancel(c.ctx), 30*time.Second)
	defer cancel()
	return s.update(&own, func(tx Tx) error {
		r, err := tx.Get(own.ctx, KindReminder, id)
		if err != nil {
			return err
		}
		return tx.Delete(own.ctx, KindReminder, id, r.Version, own.change("withdraw reminder not delivered"))
	})
}
