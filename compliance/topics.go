package compliance

// topicTable maps evidence topics to the requirements they satisfy. A
// policy has tens of topics and every evidence record is looked up once per
// evaluation, so the table is an open-addressed hash table of its own rather
// than a map: a lookup is one cheap hash of the length and three bytes, one
// slot and one string comparison. NewEvaluator searches for a seed under
// which every known topic has its own slot; when there is none (two topics
// that agree in every byte the hash reads) colliding topics take the next
// free slot, so the table is always correct and the search always ends.
type topicTable struct {
	slots []topicEntry // power-of-two length, at least twice the topics, so never full
	seed  uint32
	shift uint32
	mask  uint32 // len(slots) - 1
}

// topicEntry is one slot; an empty slot has the empty topic, which no
// requirement uses.
type topicEntry struct {
	topic string
	acts  []act
	// one is set when the topic satisfies exactly one requirement whose
	// track keeps the latest completion (acts[0], not chained): the
	// evidence pass's common case, which it handles without a loop.
	one bool
}

// act is what a record of some topic does for one requirement: its value is
// the requirement's index, or the complement of the index (negative) when
// the requirement chains renewals (FromPreviousExpiry) and so sets every
// record aside, which saves the evidence pass a lookup.
type act int32

// req returns the index of the requirement.
func (a act) req() int32 {
	if a < 0 {
		return int32(^a)
	}
	return int32(a)
}

func (t *topicTable) hash(s string) uint32 {
	if s == "" {
		return 0
	}
	h := uint32(len(s)) ^ uint32(s[0])<<8 ^ uint32(s[len(s)-1])<<16 ^ uint32(s[len(s)>>1])<<24
	return h * t.seed >> t.shift
}

// seedTries bounds the search for a collision-free seed at each size.
const seedTries = 512

// build makes the table for topics, which map to requirement indexes.
func (t *topicTable) build(topics map[string][]act) {
	size := uint32(8)
	for size < uint32(2*len(topics)) {
		size *= 2
	}
	for grow := range 3 {
		t.shift = 32 - uint32(log2(size<<grow))
		for seed := uint32(0x85ebca6b); seed < 0x85ebca6b+2*seedTries; seed += 2 {
			t.seed = seed
			if t.fill(topics, size<<grow) == 0 {
				return
			}
		}
	}
	t.shift, t.seed = 32-uint32(log2(size)), 0x85ebca6b
	t.fill(topics, size)
}

func log2(v uint32) int {
	n := 0
	for ; v > 1; v >>= 1 {
		n++
	}
	return n
}

// fill places every topic, each colliding one in the next free slot, and
// returns the number of collisions.
func (t *topicTable) fill(topics map[string][]act, size uint32) int {
	t.slots, t.mask = make([]topicEntry, size), size-1
	collisions := 0
	for topic, acts := range topics {
		i := t.hash(topic)
		for ; t.slots[i].topic != ""; i = (i + 1) & t.mask {
			collisions++
		}
		t.slots[i] = topicEntry{topic: topic, acts: acts, one: len(acts) == 1 && acts[0] >= 0}
	}
	return collisions
}

// lookup returns the entry for topic, or an empty one with no acts,
// comparing strings from its home slot to the first empty one.
func (t *topicTable) lookup(topic string) *topicEntry {
	for i := t.hash(topic); ; i = (i + 1) & t.mask {
		if s := &t.slots[i]; s.topic == topic || s.topic == "" {
			return s
		}
	}
}
