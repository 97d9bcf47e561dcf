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
	a, err := f.svc.Activities.Request(as("tina"), course("tina", "safeguarding"))
	require.NoError(t, err)
	id := a.ID
	step := func(fn func() (cpd.Activity, error)) {
		t.Helper()
		_, err := fn()
		require.NoError(t, err)
	}
	switch st {
	case cpd.Declined:
		step(func() (cpd.Activity, error) { return f.svc.Activities.Decline(as("mgr"), id, "not this year") })
	case cpd.Cancelled:
		step(func() (cpd.Activity, error) { return f.svc.Activities.Cancel(as("tina"), id, "clash") })
	case cpd.Delegated:
		step(func() (cpd.Activity, error) {
			return f.svc.Activities.Delegate(as("head"), id, "pete", "pete covers the subject")
		})
	}
	if st == cpd.Requested || st >= cpd.Declined {
		return id
	}
	step(func() (cpd.Activity, error) { return f.svc.Activities.Approve(as("mgr"), id) })
	if st >= cpd.Booked {
		step(func() (cpd.Activity, error) {
			return f.svc.Activities.Book(as("tina"), id, cpd.Booking{Start: date.New(2026, 11, 10), Provider: "LA"})
		})
	}
	if st >= cpd.Completed {
		step(func() (cpd.Activity, error) {
			return f.svc.Activities.Complete(as("tina"), id, cpd.Completion{On: date.New(2026, 11, 10), Evidence: "cert-1"})
		})
	}
	if st >= cpd.Evaluated {
		step(func() (cpd.Activity, error) {
			return f.svc.Activities.Evaluate(as("tina"), id, "safer practice in tutorials")
		})
	}
	return id
}

