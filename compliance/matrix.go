package compliance

// An organisation's compliance on one day: the Matrix, its tallies and
// its reminders.

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
// keeps each cell's status and last valid day, and refers to the subjects
// it was built from, which must not change while it is in use: Row and Item
// evaluate a person again to give their items in full. A Matrix is safe for
// concurrent reads.
type Matrix struct {
	// On is the day evaluated.
	On date.Date
	// Columns tallies each requirement, in the policy's order.
	Columns []Column
	// Overall tallies every cell.
	Overall Tally

	e        *Evaluator
	subjects []Subject
	cells    []packed // person by person: len(subjects) × len(requirements)
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
// number of people and records; it allocates in proportion to people and
// requirements (2 bytes a cell), not records. It stops at the first
// malformed person or record with an error that matches [ErrInvalid] and
// names the person and the field.
func (e *Evaluator) Matrix(subjects []Subject, on date.Date) (*Matrix, error) {
	n := len(e.rules)
	m := &Matrix{
		On: on, e: e, subjects: subjects, Columns: make([]Column, n),
		cells: make([]packed, len(subjects)*n),
	}
	for i := range m.Columns {
		m.Columns[i].Requirement = &e.policy.Requirements[i]
	}
	s := e.newScratch(on, true)
	year := AcademicYearOf(e.policy.AcademicYearStart, on)
	row, hours := make([]cell, n), make([]int64, 2*len(e.hoursRule)) // one person's, not kept
	reasons := make([][whyCount]int, n)                              // per requirement, cells by reason
	for k := range subjects {
		sub := &subjects[k]
		if _, err := e.evaluate(&sub.Person, sub.Evidence, on, year, s, row, hours); err != nil {
			return nil, fmt.Errorf("subjects[%d] (%s): %w", k, sub.Person.ID, err)
		}
		cells := m.cells[k*n : (k+1)*n]
		for i, c := range row {
			reasons[i][c.why.reason()]++
			cells[i] = pack(c.why, c.validUntil, on)
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

// Status returns the status of person i against requirement j, without
// evaluating the person again.
func (m *Matrix) Status(i, j int) Status { return m.cells[i*len(m.e.rules)+j].reason().status() }

// Item returns the cell for person i and requirement j in full. Like Row, it
// evaluates the person again; use Row when you need more than one item of a
// row.
func (m *Matrix) Item(i, j int) Item { return m.Row(i).Items[j] }

// Row returns person i's whole result, exactly as [Evaluator.Evaluate]
// gives it: the matrix keeps only each cell's status and last valid day,
// so Row evaluates the person again. It panics if the subjects were made
// invalid after Matrix accepted them.
func (m *Matrix) Row(i int) Result {
	sub := &m.subjects[i]
	res, err := m.e.result(&sub.Person, sub.Evidence, m.On)
	if err != nil {
		panic(fmt.Sprintf("compliance: subjects[%d] (%s) changed after Matrix: %v", i, sub.Person.ID, err))
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
	var again map[int]Result // rows evaluated again for their far-off days
	for k, c := range m.cells {
		code, w := c.until(), c.reason()
		if code == 0 || !w.status().OK() || w == whyHoursMet {
			continue
		}
		until := m.On + date.Date(code) - 1
		if code == untilFar {
			if int64(days) < untilFar {
				continue // at least untilFar−1 days away
			}
			row, ok := again[k/n]
			if !ok {
				row = m.Row(k / n)
				if again == nil {
					again = make(map[int]Result)
				}
				again[k/n] = row
			}
			until = row.Items[k%n].ValidUntil
		}
		if int64(until-m.On) < int64(days) {
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
