package cpd_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/storetest"
	"github.com/cpdkit/cpdkit/cpd"
)

// actions returns the action of every event in the organisation, in order.
func (f *fixture) actions(t *testing.T) []string {
	t.Helper()
	var out []string
	require.NoError(t, f.store.View(context.Background(), org, func(tx cpd.Tx) error {
		for after := int64(0); ; {
			evs, err := tx.Events(context.Background(), cpd.EventQuery{After: after, Limit: cpd.MaxLimit})
			if err != nil || len(evs) == 0 {
				return err
			}
			for _, e := range evs {
				out = append(out, e.Action)
			}
			after = evs[len(evs)-1].Seq
		}
	}))
	return out
}

// importBatch is a mix of good and bad completions: the good ones are at
// indexes 0, 2 and 6.
func importBatch() []cpd.Activity {
	noEvidence := done("tina", date.New(2026, 10, 1))
	noEvidence.Evidence = ""
	noTitle := done("pete", date.New(2026, 10, 1))
	noTitle.Title = ""
	return []cpd.Activity{
		done("tina", date.New(2026, 11, 2), "safeguarding"),
		done("tina", date.New(2026, 12, 1), "prevent"), // future
		done("pete", date.New(2026, 9, 10), "safeguarding"),
		noEvidence,
		done("nobody", date.New(2026, 10, 1)),
		done("pete", date.New(2019, 1, 1)), // before pete started
		done("pete", date.New(2026, 10, 3), "prevent"),
		noTitle,
	}
}

var importRejected = []int{1, 3, 4, 5, 7}

func rejectedIndexes(rs []cpd.Rejection) []int {
	var out []int
	for _, r := range rs {
		out = append(out, r.Index)
	}
	return out
}

func TestImportCompletions(t *testing.T) {
	f := newFixture(t)
	before := len(f.actions(t))
	acts := []cpd.Activity{
		done("tina", date.New(2026, 11, 2), "safeguarding"),
		done("pete", date.New(2026, 9, 10), "safeguarding"),
		done("tina", date.New(2026, 10, 3), "prevent"),
	}
	res, err := f.svc.Activities.ImportCompletions(as("admin"), acts, nil)
	require.NoError(t, err)
	require.Equal(t, 3, res.Imported)
	require.Empty(t, res.Rejected)
	for i, id := range res.IDs {
		a, err := f.svc.Activities.Activity(as("admin"), id)
		require.NoError(t, err)
		require.Equal(t, cpd.Completed, a.State)
		require.Equal(t, acts[i].Title, a.Title)
		require.Equal(t, "admin", a.RequestedBy)
	}
	// One event per activity, one per day they were completed on (the
	// feedback report's index), then one status refresh per person, for
	// their status and then for its reasons.
	want := []string{"activity.import", "activity.import", "activity.import", "completion.link", "completion.link", "completion.link",
		"status.refresh", "status.refresh", "status.refresh", "status.refresh"}
	require.Empty(t, cmp.Diff(want, f.actions(t)[before:]))
	res2, err := f.svc.Compliance.Compliance(as("admin"), "tina")
	require.NoError(t, err)
	require.Equal(t, "safeguarding", res2.Items[0].Requirement.ID)
	require.NotZero(t, res2.Items[0].ValidUntil, "the imported completion counts")
}

func TestImportCompletionsAllOrNothing(t *testing.T) {
	f := newFixture(t)
	before := f.actions(t)
	res, err := f.svc.Activities.ImportCompletions(as("admin"), importBatch(), nil)
	require.ErrorIs(t, err, cpd.ErrInvalid)
	var ie *cpd.ImportError
	require.True(t, errors.As(err, &ie), "an *ImportError: %v", err)
	require.Equal(t, importRejected, rejectedIndexes(ie.Rejected))
	require.Equal(t, importRejected, rejectedIndexes(res.Rejected))
	for _, r := range ie.Rejected {
		require.ErrorIs(t, r.Err, cpd.ErrInvalid, "rejection %d", r.Index)
	}
	var ve *cpd.ValidationError
	require.True(t, errors.As(ie.Rejected[0].Err, &ve))
	require.Equal(t, "completed", ve.Field)
	require.Zero(t, res.Imported)
	require.Empty(t, cmp.Diff(before, f.actions(t)), "nothing is written")
}

