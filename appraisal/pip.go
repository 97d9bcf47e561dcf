package appraisal

import (
	"fmt"

	"github.com/rickb777/date/v2"
)

// PIP is a performance improvement plan. Professional learning forms an
// explicit part of every plan: one without a professional-learning action
// is rejected with ErrNoProfessionalLearning.
type PIP struct {
	ID     string `json:"id"`
	Person string `json:"person"`
	// Manager is the line manager who sets and reviews the plan.
	Manager string `json:"manager"`
	// Start is its first day and Review the day it is reviewed.
	Start  date.Date `json:"start"`
	Review date.Date `json:"review"`
	// Concerns are the performance concerns it addresses.
	Concerns string `json:"concerns"`
	// Targets are the IDs of the targets it sets (source
	// performance_improvement_plan).
	Targets []string `json:"targets,omitzero"`
	Actions []Action `json:"actions"`
}

// Action is one action of a plan, due by a day. A professional-learning
// action carries the Need that package cpd requests as an activity.
type Action struct {
	Kind        ActionKind `json:"kind"`
	Description string     `json:"description"`
	Due         date.Date  `json:"due"`
	// Need is the development to request; required for professional
	// learning, and only for it.
	Need *Need `json:"need,omitzero"`
}

// Validate checks the plan: its people and dates, its concerns, each
// action, and that at least one action is professional learning.
func (p *PIP) Validate() error {
	switch {
	case p.Person == "":
		return invalid("person", "is required")
	case p.Manager == "":
		return invalid("manager", "is required")
	case p.Manager == p.Person:
		return invalid("manager", "a person cannot set their own performance improvement plan")
	case p.Start == 0:
		return invalid("start", "is required")
	case p.Review == 0:
		return invalid("review", "is required")
	case p.Review < p.Start:
		return invalid("review", "%s is before the start %s", p.Review, p.Start)
	case p.Concerns == "":
		return invalid("concerns", "is required")
	}
	if d := duplicate(p.Targets); d != "" {
		return invalid("targets", "%s is listed twice", d)
	}
	learning := false
	for i, a := range p.Actions {
		if err := p.checkAction(a); err != nil {
			return within(fmt.Sprintf("actions[%d]", i), err)
		}
		learning = learning || a.Kind == ProfessionalLearning
	}
	if !learning {
		return &ValidationError{Field: "actions", Err: ErrNoProfessionalLearning,
			Reason: "a performance improvement plan must include at least one professional-learning action"}
	}
	return nil
}

func (p *PIP) checkAction(a Action) error {
	switch {
	case !actionKindNames.Valid(uint8(a.Kind)):
		return invalid("kind", "is required: professional_learning, support or task")
	case a.Description == "":
		return invalid("description", "is required")
	case a.Due == 0:
		return invalid("due", "is required")
	case a.Due < p.Start:
		return invalid("due", "%s is before the plan starts on %s", a.Due, p.Start)
	case a.Kind == ProfessionalLearning && a.Need == nil:
		return invalid("need", "is required for a professional-learning action")
	case a.Kind != ProfessionalLearning && a.Need != nil:
		return invalid("need", "is only for a professional-learning action")
	}
	if a.Need != nil {
		return within("need", a.Need.check(p.Targets))
	}
	return nil
}
