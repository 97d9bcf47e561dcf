package compliance

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
)

// Result is where one person stands against every requirement of a policy
// on one day.
type Result struct {
	PersonID string
	// On is the day evaluated.
	On date.Date
	// Items has one entry per requirement, in the policy's order.
	Items []Item
	// Ignored is the evidence dated after On, which was not counted.
	Ignored []Evidence
}

// Item returns the item for the requirement with the given ID, or false.
func (r *Result) Item(id string) (Item, bool) {
	for _, it := range r.Items {
		if it.Requirement.ID == id {
			return it, true
		}
	}
	return Item{}, false
}

// Item is where a person stands against one requirement, and why.
type Item struct {
	// Requirement is the rule evaluated (shared with the Evaluator: do not modify).
	Requirement *Requirement
	Status      Status
	// ValidUntil is the last day the deciding evidence counts; zero when
	// there is none or it never expires. For hours it is the year's last day.
	ValidUntil date.Date
	// DueBy is the last day to act before the item is held against the
	// person (or, when Overdue or Missing, the day that passed); zero when
	// nothing is due.
	DueBy date.Date
	// Evidence is the record that decided the item, or nil.
	Evidence *Evidence
	// HoursDone and HoursRequired are set for MinimumHours requirements.
	HoursDone, HoursRequired decimal.Decimal
	// Extension, Exemption and Plan are set when one shaped the result.
	Extension *Extension
	Exemption *Exemption
	Plan      *Plan
	// FutureIgnored reports that evidence for this requirement dated after
	// the evaluation day was ignored.
	FutureIgnored bool

	on   date.Date
	why  why
	year AcademicYear
	left date.Date
}

// item materialises a cell for a person. The extension, exemption and plan
// shown are the ones the rules consulted: the person's latest for the
// requirement.
func (e *Evaluator) item(i int, c cell, p *Person, evs []Evidence, hours []int64, on date.Date) Item {
	id := e.policy.Requirements[i].ID
	it := Item{
		Requirement: &e.policy.Requirements[i], Status: c.why.status(), ValidUntil: date.Date(c.validUntil),
		FutureIgnored: c.why&futureBit != 0, on: on, why: c.why.reason(),
	}
	if c.evidence >= 0 {
		it.Evidence = &evs[c.evidence]
	}
	if it.why == whyLeft {
		it.left = p.Leaving
	}
	switch it.Status {
	case Exempt:
		it.Exemption = &p.Exemptions[exemptionFor(p, id)]
	case Pending, Planned, Overdue, Missing:
		if k := extensionFor(p, id); k >= 0 && it.why.extensionShown() {
			it.Extension = &p.Extensions[k]
		}
		if k := planFor(p, id); k >= 0 && (it.why == whyPlanned || it.why == whyExpiredPlanned || it.why == whyPlanPassed) {
			it.Plan = &p.Plans[k]
		}
	}
	if e.rules[i].kind == MinimumHours && hours != nil {
		it.HoursDone, it.HoursRequired = unitsDecimal(hours[0]), unitsDecimal(hours[1])
		it.year = AcademicYearOf(e.policy.AcademicYearStart, on)
	}
	it.DueBy = e.dueBy(i, &it, p)
	return it
}

// dueBy works out the last day to act from the item's reason; for an item
// held against the person it is the latest deadline that passed.
func (e *Evaluator) dueBy(i int, it *Item, p *Person) date.Date {
	r := &e.rules[i]
	var due date.Date
	switch it.why {
	case whyWindow:
		due = it.ValidUntil
	case whyGrace, whyExpired, whyExpiredExtensionLapsed:
		due = r.grace.add(it.ValidUntil+1) - 1
	case whyPlanned, whyExpiredPlanned, whyPlanPassed:
		due = it.Plan.By
	case whyExpiredStarter:
		due = r.deadline.add(p.Start) - 1
	case whyStarter, whyFirstDue, whyMissing, whyMissingExtensionLapsed:
		if !r.deadline.isZero() {
			due = r.deadline.add(p.Start) - 1
		}
	case whyHoursShort, whyHoursYearEnded, whyHoursExtended:
		due = it.year.End - 1
	}
	if it.Extension != nil {
		due = max(due, it.Extension.Until)
	}
	return due
}

