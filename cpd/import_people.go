package cpd

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/rickb777/date/v2"
)

// ImportPeople creates many people's records at once, for a staff roster
// from an HR system; administrators and the head of education may. Each
// person is checked as AddPerson checks them (their fields and the policy's
// requirements they name; no extensions, exemptions or plans; a pen
// portrait's days default as AddPerson's do), and an ID that is already stored, or that the input gives twice,
// is rejected with an error matching both ErrInvalid and ErrConflict. Each
// new person's compliance status is written in the same transaction.
//
// By default the import is all or nothing, in one transaction: if any
// person is bad, nothing is written and the error matches ErrInvalid and
// is an *ImportError listing every bad one by index. With opts.SkipBad the
// good ones are imported (in batches of opts.BatchSize per transaction)
// and the bad ones listed in ImportResult.Rejected. ImportResult.IDs holds
// each imported person's ID ("" for one not imported).
//
// It writes through the Tx's PutMany when the Store offers [BulkTx], and
// with Put otherwise. Other errors: ErrForbidden, ErrNoActor, or the
// Store's (with SkipBad and batches, the batches before a failed one stay
// imported, and the result says which).
func (s *Staff) ImportPeople(ctx context.Context, people []Person, opts *ImportOptions) (ImportResult, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return ImportResult{}, fmt.Errorf("import people: %w", err)
	}
	if !c.canAdminister() {
		return ImportResult{}, deny("import people")
	}
	skipBad, size := opts.batches(len(people))
	res := ImportResult{IDs: make([]string, len(people))}
	first := make(map[string]int, len(people)) // the index that first gave each ID
	for start := 0; start < len(people); start += size {
		end := min(start+size, len(people))
		good, rejected := s.preparePeople(c.today, people, start, end, first)
		if err := s.identitiesFromDirectory(ctx, c.Org, good); err != nil {
			return res, fmt.Errorf("import people: %w", err)
		}
		var stored []indexedPerson
		err := s.update(c, func(tx Tx) error {
			var err error
			stored, rejected, err = s.importPeopleBatch(c, good, rejected, skipBad)
			return err
		})
		if err != nil && !errors.Is(err, errRejected) {
			return res, fmt.Errorf("import people: %w", err)
		}
		res.Rejected = append(res.Rejected, rejected...)
		if err != nil {
			return res, fmt.Errorf("import people: %w", &ImportError{Rejected: res.Rejected})
		}
		for _, p := range stored {
			res.IDs[p.index] = p.ID
		}
		res.Imported += len(stored)
	}
	return res, nil
}

// indexedPerson is a person with their index in the input.
type indexedPerson struct {
	Person
	index int
}

// preparePeople checks people[start:end] on their own, as AddPerson
// does, and rejects an ID given earlier in the input.
func (s *kernel) preparePeople(today date.Date, people []Person, start, end int, first map[string]int) ([]indexedPerson, []Rejection) {
	var good []indexedPerson
	var rejected []Rejection
	for i := start; i < end; i++ {
		p := people[i].Clone()
		p.Version = 0
		if p.PenPortrait.captured() {
			p.PenPortrait.Captured = cmp.Or(p.PenPortrait.Captured, p.PenPortrait.Updated, today)
			p.PenPortrait.Updated = cmp.Or(p.PenPortrait.Updated, p.PenPortrait.Captured)
		}
		err := decisionsUnchanged(&Person{}, &p)
		if err == nil {
			err = s.validPerson(&p)
		}
		if err == nil {
			err = checkBounds(&p)
		}
		if j, dup := first[p.ID]; err == nil && dup {
			err = taken(p.ID, fmt.Sprintf("is given twice in the import: first at index %d", j))
		}
		if err != nil {
			rejected = append(rejected, Rejection{Index: i, Err: err})
			continue
		}
		first[p.ID] = i
		good = append(good, indexedPerson{Person: p, index: i})
	}
	return good, rejected
}

// taken is the rejection of a person whose ID is in use.
func taken(id, why string) error {
	return fmt.Errorf("%w: %w", ErrConflict, invalid("id", "%s %s", id, why))
}

// importPeopleBatch rejects the batch's people whose ID is stored, then
// writes the rest and their statuses. It returns the people stored and
// every rejection of the batch, in index order; bad people are dropped
// (skipBad) or stop the batch with errRejected.
func (s *kernel) importPeopleBatch(c *work, batch []indexedPerson, rejected []Rejection, skipBad bool) ([]indexedPerson, []Rejection, error) {
	good := make([]indexedPerson, 0, len(batch))
	rejected = rejected[:len(rejected):len(rejected)] // a retried fn must not see the last try's appends
	ids := make([]string, len(batch))
	for i, p := range batch {
		ids[i] = p.ID
	}
	stored, err := getMany(c.ctx, c.tx, KindPerson, ids)
	if err != nil {
		return nil, rejected, err
	}
	for _, p := range batch {
		if _, exists := stored[p.ID]; exists {
			rejected = append(rejected, Rejection{Index: p.index, Err: taken(p.ID, "is already taken")})
			continue
		}
		good = append(good, p)
	}
	slices.SortFunc(rejected, func(x, y Rejection) int { return x.Index - y.Index })
	if len(rejected) > 0 && !skipBad {
		return nil, rejected, errRejected
	}
	if len(good) == 0 {
		return nil, rejected, nil
	}
	ch := c.act("person.import")
	people := make([]Record, len(good))
	evaluated := make([]*Person, len(good))
	for i := range good {
		evaluated[i] = &good[i].Person
	}
	results, err := s.evaluateMany(c, evaluated, c.today)
	if err != nil {
		return nil, rejected, err
	}
	for i, p := range evaluated {
		var err error
		if people[i], err = record(KindPerson, p.ID, p.ID, "", p); err != nil {
			return nil, rejected, err
		}
		p.Version = 1
	}
	if err := putMany(c.ctx, c.tx, people, ch); err != nil {
		return nil, rejected, err
	}
	return good, rejected, s.writeStatuses(c, evaluated, results, nil)
}

// record encodes a new record.
func record(kind Kind, id, owner, state string, v any) (Record, error) {
	data, err := encodeRecord(kind, v)
	if err != nil {
		return Record{}, err
	}
	return Record{Kind: kind, ID: id, Owner: owner, State: state, Data: data}, nil
}
