package appraisal_test

import (
	"testing"

	"github.com/cpdkit/cpdkit/appraisal"
)

func pip() appraisal.PIP {
	return appraisal.PIP{
		ID: "pip1", Person: "tina", Manager: "mgr", Start: day(2026, 11, 1), Review: day(2027, 1, 31),
		Concerns: "Lesson planning does not meet the standard", Targets: []string{"t-pip"},
		Actions: []appraisal.Action{
			{Kind: appraisal.Support, Description: "Weekly planning check-in", Due: day(2026, 11, 8)},
			{Kind: appraisal.ProfessionalLearning, Description: "Lesson planning course", Due: day(2026, 12, 15),
				Need: &appraisal.Need{Title: "Lesson planning", Target: "t-pip", Kind: "internal_course", Aspect: "training_for_job", Hours: hours("6")}},
		},
	}
}

func TestPIPValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*appraisal.PIP)
		want  error
		field string
	}{
		{"valid", func(*appraisal.PIP) {}, nil, ""},
		{"no professional learning", func(p *appraisal.PIP) { p.Actions = p.Actions[:1] }, appraisal.ErrNoProfessionalLearning, "actions"},
		{"no actions at all", func(p *appraisal.PIP) { p.Actions = nil }, appraisal.ErrNoProfessionalLearning, "actions"},
		{"no professional learning is invalid", func(p *appraisal.PIP) { p.Actions = p.Actions[:1] }, appraisal.ErrInvalid, "actions"},
		{"no person", func(p *appraisal.PIP) { p.Person = "" }, appraisal.ErrInvalid, "person"},
		{"no manager", func(p *appraisal.PIP) { p.Manager = "" }, appraisal.ErrInvalid, "manager"},
		{"own plan", func(p *appraisal.PIP) { p.Manager = "tina" }, appraisal.ErrInvalid, "manager"},
		{"no start", func(p *appraisal.PIP) { p.Start = 0 }, appraisal.ErrInvalid, "start"},
		{"no review", func(p *appraisal.PIP) { p.Review = 0 }, appraisal.ErrInvalid, "review"},
		{"review before start", func(p *appraisal.PIP) { p.Review = day(2026, 10, 31) }, appraisal.ErrInvalid, "review"},
		{"no concerns", func(p *appraisal.PIP) { p.Concerns = "" }, appraisal.ErrInvalid, "concerns"},
		{"target twice", func(p *appraisal.PIP) { p.Targets = []string{"t-pip", "t-pip"} }, appraisal.ErrInvalid, "targets"},
		{"action without kind", func(p *appraisal.PIP) { p.Actions[0].Kind = 0 }, appraisal.ErrInvalid, "actions[0].kind"},
		{"action without description", func(p *appraisal.PIP) { p.Actions[1].Description = "" }, appraisal.ErrInvalid, "actions[1].description"},
		{"action undated", func(p *appraisal.PIP) { p.Actions[1].Due = 0 }, appraisal.ErrInvalid, "actions[1].due"},
		{"action due before start", func(p *appraisal.PIP) { p.Actions[0].Due = day(2026, 10, 1) }, appraisal.ErrInvalid, "actions[0].due"},
		{"learning without need", func(p *appraisal.PIP) { p.Actions[1].Need = nil }, appraisal.ErrInvalid, "actions[1].need"},
		{"support with need", func(p *appraisal.PIP) { p.Actions[0].Need = p.Actions[1].Need }, appraisal.ErrInvalid, "actions[0].need"},
		{"need for another target", func(p *appraisal.PIP) { p.Actions[1].Need.Target = "t9" }, appraisal.ErrInvalid, "actions[1].need.target"},
		{"need without kind", func(p *appraisal.PIP) { p.Actions[1].Need.Kind = "" }, appraisal.ErrInvalid, "actions[1].need.kind"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := pip()
			tc.edit(&p)
			wantErr(t, p.Validate(), tc.want, tc.field)
		})
	}
}