// Reason explains the item in plain English, for an HR screen.
func (it Item) Reason() string {
	var b strings.Builder
	b.WriteString(it.reason())
	if it.Extension != nil {
		fmt.Fprintf(&b, " Extended to %s by %s: %s.", it.Extension.Until, orUnknown(it.Extension.GrantedBy), it.Extension.Reason)
	}
	if it.FutureIgnored {
		fmt.Fprintf(&b, " Evidence dated after %s was ignored.", it.on)
	}
	return b.String()
}

func (it Item) reason() string {
	switch it.why {
	case whyValid:
		return fmt.Sprintf("%s; valid until %s.", it.done(), it.ValidUntil)
	case whyNeverExpires:
		return fmt.Sprintf("%s; does not expire.", it.done())
	case whyWindow:
		return fmt.Sprintf("%s; valid until %s, so due for renewal.", it.done(), it.ValidUntil)
	case whyGrace:
		return fmt.Sprintf("Expired after %s; in the grace period, renew by %s.", it.ValidUntil, it.DueBy)
	case whyExpired, whyExpiredExtensionLapsed:
		return fmt.Sprintf("Expired after %s.", it.ValidUntil)
	case whyExpiredExtended:
		return fmt.Sprintf("Expired after %s.", it.ValidUntil)
	case whyExpiredStarter:
		return fmt.Sprintf("Expired after %s; a new starter has until %s.", it.ValidUntil, it.DueBy)
	case whyExpiredPlanned:
		return fmt.Sprintf("Expired after %s; plan to achieve it again by %s: %s.", it.ValidUntil, it.Plan.By, it.Plan.Description)
	case whyStarter:
		return fmt.Sprintf("Not done yet; a new starter has until %s.", it.DueBy)
	case whyFirstDue:
		return fmt.Sprintf("None submitted yet; the first is due by %s.", it.DueBy)
	case whyMissing:
		return "No evidence held."
	case whyMissingExtended:
		return "No evidence held."
	case whyMissingExtensionLapsed:
		return "No evidence held; the extension has passed."
	case whyPlanned:
		return fmt.Sprintf("Not held; plan to achieve it by %s: %s.", it.Plan.By, it.Plan.Description)
	case whyPlanPassed:
		return fmt.Sprintf("Not held; the plan to achieve it by %s has passed.", it.Plan.By)
	case whyExempt:
		return fmt.Sprintf("Exempt, granted by %s: %s.", orUnknown(it.Exemption.GrantedBy), it.Exemption.Reason)
	case whyOutOfScope:
		return "Does not apply to this person's roles or employment."
	case whyNotInJobRole:
		return "Not required by this person's job role."
	case whyExcluded:
		return "This person's role or employment is excluded."
	case whyNotStarted:
		return "Has not started yet."
	case whyHoursMet:
		return fmt.Sprintf("%s of %s hours done in %s.", it.HoursDone.StringFixed(1), it.HoursRequired.StringFixed(1), it.year)
	case whyHoursShort:
		return fmt.Sprintf("%s of %s hours done in %s; due by %s.", it.HoursDone.StringFixed(1), it.HoursRequired.StringFixed(1), it.year, it.DueBy)
	case whyHoursYearEnded, whyHoursExtended:
		return fmt.Sprintf("%s of %s hours done in %s, which ends today.", it.HoursDone.StringFixed(1), it.HoursRequired.StringFixed(1), it.year)
	case whyLeft:
		return fmt.Sprintf("Left on %s.", it.left)
	case whyHoursNone:
		return fmt.Sprintf("No hours required in %s: not in post.", it.year)
	}
	return ""
}

