package cpd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// Withdrawal names an imported activity to withdraw, by the ExternalRef
// it was imported with, and says why.
type Withdrawal struct {
	// ExternalRef is the activity's reference in the system it came from,
	// as ImportCompletions stored it ("xapi:" and a statement id, say).
	ExternalRef string
	// Reason says why, for the record's history: "the LMS voided
	// statement …". It is required.
	Reason string
}

// WithdrawResult says what WithdrawImported did.
type WithdrawResult struct {
	// Withdrawn are the IDs of the activities withdrawn now, in the order
	// of the withdrawals that named them.
	Withdrawn []string
	// Already are the IDs of activities named that were withdrawn before,
	// so that running the same withdrawals again changes nothing.
	Already []string
	// NotFound are the references no completed, evaluated or withdrawn
	// activity carries (never imported, or imported as nothing), in the
	// order given.
	NotFound []string
}

// WithdrawImported withdraws imported activities whose source has
// retracted them, such as the credit of an xAPI statement that the LMS
// later voided; administrators and the head of education may, as for
// ImportCompletions.
//
// Every completed or evaluated activity carrying one of the references
// (of any person: references are per person, so one may name several)
// becomes Withdrawn, with the reason, and keeps its previous version in
// its history. It stays stored with its ExternalRef, so that importing the
// same record again reports it as a duplicate rather than reinstating it,
// and it counts for nothing: the statuses of the people affected are
// refreshed in the same transaction. Each change appends an audit event
// ("activity.withdraw"). It is all or nothing, in one transaction, and
// reads every done activity of the organisation once, so give it all of
// an import's withdrawals in one call.
//
// Errors: ErrInvalid (a *ValidationError naming the withdrawal) when a
// reference or reason is empty, with nothing changed; ErrForbidden;
// ErrNoActor; or the Store's.
func (s *Activities) WithdrawImported(ctx context.Context, ws []Withdrawal) (WithdrawResult, error) {
	const op, action = "withdraw imported activities", "activity.withdraw"
	c, err := s.begin(ctx)
	if err != nil {
		return WithdrawResult{}, fmt.Errorf("%s: %w", op, err)
	}
	if !c.canAdminister() {
		return WithdrawResult{}, deny(op)
	}
	for i, w := range ws {
		switch {
		case w.ExternalRef == "":
			return WithdrawResult{}, fmt.Errorf("%s: %w", op, invalid(fmt.Sprintf("withdrawals[%d].external_ref", i), "is required"))
		case w.Reason == "":
			return WithdrawResult{}, fmt.Errorf("%s: %w", op, invalid(fmt.Sprintf("withdrawals[%d].reason", i), "is required"))
		}
	}
	var res WithdrawResult
	err = s.update(c, func(tx Tx) error {
		res = WithdrawResult{}
		found, err := activitiesByRef(ctx, tx, ws)
		if err != nil {
			return err
		}
		ch := c.act(action)
		affected := make(map[string]bool)
		seen := make(map[string]bool, len(ws))
		for _, w := range ws {
			if seen[w.ExternalRef] {
				continue // a reference named twice is withdrawn once
			}
			seen[w.ExternalRef] = true
			acts, ok := found[w.ExternalRef]
			if !ok {
				res.NotFound = append(res.NotFound, w.ExternalRef)
				continue
			}
			for i := range acts {
				a := &acts[i]
				if a.State == Withdrawn {
					res.Already = append(res.Already, a.ID)
					continue
				}
				s.withdraw(a, c, w.Reason)
				if err := putActivity(ctx, tx, a, ch); err != nil {
					return err
				}
				res.Withdrawn = append(res.Withdrawn, a.ID)
				affected[a.Person] = true
			}
		}
		return s.refreshPeople(c, slices.Sorted(maps.Keys(affected)))
	})
	if err != nil {
		return WithdrawResult{}, fmt.Errorf("%s: %w", op, err)
	}
	return res, nil
}

// withdraw makes a done activity Withdrawn, keeping the version before in
// its history.
func (s *kernel) withdraw(a *Activity, c *work, reason string) {
	prev := *a
	prev.History, prev.Version = nil, 0
	a.State, a.Reason = Withdrawn, reason
	a.History = append(a.History, Revision{At: c.now.UTC(), By: c.Person, Reason: reason, Previous: prev})
}

// activitiesByRef reads every completed, evaluated or withdrawn activity
// whose ExternalRef one of the withdrawals names, by reference, each
// reference's in ID order.
func activitiesByRef(ctx context.Context, tx Tx, ws []Withdrawal) (map[string][]Activity, error) {
	wanted := make(map[string]bool, len(ws))
	for _, w := range ws {
		wanted[w.ExternalRef] = true
	}
	found := make(map[string][]Activity)
	if len(wanted) == 0 {
		return found, nil
	}
	q := Query{States: append(doneStates(), Withdrawn.String()), Limit: MaxLimit}
	err := each(ctx, tx, KindActivity, q, func(r Record) error {
		ref, err := externalRefOf(r)
		if err != nil || !wanted[ref] {
			return err
		}
		var a Activity
		if err := json.Unmarshal(r.Data, &a); err != nil {
			return fmt.Errorf("decode activity %s: %w", r.ID, err)
		}
		a.Version = r.Version
		found[ref] = append(found[ref], a)
		return nil
	})
	return found, err
}

// externalRefKey is how an activity's JSON names its external reference.
var externalRefKey = []byte(`"external_ref"`)

// externalRefOf returns an activity record's external reference without
// decoding the rest of it, as a search of every activity needs: a record
// without the key has none, and a plain string value is read in place.
// Anything else (white space or escapes) is decoded in full.
func externalRefOf(r Record) (string, error) {
	i := bytes.Index(r.Data, externalRefKey)
	if i < 0 {
		return "", nil
	}
	rest := r.Data[i+len(externalRefKey):]
	if len(rest) > 2 && rest[0] == ':' && rest[1] == '"' {
		if end := bytes.IndexAny(rest[2:], `"\`); end >= 0 && rest[2+end] == '"' {
			return string(rest[2 : 2+end]), nil
		}
	}
	var ref struct {
		ExternalRef string `json:"external_ref"`
	}
	if err := json.Unmarshal(r.Data, &ref); err != nil {
		return "", fmt.Errorf("decode activity %s: %w", r.ID, err)
	}
	return ref.ExternalRef, nil
}

// refreshPeople refreshes the statuses of the people with the given IDs
// who exist.
func (s *kernel) refreshPeople(c *work, ids []string) error {
	stored, err := getMany(c.ctx, c.tx, KindPerson, ids)
	if err != nil {
		return err
	}
	people := make([]*Person, 0, len(ids))
	for _, id := range ids {
		r, ok := stored[id]
		if !ok {
			continue
		}
		p, err := personOf(r)
		if err != nil {
			return err
		}
		people = append(people, p)
	}
	return s.refreshStatuses(c, people)
}
