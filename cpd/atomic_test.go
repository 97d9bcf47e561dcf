package cpd_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/storetest"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// on builds a Service like the fixture's over another store (the fault
// injector wrapping the fixture's).
func (f *fixture) on(t *testing.T, s cpd.Store) *cpd.Service {
	t.Helper()
	svc, err := cpd.New(s, f.dir, testPolicy(), &cpd.Options{
		Now: func() time.Time { return f.now }, Location: time.UTC,
		NewID: func() string { f.ids++; return fmt.Sprintf("atomic-%03d", f.ids) },
	})
	require.NoError(t, err)
	return svc
}

// TestUseCasesAreAtomic proves that every use case that writes leaves
// nothing behind when any one of its writes fails.
func TestUseCasesAreAtomic(t *testing.T) {
	type useCase func(t *testing.T, f *fixture) func(ctx context.Context, svc *cpd.Service) error
	ignore := func(_ any, err error) error { return err }
	tests := []struct {
		name string
		uc   useCase
	}{
		{"add person", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.AddPerson(as("admin"), cpd.Person{ID: "new", Name: "New", JobRole: "tutor",
					Employment: compliance.Associate, Start: date.New(2026, 11, 1), FTE: decimal.RequireFromString("0.4")}))
			}
		}},
		{"update person", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			p, err := f.svc.Person(as("admin"), "tina")
			require.NoError(t, err)
			p.Team = "maths"
			return func(ctx context.Context, svc *cpd.Service) error { return ignore(svc.UpdatePerson(as("admin"), p)) }
		}},
		{"pen portrait", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.UpdatePenPortrait(as("tina"), "tina", cpd.PenPortrait{Summary: "s"}))
			}
		}},
		{"extension", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.GrantExtension(as("mgr"), "tina", compliance.Extension{Requirement: "prevent", Until: date.New(2027, 1, 1), Reason: "r"}))
			}
		}},
		{"exemption", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Exempt(as("head"), "tina", compliance.Exemption{Requirement: "prevent", Reason: "r"}))
			}
		}},
		{"qualification plan", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.PlanQualification(as("mgr"), "tina", compliance.Plan{Requirement: "qts", By: date.New(2027, 7, 31)}))
			}
		}},
		{"request", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Request(as("tina"), course("tina")))
			}
		}},
		{"record completed", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.RecordCompleted(as("tina"), done("tina", date.New(2026, 11, 2), "safeguarding")))
			}
		}},
		{"approve", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			id := f.reach(t, cpd.Requested)
			return func(ctx context.Context, svc *cpd.Service) error { return ignore(svc.Approve(as("mgr"), id)) }
		}},
		{"decline", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			id := f.reach(t, cpd.Requested)
			return func(ctx context.Context, svc *cpd.Service) error { return ignore(svc.Decline(as("mgr"), id, "no")) }
		}},
		{"book", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			id := f.reach(t, cpd.Approved)
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Book(as("tina"), id, cpd.Booking{Start: date.New(2026, 12, 3)}))
			}
		}},
		{"complete", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			id := f.reach(t, cpd.Booked)
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Complete(as("tina"), id, cpd.Completion{On: date.New(2026, 11, 20), Evidence: "c"}))
			}
		}},
		{"evaluate", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			id := f.reach(t, cpd.Completed)
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Evaluate(as("tina"), id, "impact"))
			}
		}},
		{"cancel", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			id := f.reach(t, cpd.Booked)
			return func(ctx context.Context, svc *cpd.Service) error { return ignore(svc.Cancel(as("tina"), id, "clash")) }
		}},
		{"amend", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			id := f.reach(t, cpd.Completed)
			a, err := f.svc.Activity(as("tina"), id)
			require.NoError(t, err)
			a.Hours = decimal.NewFromInt(7)
			return func(ctx context.Context, svc *cpd.Service) error { return ignore(svc.Amend(as("tina"), id, a, "fix")) }
		}},
		{"delegate", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			id := f.reach(t, cpd.Approved)
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Delegate(as("head"), id, "pete", "cover"))
			}
		}},
		{"resign", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			keep := f.reach(t, cpd.Approved)
			f.reach(t, cpd.Requested)
			f.reach(t, cpd.Completed)
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Resign(as("head"), "tina", cpd.Resignation{
					ResignedOn: date.New(2026, 11, 20), Leaving: date.New(2026, 12, 31),
					Decisions: map[string]cpd.Decision{keep: {Action: cpd.DelegateActivity, To: "pete"}},
				}))
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			run := tc.uc(t, f)
			storetest.AtomicUseCase(t, f.store, org, func(s cpd.Store) error {
				return run(context.Background(), f.on(t, s))
			}, nil)
		})
	}
}

// TestStaleUpdateConflicts checks optimistic versions reach the caller.
func TestStaleUpdateConflicts(t *testing.T) {
	f := newFixture(t)
	p, err := f.svc.Person(as("admin"), "tina")
	require.NoError(t, err)
	first := p
	first.Team = "maths"
	_, err = f.svc.UpdatePerson(as("admin"), first)
	require.NoError(t, err)
	second := p
	second.Team = "english"
	_, err = f.svc.UpdatePerson(as("head"), second)
	require.ErrorIs(t, err, cpd.ErrConflict)
	got, err := f.svc.Person(as("admin"), "tina")
	require.NoError(t, err)
	require.Equal(t, "maths", got.Team)
}
