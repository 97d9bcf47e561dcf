package memory

import (
	"sync"

	"github.com/cpdkit/cpdkit/cpd"
)

// org is one organisation's committed records and events.
//
// Only the holder of writer changes tables and events, and only in commit,
// under mu's write lock. So the writer reads them without locking, and a
// View reads them under mu's read lock for its whole fn, which gives it a
// snapshot: a commit waits for the Views in progress.
type org struct {
	writer chan struct{} // a one-slot semaphore held by the running Update
	mu     sync.RWMutex
	tables map[cpd.Kind]*table
	events []cpd.Event // events[i].Seq == i+1
}

// table holds the committed records of one kind. Stored records are never
// changed in place, so their Data may be shared with events and write
// sets, and the indexes point to the same records as rows.
type table struct {
	ids     idSet             // every ID of the kind, for keyset paging
	byOwner map[string]*idSet // owner to their IDs, so a person's records cost O(theirs)
	byState map[string]*idSet // state to its IDs, so the records in a state cost O(them)
	rows    map[string]*cpd.Record
}

// commit publishes a transaction's writes.
func (o *org) commit(w *writes) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for kind, rows := range w.rows {
		t := o.tables[kind]
		if t == nil {
			t = &table{rows: make(map[string]*cpd.Record), byOwner: make(map[string]*idSet), byState: make(map[string]*idSet)}
			o.tables[kind] = t
		}
		for id, r := range rows {
			if r == nil {
				t.remove(id)
			} else {
				t.put(*r)
			}
		}
	}
	o.events = append(o.events, w.events...)
}

// put stores a copy of r in rows and in the indexes, in the place of the
// record stored under its ID, if any, whose owner's and state's indexes
// it leaves if it had another owner or state.
func (t *table) put(r cpd.Record) {
	rec := &r
	if old, ok := t.rows[r.ID]; ok && (old.Owner != r.Owner || old.State != r.State) {
		t.unindex(old)
	}
	t.ids.put(rec)
	index(t.byOwner, r.Owner, rec)
	index(t.byState, r.State, rec)
	t.rows[r.ID] = rec
}

// unindex removes r from its owner's and its state's index.
func (t *table) unindex(r *cpd.Record) {
	unindex(t.byOwner, r.Owner, r.ID)
	unindex(t.byState, r.State, r.ID)
}

// index puts rec in the index of key, unless key is "" (records without
// an owner or a state are found by walking them all).
func index(m map[string]*idSet, key string, rec *cpd.Record) {
	if key == "" {
		return
	}
	s := m[key]
	if s == nil {
		s = &idSet{}
		m[key] = s
	}
	s.put(rec)
}

// unindex removes id from the IDs of key.
func unindex(m map[string]*idSet, key, id string) {
	if s := m[key]; s != nil {
		s.remove(id)
		if s.len() == 0 {
			delete(m, key)
		}
	}
}

// remove deletes the record with the ID, if present.
func (t *table) remove(id string) {
	old, ok := t.rows[id]
	if !ok {
		return
	}
	t.unindex(old)
	delete(t.rows, id)
	t.ids.remove(id)
}
