package cpd_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// imported is a completed activity as an import brings it, with its
// external reference.
func imported(person, ref string, on date.Date, topics ...string) cpd.Activity {
	a := done(person, on, topics...)
	a.ExternalRef = ref
	return a
}

// statusOf returns the stored status of one requirement of a person.
func (f *fixture) statusOf(t *testing.T, person, requirement string) compliance.Status {
	t.Helper()
	for _, it := range f.status(t, person).Items {
		if it.Requirement == requirement {
			return it.Status
		}
	}
	t.Fatalf("%s has no status for %s", person, requirement)
	return 0
}

// TestWithdrawImported withdraws an imported activity by its reference:
// it becomes Withdrawn with its history, stops counting in the stored
// status at once, is audited, and stays withdrawn when imported again.
func TestWithdrawImported(t *testing.T) {
	f := newFixture(t)
	res, err := f.svc.Activities.ImportCompletions(as("admin"), []cpd.Activity{
		imported("tina", "xapi:aaaa", date.New(2026, 11, 2), "safeguarding"),
		imported("pete", "xapi:bbbb", date.New(2026, 11, 2), "safeguarding"),
	}, nil)
	require.NoError(t, err)
	tinaID := res.IDs[0]
	require.Equal(t, compliance.Compliant, f.statusOf(t, "tina", "safeguarding"))
	before := len(f.actions(t))

	got, err := f.svc.Activities.WithdrawImported(as("admin"), []cpd.Withdrawal{
		{ExternalRef: "xapi:aaaa", Reason: "the LMS voided statement aaaa"},
		{ExternalRef: "xapi:never", Reason: "the LMS voided statement never"},
		{ExternalRef: "xapi:aaaa", Reason: "named twice"},
		{ExternalRef: "xapi:never", Reason: "named twice"},
	})
	require.NoError(t, err)
	require.Empty(t, cmp.Diff(cpd.WithdrawResult{Withdrawn: []string{tinaID}, NotFound: []string{"xapi:never"}}, got))

	a, err := f.svc.Activities.Activity(as("admin"), tinaID)
	require.NoError(t, err)
	require.Equal(t, cpd.Withdrawn, a.State)
	require.Equal(t, "the LMS voided statement aaaa", a.Reason)
	require.Len(t, a.History, 1)
	require.Equal(t, cpd.Completed, a.History[0].Previous.State)
	require.NotEqual(t, compliance.Compliant, f.statusOf(t, "tina", "safeguarding"), "the withdrawn record still counts")
	require.Equal(t, compliance.Compliant, f.statusOf(t, "pete", "safeguarding"))
	require.Empty(t, cmp.Diff([]string{"activity.withdraw", "status.refresh", "status.refresh"}, f.actions(t)[before:]))

	again, err := f.svc.Activities.WithdrawImported(as("admin"), []cpd.Withdrawal{{ExternalRef: "xapi:aaaa", Reason: "again"}})
	require.NoError(t, err)
	require.Empty(t, cmp.Diff(cpd.WithdrawResult{Already: []string{tinaID}}, again))

	re, err := f.svc.Activities.ImportCompletions(as("admin"), []cpd.Activity{imported("tina", "xapi:aaaa", date.New(2026, 11, 2), "safeguarding")}, nil)
	require.NoError(t, err)
	require.Empty(t, cmp.Diff([]cpd.Duplicate{{Index: 0, Existing: tinaID}}, re.Duplicates), "a withdrawn record is not imported again")
	require.NotEqual(t, compliance.Compliant, f.statusOf(t, "tina", "safeguarding"))
}

// TestWithdrawImportedRejects checks bad withdrawals change nothing.
func TestWithdrawImportedRejects(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.Activities.ImportCompletions(as("admin"), []cpd.Activity{imported("tina", "xapi:aaaa", date.New(2026, 11, 2), "safeguarding")}, nil)
	require.NoError(t, err)
	tests := []struct {
		name string
		ws   []cpd.Withdrawal
	}{
		{"no reference", []cpd.Withdrawal{{ExternalRef: "xapi:aaaa", Reason: "voided"}, {Reason: "voided"}}},
		{"no reason", []cpd.Withdrawal{{ExternalRef: "xapi:aaaa"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.actions(t)
			_, err := f.svc.Activities.WithdrawImported(as("admin"), tt.ws)
			var ve *cpd.ValidationError
			require.ErrorAs(t, err, &ve)
			require.ErrorIs(t, err, cpd.ErrInvalid)
			require.Equal(t, before, f.actions(t))
		})
	}
}