func TestImportCompletionsSkipBad(t *testing.T) {
	for _, size := range []int{0, 1, 3} {
		t.Run(fmt.Sprintf("BatchSize=%d", size), func(t *testing.T) {
			f := newFixture(t)
			res, err := f.svc.Activities.ImportCompletions(as("head"), importBatch(), &cpd.ImportOptions{SkipBad: true, BatchSize: size})
			require.NoError(t, err)
			require.Equal(t, 3, res.Imported)
			require.Equal(t, importRejected, rejectedIndexes(res.Rejected))
			for i, id := range res.IDs {
				good := i == 0 || i == 2 || i == 6
				require.Equal(t, good, id != "", "activity %d", i)
				if good {
					_, err := f.svc.Activities.Activity(as("admin"), id)
					require.NoError(t, err)
				}
			}
		})
	}
}

// TestImportAuthorisation checks who may import people and completions:
// administrators and the head of education, and nobody without an actor.
func TestImportAuthorisation(t *testing.T) {
	imports := map[string]func(ctx context.Context, svc *cpd.Service) error{
		"people": func(ctx context.Context, svc *cpd.Service) error {
			_, err := svc.Staff.ImportPeople(ctx, []cpd.Person{newcomer("n1")}, nil)
			return err
		},
		"completions": func(ctx context.Context, svc *cpd.Service) error {
			_, err := svc.Activities.ImportCompletions(ctx, []cpd.Activity{done("tina", date.New(2026, 11, 2))}, nil)
			return err
		},
	}
	tests := []struct {
		actor string
		ok    bool
	}{
		{"admin", true},
		{"head", true},
		{"mgr", false},
		{"tina", false},
		{"audrey", false},
	}
	for what, run := range imports {
		t.Run(what, func(t *testing.T) {
			for _, tc := range tests {
				t.Run(tc.actor, func(t *testing.T) {
					err := run(as(tc.actor), newFixture(t).svc)
					if tc.ok {
						require.NoError(t, err)
					} else {
						require.ErrorIs(t, err, cpd.ErrForbidden)
					}
				})
			}
			require.ErrorIs(t, run(context.Background(), newFixture(t).svc), cpd.ErrNoActor)
		})
	}
}

// noBulk hides a store's cpd.BulkTx, so that the Service puts records one
// by one.
type noBulk struct{ cpd.Store }

func (s noBulk) Update(ctx context.Context, org string, fn func(cpd.Tx) error) error {
	return s.Store.Update(ctx, org, func(tx cpd.Tx) error { return fn(struct{ cpd.Tx }{tx}) })
}

func TestImportCompletionsWithoutBulkTx(t *testing.T) {
	f := newFixture(t)
	before := len(f.actions(t))
	res, err := f.on(t, noBulk{f.store}).Activities.ImportCompletions(as("admin"), importBatch(), &cpd.ImportOptions{SkipBad: true})
	require.NoError(t, err)
	require.Equal(t, 3, res.Imported)
	require.Equal(t, importRejected, rejectedIndexes(res.Rejected))
	want := []string{"activity.import", "activity.import", "activity.import", "completion.link", "completion.link", "completion.link",
		"status.refresh", "status.refresh", "status.refresh", "status.refresh"}
	require.Empty(t, cmp.Diff(want, f.actions(t)[before:]))
}

func TestImportCompletionsIsAtomic(t *testing.T) {
	acts := []cpd.Activity{
		done("tina", date.New(2026, 11, 2), "safeguarding"),
		done("pete", date.New(2026, 9, 10), "safeguarding"),
		done("tina", date.New(2026, 10, 3), "prevent"),
	}
	tests := []struct {
		name string
		wrap func(cpd.Store) cpd.Store
	}{
		{"PutMany", func(s cpd.Store) cpd.Store { return s }},
		{"Put", func(s cpd.Store) cpd.Store { return noBulk{s} }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			storetest.AtomicUseCase(t, f.store, org, func(s cpd.Store) error {
				_, err := f.on(t, tc.wrap(s)).Activities.ImportCompletions(as("admin"), acts, nil)
				return err
			}, nil)
		})
	}
}

