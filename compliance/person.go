package compliance

import (
	"fmt"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
)

// Person is the facts about one member of staff that compliance needs.
// The embedding system (or package cpd) fills it from its own records.
type Person struct {
	// ID is the caller's identifier for the person.
	ID string
	// Start is the day they started (required): induction deadlines run from it.
	Start date.Date
	// Leaving is their last day in post; zero while in post.
	Leaving date.Date
	// Employment is employed or associate; zero matches only scopes that do
	// not name an employment type.
	Employment Employment
	// JobRole is the person's job role ("teacher").
	JobRole string
	// Roles are their organisational roles ("line_manager").
	Roles []string
	// FTE is the full-time equivalent, more than 0 and at most 1. Zero
	// means full time.
	FTE decimal.Decimal
	// Absences are long absences (maternity leave, illness) that reduce a
	// minimum of hours.
	Absences []Absence
	// Extensions move a due date for one requirement.
	Extensions []Extension
	// Exemptions take the person out of one requirement.
	Exemptions []Exemption
	// Plans are dated plans to achieve a missing qualification.
	Plans []Plan
}

// Absence is a recorded period away from work, first and last day inclusive.
type Absence struct {
	From   date.Date
	To     date.Date
	Reason string
}

// Extension moves the day by which a person must meet a requirement. While
// it runs, a missing or expired item is Pending rather than held against them.
type Extension struct {
	Requirement string
	// Until is the last day of the extension (inclusive).
	Until     date.Date
	Reason    string
	GrantedBy string
}

// Exemption takes a person out of a requirement. A reason is required.
type Exemption struct {
	Requirement string
	Reason      string
	GrantedBy   string
}

// Plan is a dated plan to achieve a qualification the person's job role
// requires: the item is Planned, not Missing, until By has passed.
type Plan struct {
	Requirement string
	// By is the day the qualification should be achieved (inclusive).
	By          date.Date
	Description string
}

// Evidence is one record that may meet a requirement: a completed course, a
// qualification, a membership, a CPD log submission, or any activity with
// hours. Evidence is matched to requirements by Topic.
type Evidence struct {
	// ID is the caller's reference for the record, shown in results.
	ID string
	// Topic says what the evidence is of ("safeguarding", "qts", "cpd-log").
	Topic string
	// Date is the day it was completed, achieved, joined or submitted (required).
	Date date.Date
	// ValidUntil is the last day a certificate or membership is valid,
	// when it carries its own expiry; zero when it does not. It wins over
	// Date plus the requirement's validity when earlier; for a Membership
	// requirement it replaces that validity, since a membership is valid
	// for its current period, from its last renewal (Date) to the card's
	// own expiry.
	ValidUntil date.Date
	// Hours is the CPD time it represents; zero for none. Hours are summed
	// to three decimal places (rounded half up), which is finer than any
	// policy asks for.
	Hours decimal.Decimal
	// Aspect is the activity's aspect ("induction", "keeping_up_to_date", …),
	// used by hours rules that count only some aspects.
	Aspect string
	// Kind is the activity's kind ("external_course", …), used by hours
	// rules that count only some kinds.
	Kind string
	// Relevant marks learning relevant to the person's job role, for hours
	// rules that count only relevant or required learning
	// (HoursRule.RelevantOnly). Evidence whose topic meets a requirement
	// of the policy counts as required whether or not it is marked.
	Relevant bool
	// Level is the level the evidence is at, such as a grade of
	// membership ("fellow"), for job roles that require a level
	// (RoleRequirement.Levels); empty when it has none.
	Level string
}

