package compliance

// Add counts one cell with status s, for callers that build tallies from
// stored statuses (an organisation view read from maintained records).
func (t *Tally) Add(s Status) {
	if int(s) < len(t.counts) {
		t.counts[s]++
	}
}
