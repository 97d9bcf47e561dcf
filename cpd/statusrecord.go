package cpd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/compliance"
)

// statusRecord is how a Status is stored: organisation views read one per
// person, so it is compact. Its items are positional, one cell per
// requirement of the policy it was evaluated against (Policy fingerprints
// it), in the policy's order, separated by ";". A cell is the status's
// letter (see statusLetters), then the last valid day and, after a comma,
// the day due by, each as a count of days since 1 January 1970, or empty
// for none:
//
//	"c20878,;m,20727;n,"
//
// is compliant until 2027-03-01; missing, due by 2026-10-01; and not
// applicable.
//
// A status of another policy is stale, and is re-evaluated rather than
// decoded, so its cells never need the other policy's requirements.
type statusRecord struct {
	Person      string    `json:"person"`
	Name        string    `json:"name"`
	Team        string    `json:"team,omitzero"`
	JobRole     string    `json:"job_role,omitzero"`
	LineManager string    `json:"line_manager,omitzero"`
	Leaving     date.Date `json:"leaving,omitzero"`
	On          date.Date `json:"on"`
	NextChange  date.Date `json:"next_change,omitzero"`
	Policy      string    `json:"policy"`
	Cells       string    `json:"cells"`
}

// fresh reports whether the stored status still holds on day on for the
// policy with the given fingerprint.
func (r *statusRecord) fresh(on date.Date, policy string) bool {
	return r.Policy == policy && r.On <= on && (r.NextChange == 0 || on < r.NextChange)
}

// decodeStatusRecord reads a stored status. Organisation views decode one
// per person, so it reads the flat object of strings that recordOf writes
// itself, and leaves anything else (such as a value that is not a string)
// to encoding/json, which also words the errors.
func decodeStatusRecord(rec Record) (statusRecord, error) {
	var r statusRecord
	if r.readFlat(rec.Data) {
		return r, nil
	}
	r = statusRecord{}
	if err := json.Unmarshal(rec.Data, &r); err != nil {
		return statusRecord{}, fmt.Errorf("decode status %s: %w", rec.ID, err)
	}
	return r, nil
}

// readFlat reads a JSON object whose values are all strings into r, and
// reports whether it could. Unknown names are skipped, as encoding/json
// skips them.
func (r *statusRecord) readFlat(data []byte) bool { return r.readShared(data, nil) }

// maxShared bounds how many strings readShared keeps for sharing.
const maxShared = 4096

// readShared is readFlat, but takes the policy, team, job role and line
// manager from shared, which maps each such string read before to itself,
// when they are there, and adds them when not (up to maxShared): an
// organisation view decodes a status per person, and these repeat from
// one person to the next. A nil shared shares nothing.
func (r *statusRecord) readShared(data []byte, shared map[string]string) bool {
	sc := flatScanner{data: data}
	if !sc.byte('{') {
		return false
	}
	if sc.byte('}') {
		return sc.end()
	}
	for {
		name, ok := sc.str()
		if !ok || name.escaped || !sc.byte(':') {
			return false // an escaped name is left to encoding/json
		}
		value, ok := sc.str()
		if !ok || !r.set(name.raw, value, shared) {
			return false
		}
		if sc.byte('}') {
			return sc.end()
		}
		if !sc.byte(',') {
			return false
		}
	}
}

// set stores one named value, reporting false for a value it cannot read
// (a day that does not parse) or a name only encoding/json would match.
func (r *statusRecord) set(name []byte, value jsonString, shared map[string]string) bool {
	ok := true
	switch string(name) {
	case "person":
		r.Person, ok = value.text()
	case "name":
		r.Name, ok = value.text()
	case "team":
		r.Team, ok = value.sharedText(shared)
	case "job_role":
		r.JobRole, ok = value.sharedText(shared)
	case "line_manager":
		r.LineManager, ok = value.sharedText(shared)
	case "policy":
		r.Policy, ok = value.sharedText(shared)
	case "cells":
		r.Cells, ok = value.text()
	case "leaving":
		r.Leaving, ok = value.day()
	case "on":
		r.On, ok = value.day()
	case "next_change":
		r.NextChange, ok = value.day()
	default:
		// encoding/json matches names regardless of case: leave such a
		// name to it.
		for _, n := range [...]string{"person", "name", "team", "job_role", "line_manager", "policy", "cells", "leaving", "on", "next_change"} {
			if strings.EqualFold(n, string(name)) {
				return false
			}
		}
		if value.escaped {
			_, ok = value.text() // skipped, but its escapes must be valid
		}
	}
	return ok
}

