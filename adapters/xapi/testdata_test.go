package xapi

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// importFile imports testdata/name with the test mapping.
func importFile(t testing.TB, name string, opts *Options) (Result, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoError(t, err)
	defer f.Close()
	return Import(context.Background(), f, testMapping(t), opts)
}

// TestTestdata runs the rules over the minimal documents in testdata, each
// the input of a bug once found: which statements give credit and what
// every other statement's outcome is.
func TestTestdata(t *testing.T) {
	gdpr := []string{"gdpr"}
	tests := []struct {
		file     string
		credits  []creditView
		outcomes []outcomeView
		notes    []string
		voided   []string
		rejected []string // "index path" of each bad statement, with Options.SkipBad
	}{
		{
			// cmi5 §9.6.3.6: moveOn is on the launched statement only.
			file:     "cmi5_launched_completed_and_passed.json",
			outcomes: []outcomeView{{sid(1), Ignored}, {sid(2), NoCredit}},
		},
		{
			file:     "cmi5_launched_passed.json",
			outcomes: []outcomeView{{sid(1), Ignored}, {sid(2), NoCredit}},
		},
		{
			// cmi5 §9.6.3.2: masteryScore too.
			file:     "cmi5_launched_mastery.json",
			outcomes: []outcomeView{{sid(1), Ignored}, {sid(2), NoCredit}},
		},
		{
			// cmi5 §9.3.7, §9.3.9: a waived AU has met its moveOn.
			file:     "cmi5_waived.json",
			credits:  []creditView{{sid(3), "bob", "2026-03-03", "1", gdpr, VerbWaived}},
			outcomes: []outcomeView{{sid(1), Ignored}, {sid(2), NoCredit}},
			notes:    []string{"the LMS waived the AU (reason: Tested Out), which cmi5 counts as meeting its moveOn"},
		},
		{
			// cmi5 §9.3.9: the LMS says the course's moveOn is met.
			file:    "cmi5_satisfied.json",
			credits: []creditView{{sid(1), "bob", "2026-03-04", "0", []string{"prevent"}, VerbSatisfied}},
			notes:   []string{"the LMS says the learner met the moveOn criteria of the block or course"},
		},
		{
			// An LMS may hash the address as written, or lower-cased.
			file: "mbox_sha1sum_as_written.json",
			credits: []creditView{
				{sid(1), "joe", "2026-03-02", "0", []string{"prevent"}, VerbCompleted},
				{sid(2), "joe", "2026-03-03", "0", []string{"prevent"}, VerbCompleted},
				{sid(3), "joe", "2026-03-04", "0", []string{"prevent"}, VerbCompleted},
			},
		},
		{
			// Ids are read in lower case, so that a credit's Statement
			// (an ExternalRef in cpd, compared exactly) and the Voided id
			// of a later import agree whatever case each LMS wrote.
			file:     "voided_case.json",
			credits:  []creditView{{"abcdef00-0000-4000-8000-000000000001", "ann", "2026-03-02", "0", []string{"prevent"}, VerbCompleted}},
			outcomes: []outcomeView{{sid(2), Voiding}},
			voided:   []string{"abcdef00-0000-4000-8000-000000000009"},
		},
		{
			// A leap second is dated on its own day; basic format is
			// ISO 8601 too; years before 1900 are placeholders.
			file: "timestamps.json",
			credits: []creditView{
				{sid(1), "ann", "2016-12-31", "0", []string{"prevent"}, VerbCompleted},
				{sid(2), "ann", "2026-07-01", "0", []string{"prevent"}, VerbCompleted},
			},
			rejected: []string{"2 timestamp", "3 timestamp"},
		},
		{
			file:     "completed_completion_false.json",
			outcomes: []outcomeView{{sid(1), NoCredit}},
		},
		{
			file:     "passed_success_false.json",
			outcomes: []outcomeView{{sid(1), NoCredit}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			res, err := importFile(t, tt.file, &Options{SkipBad: true})
			require.NoError(t, err)
			if diff := cmp.Diff(tt.credits, creditViews(res)); diff != "" {
				t.Errorf("credits (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.outcomes, outcomeViews(res)); diff != "" {
				t.Errorf("outcomes (-want +got):\n%s", diff)
			}
			var notes []string
			for _, c := range res.Credits {
				if c.Note != "" {
					notes = append(notes, c.Note)
				}
			}
			if diff := cmp.Diff(tt.notes, notes); diff != "" {
				t.Errorf("notes (-want +got):\n%s", diff)
			}
			var rejected []string
			for _, e := range res.Rejected {
				rejected = append(rejected, fmt.Sprintf("%d %s", e.Index, e.Path))
			}
			if diff := cmp.Diff(tt.rejected, rejected); diff != "" {
				t.Errorf("rejected (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.voided, res.Voided); diff != "" {
				t.Errorf("voided (-want +got):\n%s", diff)
			}
		})
	}
}
