package memory

import (
	"slices"
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
// changed in place, so their Data may be shared with events and write sets.
type table struct {
	ids     []string            // sorted by byte order, for keyset paging
	byOwner map[string][]string // owner to their IDs, sorted, so a person's records cost O(theirs)
	rows    map[string]cpd.Record
}

// commit publishes a transaction's writes.
func (o *org) commit(w *writes) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for kind, rows := range w.rows {
		t := o.tables[kind]
		if t == nil {
			t = &table{rows: make(map[string]cpd.Record), byOwner: make(map[string][]string)}
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

// put stores r, adding its ID to the index if it is new.
func (t *table) put(r cpd.Record) {
	old, ok := t.rows[r.ID]
	if !ok {
		t.ids = insertSorted(t.ids, r.ID)
	}
	if !ok || old.Owner != r.Owner {
		if ok {
			t.unindex(old)
		}
		if r.Owner != "" {
			t.byOwner[r.Owner] = insertSorted(t.byOwner[r.Owner], r.ID)
		}
	}
	t.rows[r.ID] = r
}

// unindex removes r from its owner's index.
func (t *table) unindex(r cpd.Record) {
	if r.Owner == "" {
		return
	}
	ids := t.byOwner[r.Owner]
	if i, ok := slices.BinarySearch(ids, r.ID); ok {
		ids = slices.Delete(ids, i, i+1)
	}
	if len(ids) == 0 {
		delete(t.byOwner, r.Owner)
	} else {
		t.byOwner[r.Owner] = ids
	}
}

func insertSorted(ids []string, id string) []string {
	i, _ := slices.BinarySearch(ids, id)
	return slices.Insert(ids, i, id)
}

// remove deletes the record with the ID, if present.
func (t *table) remove(id string) {
	old, ok := t.rows[id]
	if !ok {
		return
	}
	t.unindex(old)
	delete(t.rows, id)
	if i, ok := slices.BinarySearch(t.ids, id); ok {
		t.ids = slices.Delete(t.ids, i, i+1)
	}
}
