package xapi

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// TestRules runs the credit rules over small imports: which statements
// give credit (with the person, day and hours) and what every other
// statement's outcome is.
func TestRules(t *testing.T) {
	sg, pv := []string{"safeguarding"}, []string{"prevent"}
	tests := []struct {
		name       string
		statements []stmt
		credits    []creditView
		outcomes   []outcomeView
	}{
		// Verbs.
		{
			name:       "completed gives credit with its hours",
			statements: []stmt{statement(1, "ann", "completed", safeguardingIRI, took("PT1H30M"))},
			credits:    []creditView{{sid(1), "ann", "2026-03-02", "1.5", sg, VerbCompleted}},
		},
		{
			name:       "passed gives credit",
			statements: []stmt{statement(1, "bob", "passed", preventIRI, took("PT45M"))},
			credits:    []creditView{{sid(1), "bob", "2026-03-02", "0.75", pv, VerbPassed}},
		},
		{
			name:       "failed gives none",
			statements: []stmt{statement(1, "ann", "failed", preventIRI, took("PT45M"))},
			outcomes:   []outcomeView{{sid(1), NoCredit}},
		},
		{
			name:       "other verbs are ignored",
			statements: []stmt{statement(1, "ann", "experienced", preventIRI), statement(2, "ann", "https://w3id.org/xapi/adl/verbs/waived", preventIRI)},
			outcomes:   []outcomeView{{sid(1), Ignored}, {sid(2), Ignored}},
		},
		{
			name:       "an object that is not an activity is ignored",
			statements: []stmt{statement(1, "ann", "completed", "", set("object", map[string]any{"objectType": "Agent", "mbox": "mailto:x@example.org"}))},
			outcomes:   []outcomeView{{sid(1), Ignored}},
		},
		{
			name:       "no duration, no hours",
			statements: []stmt{statement(1, "ann", "completed", preventIRI)},
			credits:    []creditView{{sid(1), "ann", "2026-03-02", "0", pv, VerbCompleted}},
		},
		{
			name:       "a duration in years gives credit without hours",
			statements: []stmt{statement(1, "ann", "completed", preventIRI, took("P1YT2H"))},
			credits:    []creditView{{sid(1), "ann", "2026-03-02", "2", pv, VerbCompleted}},
		},
		{
			name:       "null members count as absent",
			statements: []stmt{statement(1, "ann", "completed", preventIRI, set("result", nil), set("context", nil), set("stored", nil))},
			credits:    []creditView{{sid(1), "ann", "2026-03-02", "0", pv, VerbCompleted}},
		},
		// Actors and activities.
		{
			name: "each kind of actor identifier maps",
			statements: []stmt{
				statement(1, "dan", "completed", preventIRI), statement(2, "bob", "completed", preventIRI),
				statement(3, "cat", "completed", preventIRI),
			},
			credits: []creditView{
				{sid(1), "dan", "2026-03-02", "0", pv, VerbCompleted}, {sid(2), "bob", "2026-03-02", "0", pv, VerbCompleted},
				{sid(3), "cat", "2026-03-02", "0", pv, VerbCompleted},
			},
		},
		{
			name: "unmapped actors and activities are reported",
			statements: []stmt{
				statement(1, "eve", "completed", preventIRI), statement(2, "ann", "completed", unknownIRI),
				statement(3, "ann", "completed", preventIRI, set("actor", map[string]any{"objectType": "Group", "member": []any{agent("ann")}})),
			},
			outcomes: []outcomeView{{sid(1), UnknownPerson}, {sid(2), UnknownActivity}, {sid(3), UnknownPerson}},
		},
		// Dates.
		{
			name:       "the day is the day in London, not in UTC",
			statements: []stmt{statement(1, "ann", "completed", preventIRI, at("2026-06-30T23:30:00Z"))},
			credits:    []creditView{{sid(1), "ann", "2026-07-01", "0", pv, VerbCompleted}},
		},
		{
			name:       "stored dates a statement without a timestamp",
			statements: []stmt{statement(1, "ann", "completed", preventIRI, without("timestamp"), set("stored", "2026-01-10T23:30:00Z"))},
			credits:    []creditView{{sid(1), "ann", "2026-01-10", "0", pv, VerbCompleted}},
		},
		// Mastery.
		{
			name: "passed below the course's mastery score gives none",
			statements: []stmt{
				statement(1, "ann", "passed", firstAidIRI, scored("0.79")), statement(2, "bob", "passed", firstAidIRI, scored("0.8")),
				statement(3, "cat", "passed", firstAidIRI),
			},
			credits: []creditView{
				{sid(2), "bob", "2026-03-02", "0", []string{"first-aid"}, VerbPassed}, {sid(3), "cat", "2026-03-02", "0", []string{"first-aid"}, VerbPassed},
			},
			outcomes: []outcomeView{{sid(1), NoCredit}},
		},
		{
			name:       "the statement's mastery score counts when the course has none",
			statements: []stmt{statement(1, "ann", "passed", preventIRI, scored("0.5"), mastery("0.6")), statement(2, "bob", "passed", preventIRI, scored("0.6"), mastery("0.6"))},
			credits:    []creditView{{sid(2), "bob", "2026-03-02", "0", pv, VerbPassed}},
			outcomes:   []outcomeView{{sid(1), NoCredit}},
		},
		{
			name:       "the course's mastery score wins over the statement's",
			statements: []stmt{statement(1, "ann", "passed", firstAidIRI, scored("0.7"), mastery("0.5"))},
			outcomes:   []outcomeView{{sid(1), NoCredit}},
		},
		// Duplicates and voiding.
		{
			name:       "a repeated id counts once",
			statements: []stmt{statement(1, "ann", "completed", preventIRI, took("PT1H")), statement(1, "ann", "completed", preventIRI, took("PT1H"))},
			credits:    []creditView{{sid(1), "ann", "2026-03-02", "1", pv, VerbCompleted}},
			outcomes:   []outcomeView{{sid(1), Duplicate}},
		},
		{
			name: "ids compare as UUIDs, whatever their case",
			statements: []stmt{
				statement(1, "ann", "completed", preventIRI, set("id", "ABCDEF00-0000-4000-8000-000000000001")),
				statement(2, "ann", "completed", preventIRI, set("id", "abcdef00-0000-4000-8000-000000000001")),
			},
			// Both are read in lower case: one spelling for ExternalRef.
			credits:  []creditView{{"abcdef00-0000-4000-8000-000000000001", "ann", "2026-03-02", "0", pv, VerbCompleted}},
			outcomes: []outcomeView{{"abcdef00-0000-4000-8000-000000000001", Duplicate}},
		},
		{
			name:       "a voided statement gives none",
			statements: []stmt{statement(1, "ann", "completed", preventIRI), voids(2, 1)},
			outcomes:   []outcomeView{{sid(1), Voided}, {sid(2), Voiding}},
		},
		{
			name:       "a voiding statement before the statement it voids",
			statements: []stmt{voids(2, 1), statement(1, "ann", "completed", preventIRI)},
			outcomes:   []outcomeView{{sid(2), Voiding}, {sid(1), Voided}},
		},
		{
			name:       "a voiding statement cannot be voided",
			statements: []stmt{statement(1, "ann", "completed", preventIRI), voids(2, 1), voids(3, 2)},
			outcomes:   []outcomeView{{sid(1), Voided}, {sid(2), Voiding}, {sid(3), Voiding}},
		},
		{
			name:       "a repeat of a voided statement is reported as a repeat",
			statements: []stmt{statement(1, "ann", "completed", preventIRI), statement(1, "ann", "completed", preventIRI), voids(2, 1)},
			outcomes:   []outcomeView{{sid(1), Voided}, {sid(1), Duplicate}, {sid(2), Voiding}},
		},
		// Registrations.
		{
			name: "completed and passed in one registration credit once, with the longer duration",
			statements: []stmt{
				statement(1, "ann", "passed", preventIRI, inRegistration(1), took("PT30M"), at("2026-03-02T10:00:00Z")),
				statement(2, "ann", "completed", preventIRI, inRegistration(1), took("PT2H"), at("2026-03-02T09:00:00Z")),
			},
			credits:  []creditView{{sid(2), "ann", "2026-03-02", "2", pv, VerbCompleted}},
			outcomes: []outcomeView{{sid(1), NoCredit}},
		},
		{
			name: "two registrations credit twice",
			statements: []stmt{
				statement(1, "ann", "completed", preventIRI, inRegistration(1)),
				statement(2, "ann", "completed", preventIRI, inRegistration(2), at("2027-03-02T12:00:00Z")),
			},
			credits: []creditView{{sid(1), "ann", "2026-03-02", "0", pv, VerbCompleted}, {sid(2), "ann", "2027-03-02", "0", pv, VerbCompleted}},
		},
		{
			name:       "without a registration each statement credits",
			statements: []stmt{statement(1, "ann", "completed", preventIRI), statement(2, "ann", "passed", preventIRI)},
			credits:    []creditView{{sid(1), "ann", "2026-03-02", "0", pv, VerbCompleted}, {sid(2), "ann", "2026-03-02", "0", pv, VerbPassed}},
		},
		// cmi5.
		{
			name: "cmi5 without a moveOn: completed or passed, once per registration",
			statements: []stmt{
				statement(1, "ann", "completed", auIRI, cmi5(), inRegistration(1), took("PT1H"), at("2026-03-02T09:00:00Z")),
				statement(2, "ann", "passed", auIRI, cmi5(), inRegistration(1), took("PT1H15M"), at("2026-03-02T09:30:00Z")),
			},
			credits:  []creditView{{sid(1), "ann", "2026-03-02", "1.25", []string{"gdpr"}, VerbCompleted}},
			outcomes: []outcomeView{{sid(2), NoCredit}},
		},
		{
			name: "a single cmi5 category activity, not in an array, still marks cmi5",
			statements: []stmt{
				statement(1, "ann", "completed", auAndIRI, inRegistration(1), set("context", map[string]any{
					"registration": reg(1), "contextActivities": map[string]any{"category": map[string]any{"id": CMI5CategoryIRI}},
				})),
			},
			outcomes: []outcomeView{{sid(1), NoCredit}}, // CompletedAndPassed needs a pass too
		},
		{
			name: "cmi5 moveOn Completed from the context: passed alone does not satisfy it",
			statements: []stmt{
				statement(1, "ann", "passed", auIRI, cmi5(), inRegistration(1), moveOn("Completed")),
				statement(2, "bob", "completed", auIRI, cmi5(), inRegistration(2), moveOn("Completed")),
			},
			credits:  []creditView{{sid(2), "bob", "2026-03-02", "0", []string{"gdpr"}, VerbCompleted}},
			outcomes: []outcomeView{{sid(1), NoCredit}},
		},
		{
			name: "cmi5 moveOn NotApplicable still needs a statement",
			statements: []stmt{
				statement(1, "ann", "completed", auIRI, cmi5(), inRegistration(1), moveOn("NotApplicable")),
				statement(2, "bob", "failed", auIRI, cmi5(), inRegistration(2), moveOn("NotApplicable")),
			},
			credits:  []creditView{{sid(1), "ann", "2026-03-02", "0", []string{"gdpr"}, VerbCompleted}},
			outcomes: []outcomeView{{sid(2), NoCredit}},
		},
		{
			name: "cmi5 moveOn Passed from the course: completed does not satisfy it",
			statements: []stmt{
				statement(1, "ann", "completed", auPassedIRI, cmi5(), inRegistration(1)),
				statement(2, "ann", "failed", auPassedIRI, cmi5(), inRegistration(1), scored("0.5")),
				statement(3, "ann", "passed", auPassedIRI, cmi5(), inRegistration(1), scored("0.9"), at("2026-03-04T12:00:00Z")),
			},
			credits:  []creditView{{sid(3), "ann", "2026-03-04", "0", []string{"designated-safeguarding-lead", "safeguarding"}, VerbPassed}},
			outcomes: []outcomeView{{sid(1), NoCredit}, {sid(2), NoCredit}},
		},
		{
			name: "the course's moveOn wins over the context's",
			statements: []stmt{
				statement(1, "ann", "completed", auPassedIRI, cmi5(), inRegistration(1), moveOn("Completed")),
			},
			outcomes: []outcomeView{{sid(1), NoCredit}},
		},
		{
			name: "cmi5 CompletedAndPassed is dated by the later of the two",
			statements: []stmt{
				statement(1, "ann", "completed", auAndIRI, cmi5(), inRegistration(1), took("PT2H"), at("2026-03-02T12:00:00Z")),
				statement(2, "ann", "passed", auAndIRI, cmi5(), inRegistration(1), took("PT1H"), at("2026-03-05T12:00:00Z")),
			},
			credits:  []creditView{{sid(2), "ann", "2026-03-05", "2", []string{"health-and-safety"}, VerbPassed}},
			outcomes: []outcomeView{{sid(1), NoCredit}},
		},
		{
			name: "cmi5 CompletedAndPassed, passed first",
			statements: []stmt{
				statement(1, "ann", "passed", auAndIRI, cmi5(), inRegistration(1), at("2026-03-02T12:00:00Z")),
				statement(2, "ann", "completed", auAndIRI, cmi5(), inRegistration(1), at("2026-03-06T12:00:00Z")),
			},
			credits:  []creditView{{sid(2), "ann", "2026-03-06", "0", []string{"health-and-safety"}, VerbCompleted}},
			outcomes: []outcomeView{{sid(1), NoCredit}},
		},
		{
			name:       "cmi5 CompletedAndPassed without passed gives none",
			statements: []stmt{statement(1, "ann", "completed", auAndIRI, cmi5(), inRegistration(1))},
			outcomes:   []outcomeView{{sid(1), NoCredit}},
		},
		{
			name: "cmi5 CompletedAndPassed with a pass below the mastery score gives none",
			statements: []stmt{
				statement(1, "ann", "completed", auAndIRI, cmi5(), inRegistration(1)),
				statement(2, "ann", "passed", auAndIRI, cmi5(), inRegistration(1), scored("0.7"), mastery("0.75")),
			},
			outcomes: []outcomeView{{sid(1), NoCredit}, {sid(2), NoCredit}},
		},
		{
			name: "cmi5 CompletedAndPassed with the pass voided gives none",
			statements: []stmt{
				statement(1, "ann", "completed", auAndIRI, cmi5(), inRegistration(1)),
				statement(2, "ann", "passed", auAndIRI, cmi5(), inRegistration(1)),
				voids(3, 2),
			},
			outcomes: []outcomeView{{sid(1), NoCredit}, {sid(2), Voided}, {sid(3), Voiding}},
		},
		{
			name: "cmi5 registrations of different people are judged apart",
			statements: []stmt{
				statement(1, "ann", "completed", auAndIRI, cmi5(), inRegistration(1)),
				statement(2, "bob", "passed", auAndIRI, cmi5(), inRegistration(1)),
			},
			outcomes: []outcomeView{{sid(1), NoCredit}, {sid(2), NoCredit}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := importDoc(t, doc(t, tt.statements...), nil)
			require.NoError(t, err)
			if diff := cmp.Diff(tt.credits, creditViews(res)); diff != "" {
				t.Errorf("credits (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.outcomes, outcomeViews(res)); diff != "" {
				t.Errorf("outcomes (-want +got):\n%s", diff)
			}
			if res.Statements != len(tt.statements) {
				t.Errorf("Statements = %d, want %d", res.Statements, len(tt.statements))
			}
		})
	}
}