// TestImportTwice checks an import can be run again: an activity whose
// person already has one with the same ExternalRef, stored before or
// earlier in the same import, is listed as a duplicate and not recorded
// twice, while the same reference for another person, and activities
// without one, are imported.
func TestImportTwice(t *testing.T) {
	f := newFixture(t)
	withRef := func(a cpd.Activity, ref string) cpd.Activity { a.ExternalRef = ref; return a }
	first := []cpd.Activity{
		withRef(done("tina", date.New(2026, 11, 2), "safeguarding"), "xapi:1"),
		withRef(done("pete", date.New(2026, 9, 10), "safeguarding"), "xapi:2"),
	}
	res, err := f.svc.Activities.ImportCompletions(as("admin"), first, nil)
	require.NoError(t, err)
	require.Equal(t, 2, res.Imported)
	require.Empty(t, res.Duplicates)
	tina := len(mustActivities(t, f, "tina"))

	again := []cpd.Activity{
		withRef(done("tina", date.New(2026, 11, 2), "safeguarding"), "xapi:1"), // imported before
		withRef(done("tina", date.New(2026, 10, 3), "prevent"), "xapi:3"),      // new
		withRef(done("tina", date.New(2026, 10, 3), "prevent"), "xapi:3"),      // twice in this import
		withRef(done("pete", date.New(2026, 10, 4), "prevent"), "xapi:1"),      // another person's reference
		done("tina", date.New(2026, 10, 5), "prevent"),                         // no reference
	}
	res, err = f.svc.Activities.ImportCompletions(as("admin"), again, nil)
	require.NoError(t, err)
	require.Equal(t, 3, res.Imported)
	want := []cpd.Duplicate{{Index: 0, Existing: withExternalRef(t, f, "tina", "xapi:1")}, {Index: 2, Existing: res.IDs[1]}}
	if diff := cmp.Diff(want, res.Duplicates); diff != "" {
		t.Fatalf("duplicates (-want +got):\n%s", diff)
	}
	require.Empty(t, res.IDs[0])
	require.Empty(t, res.IDs[2])
	require.Len(t, mustActivities(t, f, "tina"), tina+2)
}

// withExternalRef is the ID of the person's activity with the reference.
func withExternalRef(t *testing.T, f *fixture, person, ref string) string {
	t.Helper()
	for _, a := range mustActivities(t, f, person) {
		if a.ExternalRef == ref {
			return a.ID
		}
	}
	t.Fatalf("%s has no activity with reference %s", person, ref)
	return ""
}

func mustActivities(t *testing.T, f *fixture, person string) []cpd.Activity {
	t.Helper()
	acts, err := f.svc.Activities.Activities(as("admin"), person)
	require.NoError(t, err)
	return acts
}

// noReadMany hides a store's cpd.ReadManyTx (keeping its cpd.BulkTx), so
// that the Service reads for each person on their own.
type noReadMany struct{ cpd.Store }

func (s noReadMany) Update(ctx context.Context, org string, fn func(cpd.Tx) error) error {
	return s.Store.Update(ctx, org, func(tx cpd.Tx) error {
		return fn(struct {
			cpd.Tx
			cpd.BulkTx
		}{tx, tx.(cpd.BulkTx)})
	})
}

