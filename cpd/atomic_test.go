package cpd_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
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
	svc, err := cpd.New(s, f.dir, f.policy, &cpd.Options{
		Now: f.clock, Location: time.UTC,
		NewID: func() string { return fmt.Sprintf("atomic-%03d", f.ids.Add(1)) },
	})
	require.NoError(t, err)
	return svc
}

// useCase prepares a use case on the fixture (as someone allowed to) and
// returns it, to run on a Service over any store.
type useCase func(t *testing.T, f *fixture) func(ctx context.Context, svc *cpd.Service) error

// writingUseCases are the Service's use cases that write: each names its
// Service method and the person it acts as.
func writingUseCases() []struct {
	name, method, actor string
	uc                  useCase
} {
	ignore := func(_ any, err error) error { return err }
	return []struct {
		name, method, actor string
		uc                  useCase
	}{
		{"add person", "AddPerson", "admin", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Staff.AddPerson(as("admin"), cpd.Person{ID: "new", Name: "New", JobRole: "tutor",
					Employment: compliance.Associate, Start: date.New(2026, 11, 1), FTE: decimal.RequireFromString("0.4")}))
			}
		}},
		{"update person", "UpdatePerson", "admin", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			p, err := f.svc.Staff.Person(as("admin"), "tina")
			require.NoError(t, err)
			p.Team = "maths"
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Staff.UpdatePerson(as("admin"), p))
			}
		}},
		{"pen portrait", "UpdatePenPortrait", "tina", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Staff.UpdatePenPortrait(as("tina"), "tina", cpd.PenPortrait{Summary: "s"}))
			}
		}},
		{"extension", "GrantExtension", "mgr", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Compliance.GrantExtension(as("mgr"), "tina", compliance.Extension{Requirement: "prevent", Until: date.New(2027, 1, 1), Reason: "r"}))
			}
		}},
		{"exemption", "Exempt", "head", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Compliance.Exempt(as("head"), "tina", compliance.Exemption{Requirement: "prevent", Reason: "r"}))
			}
		}},
		{"qualification plan", "PlanQualification", "mgr", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Compliance.PlanQualification(as("mgr"), "tina", compliance.Plan{Requirement: "qts", By: date.New(2027, 7, 31)}))
			}
		}},
		{"request", "Request", "tina", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Activities.Request(as("tina"), course("tina")))
			}
		}},
		{"record completed", "RecordCompleted", "tina", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Activities.RecordCompleted(as("tina"), done("tina", date.New(2026, 11, 2), "safeguarding")))
			}
		}},
		{"approve", "Approve", "mgr", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			id := f.reach(t, cpd.Requested)
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Activities.Approve(as("mgr"), id))
			}
		}},
		{"decline", "Decline", "mgr", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			id := f.reach(t, cpd.Requested)
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Activities.Decline(as("mgr"), id, "no"))
			}
		}},
		{"book", "Book", "tina", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			id := f.reach(t, cpd.Approved)
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Activities.Book(as("tina"), id, cpd.Booking{Start: date.New(2026, 12, 3)}))
			}
		}},
		{"complete", "Complete", "tina", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			id := f.reach(t, cpd.Booked)
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Activities.Complete(as("tina"), id, cpd.Completion{On: date.New(2026, 11, 20), Evidence: "c"}))
			}
		}},
		{"evaluate", "Evaluate", "tina", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			id := f.reach(t, cpd.Completed)
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Activities.Evaluate(as("tina"), id, "impact"))
			}
		}},
		{"cancel", "Cancel", "tina", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			id := f.reach(t, cpd.Booked)
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Activities.Cancel(as("tina"), id, "clash"))
			}
		}},
		{"amend", "Amend", "tina", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			id := f.reach(t, cpd.Completed)
			a, err := f.svc.Activities.Activity(as("tina"), id)
			require.NoError(t, err)
			a.Hours = decimal.NewFromInt(7)
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Activities.Amend(as("tina"), id, a, "fix"))
			}
		}},
		{"delegate", "Delegate", "head", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			id := f.reach(t, cpd.Approved)
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Activities.Delegate(as("head"), id, "pete", "cover"))
			}
		}},
		{"resign", "Resign", "head", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			keep := f.reach(t, cpd.Approved)
			f.reach(t, cpd.Requested)
			f.reach(t, cpd.Completed)
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Staff.Resign(as("head"), "tina", cpd.Resignation{
					ResignedOn: date.New(2026, 11, 20), Leaving: date.New(2026, 12, 31),
					Decisions: map[string]cpd.Decision{keep: {Action: cpd.DelegateActivity, To: "pete"}},
				}))
			}
		}},
		{"refresh statuses", "RefreshStatuses", "admin", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			_, err := f.svc.Activities.RecordCompleted(as("tina"), done("tina", date.New(2025, 12, 1), "safeguarding"))
			require.NoError(t, err)
			f.now = f.now.AddDate(0, 0, 7) // tina's safeguarding has expired: her status is stale
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Compliance.RefreshStatuses(as("admin")))
			}
		}},
		{"import completions", "ImportCompletions", "admin", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			acts := []cpd.Activity{done("tina", date.New(2026, 11, 2), "safeguarding"), done("pete", date.New(2026, 9, 10), "prevent")}
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Activities.ImportCompletions(as("admin"), acts, nil))
			}
		}},
		{"withdraw imported", "WithdrawImported", "admin", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			acts := []cpd.Activity{done("tina", date.New(2026, 11, 2), "safeguarding"), done("pete", date.New(2026, 9, 10), "prevent")}
			acts[0].ExternalRef, acts[1].ExternalRef = "xapi:1", "xapi:2"
			_, err := f.svc.Activities.ImportCompletions(as("admin"), acts, nil)
			require.NoError(t, err)
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Activities.WithdrawImported(as("admin"), []cpd.Withdrawal{{ExternalRef: "xapi:1", Reason: "voided"}, {ExternalRef: "xapi:2", Reason: "voided"}}))
			}
		}},
		{"import people", "ImportPeople", "admin", func(t *testing.T, f *fixture) func(context.Context, *cpd.Service) error {
			return func(ctx context.Context, svc *cpd.Service) error {
				return ignore(svc.Staff.ImportPeople(as("admin"), []cpd.Person{newcomer("n1"), newcomer("n2")}, nil))
			}
		}},
	}
}

