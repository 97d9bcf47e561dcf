package xapi

import (
	"github.com/cpdkit/cpdkit/internal/uuid"

	"encoding/binary"
)

// idIndex maps statement ids to the index of their first record. It is an
// open-addressed table with linear probing whose slots are eight bytes:
// the low half of the id's hash, which also gives the slot's home, and
// the record index. A million ids take 16 MB and most lookups one cache
// line, far less than a map; the id itself is compared, in its record,
// only when the halves match.
type idIndex struct {
	slots []uint64 // a power of two long, at most half full; 0 is empty
	n     int
}

// newIDIndex returns an index sized for about n ids.
func newIDIndex(n int) idIndex {
	size := 64
	for size < 2*n {
		size *= 2
	}
	return idIndex{slots: make([]uint64, size)}
}

// hash mixes all of an id's bits into 32, since ids need not be random
// (version 1 UUIDs, or ids an LMS numbers in sequence).
func hash(id *uuid.UUID) uint32 {
	lo, hi := binary.LittleEndian.Uint64(id[:8]), binary.LittleEndian.Uint64(id[8:])
	h := lo ^ hi*0x9e3779b97f4a7c15 // then splitmix64's finaliser
	h = (h ^ h>>30) * 0xbf58476d1ce4e5b9
	h = (h ^ h>>27) * 0x94d049bb133111eb
	return uint32(h ^ h>>31)
}

// get returns the index stored for id; idOf gives the id of a stored
// index, to compare when the hashes match.
func (x *idIndex) get(id uuid.UUID, idOf func(int32) *uuid.UUID) (int32, bool) {
	if len(x.slots) == 0 {
		return 0, false
	}
	h := hash(&id)
	mask := uint64(len(x.slots) - 1)
	for i := uint64(h) & mask; ; i = (i + 1) & mask {
		s := x.slots[i]
		if s == 0 {
			return 0, false
		}
		if uint32(s>>32) == h {
			if index := int32(uint32(s)) - 1; *idOf(index) == id {
				return index, true
			}
		}
	}
}

// put stores index for id, which must not be present.
func (x *idIndex) put(id uuid.UUID, index int32) {
	if 2*(x.n+1) > len(x.slots) {
		x.grow()
	}
	x.insert(uint64(hash(&id))<<32 | uint64(uint32(index+1)))
}

// insert places a slot value at its home or the first free slot after.
func (x *idIndex) insert(s uint64) {
	mask := uint64(len(x.slots) - 1)
	i := s >> 32 & mask
	for x.slots[i] != 0 {
		i = (i + 1) & mask
	}
	x.slots[i] = s
	x.n++
}

// grow doubles the table; each slot's hash gives its new home.
func (x *idIndex) grow() {
	old := x.slots
	*x = newIDIndex(max(len(old), 32))
	for _, s := range old {
		if s != 0 {
			x.insert(s)
		}
	}
}