func (it Item) done() string {
	verb := "Completed"
	switch it.Requirement.Kind {
	case Qualification:
		verb = "Achieved"
	case Membership:
		verb = "Membership renewed or joined on"
	case Submission:
		verb = "Last submitted"
	}
	s := fmt.Sprintf("%s %s", verb, it.Evidence.Date)
	if it.Evidence.ID != "" {
		s += " (" + it.Evidence.ID + ")"
	}
	return s
}

func orUnknown(s string) string {
	if s == "" {
		return "(not recorded)"
	}
	return s
}

// itemJSON is an Item as JSON: IDs instead of pointers, and the reason.
type itemJSON struct {
	Requirement   string     `json:"requirement"`
	Status        Status     `json:"status"`
	ValidUntil    *date.Date `json:"valid_until,omitempty"`
	DueBy         *date.Date `json:"due_by,omitempty"`
	Evidence      string     `json:"evidence,omitempty"`
	EvidenceDate  *date.Date `json:"evidence_date,omitempty"`
	HoursDone     string     `json:"hours_done,omitempty"`
	HoursRequired string     `json:"hours_required,omitempty"`
	Reason        string     `json:"reason"`
}

// MarshalJSON writes the item with its requirement ID, dates as ISO 8601,
// hours as exact decimal strings, and the reason text.
func (it Item) MarshalJSON() ([]byte, error) {
	j := itemJSON{Requirement: it.Requirement.ID, Status: it.Status, Reason: it.Reason()}
	if it.ValidUntil != 0 {
		j.ValidUntil = &it.ValidUntil
	}
	if it.DueBy != 0 {
		j.DueBy = &it.DueBy
	}
	if it.Evidence != nil {
		j.Evidence, j.EvidenceDate = it.Evidence.ID, &it.Evidence.Date
	}
	if it.Requirement.Kind == MinimumHours {
		j.HoursDone, j.HoursRequired = it.HoursDone.String(), it.HoursRequired.String()
	}
	return json.Marshal(j)
}

// Evaluate says where one person stands against every requirement on the
// given day. Evidence dated after on is ignored and listed in
// Result.Ignored. It returns an error matching [ErrInvalid] when the person
// or their evidence is malformed (an extension for an unknown requirement,
// negative hours), naming the field.
func (e *Evaluator) Evaluate(p Person, evidence []Evidence, on date.Date) (Result, error) {
	res, err := e.result(&p, evidence, on)
	if err != nil {
		return Result{}, fmt.Errorf("evaluate %s: %w", p.ID, err)
	}
	return res, nil
}

// result evaluates one person on the day on and materialises every item.
func (e *Evaluator) result(p *Person, evidence []Evidence, on date.Date) (Result, error) {
	s := e.newScratch(on, false)
	cells := make([]cell, len(e.rules))
	hours := make([]int64, 2*len(e.hoursRule))
	future, err := e.evaluate(p, evidence, on, AcademicYearOf(e.policy.AcademicYearStart, on), s, cells, hours)
	if err != nil {
		return Result{}, err
	}
	res := Result{PersonID: p.ID, On: on, Items: make([]Item, len(e.rules))}
	for i := range res.Items {
		var h []int64
		if e.rules[i].kind == MinimumHours {
			h = hours[2*e.rules[i].slot:]
		}
		res.Items[i] = e.item(i, cells[i], p, evidence, h, on)
	}
	if future > 0 {
		for _, ev := range evidence {
			if ev.Date > on {
				res.Ignored = append(res.Ignored, ev)
			}
		}
	}
	return res, nil
}

// Evaluate is a shortcut for [NewEvaluator] followed by
// [Evaluator.Evaluate]; build an Evaluator once when evaluating many people.
func Evaluate(p Policy, person Person, evidence []Evidence, on date.Date) (Result, error) {
	e, err := NewEvaluator(p)
	if err != nil {
		return Result{}, err
	}
	return e.Evaluate(person, evidence, on)
}
