package report_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/report"
	"github.com/cpdkit/cpdkit/cpd"
)

// corrupt overwrites, past the Service, the stored record of kind and id
// with data that does not decode, as a hand edit in the database could.
func corrupt(t *testing.T, d *fixture, kind cpd.Kind, id, owner, data string) {
	t.Helper()
	ctx := context.Background()
	err := d.store.Update(ctx, org, func(tx cpd.Tx) error {
		r, err := tx.Get(ctx, kind, id)
		if err != nil {
			r = cpd.Record{Kind: kind, ID: id, Owner: owner}
		}
		r.Data = []byte(data)
		_, err = tx.Put(ctx, r, cpd.Change{Actor: "dba", Action: "hand edit", At: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)})
		return err
	})
	require.NoError(t, err)
}

// TestGatherShowsUnreadable: records that do not decode (a person's, an
// activity on the budget) are left out of the figures, and the report
// lists them, once each, in a note; a report without any has no note.
func TestGatherShowsUnreadable(t *testing.T) {
	d := newDemo(t, 20)
	opts := &report.GatherOptions{Budget: d.org.Budget.ID}
	clean, err := report.Gather(as(d.org.Head), d.svc, opts)
	require.NoError(t, err)
	require.Empty(t, clean.Unreadable)
	require.NotContains(t, render(t, clean), "Records that could not be read")

	victim := clean.People[len(clean.People)-1].ID
	require.NotEqual(t, d.org.Head, victim)
	for _, kind := range []cpd.Kind{cpd.KindStatus, cpd.KindPerson} { // a bad status alone is re-evaluated
		corrupt(t, d, kind, victim, victim, `{"fte": "1e999999"`)
	}
	corrupt(t, d, cpd.KindActivity, "bad-1", d.org.Head, `{"funding": {"budget": "`+d.org.Budget.ID+`"}, "title": `)

	data, err := report.Gather(as(d.org.Head), d.svc, opts)
	require.NoError(t, err, "one bad record does not take the report down")
	require.Len(t, data.People, len(clean.People)-1, "the person who cannot be read is left out")
	var got [][2]string
	for _, u := range data.Unreadable {
		got = append(got, [2]string{string(u.Kind), u.ID})
		require.NotEmpty(t, u.Reason)
	}
	require.Equal(t, [][2]string{{"activity", "bad-1"}, {"person", victim}}, got, "each once, by kind and ID")

	page := render(t, data)
	require.NoError(t, balanced(page))
	note := between(page, `id="unreadable"`, "</aside>")
	require.Contains(t, note, "Records that could not be read")
	require.Contains(t, note, "<li>activity bad-1: ")
	require.Contains(t, note, "<li>person "+victim+": ")
	require.Contains(t, note, "left out of the figures")
}

func TestRenderUnreadableEscapes(t *testing.T) {
	d := hostile()
	evil := `<script>alert(1)</script>`
	d.Unreadable = []cpd.Unreadable{{Kind: cpd.KindActivity, ID: evil, Reason: evil}}
	page := render(t, d)
	require.NotContains(t, page, "<script")
	require.Contains(t, page, "<li>activity &lt;script&gt;alert(1)&lt;/script&gt;: &lt;script&gt;")
	require.NoError(t, balanced(page))
}

// TestGatherLeavesOutAPersonWhoseEvidenceCannotBeRead: a completed
// activity that does not decode leaves its person out of the report
// (their compliance cannot be worked out), which lists it, rather than
// failing the whole report. The report reads a person from their
// maintained status and its reasons while those hold, which an edit past
// the Service does not touch: the person is then shown as last
// evaluated, and the forecast, which evaluates everyone, lists the
// record. Once the person must be evaluated (here: their reasons are
// gone, as for a status written by an older cpdkit), they are left out.
func TestGatherLeavesOutAPersonWhoseEvidenceCannotBeRead(t *testing.T) {
	d := newDemo(t, 20)
	var bad cpd.Record
	// The demo's clock moves on as it loads the budget, so some statuses
	// are stale on the report's day until refreshed, as a nightly refresh
	// would.
	_, err := d.svc.Compliance.RefreshStatuses(as(d.org.Head))
	require.NoError(t, err)
	// The first completed activity of someone for whom a minimum of hours
	// counts: only they are read from their maintained status (activity
	// IDs are random, so the first completed activity alone could be
	// anyone's).
	err = d.store.View(context.Background(), org, func(tx cpd.Tx) error {
		page, err := tx.List(context.Background(), cpd.KindActivity, cpd.Query{States: []string{cpd.Completed.String()}})
		if err != nil {
			return err
		}
		for _, r := range page.Records {
			rr, err := tx.Get(context.Background(), cpd.KindStatusReasons, r.Owner)
			if err != nil {
				return err
			}
			var reasons struct {
				Minimum bool `json:"minimum"`
			}
			require.NoError(t, json.Unmarshal(rr.Data, &reasons))
			if reasons.Minimum {
				bad = r
				return nil
			}
		}
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, bad.ID, "someone with a minimum of hours has completed an activity")
	corrupt(t, d, cpd.KindActivity, bad.ID, bad.Owner, `{"title": `)

	data, err := report.Gather(as(d.org.Head), d.svc, &report.GatherOptions{Budget: d.org.Budget.ID})
	require.NoError(t, err, "one bad record does not take the report down")
	require.Len(t, data.Unreadable, 1)
	require.Equal(t, [2]string{"activity", bad.ID}, [2]string{string(data.Unreadable[0].Kind), data.Unreadable[0].ID})
	require.True(t, slices.ContainsFunc(data.People, func(p report.Person) bool { return p.ID == bad.Owner }),
		"read from their maintained status")
	for _, l := range data.Forecast.Lapses {
		require.NotEqual(t, bad.Owner, l.Person)
	}

	err = d.store.Update(context.Background(), org, func(tx cpd.Tx) error {
		r, err := tx.Get(context.Background(), cpd.KindStatusReasons, bad.Owner)
		if err != nil {
			return err
		}
		return tx.Delete(context.Background(), cpd.KindStatusReasons, bad.Owner, r.Version,
			cpd.Change{Actor: "dba", Action: "hand edit", At: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)})
	})
	require.NoError(t, err)
	data, err = report.Gather(as(d.org.Head), d.svc, &report.GatherOptions{Budget: d.org.Budget.ID})
	require.NoError(t, err)
	require.Len(t, data.Unreadable, 1, "listed once, though both the rows and the forecast found it")
	require.Equal(t, [2]string{"activity", bad.ID}, [2]string{string(data.Unreadable[0].Kind), data.Unreadable[0].ID})
	for _, p := range data.People {
		require.NotEqual(t, bad.Owner, p.ID, "the person whose evidence cannot be read has no row")
	}
	require.Contains(t, render(t, data), "<li>activity "+bad.ID+": ")
}
