package cpd_test

import (
	"context"
	"errors"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// importHistory records what each person has before the import of
// importAfterHistory: done activities (one imported, with an external
// reference the import repeats) and a planned one, which is no evidence.
func importHistory(t *testing.T, svc *cpd.Service) {
	t.Helper()
	old := done("tina", date.New(2025, 10, 1), "safeguarding")
	old.ExternalRef = "lms:1"
	old.ValidUntil = date.New(2026, 12, 20)
	_, err := svc.Activities.ImportCompletions(as("admin"), []cpd.Activity{old}, nil)
	require.NoError(t, err)
	for _, a := range []cpd.Activity{done("pete", date.New(2026, 9, 1), "prevent"), done("tina", date.New(2026, 1, 5))} {
		_, err := svc.Activities.RecordCompleted(as("admin"), a)
		require.NoError(t, err)
	}
	_, err = svc.Activities.Request(as("tina"), course("tina", "prevent"))
	require.NoError(t, err)
}

// importAfterHistory is an import over importHistory: a duplicate of a
// stored activity, one twice in the import, evidence that a stored
// activity's would outlast, and completions of every sort the status
// reads (hours in and out of scope, certificates with and without an end).
func importAfterHistory() []cpd.Activity {
	withRef := func(a cpd.Activity, ref string) cpd.Activity { a.ExternalRef = ref; return a }
	required := done("pete", date.New(2026, 10, 2), "safeguarding")
	required.Source, required.Necessity = cpd.Required, cpd.Aspirational
	required.Hours = decimal.RequireFromString("12.250")
	aspirational := done("tina", date.New(2026, 10, 20))
	aspirational.Necessity, aspirational.Hours = cpd.Aspirational, decimal.NewFromInt(40)
	certified := done("tina", date.New(2026, 11, 2), "prevent")
	certified.ValidUntil = date.New(2027, 3, 1)
	return []cpd.Activity{
		withRef(done("tina", date.New(2025, 10, 1), "safeguarding"), "lms:1"), // stored already
		withRef(certified, "lms:2"),
		withRef(done("pete", date.New(2026, 9, 20), "safeguarding"), "lms:2"), // another person's reference
		withRef(certified, "lms:2"), // twice in the import
		required,
		aspirational,
		done("mgr", date.New(2026, 10, 4), "prevent"),
	}
}

// statusData is each person's stored status record's data.
func statusData(t *testing.T, s cpd.Store, people ...string) map[string]string {
	t.Helper()
	out := make(map[string]string)
	require.NoError(t, s.View(context.Background(), org, func(tx cpd.Tx) error {
		for _, p := range people {
			r, err := tx.Get(context.Background(), cpd.KindStatus, p)
			if err != nil {
				return err
			}
			out[p] = string(r.Data)
		}
		return nil
	}))
	return out
}

// TestImportStatusesAsRecordedOneByOne: the statuses an import writes,
// which it works out from the people's stored activities and the ones it
// holds in memory, are those that recording the same completions one by
// one writes, each re-evaluating the person from what is stored.
func TestImportStatusesAsRecordedOneByOne(t *testing.T) {
	imported := newFixture(t)
	importHistory(t, imported.svc)
	res, err := imported.svc.Activities.ImportCompletions(as("admin"), importAfterHistory(), nil)
	require.NoError(t, err)
	require.Equal(t, []cpd.Duplicate{{Index: 0, Existing: withExternalRef(t, imported, "tina", "lms:1")}, {Index: 3, Existing: res.IDs[1]}},
		res.Duplicates)

	recorded := newFixture(t)
	importHistory(t, recorded.svc)
	for i, a := range importAfterHistory() {
		if i == 0 || i == 3 {
			continue // the duplicates
		}
		a.ExternalRef = "" // only imports record one; it is no evidence
		_, err := recorded.svc.Activities.RecordCompleted(as("admin"), a)
		require.NoError(t, err)
	}
	people := []string{"tina", "pete", "mgr"}
	require.Equal(t, statusData(t, recorded.store, people...), statusData(t, imported.store, people...))
}

// TestImportReadsNotWhatItWrites: an import reads its people's earlier
// activities (for the duplicate check and their statuses) but not the
// ones it has just written, which it holds already.
func TestImportReadsNotWhatItWrites(t *testing.T) {
	f := newFixture(t)
	importHistory(t, f.svc)
	var earlier []string
	require.NoError(t, f.store.View(context.Background(), org, func(tx cpd.Tx) error {
		page, err := tx.List(context.Background(), cpd.KindActivity, cpd.Query{Limit: cpd.MaxLimit})
		for _, r := range page.Records {
			earlier = append(earlier, r.ID)
		}
		return err
	}))
	rc := newReadCounter(f.store)
	res, err := f.on(t, rc).Activities.ImportCompletions(as("admin"), importAfterHistory(), nil)
	require.NoError(t, err)
	require.Equal(t, 5, res.Imported)
	read := rc.of(cpd.KindActivity)
	for _, id := range earlier {
		require.True(t, read[id], "earlier activity %s read", id)
	}
	for i, id := range res.IDs {
		if id != "" {
			require.False(t, read[id], "activity %s (#%d) read back after the import wrote it", id, i)
		}
	}
}

// errAgain makes runTwice's first transaction roll back.
var errAgain = errors.New("run again")

// runTwice is a Store that runs each Update's function twice, as a Store
// does after a conflict at commit: the first run in a transaction that
// rolls back, the second in one that commits.
type runTwice struct{ cpd.Store }

func (s runTwice) Update(ctx context.Context, org string, fn func(cpd.Tx) error) error {
	err := s.Store.Update(ctx, org, func(tx cpd.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errAgain
	})
	if !errors.Is(err, errAgain) {
		return err
	}
	return s.Store.Update(ctx, org, fn)
}

// TestImportRunAgain: an import whose transaction the Store runs again
// reports what the committed run did: its duplicates and rejections
// once each, as a single run does.
func TestImportRunAgain(t *testing.T) {
	f := newFixture(t)
	importHistory(t, f.svc)
	acts := append(importAfterHistory(), done("nobody", date.New(2026, 10, 1)))
	res, err := f.on(t, runTwice{f.store}).Activities.ImportCompletions(as("admin"), acts, &cpd.ImportOptions{SkipBad: true})
	require.NoError(t, err)
	require.Equal(t, 5, res.Imported)
	require.Equal(t, []cpd.Duplicate{{Index: 0, Existing: withExternalRef(t, f, "tina", "lms:1")}, {Index: 3, Existing: res.IDs[1]}},
		res.Duplicates)
	require.Equal(t, []int{7}, rejectedIndexes(res.Rejected))
}