// TestUseCasesAreAtomic proves that every use case that writes leaves
// nothing behind when any one of its writes fails.
func TestUseCasesAreAtomic(t *testing.T) {
	for _, tc := range writingUseCases() {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			run := tc.uc(t, f)
			storetest.AtomicUseCase(t, f.store, org, func(s cpd.Store) error {
				return run(context.Background(), f.on(t, s))
			}, nil)
		})
	}
}

// TestUseCasesAreAudited checks that every write of every use case
// appends exactly one audit event, and that each says who acted and when.
func TestUseCasesAreAudited(t *testing.T) {
	for _, tc := range writingUseCases() {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			run := tc.uc(t, f)
			before := f.eventCount(t, org)
			counter := storetest.NewFaulty(f.store)
			require.NoError(t, run(context.Background(), f.on(t, counter)))
			require.Positive(t, counter.Writes(), "the use case wrote nothing")
			var evs []cpd.Event
			require.NoError(t, f.store.View(context.Background(), org, func(tx cpd.Tx) error {
				var err error
				evs, err = tx.Events(context.Background(), cpd.EventQuery{After: int64(before), Limit: cpd.MaxLimit})
				return err
			}))
			require.Len(t, evs, counter.Writes(), "one event per write")
			for _, e := range evs {
				require.Equal(t, tc.actor, e.Actor, "event %d (%s %s %s)", e.Seq, e.Action, e.Kind, e.ID)
				require.True(t, f.now.Equal(e.At), "event %d is at %v, not the Service's now %v", e.Seq, e.At, f.now)
				require.NotEmpty(t, e.Action, "event %d", e.Seq)
				require.NotNil(t, e.After, "event %d: no use case deletes", e.Seq)
			}
		})
	}
}

// TestEveryUseCaseIsChecked keeps writingUseCases complete: every exported
// method of Service and its facets either only reads (listed here) or is one of the use
// cases proved atomic and audited above. A new method must join one list.
func TestEveryUseCaseIsChecked(t *testing.T) {
	readOnly := []string{"Activities", "Activity", "Alerts", "Reminders", "AuditTrail", "AuditTrailAll", "ComplianceOn", "ComplianceOfMany", "ExplainMany", "Forecast", "OrgComplianceOn", "Compliance", "Evaluator", "OrgCompliance", "People",
		"Person", "Record", "SubjectAccess", "TeamAlerts",
		// performance management
		"Cycle", "DevDays", "Feedback", "FeedbackReport", "ImprovementPlanReview", "LogSubmissions", "OneToOneAgenda",
		"OneToOnes", "PIPs", "Readership", "Review", "Target", "Targets", "Unread"}
	var checked []string
	for _, uc := range writingUseCases() {
		checked = append(checked, uc.method)
	}
	for _, uc := range appraisalUseCases() {
		checked = append(checked, uc.method)
	}
	checked = append(checked, budgetMethods()...)   // budget_atomic_test.go
	checked = append(checked, reminderMethods()...) // reminders_test.go
	checked = append(checked, reportMethods()...)   // target_needs_test.go
	// The use cases are the methods of the Service and of each of its
	// facets (its exported fields).
	typ := reflect.TypeFor[*cpd.Service]()
	var methods []string
	for i := range typ.NumMethod() {
		methods = append(methods, typ.Method(i).Name)
	}
	for _, field := range reflect.VisibleFields(typ.Elem()) {
		if !field.IsExported() || field.Anonymous {
			continue
		}
		for i := range field.Type.NumMethod() {
			methods = append(methods, field.Type.Method(i).Name)
		}
	}
	slices.Sort(methods)
	want := append(slices.Clone(readOnly), checked...)
	slices.Sort(want)
	if diff := cmp.Diff(slices.Compact(want), methods); diff != "" {
		t.Fatalf("Service methods (-listed +actual): add each new method to writingUseCases or readOnly:\n%s", diff)
	}
}

// TestStaleUpdateConflicts checks optimistic versions reach the caller.
func TestStaleUpdateConflicts(t *testing.T) {
	f := newFixture(t)
	p, err := f.svc.Staff.Person(as("admin"), "tina")
	require.NoError(t, err)
	first := p
	first.Team = "maths"
	_, err = f.svc.Staff.UpdatePerson(as("admin"), first)
	require.NoError(t, err)
	second := p
	second.Team = "english"
	_, err = f.svc.Staff.UpdatePerson(as("head"), second)
	require.ErrorIs(t, err, cpd.ErrConflict)
	got, err := f.svc.Staff.Person(as("admin"), "tina")
	require.NoError(t, err)
	require.Equal(t, "maths", got.Team)
}
