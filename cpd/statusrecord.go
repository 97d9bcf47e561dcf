package cpd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/internal/statusrec"
)

// statusRecord is how a Status is stored: organisation views read one per
// person, so it is compact, and read by the flat reader of
// internal/statusrec. Its items are positional, one cell per requirement
// of the policy it was evaluated against (Policy fingerprints it), in the
// policy's order, as a row of statusrec cells: the status's letter (see
// statusLetters), then the last valid day and, after a comma, the day due
// by, each as a count of days since 1 January 1970, or empty for none:
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

// readShared is readFlat, but takes the policy, team, job role and line
// manager from shared when they are there, and adds them when not (see
// statusrec.Strings): an organisation view decodes a status per person,
// and these repeat from one person to the next. A nil shared shares
// nothing.
func (r *statusRecord) readShared(data []byte, shared statusrec.Strings) bool {
	return r.read(data, shared, nil, nil)
}

// read is readShared, but keeps the person's ID and name in arena (nil
// for none), and when cells is not nil it leaves the cells in *cells
// rather than in r.Cells, as a view of data when they have no escapes:
// eachStatus turns them into items at once, so it need not copy them.
func (r *statusRecord) read(data []byte, shared statusrec.Strings, arena *statusrec.Arena, cells *[]byte) bool {
	return statusrec.ReadFlat(data, func(name []byte, v statusrec.Value) bool {
		if cells != nil && string(name) == "cells" {
			*cells = v.Bytes()
			return true
		}
		return r.set(name, v, shared, arena)
	})
}

// set stores one named value, reporting false for a value it cannot read
// (a day that is not YYYY-MM-DD) or a name only encoding/json would match.
func (r *statusRecord) set(name []byte, v statusrec.Value, shared statusrec.Strings, arena *statusrec.Arena) bool {
	ok := true
	switch string(name) {
	case "person":
		r.Person = v.In(arena)
	case "name":
		r.Name = v.In(arena)
	case "team":
		r.Team = v.Shared(shared)
	case "job_role":
		r.JobRole = v.Shared(shared)
	case "line_manager":
		r.LineManager = v.Shared(shared)
	case "policy":
		r.Policy = v.Shared(shared)
	case "cells":
		r.Cells = v.Text()
	case "leaving":
		r.Leaving, ok = v.Day()
	case "on":
		r.On, ok = v.Day()
	case "next_change":
		r.NextChange, ok = v.Day()
	default:
		// encoding/json matches names regardless of case: leave such a
		// name to it.
		for _, n := range [...]string{"person", "name", "team", "job_role", "line_manager", "policy", "cells", "leaving", "on", "next_change"} {
			if strings.EqualFold(n, string(name)) {
				return false
			}
		}
	}
	return ok
}

// recordOf is the stored form of a status.
func recordOf(st *Status) statusRecord {
	b := make([]byte, 0, len(st.Items)*len("d20000,20000;"))
	for _, it := range st.Items {
		b = statusrec.AppendCell(b, statusrec.Cell{Letter: statusLetters[it.Status], First: it.ValidUntil, Second: it.DueBy})
	}
	return statusRecord{
		Person: st.Person, Name: st.Name, Team: st.Team, JobRole: st.JobRole, LineManager: st.LineManager,
		Leaving: st.Leaving, On: st.On, NextChange: st.NextChange, Policy: st.Policy, Cells: string(b),
	}
}

// statusLetters are the cells' letters for the statuses, by value: each
// status's stable name starts with its letter but Planned's ("l").
const statusLetters = "?cdplomen"

// statusOfLetter is the status whose letter is b (see statusLetters), or 0
// for none.
func statusOfLetter(b byte) compliance.Status {
	for k := 1; k < len(statusLetters); k++ {
		if statusLetters[k] == b {
			return compliance.Status(k)
		}
	}
	return 0
}

// status rebuilds the Status from its stored form, naming the items after
// reqs, the requirements of the policy it was evaluated against.
func (r *statusRecord) status(reqs []compliance.Requirement) (Status, error) {
	return statusOf(r, r.Cells, reqs, make([]StatusItem, len(reqs)))
}

// statusOf is r.status with cells for r.Cells, filling items, which has
// one item per requirement, rather than a new slice.
func statusOf[T string | []byte](r *statusRecord, cells T, reqs []compliance.Requirement, items []StatusItem) (Status, error) {
	err := statusrec.ParseCells(cells, len(reqs), func(i int, c statusrec.Cell) error {
		st := statusOfLetter(c.Letter)
		if st == 0 {
			return fmt.Errorf("cell %d: %q is not a status's letter", i, c.Letter)
		}
		// Field by field: a whole StatusItem built and then copied is
		// read back in wider loads than it was written in, which stalls.
		it := &items[i]
		it.Requirement, it.Status, it.ValidUntil, it.DueBy = reqs[i].ID, st, c.First, c.Second
		return nil
	})
	if err != nil {
		return Status{}, fmt.Errorf("decode status %s against %d requirements: %w", r.Person, len(reqs), err)
	}
	return Status{
		Person: r.Person, Name: r.Name, Team: r.Team, JobRole: r.JobRole, LineManager: r.LineManager,
		Leaving: r.Leaving, On: r.On, NextChange: r.NextChange, Policy: r.Policy, Items: items,
	}, nil
}

// parseDay reads YYYY-MM-DD, or "" as the zero day (statusrec.ParseDay).
func parseDay[T string | []byte](s T) (date.Date, error) { return statusrec.ParseDay(s) }

// statusSlab is how many statuses' items eachStatus allocates at once.
const statusSlab = 256

// eachStatus calls fn, in person ID order, with each stored status's
// person's status on day on, or the error statusOn gives for them: the
// stored status while it holds, and otherwise the person re-evaluated.
// fn must not use the Tx. When the Tx offers ScanTx it reads the stored
// statuses in one pass, decoding each from the store's bytes as it comes
// (sharing the strings that repeat, see readShared; the cells read in
// place; the items allocated statusSlab statuses at a time) and passing it
// on at once, until it meets a stale one: that one, and those after it,
// wait until the pass ends, since the Tx is busy during it and a stale one
// is re-evaluated from the person's records. Otherwise it reads them a
// page at a time with List.
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
	shared := make(statusrec.Strings)
	var arena statusrec.Arena
	n := len(s.reqs)
	var slab []StatusItem // the items of the statuses to come
	err := sc.Scan(c.ctx, KindStatus, func(id, data []byte) error {
		var sr statusRecord
		var cells []byte
		if sr.read(data, shared, &arena, &cells) && sr.fresh(on, s.policy) {
			if len(slab) < n {
				slab = make([]StatusItem, statusSlab*n)
			}
			if st, err := statusOf(&sr, cells, s.reqs, slab[:n:n]); err == nil {
				slab = slab[n:]
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