// TestReadManyIsTheSame: imports, and refreshing statuses, write the same
// records and events whether the store reads for many people at once
// (cpd.ReadManyTx) or the Service reads for each person on their own, and
// on a Tx with no optional capability at all.
func TestReadManyIsTheSame(t *testing.T) {
	withRef := func(a cpd.Activity, ref string) cpd.Activity { a.ExternalRef = ref; return a }
	acts := []cpd.Activity{
		withRef(done("tina", date.New(2026, 11, 2), "safeguarding"), "lms:1"),
		done("pete", date.New(2026, 9, 10), "safeguarding"),
		withRef(done("pete", date.New(2026, 10, 3), "prevent"), "lms:2"),
		withRef(done("pete", date.New(2026, 10, 3), "prevent"), "lms:2"), // a duplicate
		done("mgr", date.New(2026, 10, 4), "prevent"),
		done("newa", date.New(2026, 10, 5), "safeguarding"),
	}
	people := []cpd.Person{newcomer("newa"), newcomer("newb")}
	dump := func(t *testing.T, f *fixture) (map[string][]byte, []cpd.Event) {
		t.Helper()
		records := make(map[string][]byte)
		var evs []cpd.Event
		require.NoError(t, f.store.View(context.Background(), org, func(tx cpd.Tx) error {
			for _, kind := range []cpd.Kind{cpd.KindPerson, cpd.KindActivity, cpd.KindStatus} {
				page, err := tx.List(context.Background(), kind, cpd.Query{Limit: cpd.MaxLimit})
				require.NoError(t, err)
				for _, r := range page.Records {
					records[string(kind)+"/"+r.ID] = append([]byte(fmt.Sprintf("v%d ", r.Version)), r.Data...)
				}
			}
			var err error
			evs, err = tx.Events(context.Background(), cpd.EventQuery{Limit: cpd.MaxLimit})
			return err
		}))
		return records, evs
	}
	run := func(t *testing.T, wrap func(cpd.Store) cpd.Store) (map[string][]byte, []cpd.Event) {
		f := newFixture(t)
		svc := f.on(t, wrap(f.store))
		for _, p := range people {
			f.dir.Set(org, cpd.Identity{Person: p.ID, Roles: []cpd.Role{cpd.RoleStaff}})
		}
		_, err := svc.Staff.ImportPeople(as("admin"), people, nil)
		require.NoError(t, err)
		res, err := svc.Activities.ImportCompletions(as("admin"), acts, nil)
		require.NoError(t, err)
		require.Len(t, res.Duplicates, 1)
		f.now = f.now.AddDate(1, 0, 0) // a year on, every status is stale
		n, err := svc.Compliance.RefreshStatuses(as("admin"))
		require.NoError(t, err)
		require.Positive(t, n)
		return dump(t, f)
	}
	manyRecords, manyEvents := run(t, func(s cpd.Store) cpd.Store { return s })
	oneRecords, oneEvents := run(t, func(s cpd.Store) cpd.Store { return noReadMany{s} })
	require.Empty(t, cmp.Diff(oneRecords, manyRecords), "records")
	require.Empty(t, cmp.Diff(oneEvents, manyEvents), "events")
	// A Tx with no optional capability at all: every many-at-a-time read
	// and write falls back to one record at a time.
	plainRecords, plainEvents := run(t, func(s cpd.Store) cpd.Store { return noBulk{s} })
	require.Empty(t, cmp.Diff(plainRecords, manyRecords), "records on a plain Tx")
	require.Empty(t, cmp.Diff(plainEvents, manyEvents), "events on a plain Tx")
}

// statusWrites is a Store that counts how its Updates write statuses:
// Puts, and UpdateMany calls and the records they write (and the
// reasons written with them).
type statusWrites struct {
	cpd.Store
	puts, updateManys, updated int
	// reasons counts the reasons records (cpd.KindStatusReasons) written
	// by UpdateMany.
	reasons int
}

// fullTx is a Tx with every optional capability, as memory's has.
type fullTx interface {
	cpd.Tx
	cpd.BulkTx
	cpd.ReadManyTx
	cpd.UpdateManyTx
}

type statusWritesTx struct {
	fullTx
	s *statusWrites
}

func (s *statusWrites) Update(ctx context.Context, org string, fn func(cpd.Tx) error) error {
	return s.Store.Update(ctx, org, func(tx cpd.Tx) error { return fn(statusWritesTx{tx.(fullTx), s}) })
}

func (t statusWritesTx) Put(ctx context.Context, r cpd.Record, c cpd.Change) (cpd.Record, error) {
	if r.Kind == cpd.KindStatus {
		t.s.puts++
	}
	return t.fullTx.Put(ctx, r, c)
}

