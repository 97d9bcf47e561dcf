package compliance

// Engine internals: the topic cache, which looks a topic string up by its
// address within one call.

import "unsafe"

// topicCache remembers, for one call, which requirements the topic strings
// seen so far satisfy, keyed by where each string's bytes are in memory.
// Evidence records often share their topic strings (read through one
// interning layer, or built from the same constants as the policy), so most
// records then cost one pointer comparison instead of hashing and comparing
// bytes.
//
// A hit is always right: the key is a string's address and length, a
// string's bytes never change, and the cache holds the address, so the
// memory cannot be reused for another string while it is cached. A miss
// falls back to the topic table. When most records miss (every record has a
// topic string of its own), the cache turns itself off for the rest of the
// call, so that such callers pay next to nothing for it.
type topicCache struct {
	slots [topicCacheSize]cachedTopic // in pairs: a string is in its own slot or the other of its pair
	on    bool
	spare int32 // the spare track, past the requirements'
	// seen counts the records and misses the misses since the cache last
	// judged whether it pays.
	seen, misses int
}

// cachedTopic is a topic string's address and length, and its entry in
// the topic table. An unused slot matches only an empty topic whose address
// is nil, and answers nil (and is not plain, so that scanPlain stops).
type cachedTopic struct {
	data  *byte
	n     int
	entry *topicEntry
	// For scanPlain: whether it takes records of the topic (one
	// requirement, at any level, or none), the requirement, whether a
	// record is set aside for its chain (1 or 0), and by whether a record
	// has an expiry of its own (0 or 1), the track it updates (the spare
	// one when it keeps no latest completion there) and whether it is set
	// aside for that expiry (1 or 0).
	plain  bool
	chain  uint8
	req    int32
	latest [2]int32
	own    [2]uint8
}

const topicCacheSize = 128 // a power of two

// topicCacheWindow is how many misses the cache takes between judgements;
// it stays on while at most a quarter of the records in the window miss.
const topicCacheWindow = 1024

// slotFor returns the slot a string whose bytes start at p is looked for
// in first.
func (c *topicCache) slotFor(p *byte) uint {
	return uint(uintptr(unsafe.Pointer(p))*0x9e3779b97f4a7c15>>32) % topicCacheSize
}

// get returns the entry of topic, or nil when topic is in neither slot of
// its pair.
func (c *topicCache) get(topic string) *topicEntry {
	p := unsafe.StringData(topic)
	i := c.slotFor(p)
	e := &c.slots[i]
	if e.data != p || e.n != len(topic) {
		if e = &c.slots[i^1]; e.data != p || e.n != len(topic) {
			return nil
		}
	}
	return e.entry
}

// find returns the entry of topic when get did not: from the table,
// remembering the answer.
func (c *topicCache) find(t *topicTable, topic string) *topicEntry {
	if c == nil || !c.on {
		return t.lookup(topic)
	}
	p := unsafe.StringData(topic)
	i := c.slotFor(p)
	entry := t.lookup(topic)
	if c.slots[i].data != nil && c.slots[i^1].data == nil {
		i ^= 1 // keep the string already in its first slot
	}
	c.slots[i] = cachedTopic{data: p, n: len(topic), entry: entry, plain: entry.how != howAll, req: entry.track, latest: [2]int32{c.spare, c.spare}}
	switch entry.how {
	case howLatest:
		c.slots[i].latest[0], c.slots[i].own[1] = entry.track, 1
	case howChain:
		c.slots[i].chain = 1
	}
	if c.misses++; c.misses == topicCacheWindow {
		c.on = c.misses*4 <= c.seen
		c.seen, c.misses = 0, 0
	}
	return entry
}
