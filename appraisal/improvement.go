package appraisal

import (
	"cmp"
	"slices"
	"time"

	"github.com/rickb777/date/v2"
)

// PlanReview is the monthly review of the improvement plan: for each
// target live in the month, its development needs and how far each has
// got.
type PlanReview struct {
	// Month is the first day of the month reviewed; Through its last.
	Month   date.Date `json:"month"`
	Through date.Date `json:"through"`
	// Area is the area reviewed, or "" for the whole organisation.
	Area string           `json:"area,omitzero"`
	Rows []TargetProgress `json:"rows"`
}

// TargetProgress is one target's row in the plan review.
type TargetProgress struct {
	Target Target `json:"target"`
	// Overdue: still open after its due date, on the day reviewed.
	Overdue bool `json:"overdue,omitzero"`
	// Needs are the development needs serving the target: its activities,
	// and the needs of plans not yet signed off (Progress Proposed).
	Needs []Activity `json:"needs"`
	// Counts are the number of needs at each stage.
	Counts Counts `json:"counts"`
}

// Counts are the number of needs at each stage of progress.
type Counts struct {
	Proposed int `json:"proposed"`
	Planned  int `json:"planned"`
	Done     int `json:"done"`
	Dropped  int `json:"dropped"`
}

// add counts one need.
func (c *Counts) add(p Progress) {
	switch p {
	case Proposed:
		c.Proposed++
	case Planned:
		c.Planned++
	case Done:
		c.Done++
	case Dropped:
		c.Dropped++
	}
}

// MonthOf returns the first day of the month containing d.
func MonthOf(d date.Date) date.Date {
	y, m, _ := d.Date()
	return date.New(y, m, 1)
}

// ReviewPlan builds the improvement-plan review for the month containing
// on, for one area ("" for all). A target is in it when it was set on or
// before the month's last day and is open, or was evaluated or withdrawn
// no earlier than the month's first day (targets evaluated before the
// month are done with). needs are every relevant activity and proposed
// need; each appears under every target it serves. Rows are ordered by
// area, due date and ID; needs by person, title and ID.
func ReviewPlan(on date.Date, area string, targets []Target, needs []Activity) PlanReview {
	month := MonthOf(on)
	y, m, _ := month.Date()
	through := date.New(y, m+time.Month(1), 1) - 1
	pr := PlanReview{Month: month, Through: through, Area: area, Rows: []TargetProgress{}}
	serving := make(map[string][]int) // target ID to the indexes of the needs that serve it
	for i := range needs {
		for _, t := range needs[i].Targets {
			serving[t] = append(serving[t], i)
		}
	}
	for _, t := range targets {
		if !liveIn(&t, month, through) || (area != "" && t.Area != area) {
			continue
		}
		idx := slices.Compact(serving[t.ID])      // an activity naming a target twice counts once
		slices.SortFunc(idx, func(i, j int) int { // indexes, not the large values; ties keep input order
			a, b := &needs[i], &needs[j]
			return cmp.Or(cmp.Compare(a.Person, b.Person), cmp.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID), cmp.Compare(i, j))
		})
		row := TargetProgress{Target: t, Overdue: t.Status == Open && t.Due < on, Needs: make([]Activity, 0, len(idx))}
		for _, i := range idx {
			row.Needs = append(row.Needs, needs[i])
			row.Counts.add(needs[i].Progress)
		}
		pr.Rows = append(pr.Rows, row)
	}
	slices.SortFunc(pr.Rows, func(a, b TargetProgress) int { // target IDs are unique: a total order
		return cmp.Or(cmp.Compare(a.Target.Area, b.Target.Area), cmp.Compare(a.Target.Due, b.Target.Due), cmp.Compare(a.Target.ID, b.Target.ID))
	})
	return pr
}

// liveIn reports whether a target belongs in the review of a month.
func liveIn(t *Target, first, last date.Date) bool {
	if t.Set > last {
		return false
	}
	switch {
	case t.Status == Open:
		return true
	case t.Evaluation != nil:
		return t.Evaluation.On >= first
	}
	return t.Withdrawn >= first
}
