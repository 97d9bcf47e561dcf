package memory

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// model is what an idSet must behave as: one sorted slice.
type model []string

func (m *model) add(id string) bool {
	i, found := slices.BinarySearch(*m, id)
	if !found {
		*m = slices.Insert(*m, i, id)
	}
	return !found
}

func (m *model) remove(id string) bool {
	i, found := slices.BinarySearch(*m, id)
	if found {
		*m = slices.Delete(*m, i, i+1)
	}
	return found
}

func (m model) after(id string) []string {
	i, found := slices.BinarySearch(m, id)
	if found {
		i++
	}
	return m[i:]
}

// same checks that two lists of IDs are equal, an empty one as nil.
func same(t *testing.T, want, got []string, msg ...any) {
	t.Helper()
	if len(want) == 0 && len(got) == 0 {
		return
	}
	require.Equal(t, want, got, msg...)
}

// walk returns the IDs a cursor from after(id) yields, checking that
// each comes with its record.
func walk(s *idSet, id string) []string {
	var out []string
	for c := s.after(id); !c.done(); c.next() {
		if c.rec().ID != c.head() {
			panic(fmt.Sprintf("the record of %s is %s", c.head(), c.rec().ID))
		}
		out = append(out, c.head())
	}
	return out
}

// all returns the set's IDs in order, in a new slice.
func (s *idSet) all() []string { return walk(s, "") }

// add puts a new record with the ID in the set.
func (s *idSet) add(id string) bool { return s.put(&cpd.Record{ID: id}) }

// checkInvariants checks that chunks are non-empty, within chunkMax,
// sorted within and between, and counted.
func checkInvariants(t *testing.T, s *idSet) {
	t.Helper()
	n, last := 0, ""
	for i, c := range s.chunks {
		require.NotEmpty(t, c, "chunk %d", i)
		require.LessOrEqual(t, len(c), chunkMax, "chunk %d", i)
		for _, e := range c {
			require.Less(t, last, e.id, "in order")
			require.Equal(t, e.id, e.rec.ID, "an ID's record")
			last = e.id
		}
		n += len(c)
	}
	require.Equal(t, n, s.len())
}

// TestIDSetIsASortedSlice: over random adds and removes that grow the set
// past many chunks and shrink it again, the set answers every add,
// remove, len and walk from any point as one sorted slice does.
func TestIDSetIsASortedSlice(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var s idSet
	var m model
	id := func() string { return fmt.Sprintf("%04x", rng.IntN(6000)) }
	for step := range 40_000 {
		x := id()
		grow := step < 20_000 && rng.IntN(4) != 0 || step >= 20_000 && rng.IntN(4) == 0
		if grow {
			require.Equal(t, m.add(x), s.add(x), "add %s", x)
		} else {
			require.Equal(t, m.remove(x), s.remove(x), "remove %s", x)
		}
		if step%997 == 0 {
			checkInvariants(t, &s)
			same(t, m, s.all())
			for _, from := range []string{"", x, id(), "~"} {
				same(t, m.after(from), walk(&s, from), "after %q", from)
			}
		}
	}
	checkInvariants(t, &s)
	require.Greater(t, len(s.chunks), 2, "the test reached several chunks")
	same(t, m, s.all())
}

func TestIDSetEdges(t *testing.T) {
	var nilSet *idSet
	require.Equal(t, 0, nilSet.len())
	require.True(t, nilSet.after("").done(), "a nil set is empty")

	var s idSet
	require.True(t, s.after("").done())
	require.False(t, s.remove("a"), "nothing to remove")
	require.True(t, s.add("b"))
	require.False(t, s.add("b"), "each once")
	require.Equal(t, []string{"b"}, walk(&s, ""))
	require.Equal(t, []string{"b"}, walk(&s, "a"))
	require.Empty(t, walk(&s, "b"), "after the last")
	require.True(t, s.remove("b"))
	require.Empty(t, s.chunks, "an emptied chunk goes")
	require.True(t, s.after("").done())

	// A cursor that starts at the end of a chunk moves on to the next.
	for i := range chunkMax + 1 {
		s.add(fmt.Sprintf("%04d", i))
	}
	require.Len(t, s.chunks, 2)
	lastOfFirst := s.chunks[0][len(s.chunks[0])-1].id
	got := walk(&s, lastOfFirst)
	require.Equal(t, s.chunks[1][0].id, got[0])
	require.Len(t, got, s.len()-len(s.chunks[0]))
}

// FuzzIDSet runs a sequence of operations read from the input against
// the set and the model.
func FuzzIDSet(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 128, 129, 1, 1, 200})
	f.Fuzz(func(t *testing.T, ops []byte) {
		var s idSet
		var m model
		for i, op := range ops {
			x := fmt.Sprintf("%03d", int(op&0x7f)*(i%11+1)%997)
			if op&0x80 == 0 {
				require.Equal(t, m.add(x), s.add(x))
			} else {
				require.Equal(t, m.remove(x), s.remove(x))
			}
		}
		checkInvariants(t, &s)
		same(t, m, s.all())
		same(t, m.after("500"), walk(&s, "500"))
	})
}

// TestIDSetPutReplacesTheRecord checks that putting a record under an ID
// the set has replaces the record a cursor then reads, and does not add
// the ID again, in a set of one chunk and of several.
func TestIDSetPutReplacesTheRecord(t *testing.T) {
	for _, n := range []int{3, 3 * chunkMax} {
		var s idSet
		for i := range n {
			require.True(t, s.put(&cpd.Record{ID: fmt.Sprintf("%05d", i), Version: 1}))
		}
		for i := 0; i < n; i += 2 {
			require.False(t, s.put(&cpd.Record{ID: fmt.Sprintf("%05d", i), Version: 2}), "replaced, not added")
		}
		require.Equal(t, n, s.len())
		i := 0
		for c := s.after(""); !c.done(); c.next() {
			require.Equal(t, fmt.Sprintf("%05d", i), c.head())
			require.Equal(t, int64(2-i%2), c.rec().Version, "record %d", i)
			i++
		}
		require.Equal(t, n, i)
		checkInvariants(t, &s)
	}
}
