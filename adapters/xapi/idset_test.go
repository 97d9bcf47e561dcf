package xapi

import (
	"github.com/cpdkit/cpdkit/internal/uuid"

	"encoding/binary"
	"fmt"
	"testing"
)

// TestIDIndex checks the id index against a map, with ids in sequence
// (which differ only in their last bytes) and scattered ones, through
// several doublings.
func TestIDIndex(t *testing.T) {
	var x idIndex
	var ids []uuid.UUID
	idOf := func(i int32) *uuid.UUID { return &ids[i] }
	want := make(map[uuid.UUID]int32)
	id := func(k uint64, scattered bool) uuid.UUID {
		var u uuid.UUID
		if scattered {
			k = (k + 1) * 0x9e3779b97f4a7c15
			binary.BigEndian.PutUint64(u[:8], k)
		}
		binary.BigEndian.PutUint64(u[8:], k)
		return u
	}
	for k := range uint64(50_000) {
		u := id(k%25_000, k >= 25_000)
		if got, ok := x.get(u, idOf); ok {
			t.Fatalf("id %d found (%d) before it was put", k, got)
		}
		ids = append(ids, u)
		x.put(u, int32(k))
		want[u] = int32(k)
	}
	for u, k := range want {
		if got, ok := x.get(u, idOf); !ok || got != k {
			t.Fatalf("get(%x) = %d, %t; want %d", u, got, ok, k)
		}
	}
	if _, ok := x.get(id(1<<40, true), idOf); ok {
		t.Error("found an id never put")
	}
	if x.n != len(want) || 2*x.n > len(x.slots) {
		t.Errorf("%d ids in %d slots, want %d at most half full", x.n, len(x.slots), len(want))
	}
}

// TestIDIndexHashCollision checks that an id is compared, not just its
// hash: a slot with the right hash but another id's record is not a match.
func TestIDIndexHashCollision(t *testing.T) {
	var x idIndex
	ids := []uuid.UUID{{1}, {2}}
	idOf := func(i int32) *uuid.UUID { return &ids[i] }
	x.put(ids[0], 0)
	x.insert(uint64(hash(&ids[1]))<<32 | 1) // ids[1]'s hash, pointing at record 0
	if got, ok := x.get(ids[1], idOf); ok {
		t.Errorf("get(ids[1]) = %d: matched another id's record by its hash", got)
	}
	if got, ok := x.get(ids[0], idOf); !ok || got != 0 {
		t.Errorf("get(ids[0]) = %d, %t; want 0", got, ok)
	}
}

// TestIDIndexSpreadsSequentialIDs checks that ids an LMS numbers in
// sequence do not pile up in one part of the table: no id is more than a
// few slots from its home.
func TestIDIndexSpreadsSequentialIDs(t *testing.T) {
	x := newIDIndex(100_000)
	for k := range 100_000 {
		u, ok := uuid.Parse(fmt.Appendf(nil, "00000000-0000-4000-8000-%012d", k))
		if !ok {
			t.Fatal("bad test id")
		}
		x.put(u, int32(k))
	}
	mask := uint64(len(x.slots) - 1)
	worst := uint64(0)
	for i, s := range x.slots {
		if s != 0 {
			worst = max(worst, (uint64(i)-(s>>32))&mask)
		}
	}
	if worst > 64 {
		t.Errorf("an id is %d slots from its home, want at most 64", worst)
	}
}
