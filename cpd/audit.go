package cpd

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"time"
)

// AuditQuery filters and pages Service.AuditTrail. Every filter left at
// its zero value matches everything.
type AuditQuery struct {
	// Person keeps the events about records this person owns (their
	// person record, activities, status, appraisal and claims).
	Person string
	// Kind and ID keep the events of one kind of record, or of one record.
	Kind Kind
	ID   string
	// Actor keeps the changes one person made; Action one kind of change
	// ("activity.amended", "activity.record", "person.update", …).
	Actor  string
	Action string
	// From and To keep events at or after From and before To.
	From, To time.Time
	// After pages: only events with Seq > After (AuditPage.Next of the
	// previous page).
	After int64
	// Limit is the most entries a page holds: DefaultLimit when 0, at most
	// MaxLimit.
	Limit int
}

// AuditEntry is one change, read back from the audit trail: who made it,
// when, to which record, and which fields it changed from what to what.
type AuditEntry struct {
	Seq    int64     `json:"seq"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Kind   Kind      `json:"kind"`
	ID     string    `json:"id"`
	Owner  string    `json:"owner,omitzero"`
	// Changes are the record's fields whose value differs before and after,
	// in field order: every field of a created record (Before null), every
	// field of a deleted one (After null).
	Changes []FieldChange `json:"changes"`
}

// FieldChange is one field of a record before and after a change, as the
// record's stored JSON has it (null when absent). A record that is not a
// JSON object is one change with Field "".
type FieldChange struct {
	Field  string          `json:"field"`
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
}

// AuditPage is one page of the audit trail. Next is the After of the next
// page, or 0 when this is the last.
type AuditPage struct {
	Entries []AuditEntry `json:"entries"`
	Next    int64        `json:"next,omitzero"`
}

// AuditTrail reads the audit trail back: every change to the
// organisation's records, oldest first, filtered by q, a page at a time,
// with the fields each change altered. It answers an inspector's "who
// changed this safeguarding date, when, and from what?" with one call
// (q.ID set to the activity).
//
// The roles that read everyone (administrator, head of education, IQA,
// managing director, auditor) read the whole trail; anyone else only the
// events about their own records (q.Person set to themself). The store
// filters by person, kind and record; the actor, action and time filters
// are applied while reading, so a query with only those reads the trail
// from q.After until a page is full.
//
// Errors: ErrForbidden, ErrInvalid for a negative limit or From after To,
// ErrNoActor.
func (s *Service) AuditTrail(ctx context.Context, q AuditQuery) (AuditPage, error) {
	const op = "audit trail"
	c, err := s.begin(ctx)
	if err != nil {
		return AuditPage{}, fmt.Errorf("%s: %w", op, err)
	}
	if !c.readsEveryone() && (q.Person == "" || q.Person != c.Person) {
		return AuditPage{}, deny(op)
	}
	switch {
	case q.Limit < 0:
		return AuditPage{}, fmt.Errorf("%s: %w", op, invalid("limit", "is negative"))
	case !q.From.IsZero() && !q.To.IsZero() && q.From.After(q.To):
		return AuditPage{}, fmt.Errorf("%s: %w", op, invalid("from", "is after to"))
	}
	limit := PageLimit(q.Limit)
	var page AuditPage
	err = s.view(c, func(tx Tx) error {
		page = AuditPage{}
		eq := EventQuery{Kind: q.Kind, ID: q.ID, Owner: q.Person, After: q.After, Limit: MaxLimit}
		for {
			evs, err := tx.Events(ctx, eq)
			if err != nil {
				return err
			}
			for i, e := range evs {
				if !q.matches(e) {
					continue
				}
				entry, err := auditEntry(e)
				if err != nil {
					return err
				}
				page.Entries = append(page.Entries, entry)
				if len(page.Entries) == limit {
					// More may follow: the next page starts after this one.
					if i < len(evs)-1 || len(evs) == PageLimit(eq.Limit) {
						page.Next = e.Seq
					}
					return nil
				}
			}
			if len(evs) < PageLimit(eq.Limit) {
				return nil
			}
			eq.After = evs[len(evs)-1].Seq
		}
	})
	if err != nil {
		return AuditPage{}, fmt.Errorf("%s: %w", op, err)
	}
	if page.Entries == nil {
		page.Entries = []AuditEntry{}
	}
	return page, nil
}

// AuditTrailAll yields every entry AuditTrail would return for q, page
// after page, stopping at the first error.
func (s *Service) AuditTrailAll(ctx context.Context, q AuditQuery) iter.Seq2[AuditEntry, error] {
	return func(yield func(AuditEntry, error) bool) {
		for {
			page, err := s.AuditTrail(ctx, q)
			if err != nil {
				yield(AuditEntry{}, err)
				return
			}
			for _, e := range page.Entries {
				if !yield(e, nil) {
					return
				}
			}
			if page.Next == 0 {
				return
			}
			q.After = page.Next
		}
	}
}

// matches applies the filters the store does not.
func (q AuditQuery) matches(e Event) bool {
	switch {
	case q.Actor != "" && e.Actor != q.Actor,
		q.Action != "" && e.Action != q.Action,
		!q.From.IsZero() && e.At.Before(q.From),
		!q.To.IsZero() && !e.At.Before(q.To):
		return false
	}
	return true
}

// auditEntry renders an event with the fields it changed.
func auditEntry(e Event) (AuditEntry, error) {
	changes, err := fieldChanges(e.Before, e.After)
	if err != nil {
		return AuditEntry{}, fmt.Errorf("event %d (%s %s): %w", e.Seq, e.Kind, e.ID, err)
	}
	return AuditEntry{Seq: e.Seq, At: e.At, Actor: e.Actor, Action: e.Action, Kind: e.Kind, ID: e.ID,
		Owner: e.Owner, Changes: changes}, nil
}

var jsonNull = json.RawMessage("null")

// fieldChanges compares two versions of a record's JSON field by field.
func fieldChanges(before, after []byte) ([]FieldChange, error) {
	b, bok := object(before)
	a, aok := object(after)
	if !bok || !aok {
		if bytes.Equal(before, after) {
			return []FieldChange{}, nil
		}
		return []FieldChange{{Before: rawOrNull(before), After: rawOrNull(after)}}, nil
	}
	fields := make([]string, 0, len(a)+len(b))
	for k := range b {
		fields = append(fields, k)
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			fields = append(fields, k)
		}
	}
	slices.Sort(fields)
	out := []FieldChange{}
	for _, f := range fields {
		bv, av := compact(b[f]), compact(a[f])
		if bytes.Equal(bv, av) {
			continue
		}
		out = append(out, FieldChange{Field: f, Before: bv, After: av})
	}
	return out, nil
}

// object reads a record's data as a JSON object; nil data is the empty
// object (a record before creation or after deletion).
func object(data []byte) (map[string]json.RawMessage, bool) {
	if data == nil {
		return map[string]json.RawMessage{}, true
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil || m == nil {
		return nil, false
	}
	return m, true
}

// compact returns v without insignificant space, or null when absent.
func compact(v json.RawMessage) json.RawMessage {
	if v == nil {
		return jsonNull
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, v); err != nil {
		return v
	}
	return buf.Bytes()
}

// rawOrNull returns data as a JSON value for a FieldChange: itself when it
// is valid JSON, null when nil, else a JSON string of its bytes.
func rawOrNull(data []byte) json.RawMessage {
	switch {
	case data == nil:
		return jsonNull
	case json.Valid(data):
		return compact(data)
	}
	s, _ := json.Marshal(string(data))
	return s
}

// WriteAuditJSONLines writes audit entries as JSON Lines (one entry, as
// AuditEntry's JSON, per line), stopping at the first error of entries or
// of w. Use it with Service.AuditTrailAll to give an auditor the trail.
func WriteAuditJSONLines(w io.Writer, entries iter.Seq2[AuditEntry, error]) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for e, err := range entries {
		if err != nil {
			return err
		}
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	return nil
}

// auditCSVHeader is the header row WriteAuditCSV writes.
var auditCSVHeader = []string{"seq", "at", "actor", "action", "kind", "id", "owner", "field", "before", "after"}

// WriteAuditCSV writes audit entries as CSV (RFC 4180, CRLF line ends, a
// header row): one row per changed field, with the entry's columns
// repeated, so a spreadsheet filters by field; an entry that changed no
// field has one row with the field empty. Times are RFC 3339 in UTC;
// before and after are the fields' JSON values. An error from entries
// ends the file after the rows written so far.
func WriteAuditCSV(w io.Writer, entries iter.Seq2[AuditEntry, error]) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(auditCSVHeader); err != nil {
		return err
	}
	for e, err := range entries {
		if err != nil {
			cw.Flush() // the rows written so far, then the error
			return err
		}
		head := []string{strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Action,
			string(e.Kind), e.ID, e.Owner}
		if len(e.Changes) == 0 {
			if err := cw.Write(append(head, "", "", "")); err != nil {
				return err
			}
			continue
		}
		for _, ch := range e.Changes {
			if err := cw.Write(append(slices.Clip(head), ch.Field, string(ch.Before), string(ch.After))); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
