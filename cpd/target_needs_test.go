package cpd_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/storetest"
	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/cpd"
)

// reportMethods are the Service's methods that keep the reports'
// indexes, checked here (see TestEveryUseCaseIsChecked).
func reportMethods() []string { return []string{"RebuildTargetNeeds", "RebuildCompletions"} }

// reviewDay is the day of the reviews in these tests.
var reviewDay = date.New(2026, 11, 25)

// reviewNeeds is what the improvement-plan review says serves each of
// its targets: the IDs of the activities (proposed needs left out),
// sorted.
func reviewNeeds(t *testing.T, svc *cpd.Service) map[string][]string {
	t.Helper()
	pr, err := svc.Appraisals.ImprovementPlanReview(as("head"), reviewDay, "")
	require.NoError(t, err)
	out := map[string][]string{}
	for _, row := range pr.Rows {
		out[row.Target.ID] = []string{}
		for _, n := range row.Needs {
			if n.ID != "" {
				out[row.Target.ID] = append(out[row.Target.ID], n.ID)
			}
		}
		slices.Sort(out[row.Target.ID])
	}
	return out
}

// servingTruth is what serves each of the targets by every activity the
// store holds: the review's answer worked out the slow way.
func servingTruth(t *testing.T, s cpd.Store, targets ...string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, id := range targets {
		out[id] = []string{}
	}
	ctx := context.Background()
	err := s.View(ctx, org, func(tx cpd.Tx) error {
		q := cpd.Query{Limit: cpd.MaxLimit}
		for {
			page, err := tx.List(ctx, cpd.KindActivity, q)
			if err != nil {
				return err
			}
			for _, r := range page.Records {
				var a cpd.Activity
				if err := json.Unmarshal(r.Data, &a); err != nil {
					return err
				}
				for _, id := range slices.Compact(slices.Sorted(slices.Values(a.Targets))) {
					if _, ok := out[id]; ok {
						out[id] = append(out[id], a.ID)
					}
				}
			}
			if page.Next == "" {
				return nil
			}
			q.After = page.Next
		}
	})
	require.NoError(t, err)
	for id := range out {
		slices.Sort(out[id])
	}
	return out
}

// TestTargetNeedsKeptByEveryUseCase: after each use case that creates an
// activity or changes the targets it serves (request, approve, complete,
// record, amend, delegate, cancel, import, withdraw an import, plan
// needs), the review's needs are exactly those every stored activity
// gives.
func TestTargetNeedsKeptByEveryUseCase(t *testing.T) {
	f := newAppraisalFixture(t)
	maths, err := f.svc.Appraisals.SetTarget(as("head"), appraisal.Target{Title: "Maths pass rate", Source: appraisal.ImprovementPlanning,
		Owner: "tina", Due: date.New(2027, 7, 1)})
	require.NoError(t, err)
	english, err := f.svc.Appraisals.SetTarget(as("head"), appraisal.Target{Title: "English pass rate", Source: appraisal.ImprovementPlanning,
		Owner: "pete", Due: date.New(2027, 7, 1)})
	require.NoError(t, err)
	check := func(step string) {
		t.Helper()
		want := servingTruth(t, f.store, maths.ID, english.ID)
		require.Equal(t, want, reviewNeeds(t, f.svc), step)
	}
	check("no activities")

	req := course("tina")
	req.Targets = []string{maths.ID}
	asked, err := f.svc.Activities.Request(as("tina"), req)
	require.NoError(t, err)
	check("request")
	_, err = f.svc.Activities.Approve(as("mgr"), asked.ID)
	require.NoError(t, err)
	_, err = f.svc.Activities.Complete(as("tina"), asked.ID, cpd.Completion{On: date.New(2026, 11, 20), Evidence: "certificate"})
	require.NoError(t, err)
	check("approve and complete")

	both := f.linkedDone(t, "pete", date.New(2026, 10, 5), maths.ID, english.ID)
	check("record completed, two targets")
	changed := both
	changed.Targets = []string{english.ID}
	_, err = f.svc.Activities.Amend(as("pete"), both.ID, changed, "only English")
	require.NoError(t, err)
	check("amend away from a target")
	changed.Targets = []string{maths.ID, maths.ID}
	_, err = f.svc.Activities.Amend(as("pete"), both.ID, changed, "Maths after all")
	require.NoError(t, err)
	check("amend back, naming a target twice")

	open := course("tina")
	open.Targets = []string{english.ID}
	open, err = f.svc.Activities.Request(as("tina"), open)
	require.NoError(t, err)
	_, err = f.svc.Activities.Delegate(as("head"), open.ID, "pete", "pete teaches English")
	require.NoError(t, err)
	check("delegate")
	cancelled := course("pete")
	cancelled.Targets = []string{english.ID}
	cancelled, err = f.svc.Activities.Request(as("pete"), cancelled)
	require.NoError(t, err)
	_, err = f.svc.Activities.Cancel(as("pete"), cancelled.ID, "no longer needed")
	require.NoError(t, err)
	check("cancel")

	imported := done("tina", date.New(2026, 11, 1))
	imported.ExternalRef, imported.Targets = "xapi:1", []string{maths.ID}
	_, err = f.svc.Activities.ImportCompletions(as("admin"), []cpd.Activity{imported}, nil)
	require.NoError(t, err)
	check("import")
	_, err = f.svc.Activities.WithdrawImported(as("admin"), []cpd.Withdrawal{{ExternalRef: "xapi:1", Reason: "voided"}})
	require.NoError(t, err)
	check("withdraw the import")

	r := f.signedOff(t, maths.ID)
	_, err = f.svc.Appraisals.Review(as("mgr"), r.ID)
	require.NoError(t, err)
	check("plan needs of a signed-off review")
}

