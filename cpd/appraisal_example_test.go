package cpd_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/cpd"
)

// The line manager sets a target and holds the teacher's annual appraisal;
// when both have signed it, each need of the plan becomes a requested
// activity, linked to its target, for the line manager to approve.
func ExampleService_SignReview() {
	clock := &exampleClock{day: date.New(2026, 9, 20)}
	svc := exampleService(clock)
	t, err := svc.SetTarget(exampleAs("manager"), appraisal.Target{Title: "Stretch the most able", Source: appraisal.FromAppraisal,
		Owner: "teacher", Due: date.New(2027, 3, 31)})
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := svc.RecordReview(exampleAs("manager"), appraisal.Review{Person: "teacher", Kind: appraisal.Annual, Held: clock.day,
		Targets: []string{t.ID}, Plan: []appraisal.Need{
			{Title: "Questioning techniques", Target: t.ID, Kind: "internal_course", Aspect: "training_for_job", Hours: decimal.NewFromInt(3)},
			{Title: "Middle leadership programme", Aspirational: true, Kind: "external_course", Aspect: "career_progression", Hours: decimal.NewFromInt(12)},
		}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Year, r.Kind, "appraisal by", r.Appraiser, r.Stage())

	_, err = svc.SignReview(exampleAs("head"), r.ID)
	fmt.Println("head signs for them:", errors.Is(err, cpd.ErrForbidden))

	clock.day = date.New(2026, 9, 21)
	if _, err = svc.SignReview(exampleAs("manager"), r.ID); err != nil {
		fmt.Println(err)
		return
	}
	if r, err = svc.SignReview(exampleAs("teacher"), r.ID); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Stage())
	for _, n := range r.Plan {
		a, err := svc.Activity(exampleAs("teacher"), n.Activity)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(a.Title, a.State, a.Necessity, a.Targets)
	}
	// Output:
	// 2026/27 annual appraisal by manager draft
	// head signs for them: true
	// signed_off
	// Questioning techniques requested necessary [act-1]
	// Middle leadership programme requested aspirational []
}

// When a target is evaluated, the teacher and their line manager each
// rate how effective the linked activity was. An activity not linked to
// the target cannot be rated against it.
func ExampleService_RateEffectiveness() {
	clock := &exampleClock{day: date.New(2026, 9, 20)}
	svc := exampleService(clock)
	t, _ := svc.SetTarget(exampleAs("manager"), appraisal.Target{Title: "Stretch the most able", Source: appraisal.OTLA,
		Owner: "teacher", Due: date.New(2027, 3, 31)})
	course := exampleCourse("teacher", "Questioning techniques", "3")
	course.Targets, course.Completed, course.Evidence = []string{t.ID}, date.New(2026, 9, 20), "certificate.pdf"
	linked, _ := svc.RecordCompleted(exampleAs("teacher"), course)
	exampleRecord(svc, "teacher", date.New(2026, 9, 20), "GDPR refresher", "1")

	clock.day = date.New(2027, 3, 30)
	t, err := svc.EvaluateTarget(exampleAs("manager"), t.ID, appraisal.OutcomePartlyAchieved, "Two of three groups improved")
	fmt.Println(t.Status, err)
	if _, err := svc.RateEffectiveness(exampleAs("teacher"), t.ID, linked.ID, appraisal.Effective, "More pupils explain their reasoning"); err != nil {
		fmt.Println(err)
	}
	t, err = svc.RateEffectiveness(exampleAs("manager"), t.ID, linked.ID, appraisal.SlightlyEffective, "Not yet in every lesson")
	for _, r := range t.Ratings {
		fmt.Println(r.Rater, r.Effectiveness, r.Comment)
	}
	_, err = svc.RateEffectiveness(exampleAs("teacher"), t.ID, "act-3", appraisal.Effective, "Useful")
	fmt.Println(errors.Is(err, cpd.ErrInvalid), errors.Is(err, appraisal.ErrNotLinked))
	// Output:
	// partly_achieved <nil>
	// person effective More pupils explain their reasoning
	// line_manager slightly_effective Not yet in every lesson
	// true true
}

