package cpd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/compliance"
)

// ImportOptions tune ImportCompletions. A nil *ImportOptions means the
// defaults: all or nothing, in one transaction.
type ImportOptions struct {
	// SkipBad imports the valid activities and reports the others,
	// instead of rejecting the whole import.
	SkipBad bool
	// BatchSize, with SkipBad, writes this many activities per
	// transaction, so that a very large import holds no transaction for
	// long; 0 means one transaction. Without SkipBad it is ignored: an
	// all-or-nothing import is one transaction.
	BatchSize int
}

// batches returns whether bad items are skipped and how many items of n
// each transaction writes: all of them, unless SkipBad and BatchSize say
// otherwise.
func (o *ImportOptions) batches(n int) (skipBad bool, size int) {
	if o == nil {
		return false, n
	}
	if o.SkipBad && o.BatchSize > 0 {
		return true, o.BatchSize
	}
	return o.SkipBad, n
}

// ImportResult says what ImportCompletions did.
type ImportResult struct {
	// IDs has one entry per activity given: its new ID, or "" if it was
	// not imported.
	IDs []string
	// Imported is the number of activities stored.
	Imported int
	// Rejected are the activities that broke a rule, in index order.
	Rejected []Rejection
	// Duplicates are the activities not imported because their person
	// already has an activity with the same ExternalRef (stored earlier,
	// or earlier in the same import), in index order.
	Duplicates []Duplicate
}

// Duplicate is an activity an import skipped as already recorded: its
// index in the input and the ID of the activity recorded with its
// ExternalRef.
type Duplicate struct {
	Index    int
	Existing string
}

// Rejection is one activity an import refused: its index in the input and
// why (an error matching ErrInvalid, usually a *ValidationError).
type Rejection struct {
	Index int
	Err   error
}

// ImportError lists the activities that made an all-or-nothing import
// fail. It matches ErrInvalid.
type ImportError struct {
	Rejected []Rejection
}

// maxListed bounds how many rejections ImportError's message spells out.
const maxListed = 10

// Error names the rejected activities by index and says why, the first
// few in full.
func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d rejected", len(e.Rejected))
	for i, r := range e.Rejected {
		if i == maxListed {
			fmt.Fprintf(&b, "; and %d more", len(e.Rejected)-maxListed)
			break
		}
		fmt.Fprintf(&b, "; #%d: %v", r.Index, r.Err)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ImportError) Is(target error) bool { return target == ErrInvalid }

// ImportCompletions stores completed activities in bulk, for migrations
// from an LMS or HR system; administrators and the head of education may.
// Each activity is checked as RecordCompleted checks it (its fields,
// evidence required, a completion date that is not in the future, not
// before the person started and not after they left, and a person who
// exists), then stored as Completed with a new ID. Each affected person's
// status is refreshed once per transaction, not once per activity: worked
// out from one read of their earlier records and the imported activities
// it holds, and written after the activities.
//
// An import can be run again: an activity whose person already has one
// with the same ExternalRef (imported before, or earlier in this import)
// is not recorded twice but listed in ImportResult.Duplicates.
//
// By default the import is all or nothing, in one transaction: if any
// activity is bad, nothing is written and the error matches ErrInvalid and
// is an *ImportError listing every bad one by index. With opts.SkipBad the
// good ones are imported (in batches of opts.BatchSize per transaction)
// and the bad ones listed in ImportResult.Rejected.
//
// It writes the activities through the Tx's PutMany when the Store offers
// [BulkTx], with the feedback report's links ([KindCompletion], one record
// per day the activities were completed on, up to 500 activities a record)
// after them, and the statuses through its UpdateMany when it offers
// [UpdateManyTx], and with Put otherwise. Other errors: ErrForbidden, ErrNoActor, or the
// Store's (with SkipBad and batches, the batches before a failed one stay
// imported, and the result says which).
func (s *Activities) ImportCompletions(ctx context.Context, acts []Activity, opts *ImportOptions) (ImportResult, error) {
	const action = "activity.import"
	c, err := s.begin(ctx)
	if err != nil {
		return ImportResult{}, fmt.Errorf("import activities: %w", err)
	}
	if !c.canAdminister() {
		return ImportResult{}, deny("import activities")
	}
	skipBad, size := opts.batches(len(acts))
	res := ImportResult{IDs: make([]string, len(acts))}
	for start := 0; start < len(acts); start += size {
		end := min(start+size, len(acts))
		prepared := s.prepareImport(c, acts, start, end)
		var b *importBatch
		err := s.update(c, func(tx Tx) error {
			// Each run of the transaction (the Store may run it again
			// after a conflict) starts from what prepareImport found:
			// importBatch replaces good, never writing to prepared's.
			b = &importBatch{good: prepared.good, rejected: slices.Clone(prepared.rejected)}
			return s.importBatch(c, b, skipBad, action)
		})
		if b == nil { // the transaction never ran
			b = prepared
		}
		if err != nil && !errors.Is(err, errRejected) {
			return res, fmt.Errorf("import activities: %w", err)
		}
		res.Rejected = append(res.Rejected, b.rejected...)
		if err != nil {
			return res, fmt.Errorf("import activities: %w", &ImportError{Rejected: res.Rejected})
		}
		for _, a := range b.good {
			res.IDs[a.index] = a.ID
		}
		res.Imported += len(b.good)
		res.Duplicates = append(res.Duplicates, b.duplicates...)
	}
	return res, nil
}