// TestTransitions tries every step from every state: the legal ones move
// the activity on, the rest are ErrTransition and change nothing.
func TestTransitions(t *testing.T) {
	type action struct {
		name string
		run  func(f *fixture, id string) (cpd.Activity, error)
		// legal maps each state the step may start from to the state it
		// leads to; from any other state it is ErrTransition.
		legal map[cpd.State]cpd.State
	}
	actions := []action{
		{"approve", func(f *fixture, id string) (cpd.Activity, error) { return f.svc.Activities.Approve(as("mgr"), id) },
			map[cpd.State]cpd.State{cpd.Requested: cpd.Approved}},
		{"decline", func(f *fixture, id string) (cpd.Activity, error) {
			return f.svc.Activities.Decline(as("mgr"), id, "no")
		},
			map[cpd.State]cpd.State{cpd.Requested: cpd.Declined}},
		{"book", func(f *fixture, id string) (cpd.Activity, error) {
			return f.svc.Activities.Book(as("tina"), id, cpd.Booking{Start: date.New(2026, 11, 10)})
		}, map[cpd.State]cpd.State{cpd.Approved: cpd.Booked}},
		{"complete", func(f *fixture, id string) (cpd.Activity, error) {
			return f.svc.Activities.Complete(as("tina"), id, cpd.Completion{On: date.New(2026, 11, 20), Evidence: "c"})
		}, map[cpd.State]cpd.State{cpd.Approved: cpd.Completed, cpd.Booked: cpd.Completed}},
		{"evaluate", func(f *fixture, id string) (cpd.Activity, error) {
			return f.svc.Activities.Evaluate(as("tina"), id, "impact")
		},
			map[cpd.State]cpd.State{cpd.Completed: cpd.Evaluated}},
		{"cancel", func(f *fixture, id string) (cpd.Activity, error) {
			return f.svc.Activities.Cancel(as("tina"), id, "clash")
		},
			map[cpd.State]cpd.State{cpd.Requested: cpd.Cancelled, cpd.Approved: cpd.Cancelled, cpd.Booked: cpd.Cancelled}},
		{"delegate", func(f *fixture, id string) (cpd.Activity, error) {
			if _, err := f.svc.Activities.Delegate(as("head"), id, "pete", "cover"); err != nil {
				return cpd.Activity{}, err
			}
			return f.svc.Activities.Activity(as("head"), id)
		}, map[cpd.State]cpd.State{cpd.Requested: cpd.Delegated, cpd.Approved: cpd.Delegated, cpd.Booked: cpd.Delegated}},
		// Amending changes a done record's details and keeps its state.
		{"amend", func(f *fixture, id string) (cpd.Activity, error) {
			return f.svc.Activities.Amend(as("tina"), id, done("tina", date.New(2026, 11, 12), "safeguarding"), "date was wrong")
		}, map[cpd.State]cpd.State{cpd.Completed: cpd.Completed, cpd.Evaluated: cpd.Evaluated}},
	}
	states := []cpd.State{cpd.Requested, cpd.Approved, cpd.Booked, cpd.Completed, cpd.Evaluated, cpd.Declined, cpd.Cancelled, cpd.Delegated}
	for _, from := range states {
		for _, act := range actions {
			to, legal := act.legal[from]
			t.Run(from.String()+"/"+act.name, func(t *testing.T) {
				f := newFixture(t)
				id := f.reach(t, from)
				before, err := f.svc.Activities.Activity(as("head"), id)
				require.NoError(t, err)
				got, err := act.run(f, id)
				after, aerr := f.svc.Activities.Activity(as("head"), id)
				require.NoError(t, aerr)
				if legal {
					require.NoError(t, err)
					require.Equal(t, to, got.State)
					require.Equal(t, to, after.State)
					require.Equal(t, before.Version+1, after.Version, "one write to the activity")
					return
				}
				if !errors.Is(err, cpd.ErrTransition) {
					t.Fatalf("got %v, want ErrTransition", err)
				}
				var te *cpd.TransitionError
				require.ErrorAs(t, err, &te)
				require.Equal(t, from, te.From)
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
	beforeItsStart := done("tina", date.New(2026, 11, 1))
	beforeItsStart.Start = date.New(2026, 11, 2)
	unknownTopic := done("tina", date.New(2026, 11, 1), "safeguarding", "first-aid")
	emptyTopic := done("tina", date.New(2026, 11, 1), "")
	hoursTopic := done("tina", date.New(2026, 11, 1), "hours")
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
		{"completion before the activity's start", beforeItsStart, "completed"},
		{"a topic no requirement has", unknownTopic, "topics[1]"},
		{"an empty topic", emptyTopic, "topics[0]"},
		{"an hours rule is not a topic", hoursTopic, "topics[0]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			_, err := f.svc.Activities.RecordCompleted(as("tina"), tc.a)
			var ve *cpd.ValidationError
			require.ErrorIs(t, err, cpd.ErrInvalid)
			require.ErrorAs(t, err, &ve)
			require.Equal(t, tc.field, ve.Field)
			acts, err := f.svc.Activities.Activities(as("tina"), "tina")
			require.NoError(t, err)
			require.Empty(t, acts)
		})
	}
}

// TestAmendKeepsHistory checks a change to a completed record keeps the
// previous version.
func TestAmendKeepsHistory(t *testing.T) {
	f := newFixture(t)
	a, err := f.svc.Activities.RecordCompleted(as("tina"), done("tina", date.New(2026, 11, 1), "safeguarding"))
	require.NoError(t, err)
	changed := a
	changed.Hours = decimal.NewFromInt(6)
	got, err := f.svc.Activities.Amend(as("tina"), a.ID, changed, "certificate showed six hours")
	require.NoError(t, err)
	require.True(t, got.Hours.Equal(decimal.NewFromInt(6)))
	require.Len(t, got.History, 1)
	require.Equal(t, "certificate showed six hours", got.History[0].Reason)
	require.Equal(t, "tina", got.History[0].By)
	require.True(t, got.History[0].Previous.Hours.Equal(decimal.RequireFromString("3.5")))
	_, err = f.svc.Activities.Amend(as("tina"), a.ID, changed, "")
	require.ErrorIs(t, err, cpd.ErrInvalid)
}
