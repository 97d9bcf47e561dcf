package appraisal_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/appraisal"
)

func ExampleReview_Sign() {
	r := appraisal.Review{
		ID: "r1", Person: "teacher", Appraiser: "line-manager", Kind: appraisal.Annual, Year: "2026/27",
		Held: date.New(2026, 9, 20), Targets: []string{"t1"},
		Plan: []appraisal.Need{{Title: "Questioning techniques", Target: "t1", Kind: "internal_course",
			Aspect: "training_for_job", Hours: decimal.NewFromInt(3)}},
	}
	fmt.Println(r.Validate(), r.Stage())

	err := r.Sign("head-of-education", date.New(2026, 9, 21))
	fmt.Println(errors.Is(err, appraisal.ErrNotSignatory))

	fmt.Println(r.Sign("line-manager", date.New(2026, 9, 21)), r.Stage())
	fmt.Println(r.Sign("teacher", date.New(2026, 9, 22)), r.Stage())
	// Output:
	// <nil> draft
	// true
	// <nil> appraiser_signed
	// <nil> signed_off
}

func ExampleTarget_Rate() {
	t := appraisal.Target{
		ID: "t1", Title: "Stretch the most able in Year 10 maths", Source: appraisal.FromAppraisal, Owner: "teacher",
		Set: date.New(2026, 9, 20), Due: date.New(2027, 3, 31), Status: appraisal.Open,
	}
	acts := []appraisal.Activity{
		{ID: "a1", Person: "teacher", Title: "Questioning techniques", Targets: []string{"t1"}, Progress: appraisal.Done, Completed: date.New(2026, 11, 4)},
		{ID: "a2", Person: "teacher", Title: "GDPR refresher", Progress: appraisal.Done, Completed: date.New(2026, 11, 9)},
	}
	linked := appraisal.Linked("t1", acts)

	fmt.Println(t.Evaluate(appraisal.Evaluation{Outcome: appraisal.OutcomePartlyAchieved, On: date.New(2027, 3, 30), By: "line-manager"}), t.Status)
	err := t.Rate(appraisal.Rating{Activity: "a1", Rater: appraisal.ByPerson, By: "teacher", Effectiveness: appraisal.Effective,
		Comment: "Better questions, more thinking", On: date.New(2027, 3, 31)}, linked)
	fmt.Println(err, t.RatingsDue(linked))

	err = t.Rate(appraisal.Rating{Activity: "a2", Rater: appraisal.ByPerson, By: "teacher", Effectiveness: appraisal.Effective,
		Comment: "Useful", On: date.New(2027, 3, 31)}, linked)
	fmt.Println(errors.Is(err, appraisal.ErrNotLinked), err)
	// Output:
	// <nil> partly_achieved
	// <nil> [{a1 line_manager}]
	// true activity: "a2" is not a completed activity linked to target t1
}

func ExamplePIP_Validate() {
	p := appraisal.PIP{
		Person: "tutor", Manager: "line-manager", Start: date.New(2026, 11, 1), Review: date.New(2027, 1, 31),
		Concerns: "Assessment feedback is late",
		Actions:  []appraisal.Action{{Kind: appraisal.Support, Description: "Weekly check-in", Due: date.New(2026, 11, 8)}},
	}
	err := p.Validate()
	fmt.Println(errors.Is(err, appraisal.ErrNoProfessionalLearning), errors.Is(err, appraisal.ErrInvalid))
	fmt.Println(err)
	// Output:
	// true true
	// actions: a performance improvement plan must include at least one professional-learning action
}

func ExampleBuildReport() {
	acts := []appraisal.Activity{
		{ID: "a1", Person: "teacher", Title: "Phonics", Kind: "external_course", Aspect: "training_for_job", Provider: "Reading Hub", Progress: appraisal.Done, Completed: date.New(2026, 11, 4)},
		{ID: "a2", Person: "tutor", Title: "Phonics", Kind: "external_course", Aspect: "training_for_job", Provider: "Reading Hub", Progress: appraisal.Done, Completed: date.New(2026, 11, 4)},
		{ID: "a3", Person: "tutor", Title: "Ofsted briefing", Kind: "briefing", Aspect: "keeping_up_to_date", Provider: "Ofsted", Progress: appraisal.Done, Completed: date.New(2026, 11, 12)},
	}
	fb := []appraisal.Feedback{
		{Activity: "a1", By: "teacher", Given: date.New(2026, 11, 5), Scores: []appraisal.LevelScore{{Level: appraisal.Reactions, Score: 5}, {Level: appraisal.Learning, Score: 4}}},
		{Activity: "a2", By: "tutor", Given: date.New(2026, 11, 6), Scores: []appraisal.LevelScore{{Level: appraisal.Reactions, Score: 4}, {Level: appraisal.Learning, Score: 4}}},
	}
	r := appraisal.BuildReport(date.New(2026, 11, 30), acts, fb, nil)
	for _, g := range r.ByProvider {
		fmt.Printf("%s: %d of %d answered, reactions %s, learning %s\n", g.Key, g.Responses, g.Activities, g.Levels[0].Mean.StringFixed(2), g.Levels[1].Mean.StringFixed(2))
	}
	for _, o := range r.Outstanding {
		fmt.Printf("outstanding: %s (%s), %d days\n", o.Title, o.Person, o.Days)
	}
	// Output:
	// Ofsted: 0 of 1 answered, reactions 0.00, learning 0.00
	// Reading Hub: 2 of 2 answered, reactions 4.50, learning 4.00
	// outstanding: Ofsted briefing (tutor), 18 days
}

