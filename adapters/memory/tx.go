package memory

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cpdkit/cpdkit/cpd"
)

// errClosed is returned by a Tx used after its transaction ended.
var errClosed = errors.New("transaction has ended")

// tx is one transaction. A View's has no write set. Its mutex makes it
// safe for concurrent use by goroutines that fn starts.
type tx struct {
	mu     sync.Mutex
	org    *org
	w      *writes // nil in a View
	closed bool
}

// writes is an Update's private write set: the records it put or deleted
// and the events it appended, published by org.commit.
type writes struct {
	rows   map[cpd.Kind]map[string]*cpd.Record // nil means deleted
	events []cpd.Event
}

func newWrites() *writes {
	return &writes{rows: make(map[cpd.Kind]map[string]*cpd.Record)}
}

var _ cpd.Tx = (*tx)(nil)

// close ends the transaction: later calls fail.
func (t *tx) close() {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
}

// usable checks what every call needs. The caller holds t.mu.
func (t *tx) usable(ctx context.Context, write bool) error {
	switch {
	case t.closed:
		return errClosed
	case write && t.w == nil:
		return cpd.ErrReadOnly
	}
	return ctx.Err()
}

// Get returns the record, or an error wrapping cpd.ErrNotFound.
func (t *tx) Get(ctx context.Context, kind cpd.Kind, id string) (cpd.Record, error) {
	if err := cpd.CheckKey(kind, id, false); err != nil {
		return cpd.Record{}, fmt.Errorf("memory: get: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(ctx, false); err != nil {
		return cpd.Record{}, fmt.Errorf("memory: get %s %q: %w", kind, id, err)
	}
	r, ok := t.lookup(kind, id)
	if !ok {
		return cpd.Record{}, fmt.Errorf("memory: get %s %q: %w", kind, id, cpd.ErrNotFound)
	}
	return clone(r), nil
}

// List returns one page of records of the kind in ID order, filtered by q.
func (t *tx) List(ctx context.Context, kind cpd.Kind, q cpd.Query) (cpd.Page, error) {
	if err := errors.Join(cpd.CheckKey(kind, "", false), cpd.CheckQuery(q)); err != nil {
		return cpd.Page{}, fmt.Errorf("memory: list: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(ctx, false); err != nil {
		return cpd.Page{}, fmt.Errorf("memory: list %s: %w", kind, err)
	}
	limit := cpd.PageLimit(q.Limit)
	var p cpd.Page
	for r := range t.scan(kind, q.After, q.Owner, q.States) {
		if !matches(r, q) {
			continue
		}
		if len(p.Records) == limit {
			p.Next = p.Records[limit-1].ID
			break
		}
		p.Records = append(p.Records, clone(r))
	}
	return p, nil
}

// Put writes a record if r.Version is the stored version (0 to create),
// and appends its audit event. It fails with cpd.ErrConflict (a stale
// version, or a create of an existing ID), cpd.ErrReadOnly (in a View),
// or cpd.ErrInvalid (an argument cpd.CheckRecord or cpd.CheckChange refuses).
func (t *tx) Put(ctx context.Context, r cpd.Record, c cpd.Change) (cpd.Record, error) {
	if err := errors.Join(cpd.CheckRecord(r), cpd.CheckChange(c)); err != nil {
		return cpd.Record{}, fmt.Errorf("memory: put: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(ctx, true); err != nil {
		return cpd.Record{}, fmt.Errorf("memory: put %s %q: %w", r.Kind, r.ID, err)
	}
	old, exists := t.lookup(r.Kind, r.ID)
	if err := checkVersion(old, exists, r.Version); err != nil {
		return cpd.Record{}, fmt.Errorf("memory: put %s %q: %w", r.Kind, r.ID, err)
	}
	stored := r
	stored.Version = old.Version + 1
	stored.Data = bytes.Clone(r.Data)
	t.set(r.Kind, r.ID, &stored)
	t.appendEvent(c, stored.Kind, stored.ID, stored.Owner, old.Data, stored.Data)
	return clone(stored), nil
}

// PutMany creates new records and appends an audit event for each, all
// or nothing (cpd.BulkTx). It fails, writing nothing, with cpd.ErrConflict
// (an existing ID, an ID given twice, or a Version other than 0),
// cpd.ErrInvalid (an argument cpd.CheckRecord or cpd.CheckChange refuses) or
// cpd.ErrReadOnly (in a View).
func (t *tx) PutMany(ctx context.Context, rs []cpd.Record, c cpd.Change) ([]cpd.Record, error) {
	if err := cpd.CheckChange(c); err != nil {
		return nil, fmt.Errorf("memory: put many: %w", err)
	}
	for i, r := range rs {
		if err := cpd.CheckRecord(r); err != nil {
			return nil, fmt.Errorf("memory: put many: record %d: %w", i, err)
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(ctx, true); err != nil {
		return nil, fmt.Errorf("memory: put many: %w", err)
	}
	seen := make(map[cpd.Kind]map[string]bool)
	for _, r := range rs {
		old, exists := t.lookup(r.Kind, r.ID)
		err := checkVersion(old, exists, r.Version)
		if err == nil && seen[r.Kind][r.ID] {
			err = fmt.Errorf("given twice: %w", cpd.ErrConflict)
		}
		if err != nil {
			return nil, fmt.Errorf("memory: put many: %s %q: %w", r.Kind, r.ID, err)
		}
		if seen[r.Kind] == nil {
			seen[r.Kind] = make(map[string]bool)
		}
		seen[r.Kind][r.ID] = true
	}
	out := make([]cpd.Record, len(rs))
	for i, r := range rs {
		stored := r
		stored.Version = 1
		stored.Data = bytes.Clone(r.Data)
		t.set(r.Kind, r.ID, &stored)
		t.appendEvent(c, stored.Kind, stored.ID, stored.Owner, nil, stored.Data)
		out[i] = clone(stored)
	}
	return out, nil
}

var _ cpd.BulkTx = (*tx)(nil)

// Delete removes the record at the given version and appends its audit
// event. It fails with cpd.ErrNotFound, cpd.ErrConflict (a stale
// version) or cpd.ErrReadOnly (in a View).
func (t *tx) Delete(ctx context.Context, kind cpd.Kind, id string, version int64, c cpd.Change) error {
	if err := errors.Join(cpd.CheckKey(kind, id, true), cpd.CheckChange(c)); err != nil {
		return fmt.Errorf("memory: delete: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(ctx, true); err != nil {
		return fmt.Errorf("memory: delete %s %q: %w", kind, id, err)
	}
	old, exists := t.lookup(kind, id)
	if !exists {
		return fmt.Errorf("memory: delete %s %q: %w", kind, id, cpd.ErrNotFound)
	}
	if err := checkVersion(old, exists, version); err != nil {
		return fmt.Errorf("memory: delete %s %q: %w", kind, id, err)
	}
	t.set(kind, id, nil)
	t.appendEvent(c, kind, id, old.Owner, old.Data, nil)
	return nil
}

// Events returns the organisation's events in Seq order, filtered by q,
// including those this transaction appended.
func (t *tx) Events(ctx context.Context, q cpd.EventQuery) ([]cpd.Event, error) {
	if err := cpd.CheckEventQuery(q); err != nil {
		return nil, fmt.Errorf("memory: events: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(ctx, false); err != nil {
		return nil, fmt.Errorf("memory: events: %w", err)
	}
	limit := cpd.PageLimit(q.Limit)
	var out []cpd.Event
	for e := range t.eventsAfter(max(q.After, 0)) {
		if len(out) == limit {
			break
		}
		if eventMatches(e, q) {
			out = append(out, cloneEvent(e))
		}
	}
	return out, nil
}

// checkVersion compares the version a writer read with the stored one.
func checkVersion(old cpd.Record, exists bool, version int64) error {
	switch {
	case !exists && version != 0:
		return fmt.Errorf("version %d of a record that does not exist: %w", version, cpd.ErrConflict)
	case exists && version == 0:
		return fmt.Errorf("already exists: %w", cpd.ErrConflict)
	case exists && version != old.Version:
		return fmt.Errorf("version %d is stale, stored is %d: %w", version, old.Version, cpd.ErrConflict)
	}
	return nil
}

// lookup finds a record, in the write set first.
func (t *tx) lookup(kind cpd.Kind, id string) (cpd.Record, bool) {
	if t.w != nil {
		if r, ok := t.w.rows[kind][id]; ok {
			if r == nil {
				return cpd.Record{}, false
			}
			return *r, true
		}
	}
	if tb := t.org.tables[kind]; tb != nil {
		if r, ok := tb.rows[id]; ok {
			return *r, true
		}
	}
	return cpd.Record{}, false
}

// set records a write (nil for a delete) in the write set.
func (t *tx) set(kind cpd.Kind, id string, r *cpd.Record) {
	rows := t.w.rows[kind]
	if rows == nil {
		rows = make(map[string]*cpd.Record)
		t.w.rows[kind] = rows
	}
	rows[id] = r
}

// appendEvent adds the audit event for a write. At is kept to the
// microsecond, as SQL databases keep it.
func (t *tx) appendEvent(c cpd.Change, kind cpd.Kind, id, owner string, before, after []byte) {
	t.w.events = append(t.w.events, cpd.Event{
		Seq:    int64(len(t.org.events) + len(t.w.events) + 1),
		At:     c.At.Truncate(time.Microsecond),
		Actor:  c.Actor,
		Action: c.Action,
		Kind:   kind,
		ID:     id,
		Owner:  owner,
		Before: before,
		After:  after,
	})
}

// scan yields the records of a kind whose IDs sort after the cursor, in ID
// order: the committed ones merged with the write set's. With an owner it
// walks only that owner's committed IDs, and without one but with states
// only the committed IDs in those states (a state "" walks them all).
// Callers still filter, since the write set may have changed an owner or
// a state.
func (t *tx) scan(kind cpd.Kind, after, owner string, states []string) iter.Seq[cpd.Record] {
	var lists []idCursor // the committed IDs to walk, one cursor each
	if tb := t.org.tables[kind]; tb != nil {
		switch {
		case owner != "":
			lists = []idCursor{tb.byOwner[owner].after(after)}
		case len(states) > 0 && !slices.Contains(states, ""):
			for i, st := range states {
				if !slices.Contains(states[:i], st) {
					lists = append(lists, tb.byState[st].after(after))
				}
			}
		default:
			lists = []idCursor{tb.ids.after(after)}
		}
	}
	var mine map[string]*cpd.Record
	var own []string
	if t.w != nil {
		mine = t.w.rows[kind]
		for id := range mine {
			if id > after {
				own = append(own, id)
			}
		}
		slices.Sort(own)
	}
	return func(yield func(cpd.Record) bool) {
		for {
			// The committed cursor with the least head: the lists hold
			// distinct IDs (a record has one state), so this merges them.
			head := -1
			for i := range lists {
				if !lists[i].done() && (head < 0 || lists[i].head() < lists[head].head()) {
					head = i
				}
			}
			if head < 0 && len(own) == 0 {
				return
			}
			var r *cpd.Record
			switch c := cmpHeads(lists, head, own); {
			case c < 0:
				r = lists[head].rec()
				lists[head].next()
			case c == 0:
				r, own = mine[own[0]], own[1:]
				lists[head].next()
			default:
				r, own = mine[own[0]], own[1:]
			}
			if r != nil && !yield(*r) {
				return
			}
		}
	}
}

// cmpHeads compares the head of the committed cursor lists[head] (none
// when head is -1) with the first of the write set's sorted IDs own, at
// least one of them present; a missing one sorts last.
func cmpHeads(lists []idCursor, head int, own []string) int {
	switch {
	case head < 0:
		return 1
	case len(own) == 0:
		return -1
	}
	return strings.Compare(lists[head].head(), own[0])
}

// eventsAfter yields the events with Seq > after, committed then this
// transaction's, using events[i].Seq == i+1.
func (t *tx) eventsAfter(after int64) iter.Seq[cpd.Event] {
	return func(yield func(cpd.Event) bool) {
		var pending []cpd.Event
		if t.w != nil {
			pending = t.w.events
		}
		for _, list := range [][]cpd.Event{t.org.events, pending} {
			skip := min(after, int64(len(list)))
			after -= skip
			for _, e := range list[skip:] {
				if !yield(e) {
					return
				}
			}
		}
	}
}

// matches reports whether a record passes q's filters.
func matches(r cpd.Record, q cpd.Query) bool {
	return (q.Owner == "" || r.Owner == q.Owner) &&
		(len(q.States) == 0 || slices.Contains(q.States, r.State))
}

// eventMatches reports whether an event passes q's filters.
func eventMatches(e cpd.Event, q cpd.EventQuery) bool {
	return (q.Kind == "" || e.Kind == q.Kind) &&
		(q.ID == "" || e.ID == q.ID) &&
		(q.Owner == "" || e.Owner == q.Owner)
}

// clone returns a copy of r that shares no memory with the store.
func clone(r cpd.Record) cpd.Record {
	r.Data = bytes.Clone(r.Data)
	return r
}

// cloneEvent returns a copy of e that shares no memory with the store.
func cloneEvent(e cpd.Event) cpd.Event {
	e.Before = bytes.Clone(e.Before)
	e.After = bytes.Clone(e.After)
	return e
}
