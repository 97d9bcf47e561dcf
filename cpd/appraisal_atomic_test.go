package cpd_test

import (
	"context"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/storetest"
	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestAppraisalUseCasesAreAtomic proves that every performance-management
// use case that writes leaves nothing behind, in any kind of record, when
// any one of its writes fails.
func TestAppraisalUseCasesAreAtomic(t *testing.T) {
	for _, tc := range appraisalUseCases() {
		t.Run(tc.name, func(t *testing.T) {
			f := newAppraisalFixture(t)
			r := tc.setup(t, f)
			storetest.AtomicUseCase(t, f.store, org, func(s cpd.Store) error {
				return r(f.service(t, s))
			}, &storetest.AtomicOptions{Kinds: cpd.AppraisalKinds()})
		})
	}
}

// appraisalRun is one call of an appraisal use case on a Service.
type appraisalRun func(svc *cpd.Service) error

// appraisalUseCase is a writing use case of performance management: its
// Service method, and how to set up a call of it.
type appraisalUseCase struct {
	name, method string
	setup        func(t *testing.T, f *afix) appraisalRun
}

// appraisalUseCases lists every writing use case of performance
// management.
func appraisalUseCases() []appraisalUseCase {
	type run = appraisalRun
	ignore := func(_ any, err error) error { return err }
	return []appraisalUseCase{
		{"set target", "SetTarget", func(t *testing.T, f *afix) run {
			return func(svc *cpd.Service) error {
				return ignore(svc.Appraisals.SetTarget(as("mgr"), appraisal.Target{Title: "t", Source: appraisal.OTLA, Owner: "tina", Due: date.New(2027, 1, 1)}))
			}
		}},
		{"record review", "RecordReview", func(t *testing.T, f *afix) run {
			tg := f.setTarget(t, "tina", "Questioning")
			return func(svc *cpd.Service) error { return ignore(svc.Appraisals.RecordReview(as("mgr"), annual(tg.ID))) }
		}},
		{"amend review", "AmendReview", func(t *testing.T, f *afix) run {
			tg := f.setTarget(t, "tina", "Questioning")
			r, err := f.svc.Appraisals.RecordReview(as("mgr"), annual(tg.ID))
			require.NoError(t, err)
			_, err = f.svc.Appraisals.SignReview(as("tina"), r.ID)
			require.NoError(t, err)
			return func(svc *cpd.Service) error {
				return ignore(svc.Appraisals.AmendReview(as("mgr"), r.ID, annual(tg.ID)))
			}
		}},
		{"sign-off requests the plan's activities", "SignReview", func(t *testing.T, f *afix) run {
			tg := f.setTarget(t, "tina", "Questioning")
			r, err := f.svc.Appraisals.RecordReview(as("mgr"), annual(tg.ID))
			require.NoError(t, err)
			_, err = f.svc.Appraisals.SignReview(as("mgr"), r.ID)
			require.NoError(t, err)
			return func(svc *cpd.Service) error { return ignore(svc.Appraisals.SignReview(as("tina"), r.ID)) }
		}},
		{"record plan review", "RecordPlanReview", func(t *testing.T, f *afix) run {
			return func(svc *cpd.Service) error {
				return ignore(svc.Appraisals.RecordPlanReview(as("head"), "", "on track"))
			}
		}},
		{"withdraw target", "WithdrawTarget", func(t *testing.T, f *afix) run {
			tg := f.setTarget(t, "tina", "Questioning")
			return func(svc *cpd.Service) error { return ignore(svc.Appraisals.WithdrawTarget(as("mgr"), tg.ID, "merged")) }
		}},
		{"evaluate target", "EvaluateTarget", func(t *testing.T, f *afix) run {
			tg := f.setTarget(t, "tina", "Questioning")
			return func(svc *cpd.Service) error {
				return ignore(svc.Appraisals.EvaluateTarget(as("mgr"), tg.ID, appraisal.OutcomeAchieved, "met"))
			}
		}},
		{"rate effectiveness", "RateEffectiveness", func(t *testing.T, f *afix) run {
			tg := f.setTarget(t, "tina", "Questioning")
			a := f.linkedDone(t, "tina", date.New(2026, 10, 5), tg.ID)
			_, err := f.svc.Appraisals.EvaluateTarget(as("mgr"), tg.ID, appraisal.OutcomeAchieved, "met")
			require.NoError(t, err)
			return func(svc *cpd.Service) error {
				return ignore(svc.Appraisals.RateEffectiveness(as("tina"), tg.ID, a.ID, appraisal.HighlyEffective, "it worked"))
			}
		}},
		{"give feedback", "GiveFeedback", func(t *testing.T, f *afix) run {
			a := f.linkedDone(t, "tina", date.New(2026, 10, 5))
			return func(svc *cpd.Service) error {
				return ignore(svc.Development.GiveFeedback(as("tina"), appraisal.Feedback{Activity: a.ID, Scores: scores(5, 4)}))
			}
		}},
		{"record 1-to-1", "RecordOneToOne", func(t *testing.T, f *afix) run {
			return func(svc *cpd.Service) error {
				return ignore(svc.Appraisals.RecordOneToOne(as("mgr"), appraisal.Meeting{Person: "tina"}))
			}
		}},
		{"submit cpd log", "SubmitLog", func(t *testing.T, f *afix) run {
			return func(svc *cpd.Service) error {
				return ignore(svc.Appraisals.SubmitLog(as("tina"), appraisal.LogSubmission{Person: "tina", Progress: "p"}))
			}
		}},
		{"start pip", "StartPIP", func(t *testing.T, f *afix) run {
			tg := f.setTarget(t, "tina", "Planning")
			p := appraisal.PIP{Person: "tina", Start: date.New(2026, 11, 25), Review: date.New(2027, 2, 28), Concerns: "c", Targets: []string{tg.ID},
				Actions: []appraisal.Action{
					{Kind: appraisal.ProfessionalLearning, Description: "course", Due: date.New(2027, 1, 31),
						Need: &appraisal.Need{Title: "Planning", Target: tg.ID, Kind: "internal_course", Aspect: "training_for_job", Hours: decimal.NewFromInt(6)}},
					{Kind: appraisal.ProfessionalLearning, Description: "coaching", Due: date.New(2027, 1, 31),
						Need: &appraisal.Need{Title: "Coaching", Target: tg.ID, Kind: "coaching", Aspect: "training_for_job", Hours: decimal.NewFromInt(4)}},
				}}
			return func(svc *cpd.Service) error { return ignore(svc.Appraisals.StartPIP(as("mgr"), p)) }
		}},
		{"plan development day", "PlanDevDay", func(t *testing.T, f *afix) run {
			return func(svc *cpd.Service) error {
				return ignore(svc.Development.PlanDevDay(as("admin"), devDay(date.New(2027, 1, 4))))
			}
		}},
		{"record attendance", "RecordAttendance", func(t *testing.T, f *afix) run {
			d, err := f.svc.Development.PlanDevDay(as("admin"), devDay(date.New(2026, 11, 20)))
			require.NoError(t, err)
			return func(svc *cpd.Service) error {
				return ignore(svc.Activities.RecordAttendance(as("admin"), d.ID, "am", []string{"tina", "pete", "mgr"}))
			}
		}},
		{"send update", "SendUpdate", func(t *testing.T, f *afix) run {
			return func(svc *cpd.Service) error {
				return ignore(svc.Development.SendUpdate(as("head"), sectorUpdate(appraisal.Audience{Everyone: true})))
			}
		}},
		{"acknowledge update", "AcknowledgeUpdate", func(t *testing.T, f *afix) run {
			u, err := f.svc.Development.SendUpdate(as("head"), sectorUpdate(appraisal.Audience{Everyone: true}))
			require.NoError(t, err)
			return func(svc *cpd.Service) error { return ignore(svc.Development.AcknowledgeUpdate(as("tina"), u.ID)) }
		}},
	}
}

// TestAppraisalRefusalsWriteNothing checks a sample of refused calls
// against every kind of record: a refusal is decided before any write.
func TestAppraisalRefusalsWriteNothing(t *testing.T) {
	f := newAppraisalFixture(t)
	tg := f.setTarget(t, "tina", "Questioning")
	r, err := f.svc.Appraisals.RecordReview(as("mgr"), annual(tg.ID))
	require.NoError(t, err)
	f.now = fixedNow.Add(time.Hour)
	before := f.snapshot(t)
	calls := map[string]func() error{
		"sign for someone else": func() error { _, err := f.svc.Appraisals.SignReview(as("head"), r.ID); return err },
		"evaluate own target": func() error {
			_, err := f.svc.Appraisals.EvaluateTarget(as("tina"), tg.ID, appraisal.OutcomeAchieved, "")
			return err
		},
		"auditor sets a target": func() error {
			_, err := f.svc.Appraisals.SetTarget(as("audrey"), appraisal.Target{Title: "t", Source: appraisal.OTLA, Owner: "tina", Due: date.New(2027, 1, 1)})
			return err
		},
		"no actor": func() error {
			_, err := f.svc.Appraisals.SubmitLog(context.Background(), appraisal.LogSubmission{Person: "tina", Progress: "p"})
			return err
		},
	}
	for name, call := range calls {
		require.Error(t, call(), name)
	}
	require.Equal(t, before, f.snapshot(t))
}