// TestRebuildTargetNeeds: an activity stored without its links (by an
// earlier cpdkit, or past the Service) is missing from the review until
// the links are rebuilt; rebuilding again writes nothing; only
// administrators and the head of education may; and a rebuild is all or
// nothing.
func TestRebuildTargetNeeds(t *testing.T) {
	f := newAppraisalFixture(t)
	maths, err := f.svc.Appraisals.SetTarget(as("head"), appraisal.Target{Title: "Maths pass rate", Source: appraisal.ImprovementPlanning,
		Owner: "tina", Due: date.New(2027, 7, 1)})
	require.NoError(t, err)
	kept := f.linkedDone(t, "tina", date.New(2026, 10, 5), maths.ID)
	old := done("pete", date.New(2026, 10, 6))
	old.ID, old.State, old.Targets, old.RequestedBy = "old-1", cpd.Completed, []string{maths.ID}, "pete"
	data, err := json.Marshal(old)
	require.NoError(t, err)
	err = f.store.Update(context.Background(), org, func(tx cpd.Tx) error {
		_, err := tx.Put(context.Background(), cpd.Record{Kind: cpd.KindActivity, ID: old.ID, Owner: "pete",
			State: cpd.Completed.String(), Data: data}, cpd.Change{Actor: "dba", Action: "restore", At: fixedNow})
		return err
	})
	require.NoError(t, err)
	require.Equal(t, map[string][]string{maths.ID: {kept.ID}}, reviewNeeds(t, f.svc), "before the rebuild")

	_, err = f.svc.Appraisals.RebuildTargetNeeds(as("tina"))
	require.ErrorIs(t, err, cpd.ErrForbidden)
	storetest.AtomicUseCase(t, f.store, org, func(s cpd.Store) error {
		_, err := f.service(t, s).Appraisals.RebuildTargetNeeds(as("admin"))
		return err
	}, &storetest.AtomicOptions{Kinds: []cpd.Kind{cpd.KindActivity, cpd.KindTargetNeed}})
	require.Equal(t, map[string][]string{maths.ID: {kept.ID, old.ID}}, reviewNeeds(t, f.svc), "after the rebuild")
	n, err := f.svc.Appraisals.RebuildTargetNeeds(as("head"))
	require.NoError(t, err)
	require.Zero(t, n, "nothing is missing")
}

// TestPlanReviewReadsItsTargets: the review reads the activities serving
// the targets it reviews, however many other activities the organisation
// has (serving targets done with long ago, or none).
func TestPlanReviewReadsItsTargets(t *testing.T) {
	f := newAppraisalFixture(t)
	f.now = fixedNow.AddDate(-3, 0, 0)
	old, err := f.svc.Appraisals.SetTarget(as("head"), appraisal.Target{Title: "Old target", Source: appraisal.ImprovementPlanning,
		Owner: "tina", Due: date.New(2024, 7, 1)})
	require.NoError(t, err)
	for i := range 5 {
		f.linkedDone(t, "tina", date.New(2023, 10, 1)+date.Date(i), old.ID)
		f.linkedDone(t, "pete", date.New(2023, 10, 1)+date.Date(i))
	}
	_, err = f.svc.Appraisals.EvaluateTarget(as("head"), old.ID, appraisal.OutcomeAchieved, "done")
	require.NoError(t, err)
	f.now = fixedNow
	maths, err := f.svc.Appraisals.SetTarget(as("head"), appraisal.Target{Title: "Maths pass rate", Source: appraisal.ImprovementPlanning,
		Owner: "tina", Due: date.New(2027, 7, 1)})
	require.NoError(t, err)
	a := f.linkedDone(t, "tina", date.New(2026, 10, 5), maths.ID)
	b := f.linkedDone(t, "pete", date.New(2026, 10, 6), maths.ID)

	rc := newReadCounter(f.store)
	require.Equal(t, map[string][]string{maths.ID: {a.ID, b.ID}}, reviewNeeds(t, f.service(t, rc)))
	require.Equal(t, map[string]bool{a.ID: true, b.ID: true}, rc.of(cpd.KindActivity))
}

// TestTargetNeedsOfNoTarget: an activity naming something that cannot be
// a target's ID (too long to be one, or with a "/") is recorded as before,
// with nothing to link.
func TestTargetNeedsOfNoTarget(t *testing.T) {
	f := newAppraisalFixture(t)
	a := done("tina", date.New(2026, 10, 5))
	a.Targets = []string{strings.Repeat("t", 600), "a/b"}
	_, err := f.svc.Activities.RecordCompleted(as("tina"), a)
	require.NoError(t, err)
	require.Empty(t, reviewNeeds(t, f.svc))
}
