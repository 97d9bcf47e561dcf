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
	ids  []string // sorted by byte order, for keyset paging
	rows map[string]cpd.Record
}

// commit publishes a transaction's writes.
func (o *org) commit(w *writes) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for kind, rows := range w.rows {
		t := o.tables[kind]
		if t == nil {
			t = &table{rows: make(map[string]cpd.Record)}
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
	if _, ok := t.rows[r.ID]; !ok {
		i, _ := slices.BinarySearch(t.ids, r.ID)
		t.ids = slices.Insert(t.ids, i, r.ID)
	}
	t.rows[r.ID] = r
}

// remove deletes the record with the ID, if present.
func (t *table) remove(id string) {
	if _, ok := t.rows[id]; !ok {
		return
	}
	delete(t.rows, id)
	if i, ok := slices.BinarySearch(t.ids, id); ok {
		t.ids = slices.Delete(t.ids, i, i+1)
	}
}