// validate checks a person against the compiled policy and returns their
// FTE in thousandths of one (0 for full time), which the hours rules need,
// converting it through c. It returns a *ValidationError for the first
// problem found.
func (p *Person) validate(e *Evaluator, c *unitsCache) (int64, error) {
	bad := func(path, format string, a ...any) error {
		return &ValidationError{Field: path, Reason: fmt.Sprintf(format, a...)}
	}
	switch {
	case p.Start == 0:
		return 0, bad("start", "is required")
	case !inCalendar(p.Start):
		return 0, bad("start", "%s is not in the years 1 to 9999", p.Start)
	case p.Leaving != 0 && p.Leaving < p.Start:
		return 0, bad("leaving", "%s is before start %s", p.Leaving, p.Start)
	case p.Leaving != 0 && !inCalendar(p.Leaving):
		return 0, bad("leaving", "%s is not in the years 1 to 9999", p.Leaving)
	}
	fte, ok := c.units(p.FTE)
	if !ok || fte < 0 || fte > hoursScale {
		return 0, bad("fte", "%s is not between 0 and 1", p.FTE)
	}
	for i, a := range p.Absences {
		if a.From == 0 || a.To < a.From || !inCalendar(a.From) || !inCalendar(a.To) {
			return 0, bad(fmt.Sprintf("absences[%d]", i), "must run from a day to the same or a later day, in the years 1 to 9999")
		}
		for j, b := range p.Absences[:i] {
			if a.From <= b.To && b.From <= a.To {
				return 0, bad(fmt.Sprintf("absences[%d]", i), "overlaps absences[%d]", j)
			}
		}
	}
	for i, x := range p.Extensions {
		path := fmt.Sprintf("extensions[%d]", i)
		if err := e.known(path, x.Requirement); err != nil {
			return 0, err
		}
		if x.Until == 0 {
			return 0, bad(path+".until", "is required")
		}
		if !inCalendar(x.Until) {
			return 0, bad(path+".until", "%s is not in the years 1 to 9999", x.Until)
		}
		if x.Reason == "" {
			return 0, bad(path+".reason", "is required")
		}
	}
	for i, x := range p.Exemptions {
		path := fmt.Sprintf("exemptions[%d]", i)
		if err := e.known(path, x.Requirement); err != nil {
			return 0, err
		}
		if x.Reason == "" {
			return 0, bad(path+".reason", "is required")
		}
	}
	for i, x := range p.Plans {
		path := fmt.Sprintf("plans[%d]", i)
		if err := e.known(path, x.Requirement); err != nil {
			return 0, err
		}
		if e.policy.Requirements[e.index[x.Requirement]].Kind != Qualification {
			return 0, bad(path+".requirement", "%q is not a qualification", x.Requirement)
		}
		if x.By == 0 {
			return 0, bad(path+".by", "is required")
		}
		if !inCalendar(x.By) {
			return 0, bad(path+".by", "%s is not in the years 1 to 9999", x.By)
		}
	}
	return fte, nil
}

func (e *Evaluator) known(path, id string) error {
	if _, ok := e.index[id]; !ok {
		return &ValidationError{Field: path + ".requirement", Reason: fmt.Sprintf("%q is not a requirement of policy %s", id, e.policy.ID)}
	}
	return nil
}

// validateEvidence checks one evidence record.
func validateEvidence(ev *Evidence) string {
	switch {
	case ev.Date == 0:
		return "date is required"
	case !inCalendar(ev.Date):
		return fmt.Sprintf("date %s is not in the years 1 to 9999", ev.Date)
	case ev.ValidUntil != 0 && ev.ValidUntil < ev.Date:
		return fmt.Sprintf("valid_until %s is before date %s", ev.ValidUntil, ev.Date)
	case ev.ValidUntil != 0 && !inCalendar(ev.ValidUntil):
		return fmt.Sprintf("valid_until %s is not in the years 1 to 9999", ev.ValidUntil)
	case ev.Hours.Sign() < 0:
		return fmt.Sprintf("hours %s is negative", ev.Hours)
	}
	if _, ok := hoursUnits(ev.Hours); !ok {
		return fmt.Sprintf("hours %s is too large", ev.Hours)
	}
	return ""
}

// lastDay is 31 December 9999, the last day a date given to compliance may
// fall on. With periods of at most calendar.MaxPeriodYears, every day worked out
// from such dates fits the 32 bits of a cday.
const lastDay = date.Date(3_652_058)

// inCalendar reports whether d is a set day in the years 1 to 9999 (day 0,
// 1 January of year 1, means unset).
func inCalendar(d date.Date) bool { return within(d, 1, lastDay) }

// hoursScale is the fixed-point scale hours are summed at: thousandths.
const hoursScale = 1000

// hoursUnits converts a decimal number of hours to thousandths of an hour,
// rounding half up beyond three places, without allocating. It reports false
// when the value is too large to hold exactly.
func hoursUnits(d decimal.Decimal) (int64, bool) {
	if d.IsZero() {
		return 0, true
	}
	if d.NumDigits() > 15 {
		return 0, false
	}
	c, exp := d.CoefficientInt64(), int(d.Exponent())+3
	switch {
	case exp >= 0:
		if exp+d.NumDigits() > 15 {
			return 0, false
		}
		for ; exp > 0; exp-- {
			c *= 10
		}
		return c, true
	case exp < -15:
		return 0, true
	default:
		div := int64(1)
		for ; exp < 0; exp++ {
			div *= 10
		}
		q, r := c/div, c%div
		if 2*abs64(r) >= div {
			q += int64(sign64(c))
		}
		return q, true
	}
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func sign64(v int64) int {
	if v < 0 {
		return -1
	}
	return 1
}

// unitsDecimal converts thousandths of an hour back to a decimal.
func unitsDecimal(u int64) decimal.Decimal { return decimal.New(u, -3) }
