package cpd_test

import (
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/cpd"
)

func TestStartPIP(t *testing.T) {
	plan := func(person, target string, learning bool) appraisal.PIP {
		p := appraisal.PIP{Person: person, Start: date.New(2026, 11, 25), Review: date.New(2027, 2, 28),
			Concerns: "Lesson planning below the standard", Targets: []string{target},
			Actions: []appraisal.Action{{Kind: appraisal.Support, Description: "Weekly check-in", Due: date.New(2026, 12, 2)}}}
		if learning {
			p.Actions = append(p.Actions, appraisal.Action{Kind: appraisal.ProfessionalLearning, Description: "Planning course",
				Due: date.New(2027, 1, 31), Need: &appraisal.Need{Title: "Lesson planning", Target: target, Kind: "internal_course",
					Aspect: "training_for_job", Hours: decimal.NewFromInt(6)}})
		}
		return p
	}
	tests := []struct {
		name  string
		by    string
		pip   func(tina, pete string) appraisal.PIP
		want  error
		also  error
		field string
	}{
		{"without professional learning", "mgr", func(tina, _ string) appraisal.PIP { return plan("tina", tina, false) },
			cpd.ErrInvalid, appraisal.ErrNoProfessionalLearning, "actions"},
		{"not by the person", "tina", func(tina, _ string) appraisal.PIP { return plan("tina", tina, true) }, cpd.ErrForbidden, cpd.ErrForbidden, ""},
		{"not by a peer", "pete", func(tina, _ string) appraisal.PIP { return plan("tina", tina, true) }, cpd.ErrForbidden, cpd.ErrForbidden, ""},
		{"not by an auditor", "audrey", func(tina, _ string) appraisal.PIP { return plan("tina", tina, true) }, cpd.ErrForbidden, cpd.ErrForbidden, ""},
		{"someone else's target", "mgr", func(_, pete string) appraisal.PIP { return plan("tina", pete, true) }, cpd.ErrInvalid, cpd.ErrInvalid, "targets[0]"},
		{"an unknown activity kind", "mgr", func(tina, _ string) appraisal.PIP {
			p := plan("tina", tina, true)
			p.Actions[1].Need.Kind = "nap"
			return p
		}, cpd.ErrInvalid, cpd.ErrInvalid, "actions[1].need.kind"},
		{"the line manager", "mgr", func(tina, _ string) appraisal.PIP { return plan("tina", tina, true) }, nil, nil, ""},
		{"the head of education", "head", func(tina, _ string) appraisal.PIP { return plan("tina", tina, true) }, nil, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newAppraisalFixture(t)
			tina := f.setTarget(t, "tina", "Planning").ID
			pete := f.setTarget(t, "pete", "Assessment").ID
			before := f.snapshot(t)
			got, err := f.svc.Appraisals.StartPIP(as(tc.by), tc.pip(tina, pete))
			wantErr(t, err, tc.want, tc.field)
			wantErr(t, err, tc.also, tc.field)
			if tc.want != nil {
				require.Equal(t, before, f.snapshot(t), "a refused plan changes nothing")
				return
			}
			a, err := f.svc.Activities.Activity(as("tina"), got.Actions[1].Need.Activity)
			require.NoError(t, err)
			require.Equal(t, []any{cpd.Requested, cpd.PerformanceImprovementPlan, []string{tina}, "tina"},
				[]any{a.State, a.Source, a.Targets, a.RequestedBy})
			stored, err := f.svc.Appraisals.PIPs(as("mgr"), "tina")
			require.NoError(t, err)
			require.Equal(t, []appraisal.PIP{got}, stored)
			require.Equal(t, tc.by, got.Manager)
		})
	}
}
