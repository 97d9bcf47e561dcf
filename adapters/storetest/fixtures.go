package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// The organisations the suite writes to.
const (
	orgA = "org-a"
	orgB = "org-b"
)

// when returns the time of the i-th change: fixed, with nanoseconds, so
// that a store that keeps only microseconds is still compared fairly.
func when(i int) time.Time {
	return time.Date(2026, time.March, 14, 9, 26, 53, 589793238, time.UTC).Add(time.Duration(i) * time.Minute)
}

// change returns a Change by actor at when(0).
func change(actor, action string) cpd.Change {
	return cpd.Change{Actor: actor, Action: action, At: when(0)}
}

// activity returns an unstored activity record. Its JSON has unsorted keys
// and spaces: a store must keep the bytes exactly.
func activity(id, owner, state string) cpd.Record {
	return cpd.Record{
		Kind: cpd.KindActivity, ID: id, Owner: owner, State: state,
		Data: []byte(`{"title": "Safeguarding ` + id + `", "aspect": "induction", "hours": "1.5"}`),
	}
}

// microseconds compares times to the microsecond, as SQL keeps them.
func microseconds() cmp.Option {
	return cmp.Transformer("Microseconds", func(t time.Time) time.Time { return t.Truncate(time.Microsecond) })
}

// update runs fn in an Update that must succeed.
func update(t *testing.T, s cpd.Store, org string, fn func(cpd.Tx) error) {
	t.Helper()
	require.NoError(t, s.Update(t.Context(), org, fn))
}

// view runs fn in a View that must succeed.
func view(t *testing.T, s cpd.Store, org string, fn func(cpd.Tx) error) {
	t.Helper()
	require.NoError(t, s.View(t.Context(), org, fn))
}

// seed stores new records in one Update, with change c, and returns them
// as stored.
func seed(t *testing.T, s cpd.Store, org string, c cpd.Change, records ...cpd.Record) []cpd.Record {
	t.Helper()
	var stored []cpd.Record
	update(t, s, org, func(tx cpd.Tx) error {
		stored = stored[:0]
		for _, r := range records {
			got, err := tx.Put(t.Context(), r, c)
			if err != nil {
				return err
			}
			stored = append(stored, got)
		}
		return nil
	})
	return stored
}

// get reads one record in a View.
func get(t *testing.T, s cpd.Store, org string, kind cpd.Kind, id string) (cpd.Record, error) {
	t.Helper()
	var r cpd.Record
	var err error
	view(t, s, org, func(tx cpd.Tx) error {
		r, err = tx.Get(t.Context(), kind, id)
		return nil
	})
	return r, err
}

// listAll reads every page of a List in one View.
func listAll(t *testing.T, s cpd.Store, org string, kind cpd.Kind, q cpd.Query) []cpd.Record {
	t.Helper()
	var all []cpd.Record
	view(t, s, org, func(tx cpd.Tx) error {
		var err error
		all, err = pages(t, tx, kind, q)
		return err
	})
	if len(all) == 0 {
		return nil // a store may return nil or empty
	}
	return all
}

// pages follows a List's Next cursors to the last page.
func pages(t *testing.T, tx cpd.Tx, kind cpd.Kind, q cpd.Query) ([]cpd.Record, error) {
	t.Helper()
	var all []cpd.Record
	for {
		p, err := tx.List(t.Context(), kind, q)
		if err != nil {
			return nil, err
		}
		all = append(all, p.Records...)
		if p.Next == "" {
			return all, nil
		}
		require.Greater(t, p.Next, q.After, "List's Next cursor must move forward")
		q.After = p.Next
	}
}

// events reads events matching q in a View.
func events(t *testing.T, s cpd.Store, org string, q cpd.EventQuery) []cpd.Event {
	t.Helper()
	var evs []cpd.Event
	view(t, s, org, func(tx cpd.Tx) error {
		var err error
		evs, err = tx.Events(t.Context(), q)
		return err
	})
	if len(evs) == 0 {
		return nil // a store may return nil or empty
	}
	return evs
}

// ids returns the records' IDs.
func ids(records []cpd.Record) []string {
	out := make([]string, 0, len(records))
	for _, r := range records {
		out = append(out, r.ID)
	}
	return out
}

// seqs returns the events' sequence numbers.
func seqs(evs []cpd.Event) []int64 {
	out := make([]int64, 0, len(evs))
	for _, e := range evs {
		out = append(out, e.Seq)
	}
	return out
}

// diff fails the test if want and got differ, comparing times to the
// microsecond.
func diff(t *testing.T, want, got any, what string) {
	t.Helper()
	if d := cmp.Diff(want, got, microseconds()); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, d)
	}
}
