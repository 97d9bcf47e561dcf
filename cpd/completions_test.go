package cpd_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/storetest"
	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/cpd"
)

// autumn is the window of the feedback reports in these tests.
var autumn = &appraisal.ReportOptions{From: date.New(2026, 9, 1), Through: date.New(2026, 11, 30)}

// feedbackTruth is the feedback report for opts worked out the slow way:
// from every activity and every feedback record the store holds.
func feedbackTruth(t *testing.T, s cpd.Store, opts *appraisal.ReportOptions) appraisal.Report {
	t.Helper()
	ctx := context.Background()
	var acts []appraisal.Activity
	var fb []appraisal.Feedback
	err := s.View(ctx, org, func(tx cpd.Tx) error {
		for _, kind := range []cpd.Kind{cpd.KindActivity, cpd.KindFeedback} {
			q := cpd.Query{Limit: cpd.MaxLimit}
			for {
				page, err := tx.List(ctx, kind, q)
				if err != nil {
					return err
				}
				for _, r := range page.Records {
					if kind == cpd.KindFeedback {
						var f appraisal.Feedback
						if err := json.Unmarshal(r.Data, &f); err != nil {
							return err
						}
						fb = append(fb, f)
						continue
					}
					var a cpd.Activity
					if err := json.Unmarshal(r.Data, &a); err != nil {
						return err
					}
					progress := appraisal.Planned
					if a.State.Done() {
						progress = appraisal.Done
					}
					acts = append(acts, appraisal.Activity{ID: a.ID, Person: a.Person, Title: a.Title, Kind: a.Kind.String(),
						Aspect: a.Aspect.String(), Provider: a.Provider, Progress: progress, Completed: a.Completed, Hours: a.Hours})
				}
				if page.Next == "" {
					break
				}
				q.After = page.Next
			}
		}
		return nil
	})
	require.NoError(t, err)
	return appraisal.BuildReport(date.New(2026, 11, 25), acts, fb, opts)
}

// requireFeedbackTruth checks that the Service's feedback report for the
// window is the one every stored record gives.
func requireFeedbackTruth(t *testing.T, f *afix, step string) {
	t.Helper()
	got, err := f.svc.Development.FeedbackReport(as("head"), autumn)
	require.NoError(t, err, step)
	if d := cmp.Diff(feedbackTruth(t, f.store, autumn), got, decimals); d != "" {
		t.Fatalf("%s: feedback report (-truth +got):\n%s", step, d)
	}
}

// TestCompletionsKeptByEveryUseCase: after each use case that makes an
// activity done or changes the day it was done on (record, complete,
// evaluate, amend into and out of the window, import, withdraw an import,
// acknowledge a sector update), the feedback report for a window is the one
// every stored activity gives.
func TestCompletionsKeptByEveryUseCase(t *testing.T) {
	f := newAppraisalFixture(t)
	requireFeedbackTruth(t, f, "no activities")

	a := f.linkedDone(t, "tina", date.New(2026, 10, 5))
	_, err := f.svc.Development.GiveFeedback(as("tina"), appraisal.Feedback{Activity: a.ID, Scores: scores(5, 4)})
	require.NoError(t, err)
	f.linkedDone(t, "pete", date.New(2025, 10, 5)) // before the window
	requireFeedbackTruth(t, f, "record completed, with feedback")

	asked, err := f.svc.Activities.Request(as("tina"), course("tina"))
	require.NoError(t, err)
	requireFeedbackTruth(t, f, "request")
	_, err = f.svc.Activities.Approve(as("mgr"), asked.ID)
	require.NoError(t, err)
	_, err = f.svc.Activities.Complete(as("tina"), asked.ID, cpd.Completion{On: date.New(2026, 11, 20), Evidence: "certificate"})
	require.NoError(t, err)
	requireFeedbackTruth(t, f, "approve and complete")
	_, err = f.svc.Activities.Evaluate(as("tina"), asked.ID, "used it in class")
	require.NoError(t, err)
	requireFeedbackTruth(t, f, "evaluate")

	moved, err := f.svc.Activities.Activity(as("pete"), f.linkedDone(t, "pete", date.New(2026, 10, 6)).ID)
	require.NoError(t, err)
	moved.Completed = date.New(2026, 8, 6)
	_, err = f.svc.Activities.Amend(as("pete"), moved.ID, moved, "it was in the summer")
	require.NoError(t, err)
	requireFeedbackTruth(t, f, "amend out of the window")
	moved.Completed = date.New(2026, 9, 6)
	_, err = f.svc.Activities.Amend(as("pete"), moved.ID, moved, "it was in September after all")
	require.NoError(t, err)
	requireFeedbackTruth(t, f, "amend back into the window")

	imported := []cpd.Activity{done("tina", date.New(2026, 11, 1)), done("pete", date.New(2026, 11, 1)), done("pete", date.New(2024, 11, 1))}
	for i := range imported {
		imported[i].ExternalRef = "xapi:" + string(rune('a'+i))
	}
	_, err = f.svc.Activities.ImportCompletions(as("admin"), imported, nil)
	require.NoError(t, err)
	requireFeedbackTruth(t, f, "import, two on one day")
	_, err = f.svc.Activities.WithdrawImported(as("admin"), []cpd.Withdrawal{{ExternalRef: "xapi:a", Reason: "voided"}})
	require.NoError(t, err)
	requireFeedbackTruth(t, f, "withdraw an import")

	u, err := f.svc.Development.SendUpdate(as("head"), sectorUpdate(appraisal.Audience{Everyone: true}))
	require.NoError(t, err)
	_, err = f.svc.Development.AcknowledgeUpdate(as("tina"), u.ID)
	require.NoError(t, err)
	requireFeedbackTruth(t, f, "acknowledge a sector update")
}

