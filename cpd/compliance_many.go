package cpd

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/cpdkit/cpdkit/compliance"
)

// PersonCompliance is one person's compliance today, as Compliance gives
// it, and, when no minimum of hours counts for them (their Result has no
// MinimumHours item whose status counts, which would give their hours),
// what their CPD record (Activities.Record) says of their hours and of
// the activities of theirs that do not decode.
type PersonCompliance struct {
	Person string
	Result compliance.Result
	// Hours are the hours of their done activities by academic year, in
	// year order (CPDRecord.Hours); nil when a minimum counts for them.
	Hours []YearHours
	// Unreadable are their stored activities that do not decode
	// (CPDRecord.Unreadable); nil when a minimum counts for them. One that
	// their evaluation needs leaves them out of ManyCompliance.People
	// instead.
	Unreadable []Unreadable
}

// hasMinimum reports whether a minimum of hours counts for the person
// evaluated.
func hasMinimum(res *compliance.Result) bool {
	_, ok := minimumItem(res)
	return ok
}

// ManyCompliance is the compliance of many people (see ComplianceOfMany).
type ManyCompliance struct {
	// People are the people evaluated, in ID order, each once.
	People []PersonCompliance
	// Unreadable are the stored records that a person's evaluation needed
	// but that do not decode (their own record, a done activity; see
	// ErrUnreadable): that person is left out of People, and the record
	// listed here.
	Unreadable []Unreadable
}

// ComplianceOfMany evaluates many people today, as Compliance does each,
// in one transaction: it reads their records a few hundred people a call
// (one call for their people, one for their done activities, one for all
// the activities of those for whom no minimum counts, and those the
// policy's cadences need), so that an organisation-wide report costs a few
// reads per few hundred people rather than several per person. Anyone who
// may read every one of them may; a caller who may not read one of them
// is refused the whole call, with nothing read and the same error
// whichever it is. A person who does not exist is ErrNotFound (refused,
// to a caller who does not read everyone).
func (s *Compliance) ComplianceOfMany(ctx context.Context, people []string) (ManyCompliance, error) {
	var out ManyCompliance
	err := s.inChunks(ctx, "compliance of many people", people, func(n int) {
		out = ManyCompliance{People: make([]PersonCompliance, 0, n)}
	}, func(c *work, ids []string) error {
		return s.complianceOfChunk(c, ids, &out)
	})
	if err != nil {
		return ManyCompliance{}, err
	}
	return out, nil
}

// inChunks is the frame of a read of many people (ComplianceOfMany,
// ExplainMany): each person once, in ID order; the call refused as op,
// with nothing read, unless the caller may read every one of them; then,
// in one View, start with their number (again on a retry), and chunk
// with refreshChunk of them at a time.
func (s *Compliance) inChunks(ctx context.Context, op string, people []string, start func(n int), chunk func(c *work, ids []string) error) error {
	c, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	ids := slices.Compact(slices.Sorted(slices.Values(people)))
	for _, id := range ids {
		if err := permit(s.canRead(c, id))(op); err != nil {
			return hide(op, c, err)
		}
	}
	err = s.view(c, func(tx Tx) error {
		start(len(ids))
		for part := range slices.Chunk(ids, refreshChunk) {
			if err := chunk(c, part); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return hide(op, c, err)
	}
	return nil
}

// complianceOfChunk evaluates the people with the given IDs (sorted, each
// once) into out.
func (s *Compliance) complianceOfChunk(c *work, ids []string, out *ManyCompliance) error {
	stored, err := getMany(c.ctx, c.tx, KindPerson, ids)
	if err != nil {
		return err
	}
	people := make([]*Person, 0, len(ids))
	readable := make([]string, 0, len(ids))
	for _, id := range ids {
		r, ok := stored[id]
		if !ok {
			return fmt.Errorf("person %s: %w", id, ErrNotFound)
		}
		p, err := personOf(r)
		if err != nil {
			if err := skipUnreadable(&out.Unreadable, err); err != nil {
				return err
			}
			continue
		}
		people, readable = append(people, p), append(readable, id)
	}
	done, err := listOwners(c.ctx, c.tx, KindActivity, readable, doneStates())
	if err != nil {
		return err
	}
	pre, err := s.prefetchWith(c, readable, done)
	if err != nil {
		return err
	}
	first := len(out.People)
	var noMinimum []string
	for _, p := range people {
		res, err := s.evaluateFrom(c, pre, p, c.today)
		var de *DecodeError
		switch {
		case errors.As(err, &de):
			out.Unreadable = append(out.Unreadable, Unreadable{Kind: de.Kind, ID: de.ID, Reason: de.Err.Error()})
			continue
		case err != nil:
			return fmt.Errorf("evaluate %s: %w", p.ID, err)
		}
		out.People = append(out.People, PersonCompliance{Person: p.ID, Result: res})
		if !hasMinimum(&res) {
			noMinimum = append(noMinimum, p.ID)
		}
	}
	if len(noMinimum) == 0 {
		return nil
	}
	// The record's hours of those for whom no minimum counts, from every
	// activity of theirs, each decoded as the record decodes it.
	all, err := listOwners(c.ctx, c.tx, KindActivity, noMinimum, nil)
	if err != nil {
		return err
	}
	byOwner := make(map[string][]Record, len(noMinimum))
	for _, r := range all {
		byOwner[r.Owner] = append(byOwner[r.Owner], r)
	}
	for i := first; i < len(out.People); i++ {
		pc := &out.People[i]
		if hasMinimum(&pc.Result) {
			continue
		}
		var acts []Activity
		for _, r := range byOwner[pc.Person] {
			a, err := decodeActivity(r)
			if err != nil {
				if err := skipUnreadable(&pc.Unreadable, err); err != nil {
					return err
				}
				continue
			}
			acts = append(acts, a)
		}
		pc.Hours = s.hoursByYear(acts)
	}
	return nil
}
