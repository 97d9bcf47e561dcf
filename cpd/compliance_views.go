package cpd

import (
	"context"
	"fmt"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/compliance"
)

// Compliance evaluates one person today from their records, for anyone who
// may read them.
func (s *Compliance) Compliance(ctx context.Context, person string) (compliance.Result, error) {
	return s.complianceOn(ctx, person, 0, true)
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
	return s.orgComplianceOn(ctx, 0, true)
}

// OrgComplianceOn is OrgCompliance on another day, past or future, from
// the records as they stand now (see ComplianceOn): the maintained
// statuses serve the days they are still true on, and everyone else is
// re-evaluated for the day. The roles that read everyone may.
func (s *Compliance) OrgComplianceOn(ctx context.Context, on date.Date) (OrgView, error) {
	return s.orgComplianceOn(ctx, on, false)
}

// orgComplianceOn is OrgComplianceOn, or OrgCompliance for the call's
// today.
func (s *Compliance) orgComplianceOn(ctx context.Context, on date.Date, today bool) (OrgView, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return OrgView{}, fmt.Errorf("organisation compliance: %w", err)
	}
	if today {
		on = c.today
	}
	if !c.readsEveryone() {
		return OrgView{}, deny("organisation compliance")
	}
	v := OrgView{On: on, Columns: make([]compliance.Tally, len(s.reqs))}
	if n, ok := s.viewRows.Load(c.Org); ok {
		v.Rows = make([]OrgRow, 0, n.(int)) // as many as last time: one allocation, not a doubling per power of two
	}
	for _, r := range s.reqs {
		v.Requirements = append(v.Requirements, r.ID)
	}
	err = s.view(c, func(tx Tx) error {
		return s.eachStatus(c, on, func(st Status, err error) error {
			if err != nil {
				return skipUnreadable(&v.Unreadable, err)
			}
			if st.Leaving != 0 && on > compliance.AcademicYearOf(s.yearStart, st.Leaving).End-1 {
				return nil // left before this academic year
			}
			v.add(OrgRow{Status: st, Leaver: st.Leaving != 0 && on > st.Leaving})
			return nil
		})
	})
	if err != nil {
		return OrgView{}, fmt.Errorf("organisation compliance: %w", err)
	}
	s.viewRows.Store(c.Org, len(v.Rows))
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