// jsonString is a string token as it stands in the JSON, between its
// quotes.
type jsonString struct {
	raw     []byte
	escaped bool // it has escapes
}

// text returns the string, decoding escapes (and invalid UTF-8, which
// encoding/json replaces) with encoding/json.
func (js jsonString) text() (string, bool) {
	if !js.escaped && utf8.Valid(js.raw) {
		return string(js.raw), true
	}
	quoted := make([]byte, 0, len(js.raw)+2)
	quoted = append(append(append(quoted, '"'), js.raw...), '"')
	var s string
	return s, json.Unmarshal(quoted, &s) == nil
}

// sharedText is text, taken from shared (see readShared) if it is there
// and added to it if not.
func (js jsonString) sharedText(shared map[string]string) (string, bool) {
	if shared == nil || js.escaped {
		return js.text()
	}
	if s, ok := shared[string(js.raw)]; ok {
		return s, true
	}
	s, ok := js.text()
	if ok && s == string(js.raw) && len(shared) < maxShared {
		shared[s] = s
	}
	return s, ok
}

// day reads a day as date.Date's JSON has it (never empty), leaving an
// escaped one to encoding/json.
func (js jsonString) day() (date.Date, bool) {
	if js.escaped || len(js.raw) == 0 {
		return 0, false
	}
	d, err := parseDay(js.raw)
	return d, err == nil
}

// flatScanner reads the tokens of a flat JSON object.
type flatScanner struct {
	data []byte
	pos  int
}

func (sc *flatScanner) space() {
	for sc.pos < len(sc.data) {
		switch sc.data[sc.pos] {
		case ' ', '\t', '\n', '\r':
			sc.pos++
		default:
			return
		}
	}
}

// byte consumes c, after white space, if it comes next.
func (sc *flatScanner) byte(c byte) bool {
	sc.space()
	if sc.pos < len(sc.data) && sc.data[sc.pos] == c {
		sc.pos++
		return true
	}
	return false
}

// end reports whether nothing but white space is left.
func (sc *flatScanner) end() bool {
	sc.space()
	return sc.pos == len(sc.data)
}

// str reads a string token.
func (sc *flatScanner) str() (jsonString, bool) {
	if !sc.byte('"') {
		return jsonString{}, false
	}
	start, escaped := sc.pos, false
	for ; sc.pos < len(sc.data); sc.pos++ {
		switch c := sc.data[sc.pos]; {
		case c == '\\':
			escaped = true
			sc.pos++
		case c < 0x20:
			return jsonString{}, false
		case c == '"':
			raw := sc.data[start:sc.pos]
			sc.pos++
			return jsonString{raw: raw, escaped: escaped}, true
		}
	}
	return jsonString{}, false
}

// recordOf is the stored form of a status.
func recordOf(st *Status) statusRecord {
	b := make([]byte, 0, len(st.Items)*len("d20000,20000;"))
	for i, it := range st.Items {
		if i > 0 {
			b = append(b, ';')
		}
		b = append(b, statusLetters[it.Status])
		b = appendDay(b, it.ValidUntil)
		b = append(b, ',')
		b = appendDay(b, it.DueBy)
	}
	return statusRecord{
		Person: st.Person, Name: st.Name, Team: st.Team, JobRole: st.JobRole, LineManager: st.LineManager,
		Leaving: st.Leaving, On: st.On, NextChange: st.NextChange, Policy: st.Policy, Cells: string(b),
	}
}

// statusLetters are the cells' letters for the statuses, by value: each
// status's stable name starts with its letter but Planned's ("l").
const statusLetters = "?cdplomen"

// unixDay is 1 January 1970, from which cells count their days.
const unixDay = date.Date(date.ZeroOffset)

// appendDay appends d as a count of days since 1 January 1970, or nothing
// for the zero day.
func appendDay(b []byte, d date.Date) []byte {
	if d == 0 {
		return b
	}
	return strconv.AppendInt(b, int64(d-unixDay), 10)
}

// status rebuilds the Status from its stored form, naming the items after
// reqs, the requirements of the policy it was evaluated against.
func (r *statusRecord) status(reqs []compliance.Requirement) (Status, error) {
	st := Status{
		Person: r.Person, Name: r.Name, Team: r.Team, JobRole: r.JobRole, LineManager: r.LineManager,
		Leaving: r.Leaving, On: r.On, NextChange: r.NextChange, Policy: r.Policy,
		Items: make([]StatusItem, len(reqs)),
	}
	rest := r.Cells
	for i := range reqs {
		cell, more, found := rest, "", false
		if k := strings.IndexByte(rest, ';'); k >= 0 {
			cell, more, found = rest[:k], rest[k+1:], true
		}
		if found != (i < len(reqs)-1) {
			return Status{}, fmt.Errorf("decode status %s: %d cells for %d requirements", r.Person, strings.Count(r.Cells, ";")+1, len(reqs))
		}
		it, ok := parseCell(cell)
		if !ok {
			return Status{}, fmt.Errorf("decode status %s: cell %d %q is not a status letter, days, a comma and days", r.Person, i, cell)
		}
		it.Requirement = reqs[i].ID
		st.Items[i] = it
		rest = more
	}
	return st, nil
}