// errRejected stops an all-or-nothing batch that has bad activities.
var errRejected = errors.New("activities rejected")

// importBatch is one transaction's share of an import.
type importBatch struct {
	good       []indexed
	rejected   []Rejection
	duplicates []Duplicate
}

// indexed is an activity with its index in the input.
type indexed struct {
	Activity
	index int
}

// prepareImport checks acts[start:end] on their own and gives the good
// ones IDs.
func (s *kernel) prepareImport(c *work, acts []Activity, start, end int) *importBatch {
	b := &importBatch{good: make([]indexed, 0, end-start)}
	for i := start; i < end; i++ {
		a := acts[i]
		a.clearKept()
		a.State, a.Version, a.RequestedBy, a.RecordedBy = Completed, 0, c.Person, c.Person
		a.Topics, a.Targets = slices.Clone(a.Topics), slices.Clone(a.Targets)
		err := a.Validate()
		if err == nil && a.Evidence == "" {
			err = invalid("evidence", "is required for a recorded activity")
		}
		if err == nil && a.Funding != nil {
			err = invalid("funding", "an imported record carries no money; request the activity instead")
		}
		if err == nil {
			a.ID = s.newID()
			err = checkBounds(&a)
		}
		if err != nil {
			b.rejected = append(b.rejected, Rejection{Index: i, Err: err})
			continue
		}
		b.good = append(b.good, indexed{Activity: a, index: i})
	}
	return b
}

// importBatch checks a batch's activities against their people, writes
// the good ones and refreshes each affected person's status once. Bad
// ones are dropped (skipBad) or stop the batch with errRejected. It
// replaces b.good with a new slice, leaving the one it was given as it
// was, so that a transaction run again starts from the same activities.
func (s *kernel) importBatch(c *work, b *importBatch, skipBad bool, action string) error {
	people, err := s.importPeopleOf(c, b.good)
	if err != nil {
		return err
	}
	good := make([]indexed, 0, len(b.good))
	rejected := slices.Clone(b.rejected)
	for _, a := range b.good {
		p, err := s.importPerson(c, people, a.Person)
		if err == nil {
			err = s.fits(c.today, p, &a.Activity)
		}
		switch {
		case errors.Is(err, ErrInvalid):
			rejected = append(rejected, Rejection{Index: a.index, Err: err})
		case err != nil:
			return err
		default:
			good = append(good, a)
		}
	}
	slices.SortFunc(rejected, func(x, y Rejection) int { return x.Index - y.Index })
	b.good, b.rejected = good, rejected
	if len(rejected) > 0 && !skipBad {
		return errRejected
	}
	ch := c.act(action)
	// Each affected person's earlier activities are read once, before the
	// batch's are written: for the duplicate check and, with the batch's
	// own activities from memory, for their evaluation.
	affected, results, err := s.importEvaluate(c, b, people, s.dayOf(ch.At))
	if err != nil {
		return err
	}
	if err := putActivities(c.ctx, c.tx, b.good, ch); err != nil {
		return err
	}
	ids := make([]string, len(affected))
	for i, p := range affected {
		ids[i] = p.ID
	}
	stored, err := getMany(c.ctx, c.tx, KindStatus, ids)
	if err != nil {
		return err
	}
	return s.writeStatuses(c, affected, results, stored)
}