// TestFeedbackReportReadsItsWindow: the feedback report for a window reads
// the activities completed in it, however many the organisation completed
// before; the report of everything reads them all.
func TestFeedbackReportReadsItsWindow(t *testing.T) {
	f := newAppraisalFixture(t)
	f.now = fixedNow.AddDate(-3, 0, 0)
	for i := range 5 {
		f.linkedDone(t, "tina", date.New(2023, 10, 1)+date.Date(i))
		f.linkedDone(t, "pete", date.New(2023, 10, 1)+date.Date(i))
	}
	f.now = fixedNow
	a := f.linkedDone(t, "tina", date.New(2026, 10, 5))
	b := f.linkedDone(t, "pete", date.New(2026, 11, 20)) // the window's last day
	f.linkedDone(t, "pete", date.New(2026, 11, 21))      // after it
	_, err := f.svc.Development.GiveFeedback(as("tina"), appraisal.Feedback{Activity: a.ID, Scores: scores(5, 4)})
	require.NoError(t, err)

	rc := newReadCounter(f.store)
	r, err := f.service(t, rc).Development.FeedbackReport(as("head"), &appraisal.ReportOptions{From: autumn.From, Through: date.New(2026, 11, 20)})
	require.NoError(t, err)
	require.Equal(t, 2, r.Overall.Activities)
	require.Equal(t, 1, r.Overall.Responses)
	require.Equal(t, map[string]bool{a.ID: true, b.ID: true}, rc.of(cpd.KindActivity))
	require.Equal(t, map[string]bool{a.ID: true}, rc.of(cpd.KindFeedback))

	rc.reset()
	_, err = f.service(t, rc).Development.FeedbackReport(as("head"), nil)
	require.NoError(t, err)
	require.Len(t, rc.of(cpd.KindActivity), 13)
}

// TestRebuildCompletions: an activity stored without its link (by an
// earlier cpdkit, or past the Service) is missing from a windowed feedback
// report until the links are rebuilt; rebuilding again writes nothing;
// only administrators and the head of education may; and a rebuild is all
// or nothing.
func TestRebuildCompletions(t *testing.T) {
	f := newAppraisalFixture(t)
	kept := f.linkedDone(t, "tina", date.New(2026, 10, 5))
	old := done("pete", date.New(2026, 10, 5))
	old.ID, old.State, old.RequestedBy = "old-1", cpd.Completed, "pete"
	data, err := json.Marshal(old)
	require.NoError(t, err)
	err = f.store.Update(context.Background(), org, func(tx cpd.Tx) error {
		_, err := tx.Put(context.Background(), cpd.Record{Kind: cpd.KindActivity, ID: old.ID, Owner: "pete",
			State: cpd.Completed.String(), Data: data}, cpd.Change{Actor: "dba", Action: "restore", At: fixedNow})
		return err
	})
	require.NoError(t, err)
	outstanding := func() []string {
		r, err := f.svc.Development.FeedbackReport(as("head"), autumn)
		require.NoError(t, err)
		var ids []string
		for _, o := range r.Outstanding {
			ids = append(ids, o.Activity)
		}
		return ids
	}
	require.Equal(t, []string{kept.ID}, outstanding(), "before the rebuild")

	for _, by := range []string{"tina", "audrey", "md"} {
		_, err = f.svc.Development.RebuildCompletions(as(by))
		require.ErrorIs(t, err, cpd.ErrForbidden, by)
	}
	storetest.AtomicUseCase(t, f.store, org, func(s cpd.Store) error {
		_, err := f.service(t, s).Development.RebuildCompletions(as("admin"))
		return err
	}, &storetest.AtomicOptions{Kinds: []cpd.Kind{cpd.KindActivity, cpd.KindCompletion}})
	require.Equal(t, []string{kept.ID, old.ID}, outstanding(), "after the rebuild")
	requireFeedbackTruth(t, f, "after the rebuild")
	n, err := f.svc.Development.RebuildCompletions(as("head"))
	require.NoError(t, err)
	require.Zero(t, n, "nothing is missing")
}
