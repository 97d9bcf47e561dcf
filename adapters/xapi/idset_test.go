package xapi

import (
	"encoding/binary"
	"fmt"
	"testing"
)

// TestIDIndex checks the id index against a map, with ids in sequence
// (which differ only in their last bytes) and scattered ones, through
// several doublings.
func TestIDIndex(t *testing.T) {
	var x idIndex
	want := make(map[uuid]int32)
	id := func(k uint64, scattered bool) uuid {
		var u uuid
		if scattered {
			k = (k + 1) * 0x9e3779b97f4a7c15
			binary.BigEndian.PutUint64(u[:8], k)
		}
		binary.BigEndian.PutUint64(u[8:], k)
		return u
	}
	for k := range uint64(50_000) {
		u := id(k%25_000, k >= 25_000)
		if got, ok := x.get(u); ok {
			t.Fatalf("id %d found (%d) before it was put", k, got)
		}
		x.put(u, int32(k))
		want[u] = int32(k)
	}
	for u, k := range want {
		if got, ok := x.get(u); !ok || got != k {
			t.Fatalf("get(%x) = %d, %t; want %d", u, got, ok, k)
		}
	}
	if _, ok := x.get(id(1<<40, true)); ok {
		t.Error("found an id never put")
	}
	if x.n != len(want) || 2*x.n > len(x.slots) {
		t.Errorf("%d ids in %d slots, want %d at most half full", x.n, len(x.slots), len(want))
	}
}

// TestIDIndexSpreadsSequentialIDs checks that ids an LMS numbers in
// sequence do not pile up in one part of the table: no id is more than a
// few slots from its home.
func TestIDIndexSpreadsSequentialIDs(t *testing.T) {
	x := newIDIndex(100_000)
	for k := range 100_000 {
		u, ok := parseUUID(fmt.Appendf(nil, "00000000-0000-4000-8000-%012d", k))
		if !ok {
			t.Fatal("bad test id")
		}
		x.put(u, int32(k))
	}
	mask := uint64(len(x.slots) - 1)
	worst := uint64(0)
	for i, s := range x.slots {
		if s.index != 0 {
			worst = max(worst, (uint64(i)-s.id.hash())&mask)
		}
	}
	if worst > 64 {
		t.Errorf("an id is %d slots from its home, want at most 64", worst)
	}
}
