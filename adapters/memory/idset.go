package memory

import (
	"slices"
	"sort"
	"strings"

	"github.com/cpdkit/cpdkit/cpd"
)

// chunkMax is the most IDs an idSet keeps in one chunk: adding or
// removing an ID moves at most this many strings, and a full chunk is
// split in two.
const chunkMax = 512

// idSet is a set of record IDs in byte order, for keyset paging, each
// with its stored record, so that walking the set reads the records
// without looking each up in the table's map (in a map too large for the
// cache, that lookup cost a cache miss or two a record, and made a walk
// of the same records slower in a larger organisation). It keeps them in
// sorted chunks of at most chunkMax, so that adding or removing one costs
// a binary search and a move within one chunk, whatever the size of the
// set: in one sorted slice, a record added to an organisation with a
// million of its kind moved half a million strings (BenchmarkPutAtScale).
// The zero value is an empty set; so is a nil *idSet for reading.
type idSet struct {
	// chunks are non-empty and sorted, and every ID of chunks[i] sorts
	// before every ID of chunks[i+1].
	chunks [][]entry
	n      int
}

// entry is an ID of an idSet and its record (whose ID it is).
type entry struct {
	id  string
	rec *cpd.Record
}

// find is the position of id in the chunk c, and whether it is there.
func find(c []entry, id string) (int, bool) {
	return slices.BinarySearchFunc(c, id, func(e entry, id string) int { return strings.Compare(e.id, id) })
}

// len returns how many IDs the set holds.
func (s *idSet) len() int {
	if s == nil {
		return 0
	}
	return s.n
}

// chunkFor returns the index of the first chunk whose last ID is id or
// sorts after it: the chunk that holds id, if any; len(s.chunks) when id
// sorts after every ID.
func (s *idSet) chunkFor(id string) int {
	return sort.Search(len(s.chunks), func(i int) bool {
		c := s.chunks[i]
		return c[len(c)-1].id >= id
	})
}

// put puts rec in the set under its ID, in the place of the record the
// set had under it if any; false if it had one.
func (s *idSet) put(rec *cpd.Record) bool {
	id := rec.ID
	ci := s.chunkFor(id)
	switch {
	case len(s.chunks) == 0:
		s.chunks = append(s.chunks, []entry{{id, rec}})
		s.n++
		return true
	case ci == len(s.chunks): // after every ID: at the end of the last chunk
		ci--
	}
	c := s.chunks[ci]
	i, found := find(c, id)
	if found {
		c[i].rec = rec
		return false
	}
	c = slices.Insert(c, i, entry{id, rec})
	if len(c) > chunkMax {
		// The right half gets an array of its own, with room to grow;
		// the left half keeps the chunk's.
		half := len(c) / 2
		right := make([]entry, len(c)-half, chunkMax+1)
		copy(right, c[half:])
		clear(c[half:])
		c = c[:half]
		s.chunks = slices.Insert(s.chunks, ci+1, right)
	}
	s.chunks[ci] = c
	s.n++
	return true
}

// remove takes id out of the set; false if it was not there.
func (s *idSet) remove(id string) bool {
	ci := s.chunkFor(id)
	if ci == len(s.chunks) {
		return false
	}
	c := s.chunks[ci]
	i, found := find(c, id)
	if !found {
		return false
	}
	c = slices.Delete(c, i, i+1)
	if len(c) == 0 {
		s.chunks = slices.Delete(s.chunks, ci, ci+1)
	} else {
		s.chunks[ci] = c
	}
	s.n--
	return true
}

// after returns a cursor at the first ID of the set that sorts after id
// ("" for the first of all). The cursor reads the set as it is: it is
// not to be used once the set has changed.
func (s *idSet) after(id string) idCursor {
	if s == nil {
		return idCursor{}
	}
	ci := s.chunkFor(id)
	if ci == len(s.chunks) {
		return idCursor{}
	}
	c := s.chunks[ci]
	k, found := find(c, id)
	if found {
		k++
	}
	cur := idCursor{cur: c[k:], rest: s.chunks[ci+1:]}
	cur.fill()
	return cur
}

// idCursor walks an idSet in order from where after put it.
type idCursor struct {
	cur  []entry   // the rest of the chunk it is in; empty only when done
	rest [][]entry // the chunks after it
}

// fill moves on to the next chunk when the current one is used up.
func (c *idCursor) fill() {
	for len(c.cur) == 0 && len(c.rest) > 0 {
		c.cur, c.rest = c.rest[0], c.rest[1:]
	}
}

// done reports whether the cursor has passed the last ID.
func (c idCursor) done() bool { return len(c.cur) == 0 }

// head returns the ID at the cursor; the cursor must not be done.
func (c idCursor) head() string { return c.cur[0].id }

// rec returns the record at the cursor; the cursor must not be done.
func (c idCursor) rec() *cpd.Record { return c.cur[0].rec }

// next moves the cursor to the following ID.
func (c *idCursor) next() {
	c.cur = c.cur[1:]
	c.fill()
}
