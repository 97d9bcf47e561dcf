package cpd

import (
	"context"
	"fmt"
)

// RefreshStatuses re-evaluates and rewrites every stored status that time
// has made stale (past its NextChange, or from another policy), one page
// per transaction, and returns how many it rewrote. Views stay correct
// without it, since they re-evaluate stale statuses as they read, but run
// it daily (administrators and the head of education may) so that views
// keep reading one stored record per person.
func (s *Service) RefreshStatuses(ctx context.Context) (int, error) {
	c, err := s.who(ctx)
	if err != nil {
		return 0, fmt.Errorf("refresh statuses: %w", err)
	}
	if !c.canAdminister() {
		return 0, deny("refresh statuses")
	}
	on, n := s.today(), 0
	q := Query{Limit: DefaultLimit}
	for {
		var next string
		err := s.store.Update(ctx, c.Org, func(tx Tx) error {
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
			if err := s.refreshStatuses(ctx, tx, people, s.change(c.Actor, "status.refresh")); err != nil {
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
