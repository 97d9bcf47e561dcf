package xapi

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

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
		max      int      // Options.MaxStatementSize, when not the default
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
			file:    "bom.json", // a UTF-8 byte-order mark, as Windows tools write
			credits: []creditView{{sid(1), "ann", "2026-03-02", "0", []string{"prevent"}, VerbCompleted}},
		},
		{
			file:    "bare_statement.json", // one statement, not in an array
			credits: []creditView{{sid(1), "ann", "2026-03-02", "0", []string{"prevent"}, VerbCompleted}},
		},
		{
			// SkipBad skips a statement longer than MaxStatementSize.
			file:     "oversized_statement.json",
			max:      4096,
			credits:  []creditView{{sid(1), "ann", "2026-03-02", "0", []string{"prevent"}, VerbCompleted}, {sid(3), "ann", "2026-03-02", "0", []string{"prevent"}, VerbCompleted}},
			rejected: []string{"1 "},
		},
		{
			// White space between statements is not a value to bound.
			file:    "long_whitespace.json",
			max:     4096,
			credits: []creditView{{sid(1), "ann", "2026-03-02", "0", []string{"prevent"}, VerbCompleted}, {sid(3), "ann", "2026-03-02", "0", []string{"prevent"}, VerbCompleted}},
		},
		{
			// 0.(1,000,005 zeros)1e10000000 is about 1e8999994, not 1e-6.
			file:     "score_huge_exponent.json",
			rejected: []string{"0 result.score.scaled"},
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
			res, err := importFile(t, tt.file, &Options{SkipBad: true, MaxStatementSize: tt.max})
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

// TestDocumentErrors checks that a document that is not statements says
// what it is, so that a person can act on it.
func TestDocumentErrors(t *testing.T) {
	tests := []struct {
		file string
		want string // part of the reason
	}{
		{"bad_gateway.html", `an HTML page or XML (an error page from the LRS or a proxy, or a login page?): "502 Bad Gateway"`},
		{"unauthorized.txt", `not JSON: it starts "Unauthorized"`},
		{"not_json.txt", `not JSON: it starts "not json"`},
		{"utf16.json", "UTF-16"},
		{"utf16_no_bom.json", "UTF-16"},
		{"empty.json", "the document is empty"},
		{"number_then_space.json", "the document is a JSON number"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := importFile(t, tt.file, nil)
			var se *SyntaxError
			require.ErrorAs(t, err, &se)
			require.ErrorIs(t, err, ErrInvalid)
			require.Contains(t, se.Reason, tt.want)
		})
	}
}

// recordingPeople is the test mapping's People, remembering every actor
// it was asked about.
type recordingPeople struct {
	People
	asked []Actor
}

func (r *recordingPeople) Person(a Actor) (string, bool) {
	r.asked = append(r.asked, a)
	return r.People.Person(a)
}

// TestInvalidUTF8 checks that text from the input reaches the caller as
// valid UTF-8, each bad byte replaced with U+FFFD as encoding/json does:
// the credit's activity, the actor given to People and the outcome's
// reason.
func TestInvalidUTF8(t *testing.T) {
	m := testMapping(t)
	people := &recordingPeople{People: m.People}
	m.People = people
	m.Activities = Catalogue{"https://lms.example.org/courses/caf\uFFFD": {Title: "Caf\uFFFD", Topics: []string{"cafe"}}}
	f, err := os.Open(filepath.Join("testdata", "invalid_utf8.json"))
	require.NoError(t, err)
	defer f.Close()
	res, err := Import(context.Background(), f, m, nil)
	require.NoError(t, err)
	require.Len(t, res.Credits, 1)
	require.Equal(t, "https://lms.example.org/courses/caf\uFFFD", res.Credits[0].Activity)
	require.Len(t, res.Outcomes, 1)
	require.Equal(t, UnknownPerson, res.Outcomes[0].Status)
	require.Equal(t, "https://lms.example.org/courses/caf\uFFFD", res.Outcomes[0].Activity)
	require.True(t, utf8.ValidString(res.Outcomes[0].Reason), "reason %q", res.Outcomes[0].Reason)
	require.Contains(t, people.asked, Actor{Mbox: "mailto:zo\uFFFD@example.org"})
}
