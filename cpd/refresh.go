package cpd

import (
	"context"
	"fmt"

	"github.com/cpdkit/cpdkit/compliance"
)

// RefreshStatuses re-evaluates and rewrites every stored status that time
// has made stale (past its NextChange, or from another policy), or that
// its reasons (KindStatusReasons) were not written with, one page per
// transaction, and returns how many it rewrote. Views stay correct
// without it, since they re-evaluate stale statuses as they read, but run
// it daily (administrators and the head of education may) so that views
// keep reading one stored record per person.
func (s *Compliance) RefreshStatuses(ctx context.Context) (int, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("refresh statuses: %w", err)
	}
	if !c.canAdminister() {
		return 0, deny("refresh statuses")
	}
	on, n := c.today, 0
	q := Query{Limit: DefaultLimit}
	for {
		var next string
		err := s.update(c, func(tx Tx) error {
			page, err := tx.List(ctx, KindStatus, q)
			if err != nil {
				return err
			}
			next = page.Next
			ids := make([]string, len(page.Records))
			for i, r := range page.Records {
				ids[i] = r.ID
			}
			reasons, err := getMany(ctx, tx, KindStatusReasons, ids)
			if err != nil {
				return err
			}
			var stale []string
			for _, r := range page.Records {
				if _, ok := s.storedStatus(r, on); !ok || !explains(reasons[r.ID], r) {
					stale = append(stale, r.ID)
				}
			}
			stored, err := getMany(ctx, tx, KindPerson, stale)
			if err != nil {
				return err
			}
			people := make([]*Person, len(stale))
			for i, id := range stale {
				r, ok := stored[id]
				if !ok {
					return fmt.Errorf("person %s of a stored status: %w", id, ErrNotFound)
				}
				if people[i], err = personOf(r); err != nil {
					return err
				}
			}
			c.act("status.refresh")
			if err := s.refreshStatuses(c, people); err != nil {
				return err
			}
			n += len(people)
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("refresh statuses: %w", err)
		}
		if next == "" {
			return n, nil
		}
		q.After = next
	}
}

// writeStatuses writes people's statuses from their evaluations (results,
// in the same order), each over its stored status (stored by person ID;
// none to create one), and then their reasons (KindStatusReasons), with
// one audit event each in the people's order.
func (s *kernel) writeStatuses(c *work, people []*Person, results []compliance.Result, stored map[string]Record) error {
	if len(people) == 0 {
		return nil
	}
	if err := s.notePolicy(c); err != nil {
		return err
	}
	ids := make([]string, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	storedReasons, err := getMany(c.ctx, c.tx, KindStatusReasons, ids)
	if err != nil {
		return err
	}
	statuses, reasons := make([]Record, len(people)), make([]Record, len(people))
	for i, p := range people {
		if statuses[i], reasons[i], err = s.statusRecords(p, results[i], stored[p.ID].Version, storedReasons[p.ID].Version); err != nil {
			return err
		}
	}
	refresh := Change{Actor: c.ch.Actor, Action: "status.refresh", At: c.ch.At}
	if err := writeRuns(c, statuses, refresh); err != nil {
		return err
	}
	return writeRuns(c, reasons, refresh)
}

// writeRuns writes records, each over its stored version (0 to create
// it): each run of records that are stored with one updateMany, and each
// run that are not with one putMany (each of which falls back to Put per
// record on a Tx without the capability).
func writeRuns(c *work, rs []Record, ch Change) error {
	for len(rs) > 0 {
		n := 1
		for n < len(rs) && (rs[n].Version > 0) == (rs[0].Version > 0) {
			n++
		}
		var err error
		if rs[0].Version > 0 {
			err = updateMany(c.ctx, c.tx, rs[:n], ch)
		} else {
			err = putMany(c.ctx, c.tx, rs[:n], ch)
		}
		if err != nil {
			return err
		}
		rs = rs[n:]
	}
	return nil
}
