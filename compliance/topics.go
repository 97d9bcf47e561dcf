package compliance

// topicTable maps evidence topics to the requirements they satisfy. A
// policy has tens of topics and every evidence record is looked up once per
// evaluation, so the table is built collision-free: NewEvaluator searches
// for a seed under which every known topic hashes to its own slot, and a
// lookup is then one cheap hash of the length and three bytes, one slot and
// one string comparison, with no probing. That is several times cheaper
// than a general map.
type topicTable struct {
	slots []topicEntry // power-of-two length
	seed  uint32
	shift uint32
}

type topicEntry struct {
	topic string
	reqs  []int32
}

func (t *topicTable) hash(s string) uint32 {
	n := len(s)
	if n == 0 {
		return 0
	}
	h := uint32(n) ^ uint32(s[0])<<8 ^ uint32(s[n-1])<<16 ^ uint32(s[n/2])<<24 ^ uint32(s[n/3])*0x9e3779b1
	return (h * t.seed) >> t.shift
}

// build makes the table for topics, which map to requirement indexes.
func (t *topicTable) build(topics map[string][]int32) {
	for size := uint32(8); ; size *= 2 {
		if size < uint32(2*len(topics)) {
			continue
		}
		t.shift = 32 - uint32(log2(size))
		for seed := uint32(0x85ebca6b); seed < 0x85ebca6b+2000; seed += 2 {
			t.seed = seed
			if t.fill(topics, size) {
				return
			}
		}
	}
}

func log2(v uint32) int {
	n := 0
	for ; v > 1; v >>= 1 {
		n++
	}
	return n
}

// fill places every topic and reports whether none collided.
func (t *topicTable) fill(topics map[string][]int32, size uint32) bool {
	t.slots = make([]topicEntry, size)
	for topic, reqs := range topics {
		s := &t.slots[t.hash(topic)]
		if s.reqs != nil {
			return false
		}
		*s = topicEntry{topic: topic, reqs: reqs}
	}
	return true
}

// lookup returns the requirements topic satisfies, or nil.
func (t *topicTable) lookup(topic string) []int32 {
	if len(t.slots) == 0 {
		return nil
	}
	if s := &t.slots[t.hash(topic)]; s.topic == topic {
		return s.reqs
	}
	return nil
}