// Staff give feedback on what they completed; the head of education reads
// the monitoring report.
func ExampleService_FeedbackReport() {
	clock := &exampleClock{day: date.New(2026, 11, 20)}
	svc := exampleService(clock)
	exampleRecord(svc, "teacher", date.New(2026, 11, 2), "Phonics", "6")
	exampleRecord(svc, "colleague", date.New(2026, 11, 2), "Phonics", "6")
	exampleRecord(svc, "colleague", date.New(2026, 11, 9), "Ofsted briefing", "1")
	give := func(person, activity string, reactions, learning appraisal.Score) {
		_, err := svc.GiveFeedback(exampleAs(person), appraisal.Feedback{Activity: activity, Scores: []appraisal.LevelScore{
			{Level: appraisal.Reactions, Score: reactions}, {Level: appraisal.Learning, Score: learning}}})
		if err != nil {
			fmt.Println(err)
		}
	}
	give("teacher", "act-1", 5, 4)
	give("colleague", "act-2", 4, 3)
	_, err := svc.GiveFeedback(exampleAs("manager"), appraisal.Feedback{Activity: "act-3"})
	fmt.Println("manager gives it for them:", errors.Is(err, cpd.ErrForbidden))

	r, err := svc.FeedbackReport(exampleAs("head"), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	all := r.Overall
	fmt.Printf("%d of %d answered; reactions %s, learning %s\n", all.Responses, all.Activities,
		all.Levels[0].Mean.StringFixed(2), all.Levels[1].Mean.StringFixed(2))
	for _, o := range r.Outstanding {
		fmt.Println("outstanding:", o.Title, "by", o.Person, o.Days, "days")
	}
	// Output:
	// manager gives it for them: true
	// 2 of 3 answered; reactions 4.50, learning 3.50
	// outstanding: Ofsted briefing by colleague 11 days
}

// Attendance at a development-day session gives every attendee a
// completed activity, in one transaction.
func ExampleService_RecordAttendance() {
	clock := &exampleClock{day: date.New(2026, 11, 2)}
	svc := exampleService(clock)
	d, err := svc.PlanDevDay(exampleAs("admin"), appraisal.DevDay{On: date.New(2026, 11, 20), Title: "Autumn development day",
		Sessions: []appraisal.Session{{ID: "am", Title: "Safeguarding refresher", Hours: decimal.RequireFromString("2.5"),
			Aspect: "keeping_up_to_date", Topics: []string{"safeguarding"}}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	clock.day = date.New(2026, 11, 20)
	acts, err := svc.RecordAttendance(exampleAs("admin"), d.ID, "am", []string{"teacher", "colleague"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range acts {
		fmt.Println(a.Person, a.Kind, a.State, a.Hours, a.Title)
	}
	res, _ := svc.Compliance(exampleAs("teacher"), "teacher")
	it, _ := res.Item("safeguarding")
	fmt.Println("teacher's safeguarding:", it.Status)
	// Output:
	// teacher development_day completed 2.5 Autumn development day: Safeguarding refresher
	// colleague development_day completed 2.5 Autumn development day: Safeguarding refresher
	// teacher's safeguarding: compliant
}

// The head of education cascades an inspection-framework change to the
// teachers; each acknowledgement is a short CPD record, and the sender
// sees who has not yet read it.
func ExampleService_AcknowledgeUpdate() {
	clock := &exampleClock{day: date.New(2026, 11, 19)}
	svc := exampleService(clock)
	u, err := svc.SendUpdate(exampleAs("head"), appraisal.Update{Kind: appraisal.Inspectorate, Issuer: "Ofsted",
		Title: "Inspection framework changes", Hours: decimal.RequireFromString("0.5"),
		Audience: appraisal.Audience{Roles: []string{"line_manager"}, JobRoles: []string{"teacher"}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("sent to", len(u.Recipients))

	clock.day = date.New(2026, 11, 20)
	a, err := svc.AcknowledgeUpdate(exampleAs("teacher"), u.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Kind, a.State, a.Hours, "h")
	r, err := svc.Readership(exampleAs("head"), u.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(r.Read), "read; not yet:", r.Unread)
	// Output:
	// sent to 5
	// sector_update completed 0.5 h
	// 1 read; not yet: [admin colleague head manager]
}

// Before a 1-to-1 the line manager prints the standing professional
// learning item.
func ExampleService_OneToOneAgenda() {
	clock := &exampleClock{day: date.New(2026, 11, 25)}
	svc := exampleService(clock)
	exampleRecord(svc, "teacher", date.New(2025, 12, 10), "Safeguarding refresher", "3", "safeguarding")
	exampleRecord(svc, "teacher", date.New(2026, 11, 4), "Questioning techniques", "3")
	it, err := svc.OneToOneAgenda(exampleAs("manager"), "teacher", clock.day)
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := it.WriteTo(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Professional learning (teacher, 2026-11-25)
	//   Completed so far: 2
	//     - Safeguarding refresher (2025-12-10, 3 h)
	//     - Questioning techniques (2026-11-04, 3 h)
	//   Feedback outstanding: 1
	//     - Questioning techniques (completed 2026-11-04)
	//   Targets due: 0
	//   Compliance expiring: 2
	//     - prevent (lapsed 2020-09-30)
	//     - safeguarding (expires after 2026-12-09)
	//   CPD log: no cadence set
}

// A performance improvement plan must include professional learning.
func ExampleService_StartPIP() {
	clock := &exampleClock{day: date.New(2026, 11, 25)}
	svc := exampleService(clock)
	_, err := svc.StartPIP(exampleAs("manager"), appraisal.PIP{Person: "teacher", Start: clock.day, Review: date.New(2027, 2, 28),
		Concerns: "Marking is late", Actions: []appraisal.Action{{Kind: appraisal.Support, Description: "Weekly check-in", Due: date.New(2026, 12, 2)}}})
	fmt.Println(errors.Is(err, cpd.ErrInvalid), errors.Is(err, appraisal.ErrNoProfessionalLearning))
	// Output:
	// true true
}