func (t statusWritesTx) UpdateMany(ctx context.Context, rs []cpd.Record, c cpd.Change) ([]cpd.Record, error) {
	switch {
	case len(rs) > 0 && rs[0].Kind == cpd.KindStatus:
		t.s.updateManys++
		t.s.updated += len(rs)
	case len(rs) > 0 && rs[0].Kind == cpd.KindStatusReasons:
		t.s.reasons += len(rs)
	}
	return t.fullTx.UpdateMany(ctx, rs, c)
}

// TestStatusesUpdatedTogether: when the Tx offers cpd.UpdateManyTx, an
// import rewrites the statuses of the people it touched with one
// UpdateMany, and a refresh of every stale status with one per page, not
// with a Put each.
func TestStatusesUpdatedTogether(t *testing.T) {
	f := newFixture(t)
	s := &statusWrites{Store: f.store}
	svc := f.on(t, s)
	_, err := svc.Activities.ImportCompletions(as("admin"), []cpd.Activity{
		done("tina", date.New(2026, 11, 2), "safeguarding"),
		done("pete", date.New(2026, 9, 10), "safeguarding"),
		done("tina", date.New(2026, 10, 3), "prevent"),
	}, nil)
	require.NoError(t, err)
	require.Equal(t, statusWrites{puts: 0, updateManys: 1, updated: 2}, statusWrites{puts: s.puts, updateManys: s.updateManys, updated: s.updated},
		"status writes of the import")
	require.Equal(t, 2, s.reasons, "reasons written with the import's statuses")
	f.now = f.now.AddDate(1, 0, 0) // a year on, every status is stale
	n, err := svc.Compliance.RefreshStatuses(as("admin"))
	require.NoError(t, err)
	require.Equal(t, statusWrites{puts: 0, updateManys: 2, updated: 2 + n}, statusWrites{puts: s.puts, updateManys: s.updateManys, updated: s.updated},
		"status writes after the refresh")
	require.Equal(t, 2+n, s.reasons, "reasons written with the statuses")
}

// TestStatusesCreatedInOrder: an import that touches people with a stored
// status and one without (deleted here, as if they came from before
// statuses were kept) updates the ones, creates the other, and appends
// their events in the people's order, as a Put each would.
func TestStatusesCreatedInOrder(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.store.Update(context.Background(), org, func(tx cpd.Tx) error {
		r, err := tx.Get(context.Background(), cpd.KindStatus, "pete")
		if err != nil {
			return err
		}
		return tx.Delete(context.Background(), cpd.KindStatus, "pete", r.Version, cpd.Change{Actor: "admin", Action: "test", At: f.now})
	}))
	s := &statusWrites{Store: f.store}
	_, err := f.on(t, s).Activities.ImportCompletions(as("admin"), []cpd.Activity{
		done("tina", date.New(2026, 11, 2), "safeguarding"),
		done("pete", date.New(2026, 9, 10), "safeguarding"),
		done("mgr", date.New(2026, 10, 3), "prevent"),
	}, nil)
	require.NoError(t, err)
	require.Equal(t, statusWrites{puts: 0, updateManys: 2, updated: 2}, statusWrites{puts: s.puts, updateManys: s.updateManys, updated: s.updated})
	require.Equal(t, 3, s.reasons, "reasons written with the statuses (pete's were kept)")
	var got []string
	require.NoError(t, f.store.View(context.Background(), org, func(tx cpd.Tx) error {
		evs, err := tx.Events(context.Background(), cpd.EventQuery{Kind: cpd.KindStatus, Limit: cpd.MaxLimit})
		for _, e := range evs[len(evs)-3:] {
			got = append(got, fmt.Sprintf("%s v%t", e.ID, e.Before != nil))
		}
		return err
	}))
	require.Equal(t, []string{"mgr vtrue", "pete vfalse", "tina vtrue"}, got)
	require.NoError(t, f.store.View(context.Background(), org, func(tx cpd.Tx) error {
		r, err := tx.Get(context.Background(), cpd.KindStatus, "pete")
		require.Equal(t, int64(1), r.Version, "pete's status, created again")
		return err
	}))
}
