package cpd_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// reach puts a new activity of tina's into the given state through the
// Service, the way a user would, and returns its ID.
func (f *fixture) reach(t *testing.T, st cpd.State) string {
	t.Helper()
	a, err := f.svc.Request(as("tina"), course("tina", "safeguarding"))
	require.NoError(t, err)
	id := a.ID
	step := func(fn func() (cpd.Activity, error)) {
		t.Helper()
		_, err := fn()
		require.NoError(t, err)
	}
	switch st {
	case cpd.Declined:
		step(func() (cpd.Activity, error) { return f.svc.Decline(as("mgr"), id, "not this year") })
	case cpd.Cancelled:
		step(func() (cpd.Activity, error) { return f.svc.Cancel(as("tina"), id, "clash") })
	case cpd.Delegated:
		step(func() (cpd.Activity, error) { return f.svc.Delegate(as("head"), id, "pete", "pete covers the subject") })
	}
	if st == cpd.Requested || st >= cpd.Declined {
		return id
	}
	step(func() (cpd.Activity, error) { return f.svc.Approve(as("mgr"), id) })
	if st >= cpd.Booked {
		step(func() (cpd.Activity, error) {
			return f.svc.Book(as("tina"), id, cpd.Booking{Start: date.New(2026, 11, 10), Provider: "LA"})
		})
	}
	if st >= cpd.Completed {
		step(func() (cpd.Activity, error) {
			return f.svc.Complete(as("tina"), id, cpd.Completion{On: date.New(2026, 11, 10), Evidence: "cert-1"})
		})
	}
	if st >= cpd.Evaluated {
		step(func() (cpd.Activity, error) { return f.svc.Evaluate(as("tina"), id, "safer practice in tutorials") })
	}
	return id
}

// TestTransitions tries every step from every state: the legal ones move
// the activity on, the rest are ErrTransition and change nothing.
func TestTransitions(t *testing.T) {
	type action struct {
		name string
		run  func(f *fixture, id string) (cpd.Activity, error)
		to   cpd.State
		from []cpd.State
	}
	actions := []action{
		{"approve", func(f *fixture, id string) (cpd.Activity, error) { return f.svc.Approve(as("mgr"), id) },
			cpd.Approved, []cpd.State{cpd.Requested}},
		{"decline", func(f *fixture, id string) (cpd.Activity, error) { return f.svc.Decline(as("mgr"), id, "no") },
			cpd.Declined, []cpd.State{cpd.Requested}},
		{"book", func(f *fixture, id string) (cpd.Activity, error) {
			return f.svc.Book(as("tina"), id, cpd.Booking{Start: date.New(2026, 12, 1)})
		}, cpd.Booked, []cpd.State{cpd.Approved}},
		{"complete", func(f *fixture, id string) (cpd.Activity, error) {
			return f.svc.Complete(as("tina"), id, cpd.Completion{On: date.New(2026, 11, 20), Evidence: "c"})
		}, cpd.Completed, []cpd.State{cpd.Approved, cpd.Booked}},
		{"evaluate", func(f *fixture, id string) (cpd.Activity, error) { return f.svc.Evaluate(as("tina"), id, "impact") },
			cpd.Evaluated, []cpd.State{cpd.Completed}},
		{"cancel", func(f *fixture, id string) (cpd.Activity, error) { return f.svc.Cancel(as("tina"), id, "clash") },
			cpd.Cancelled, []cpd.State{cpd.Requested, cpd.Approved, cpd.Booked}},
		{"delegate", func(f *fixture, id string) (cpd.Activity, error) {
			if _, err := f.svc.Delegate(as("head"), id, "pete", "cover"); err != nil {
				return cpd.Activity{}, err
			}
			return f.svc.Activity(as("head"), id)
		}, cpd.Delegated, []cpd.State{cpd.Requested, cpd.Approved, cpd.Booked}},
	}
	states := []cpd.State{cpd.Requested, cpd.Approved, cpd.Booked, cpd.Completed, cpd.Evaluated, cpd.Declined, cpd.Cancelled, cpd.Delegated}
	for _, from := range states {
		for _, act := range actions {
			legal := false
			for _, s := range act.from {
				legal = legal || s == from
			}
			t.Run(from.String()+"/"+act.name, func(t *testing.T) {
				f := newFixture(t)
				id := f.reach(t, from)
				before, err := f.svc.Activity(as("head"), id)
				require.NoError(t, err)
				got, err := act.run(f, id)
				after, aerr := f.svc.Activity(as("head"), id)
				require.NoError(t, aerr)
				if legal {
					require.NoError(t, err)
					require.Equal(t, act.to, got.State)
					require.Equal(t, act.to, after.State)
					return
				}
				if !errors.Is(err, cpd.ErrTransition) {
					t.Fatalf("got %v, want ErrTransition", err)
				}
				if diff := cmp.Diff(before, after); diff != "" {
					t.Fatalf("refused step changed the activity:\n%s", diff)
				}
			})
		}
	}
}

// TestBadInput checks that bad input is refused with ErrInvalid, names the
// field, and stores nothing.
func TestBadInput(t *testing.T) {
	negative := done("tina", date.New(2026, 11, 1))
	negative.Hours = decimal.NewFromInt(-2)
	beforeStart := done("tina", date.New(2019, 8, 31))
	future := done("tina", date.New(2026, 11, 26))
	noEvidence := done("tina", date.New(2026, 11, 1))
	noEvidence.Evidence = ""
	noKind := done("tina", date.New(2026, 11, 1))
	noKind.Kind = 0
	tests := []struct {
		name  string
		a     cpd.Activity
		field string
	}{
		{"negative hours", negative, "hours"},
		{"completion before the person started", beforeStart, "completed"},
		{"completion in the future", future, "completed"},
		{"self-recorded without evidence", noEvidence, "evidence"},
		{"no kind", noKind, "kind"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			_, err := f.svc.RecordCompleted(as("tina"), tc.a)
			var ve *cpd.ValidationError
			require.ErrorIs(t, err, cpd.ErrInvalid)
			require.ErrorAs(t, err, &ve)
			require.Equal(t, tc.field, ve.Field)
			acts, err := f.svc.Activities(as("tina"), "tina")
			require.NoError(t, err)
			require.Empty(t, acts)
		})
	}
}

// TestAmendKeepsHistory checks a change to a completed record keeps the
// previous version.
func TestAmendKeepsHistory(t *testing.T) {
	f := newFixture(t)
	a, err := f.svc.RecordCompleted(as("tina"), done("tina", date.New(2026, 11, 1), "safeguarding"))
	require.NoError(t, err)
	changed := a
	changed.Hours = decimal.NewFromInt(6)
	got, err := f.svc.Amend(as("tina"), a.ID, changed, "certificate showed six hours")
	require.NoError(t, err)
	require.True(t, got.Hours.Equal(decimal.NewFromInt(6)))
	require.Len(t, got.History, 1)
	require.Equal(t, "certificate showed six hours", got.History[0].Reason)
	require.Equal(t, "tina", got.History[0].By)
	require.True(t, got.History[0].Previous.Hours.Equal(decimal.RequireFromString("3.5")))
	_, err = f.svc.Amend(as("tina"), a.ID, changed, "")
	require.ErrorIs(t, err, cpd.ErrInvalid)
}
