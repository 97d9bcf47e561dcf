package compliance

import (
	"cmp"
	"fmt"
	"iter"
	"slices"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
)

// Subject is one person and their evidence, as input to [Evaluator.Matrix].
type Subject struct {
	Person   Person
	Evidence []Evidence
}

// Matrix is an organisation's compliance on one day: one row per person,
// one column per requirement, with tallies per requirement and overall. It
// refers to the subjects it was built from, which must not change while it
// is in use. A Matrix is safe for concurrent reads.
type Matrix struct {
	// On is the day evaluated.
	On date.Date
	// Columns tallies each requirement, in the policy's order.
	Columns []Column
	// Overall tallies every cell.
	Overall Tally

	e        *Evaluator
	subjects []Subject
	cells    cells   // len(subjects) × len(requirements)
	hours    []int64 // len(subjects) × 2 × hours requirements
	ignored  []int32 // per person: evidence dated after On
}

// Column is one requirement's tally.
type Column struct {
	Requirement *Requirement
	Tally       Tally
}

// Tally counts cells by status.
type Tally struct {
	counts [NotApplicable + 1]int
}

// Count returns the number of cells with status s.
func (t Tally) Count(s Status) int {
	if int(s) >= len(t.counts) {
		return 0
	}
	return t.counts[s]
}

// Applicable is the number of cells that count towards the rate (every
// status but NotApplicable and Exempt).
func (t Tally) Applicable() int {
	n := 0
	for s := Compliant; s <= Missing; s++ {
		n += t.counts[s]
	}
	return n
}

// Compliant is the number of cells that are Compliant or DueSoon.
func (t Tally) Compliant() int { return t.counts[Compliant] + t.counts[DueSoon] }

// Rate is Compliant as a percentage of Applicable, rounded half up to one
// decimal place; 100 when nothing is applicable.
func (t Tally) Rate() decimal.Decimal {
	if t.Applicable() == 0 {
		return decimal.NewFromInt(100)
	}
	// One rounding step: rounding to four places first and then to one
	// would turn 50.0499… into 50.1.
	return decimal.NewFromInt(int64(100*t.Compliant())).DivRound(decimal.NewFromInt(int64(t.Applicable())), 1)
}

func (t *Tally) add(s Status) { t.counts[s]++ }

// Matrix evaluates every subject on the given day. Its cost grows with the
// number of people and records, and it allocates per person, not per
// record. It stops at the first malformed person or record with an error
// that names the person and the field.
func (e *Evaluator) Matrix(subjects []Subject, on date.Date) (*Matrix, error) {
	n, nh := len(e.rules), 2*len(e.hoursRule)
	m := &Matrix{
		On: on, e: e, subjects: subjects, Columns: make([]Column, n),
		cells: makeCells(len(subjects) * n), hours: make([]int64, len(subjects)*nh),
		ignored: make([]int32, len(subjects)),
	}
	for i := range m.Columns {
		m.Columns[i].Requirement = &e.policy.Requirements[i]
	}
	s := e.newScratch(on, true)
	year := AcademicYearOf(e.policy.AcademicYearStart, on)
	reasons := make([][whyCount]int, n) // per requirement, cells by reason
	for k := range subjects {
		sub := &subjects[k]
		row := m.cells.slice(k*n, (k+1)*n)
		future, err := e.evaluate(&sub.Person, sub.Evidence, on, year, s, row, m.hours[k*nh:(k+1)*nh])
		if err != nil {
			return nil, fmt.Errorf("subjects[%d] (%s): %w", k, sub.Person.ID, err)
		}
		m.ignored[k] = int32(future)
		for i, w := range row.why {
			reasons[i][w.reason()]++
		}
	}
	for i := range m.Columns {
		for w, c := range reasons[i] {
			st := why(w).status()
			m.Columns[i].Tally.counts[st] += c
			m.Overall.counts[st] += c
		}
	}
	return m, nil
}

// Len returns the number of people (rows).
func (m *Matrix) Len() int { return len(m.subjects) }

// Person returns row i's person.
func (m *Matrix) Person(i int) *Person { return &m.subjects[i].Person }

// Item returns the cell for person i and requirement j.
func (m *Matrix) Item(i, j int) Item {
	n := len(m.e.rules)
	sub := &m.subjects[i]
	var h []int64
	if m.e.rules[j].kind == MinimumHours {
		nh := 2 * len(m.e.hoursRule)
		h = m.hours[i*nh+2*m.e.rules[j].slot:]
	}
	return m.e.item(j, m.cells.at(i*n+j), &sub.Person, sub.Evidence, h, m.On)
}

// Row returns person i's whole result.
func (m *Matrix) Row(i int) Result {
	sub := &m.subjects[i]
	res := Result{PersonID: sub.Person.ID, On: m.On, Items: make([]Item, len(m.e.rules))}
	for j := range res.Items {
		res.Items[j] = m.Item(i, j)
	}
	if m.ignored[i] > 0 {
		for _, ev := range sub.Evidence {
			if ev.Date > m.On {
				res.Ignored = append(res.Ignored, ev)
			}
		}
	}
	return res
}

// Rows yields every person's result in order.
func (m *Matrix) Rows() iter.Seq2[int, Result] {
	return func(yield func(int, Result) bool) {
		for i := range m.subjects {
			if !yield(i, m.Row(i)) {
				return
			}
		}
	}
}

// Reminder is an item whose evidence stops counting soon.
type Reminder struct {
	PersonID    string
	Requirement *Requirement
	Status      Status
	// ValidUntil is the last day the evidence counts.
	ValidUntil date.Date
}

// Expiring lists the items still valid on m.On whose last valid day falls
// within the next days days (ValidUntil < On + days), soonest first and then
// by person and requirement, for reminders.
func (m *Matrix) Expiring(days int) []Reminder {
	var out []Reminder
	n := len(m.e.rules)
	for k, w := range m.cells.why {
		until := date.Date(m.cells.validUntil[k])
		if w.status().OK() && w.reason() != whyHoursMet && until != 0 && until >= m.On && int64(until-m.On) < int64(days) {
			out = append(out, Reminder{
				PersonID: m.subjects[k/n].Person.ID, Requirement: &m.e.policy.Requirements[k%n],
				Status: w.status(), ValidUntil: until,
			})
		}
	}
	slices.SortFunc(out, func(a, b Reminder) int {
		return cmp.Or(cmp.Compare(a.ValidUntil, b.ValidUntil), cmp.Compare(a.PersonID, b.PersonID),
			cmp.Compare(a.Requirement.ID, b.Requirement.ID))
	})
	return out
}
