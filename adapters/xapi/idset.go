package xapi

import "encoding/binary"

// idIndex maps statement ids to the index of their first record: an
// open-addressed table with linear probing, which for a million ids costs
// far less than a map, since each lookup is one hash of the id's bytes and
// usually one cache line.
type idIndex struct {
	slots []idSlot // a power of two long, at most half full
	n     int
}

// idSlot is one entry; index is the record index plus one, so that zero
// marks an empty slot.
type idSlot struct {
	id    uuid
	index int32
}

// newIDIndex returns an index sized for about n ids.
func newIDIndex(n int) idIndex {
	size := 64
	for size < 2*n {
		size *= 2
	}
	return idIndex{slots: make([]idSlot, size)}
}

// hash mixes all of an id's bits, since ids need not be random (version 1
// UUIDs, or ids an LMS numbers in sequence).
func (id *uuid) hash() uint64 {
	lo, hi := binary.LittleEndian.Uint64(id[:8]), binary.LittleEndian.Uint64(id[8:])
	h := lo ^ hi*0x9e3779b97f4a7c15 // then splitmix64's finaliser
	h = (h ^ h>>30) * 0xbf58476d1ce4e5b9
	h = (h ^ h>>27) * 0x94d049bb133111eb
	return h ^ h>>31
}

// get returns the index stored for id.
func (x *idIndex) get(id uuid) (int32, bool) {
	if len(x.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(x.slots) - 1)
	for i := id.hash() & mask; ; i = (i + 1) & mask {
		s := &x.slots[i]
		if s.index == 0 {
			return 0, false
		}
		if s.id == id {
			return s.index - 1, true
		}
	}
}

// put stores index for id, which must not be present.
func (x *idIndex) put(id uuid, index int32) {
	if 2*(x.n+1) > len(x.slots) {
		x.grow()
	}
	mask := uint64(len(x.slots) - 1)
	i := id.hash() & mask
	for x.slots[i].index != 0 {
		i = (i + 1) & mask
	}
	x.slots[i] = idSlot{id: id, index: index + 1}
	x.n++
}

// grow doubles the table.
func (x *idIndex) grow() {
	old := x.slots
	*x = newIDIndex(max(len(old), 32))
	for i := range old {
		if old[i].index != 0 {
			x.put(old[i].id, old[i].index-1)
		}
	}
}
