package cpd

import (
	"context"
	"fmt"

	"github.com/cpdkit/cpdkit/compliance"
)

// RefreshStatuses re-evaluates and rewrites every stored status that time
// has made stale (past its NextChange, or from another policy), one page
// per transaction, and returns how many it rewrote. Views stay correct
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
			var stale []string
			for _, r := range page.Records {
				if _, ok := s.storedStatus(r, on); !ok {
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
// none to create one), with one audit event each in the people's order.
// It writes each run of people who have a stored status with one
// updateMany and each run of people who have none with one putMany (each
// of which falls back to Put per record on a Tx without the capability).
func (s *kernel) writeStatuses(c *work, people []*Person, results []compliance.Result, stored map[string]Record) error {
	if len(people) > 0 {
		if err := s.notePolicy(c); err != nil {
			return err
		}
	}
	refresh := Change{Actor: c.ch.Actor, Action: "status.refresh", At: c.ch.At}
	run := make([]Record, 0, len(people))
	flush := func() error {
		var err error
		switch {
		case len(run) == 0:
		case run[0].Version > 0:
			err = updateMany(c.ctx, c.tx, run, refresh)
		default:
			err = putMany(c.ctx, c.tx, run, refresh)
		}
		run = run[:0]
		return err
	}
	for i, p := range people {
		st := s.statusOf(p, results[i])
		data, err := encodeRecord(KindStatus, recordOf(&st))
		if err != nil {
			return err
		}
		r := Record{Kind: KindStatus, ID: p.ID, Version: stored[p.ID].Version, Owner: p.ID, Data: data}
		if len(run) > 0 && (run[0].Version > 0) != (r.Version > 0) {
			if err := flush(); err != nil {
				return err
			}
		}
		run = append(run, r)
	}
	return flush()
}
