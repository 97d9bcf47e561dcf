package compliance

// Engine internals: the topic table, which maps an evidence topic to the
// requirements it meets and to what the evidence pass does with a record
// of it.

import "slices"

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
	// how says what the evidence pass does with a record of the topic,
	// so that the common cases take no loop: nothing but its hours
	// (howNone), keep the latest completion on track (howLatest, unless the
	// record has an expiry of its own), add the record to the chain of
	// requirement track (howChain), or offer it to each of acts (howAll).
	how   how
	track int32
}

// how is what the evidence pass does with a record of some topic.
type how uint8

const (
	howNone how = iota
	howLatest
	howChain
	howAll
)

// compileHow sets the entry's how and track. A requirement in leveled checks
// each record's level, so its records take the general way.
func (t *topicEntry) compileHow(leveled []int32) {
	t.how, t.track = howAll, 0
	switch {
	case len(t.acts) == 0:
		t.how = howNone
	case len(t.acts) > 1 || slices.Contains(leveled, t.acts[0].req()):
	case t.acts[0] >= 0:
		t.how, t.track = howLatest, int32(t.acts[0])
	default:
		t.how, t.track = howChain, ^int32(t.acts[0])
	}
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
		t.slots[i] = topicEntry{topic: topic, acts: acts}
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