// parseCell reads one cell: a status letter, days, a comma and days.
func parseCell(cell string) (StatusItem, bool) {
	if cell == "" {
		return StatusItem{}, false
	}
	var it StatusItem
	if k := strings.IndexByte(statusLetters[1:], cell[0]); k >= 0 {
		it.Status = compliance.Status(k + 1)
	} else {
		return StatusItem{}, false
	}
	comma := strings.IndexByte(cell, ',')
	if comma < 0 {
		return StatusItem{}, false
	}
	valid, due, found := cell[1:comma], cell[comma+1:], true
	var ok1, ok2 bool
	it.ValidUntil, ok1 = parseDays(valid)
	it.DueBy, ok2 = parseDays(due)
	return it, found && ok1 && ok2
}

// parseDays reads a count of days since 1 January 1970 (negative before
// it), or "" as the zero day.
func parseDays(s string) (date.Date, bool) {
	if s == "" {
		return 0, true
	}
	sign := date.Date(1)
	if s[0] == '-' {
		sign, s = -1, s[1:]
	}
	if s == "" || len(s) > 9 { // nine digits reach far beyond any calendar in use
		return 0, false
	}
	n, ok := digits(s)
	return unixDay + sign*date.Date(n), ok
}

// parseDay reads YYYY-MM-DD (a four-digit year), or "" as the zero day. It
// is the hot path of an organisation view, so it reads the digits itself.
func parseDay[T string | []byte](s T) (date.Date, error) {
	if len(s) == 0 {
		return 0, nil
	}
	if len(s) != len("2006-01-02") || s[4] != '-' || s[7] != '-' {
		return 0, fmt.Errorf("%q is not a YYYY-MM-DD date", s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, fmt.Errorf("%q is not a YYYY-MM-DD date", s)
	}
	day := date.New(y, time.Month(m), d)
	if _, mm, dd := day.Date(); int(mm) != m || dd != d {
		return 0, fmt.Errorf("%q is not a day of the calendar", s)
	}
	return day, nil
}

// digits reads a run of decimal digits.
func digits[T string | []byte](s T) (int, bool) {
	n := 0
	for i := range len(s) {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// eachStatus calls fn, in person ID order, with each stored status's
// person's status on day on, or the error statusOn gives for them: the
// stored status while it holds, and otherwise the person re-evaluated.
// fn must not use the Tx. When the Tx offers ScanTx it reads the stored
// statuses in one pass, decoding each from the store's bytes as it comes
// (sharing the strings that repeat, see readShared) and passing it on at
// once, until it meets a stale one: that one, and those after it, wait
// until the pass ends, since the Tx is busy during it and a stale one is
// re-evaluated from the person's records. Otherwise it reads them a page
// at a time with List.
func (s *kernel) eachStatus(c *work, on date.Date, fn func(Status, error) error) error {
	sc, ok := c.tx.(ScanTx)
	if !ok {
		return each(c.ctx, c.tx, KindStatus, Query{Limit: MaxLimit}, func(r Record) error {
			return fn(s.statusOn(c, r, on))
		})
	}
	type read struct {
		st    Status
		stale *Record // to go through statusOn; nil when st holds
	}
	var waiting []read // from the first stale status on
	shared := make(map[string]string)
	err := sc.Scan(c.ctx, KindStatus, func(id, data []byte) error {
		var sr statusRecord
		if sr.readShared(data, shared) && sr.fresh(on, s.policy) {
			if st, err := sr.status(s.reqs); err == nil {
				if len(waiting) == 0 {
					return fn(st, nil)
				}
				waiting = append(waiting, read{st: st})
				return nil
			}
		}
		waiting = append(waiting, read{stale: &Record{Kind: KindStatus, ID: string(id), Owner: string(id), Data: bytes.Clone(data)}})
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range waiting {
		var err error
		if r.stale != nil {
			err = fn(s.statusOn(c, *r.stale, on))
		} else {
			err = fn(r.st, nil)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