// importEvaluate drops from the batch's good activities those whose
// person already has an activity with the same ExternalRef, stored or
// earlier in the batch, listing them in b.duplicates; and evaluates on
// day on each person left with an activity to import, as refreshStatus
// would once the batch is written. It returns those people in ID order
// and their results. It reads the people's stored records refreshChunk
// people at a time (see prefetch), each once, and takes the batch's own
// activities from memory (see doneOf).
func (s *kernel) importEvaluate(c *work, b *importBatch, people map[string]*Person, on date.Date) ([]*Person, []compliance.Result, error) {
	mine := make(map[string][]int) // person → indexes into b.good, in input order
	for i, a := range b.good {
		mine[a.Person] = append(mine[a.Person], i)
	}
	dup := make([]bool, len(b.good))
	b.duplicates = nil
	var affected []*Person
	var results []compliance.Result
	done := doneStates()
	for chunk := range slices.Chunk(slices.Sorted(maps.Keys(mine)), refreshChunk) {
		rs, err := listOwners(c.ctx, c.tx, KindActivity, chunk, nil)
		if err != nil {
			return nil, nil, err
		}
		pre := &prefetched{activities: make(map[string][]Record), added: make(map[string][]doneActivity)}
		seen := make(map[string]map[string]string) // person → external ref → activity ID
		for _, r := range rs {
			if seen[r.Owner] == nil {
				seen[r.Owner] = make(map[string]string)
			}
			if err := addRef(seen[r.Owner], r); err != nil {
				return nil, nil, err
			}
			if slices.Contains(done, r.State) {
				pre.activities[r.Owner] = append(pre.activities[r.Owner], r)
			}
		}
		if err := s.prefetchOthers(c, chunk, pre); err != nil {
			return nil, nil, err
		}
		for _, id := range chunk {
			refs := seen[id]
			var added []doneActivity
			for _, i := range mine[id] {
				a := &b.good[i]
				if a.ExternalRef != "" {
					if existing, ok := refs[a.ExternalRef]; ok {
						dup[i] = true
						b.duplicates = append(b.duplicates, Duplicate{Index: a.index, Existing: existing})
						continue
					}
					if refs == nil {
						refs = make(map[string]string)
					}
					refs[a.ExternalRef] = a.ID
				}
				added = append(added, doneOf(&a.Activity))
			}
			if len(added) == 0 {
				continue
			}
			slices.SortFunc(added, func(x, y doneActivity) int { return strings.Compare(x.ID, y.ID) })
			pre.added[id] = added
			p := people[id]
			res, err := s.evaluateFrom(c, pre, p, on)
			if err != nil {
				return nil, nil, fmt.Errorf("evaluate %s: %w", p.ID, err)
			}
			affected, results = append(affected, p), append(results, res)
		}
	}
	good := b.good[:0]
	for i, a := range b.good {
		if !dup[i] {
			good = append(good, a)
		}
	}
	b.good = good
	slices.SortFunc(b.duplicates, func(x, y Duplicate) int { return x.Index - y.Index })
	return affected, results, nil
}

// addRef adds an activity record's external reference, if it has one.
func addRef(refs map[string]string, r Record) error {
	var a struct {
		ExternalRef string `json:"external_ref"`
	}
	if err := json.Unmarshal(r.Data, &a); err != nil {
		return fmt.Errorf("decode activity %s: %w", r.ID, err)
	}
	if a.ExternalRef != "" {
		refs[a.ExternalRef] = r.ID
	}
	return nil
}

// importPeopleOf reads the people that a batch's activities name, into
// the cache that importPerson reads (nil for one who does not exist).
func (s *kernel) importPeopleOf(c *work, acts []indexed) (map[string]*Person, error) {
	ids := make([]string, 0, len(acts))
	for _, a := range acts {
		ids = append(ids, a.Person)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	stored, err := getMany(c.ctx, c.tx, KindPerson, ids)
	if err != nil {
		return nil, err
	}
	people := make(map[string]*Person, len(ids))
	for _, id := range ids {
		r, ok := stored[id]
		if !ok {
			people[id] = nil
			continue
		}
		if people[id], err = personOf(r); err != nil {
			return nil, err
		}
	}
	return people, nil
}

// importPerson returns a person from the batch's cache, reading them on
// first use. A person who does not exist is ErrInvalid.
func (s *kernel) importPerson(c *work, people map[string]*Person, id string) (*Person, error) {
	if p, ok := people[id]; ok {
		if p == nil {
			return nil, invalid("person", "%s does not exist", id)
		}
		return p, nil
	}
	p, err := getPerson(c.ctx, c.tx, id)
	switch {
	case errors.Is(err, ErrNotFound):
		people[id] = nil
		return nil, invalid("person", "%s does not exist", id)
	case err != nil:
		return nil, err
	}
	people[id] = &p
	return &p, nil
}

// putActivities creates activities, with the Tx's PutMany if it has one.
func putActivities(ctx context.Context, tx Tx, acts []indexed, c Change) error {
	if err := linkImported(ctx, tx, acts, c); err != nil { // the improvement-plan review's index
		return err
	}
	rs := make([]Record, len(acts))
	for i := range acts {
		a := &acts[i].Activity
		data, err := encodeChecked(KindActivity, a) // checkBounds passed it in prepareImport
		if err != nil {
			return err
		}
		rs[i] = activityRecords.encoded(a, 0, data)
	}
	if err := putMany(ctx, tx, rs, c); err != nil {
		return err
	}
	ps := make([]*Activity, len(acts))
	for i := range acts {
		ps[i] = &acts[i].Activity
	}
	return linkDone(ctx, tx, c, ps...) // the feedback report's index
}