func ExampleBuildAgenda() {
	item := appraisal.BuildAgenda(appraisal.AgendaInput{
		Person: "teacher", On: date.New(2026, 11, 25), LastMeeting: date.New(2026, 10, 28),
		Activities: []appraisal.Activity{
			{ID: "a1", Person: "teacher", Title: "Questioning techniques", Progress: appraisal.Done, Completed: date.New(2026, 11, 4), Hours: decimal.NewFromInt(3)},
		},
		Targets:  []appraisal.Target{{ID: "t1", Title: "Stretch the most able", Owner: "teacher", Status: appraisal.Open, Due: date.New(2026, 12, 12)}},
		Expiring: []appraisal.Expiry{{Requirement: "safeguarding", Name: "Safeguarding", Date: date.New(2026, 12, 1)}},
		Log:      appraisal.LogState{Required: true, LastSubmitted: date.New(2026, 9, 30), Due: date.New(2026, 11, 29)},
	})
	if _, err := item.WriteTo(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Professional learning (teacher, 2026-11-25)
	//   Completed since 2026-10-28: 1
	//     - Questioning techniques (2026-11-04, 3 h)
	//   Feedback outstanding: 1
	//     - Questioning techniques (completed 2026-11-04)
	//   Targets due: 1
	//     - Stretch the most able (due 2026-12-12)
	//   Compliance expiring: 1
	//     - Safeguarding (expires after 2026-12-01)
	//   CPD log: up to date (last submitted 2026-09-30; next due by 2026-11-29)
}

func ExampleReviewPlan() {
	targets := []appraisal.Target{
		{ID: "qip-1", Title: "Raise GCSE maths pass rate", Source: appraisal.ImprovementPlanning, Owner: "maths-lead", Area: "maths",
			Set: date.New(2026, 9, 1), Due: date.New(2027, 6, 30), Status: appraisal.Open},
	}
	needs := []appraisal.Activity{
		{ID: "a1", Person: "maths-lead", Title: "Mastery approaches", Targets: []string{"qip-1"}, Progress: appraisal.Done},
		{ID: "a2", Person: "tutor", Title: "Mastery approaches", Targets: []string{"qip-1"}, Progress: appraisal.Planned},
	}
	pr := appraisal.ReviewPlan(date.New(2026, 11, 15), "maths", targets, needs)
	for _, row := range pr.Rows {
		fmt.Printf("%s (%s, due %s): %d done, %d planned\n", row.Target.Title, row.Target.Area, row.Target.Due, row.Counts.Done, row.Counts.Planned)
	}
	// Output:
	// Raise GCSE maths pass rate (maths, due 2027-06-30): 1 done, 1 planned
}

func ExampleDevDay_Attend() {
	d := appraisal.DevDay{ID: "dd1", Year: "2026/27", On: date.New(2027, 1, 4), Title: "Spring development day",
		Sessions: []appraisal.Session{{ID: "am", Title: "Safeguarding refresher", Hours: decimal.RequireFromString("2.5"), Aspect: "keeping_up_to_date"}}}
	err := d.Attend("am", []appraisal.Attendee{{Person: "teacher", Activity: "a1"}, {Person: "tutor", Activity: "a2"}}, date.New(2027, 1, 4))
	fmt.Println(err, len(d.Sessions[0].Attended))
	err = d.Attend("am", []appraisal.Attendee{{Person: "tutor", Activity: "a3"}}, date.New(2027, 1, 4))
	fmt.Println(errors.Is(err, appraisal.ErrDuplicate))
	// Output:
	// <nil> 2
	// true
}

func ExampleReadershipOf() {
	u := appraisal.Update{ID: "u1", Kind: appraisal.Inspectorate, Issuer: "Ofsted", Title: "Inspection framework changes",
		SentBy: "head-of-education", Sent: date.New(2026, 11, 19), Hours: decimal.RequireFromString("0.5"),
		Audience: appraisal.Audience{Roles: []string{"line_manager"}, JobRoles: []string{"teacher"}}}
	staff := []appraisal.Member{
		{Person: "teacher", JobRole: "teacher"},
		{Person: "line-manager", Roles: []string{"staff", "line_manager"}, JobRole: "manager"},
		{Person: "administrator", Roles: []string{"staff", "administrator"}, JobRole: "administrator"},
	}
	if err := u.Address(staff); err != nil {
		fmt.Println(err)
		return
	}
	receipts := u.Receipts()
	fmt.Println(receipts[1].Acknowledge("teacher", date.New(2026, 11, 20), "a7"))
	r := appraisal.ReadershipOf(&u, receipts)
	fmt.Println(u.Recipients, len(r.Read), "read; unread:", r.Unread)
	// Output:
	// <nil>
	// [line-manager teacher] 1 read; unread: [line-manager]
}

func ExampleCycle_Add() {
	c := appraisal.Cycle{Person: "teacher", Year: "2026/27"}
	annual := appraisal.Review{ID: "r1", Person: "teacher", Appraiser: "line-manager", Kind: appraisal.Annual,
		Year: "2026/27", Held: date.New(2026, 9, 20), Targets: []string{"t1"}}
	interim := annual
	interim.ID, interim.Kind, interim.Held = "r2", appraisal.Interim, date.New(2027, 2, 10)
	fmt.Println(c.Add(annual), c.Add(interim))
	second := annual
	second.ID = "r3"
	fmt.Println(errors.Is(c.Add(second), appraisal.ErrDuplicate), len(c.Interims()))
	// Output:
	// <nil> <nil>
	// true 1
}

func ExampleLogSubmission_Validate() {
	s := appraisal.LogSubmission{Person: "teacher", Submitted: date.New(2026, 11, 1)}
	fmt.Println(s.Validate())
	s.Progress = "Completed the phonics course; observed a colleague."
	fmt.Println(s.Validate())
	// Output:
	// progress: is required when no log document is attached
	// <nil>
}
