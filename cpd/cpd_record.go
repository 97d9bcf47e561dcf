package cpd

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/compliance"
)

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
	c, err := s.begin(ctx)
	if err != nil {
		return CPDRecord{}, fmt.Errorf("cpd record: %w", err)
	}
	op := "cpd record of " + person
	if err := permit(s.canRead(c, person))(op); err != nil {
		return CPDRecord{}, err
	}
	var rec CPDRecord
	err = s.view(c, func(tx Tx) error {
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
	return CPDRecord{Person: p, PenPortrait: p.PenPortrait, Activities: acts, Hours: s.hoursByYear(acts)}
}

// hoursByYear are the hours of the done activities among acts by academic
// year, in year order.
func (s *kernel) hoursByYear(acts []Activity) []YearHours {
	start := s.yearStart
	byYear := map[string]decimal.Decimal{}
	for _, a := range acts {
		if a.State.Done() {
			y := compliance.AcademicYearOf(start, a.Completed).String()
			byYear[y] = byYear[y].Add(a.Hours)
		}
	}
	var out []YearHours
	for y, h := range byYear {
		out = append(out, YearHours{Year: y, Hours: h})
	}
	slices.SortFunc(out, func(a, b YearHours) int { return cmp.Compare(a.Year, b.Year) })
	return out
}
