package cpd_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// The line manager sets a target and holds the teacher's annual appraisal;
// when both have signed it, each need of the plan becomes a requested
// activity, linked to its target, for the line manager to approve.
func ExampleAppraisals_SignReview() {
	const org = "example-college"
	staff := []cpd.Identity{
		{Person: "head", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleHeadOfEducation}},
		{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}, LineManager: "head"},
		{Person: "manager", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}, LineManager: "head"},
		{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "manager"},
	}
	dir := memory.NewDirectory() // an HR system plugs in its own
	var people []cpd.Person
	for _, id := range staff {
		dir.Set(org, id)
		people = append(people, cpd.Person{ID: id.Person, Name: id.Person, Employment: compliance.Employed,
			Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)})
	}
	policy, err := compliance.ParsePolicy([]byte(`{"id": "example", "academic_year_start": "09-01", "requirements": [
		{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	today := date.New(2026, 9, 20) // the Service's clock, moved by hand below
	ids := 0                       // numbered IDs: act-1, act-2, …
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{Location: time.UTC,
		Now:   func() time.Time { return today.MidnightUTC().Add(12 * time.Hour) },
		NewID: func() string { ids++; return fmt.Sprintf("act-%d", ids) }})
	if err != nil {
		log.Fatal(err)
	}
	as := func(person string) context.Context {
		return cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: person})
	}
	if _, err := svc.Staff.ImportPeople(as("admin"), people, nil); err != nil {
		log.Fatal(err)
	}

	t, err := svc.Appraisals.SetTarget(as("manager"), appraisal.Target{Title: "Stretch the most able", Source: appraisal.FromAppraisal,
		Owner: "teacher", Due: date.New(2027, 3, 31)})
	if err != nil {
		log.Fatal(err)
	}
	r, err := svc.Appraisals.RecordReview(as("manager"), appraisal.Review{Person: "teacher", Kind: appraisal.Annual, Held: today,
		Targets: []string{t.ID}, Plan: []appraisal.Need{
			{Title: "Questioning techniques", Target: t.ID, Kind: "internal_course", Aspect: "training_for_job", Hours: decimal.NewFromInt(3)},
			{Title: "Middle leadership programme", Aspirational: true, Kind: "external_course", Aspect: "career_progression", Hours: decimal.NewFromInt(12)},
		}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Year, r.Kind, "appraisal by", r.Appraiser, r.Stage())

	_, err = svc.Appraisals.SignReview(as("head"), r.ID)
	fmt.Println("head signs for them:", errors.Is(err, cpd.ErrForbidden))

	today = date.New(2026, 9, 21)
	if _, err = svc.Appraisals.SignReview(as("manager"), r.ID); err != nil {
		log.Fatal(err)
	}
	if r, err = svc.Appraisals.SignReview(as("teacher"), r.ID); err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Stage())
	for _, n := range r.Plan {
		a, err := svc.Activities.Activity(as("teacher"), n.Activity)
		if err != nil {
			log.Fatal(err)
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
func ExampleAppraisals_RateEffectiveness() {
	const org = "example-college"
	staff := []cpd.Identity{
		{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}},
		{Person: "manager", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}},
		{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "manager"},
	}
	dir := memory.NewDirectory() // an HR system plugs in its own
	var people []cpd.Person
	for _, id := range staff {
		dir.Set(org, id)
		people = append(people, cpd.Person{ID: id.Person, Name: id.Person, Employment: compliance.Employed,
			Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)})
	}
	policy, err := compliance.ParsePolicy([]byte(`{"id": "example", "academic_year_start": "09-01", "requirements": [
		{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	today := date.New(2026, 9, 20) // the Service's clock, moved by hand below
	ids := 0                       // numbered IDs: act-1, act-2, …
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{Location: time.UTC,
		Now:   func() time.Time { return today.MidnightUTC().Add(12 * time.Hour) },
		NewID: func() string { ids++; return fmt.Sprintf("act-%d", ids) }})
	if err != nil {
		log.Fatal(err)
	}
	as := func(person string) context.Context {
		return cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: person})
	}
	if _, err := svc.Staff.ImportPeople(as("admin"), people, nil); err != nil {
		log.Fatal(err)
	}

	t, err := svc.Appraisals.SetTarget(as("manager"), appraisal.Target{Title: "Stretch the most able", Source: appraisal.OTLA,
		Owner: "teacher", Due: date.New(2027, 3, 31)})
	if err != nil {
		log.Fatal(err)
	}
	course := func(title, hours string, targets ...string) cpd.Activity {
		return cpd.Activity{Person: "teacher", Title: title, Kind: cpd.ExternalCourse, Aspect: cpd.KeepingUpToDate,
			Necessity: cpd.Necessary, Source: cpd.Appraisal, Hours: decimal.RequireFromString(hours), Targets: targets,
			Completed: today, Evidence: "certificate.pdf"}
	}
	linked, err := svc.Activities.RecordCompleted(as("teacher"), course("Questioning techniques", "3", t.ID))
	if err != nil {
		log.Fatal(err)
	}
	unlinked, err := svc.Activities.RecordCompleted(as("teacher"), course("GDPR refresher", "1"))
	if err != nil {
		log.Fatal(err)
	}

	today = date.New(2027, 3, 30)
	t, err = svc.Appraisals.EvaluateTarget(as("manager"), t.ID, appraisal.OutcomePartlyAchieved, "Two of three groups improved")
	fmt.Println(t.Status, err)
	if _, err := svc.Appraisals.RateEffectiveness(as("teacher"), t.ID, linked.ID, appraisal.Effective, "More pupils explain their reasoning"); err != nil {
		log.Fatal(err)
	}
	t, err = svc.Appraisals.RateEffectiveness(as("manager"), t.ID, linked.ID, appraisal.SlightlyEffective, "Not yet in every lesson")
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range t.Ratings {
		fmt.Println(r.Rater, r.Effectiveness, r.Comment)
	}
	_, err = svc.Appraisals.RateEffectiveness(as("teacher"), t.ID, unlinked.ID, appraisal.Effective, "Useful")
	fmt.Println(errors.Is(err, cpd.ErrInvalid), errors.Is(err, appraisal.ErrNotLinked))
	// Output:
	// partly_achieved <nil>
	// person effective More pupils explain their reasoning
	// line_manager slightly_effective Not yet in every lesson
	// true true
}

// Staff give feedback on what they completed; the head of education reads
// the monitoring report.
func ExampleDevelopment_FeedbackReport() {
	const org = "example-college"
	staff := []cpd.Identity{
		{Person: "head", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleHeadOfEducation}},
		{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}, LineManager: "head"},
		{Person: "manager", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}, LineManager: "head"},
		{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "manager"},
		{Person: "colleague", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "manager"},
	}
	dir := memory.NewDirectory() // an HR system plugs in its own
	var people []cpd.Person
	for _, id := range staff {
		dir.Set(org, id)
		people = append(people, cpd.Person{ID: id.Person, Name: id.Person, Employment: compliance.Employed,
			Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)})
	}
	policy, err := compliance.ParsePolicy([]byte(`{"id": "example", "academic_year_start": "09-01", "requirements": [
		{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	ids := 0 // numbered IDs: act-1, act-2, …
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{Location: time.UTC,
		Now:   func() time.Time { return time.Date(2026, time.November, 20, 12, 0, 0, 0, time.UTC) },
		NewID: func() string { ids++; return fmt.Sprintf("act-%d", ids) }})
	if err != nil {
		log.Fatal(err)
	}
	as := func(person string) context.Context {
		return cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: person})
	}
	if _, err := svc.Staff.ImportPeople(as("admin"), people, nil); err != nil {
		log.Fatal(err)
	}
	record := func(person string, on date.Date, title, hours string, topics ...string) {
		_, err := svc.Activities.RecordCompleted(as(person), cpd.Activity{Person: person, Title: title, Kind: cpd.ExternalCourse,
			Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Appraisal, Topics: topics,
			Hours: decimal.RequireFromString(hours), Completed: on, Evidence: "certificate.pdf"})
		if err != nil {
			log.Fatal(err)
		}
	}
	record("teacher", date.New(2026, 11, 2), "Phonics", "6")
	record("colleague", date.New(2026, 11, 2), "Phonics", "6")
	record("colleague", date.New(2026, 11, 9), "Ofsted briefing", "1")
	give := func(person, activity string, reactions, learning appraisal.Score) {
		_, err := svc.Development.GiveFeedback(as(person), appraisal.Feedback{Activity: activity, Scores: []appraisal.LevelScore{
			{Level: appraisal.Reactions, Score: reactions}, {Level: appraisal.Learning, Score: learning}}})
		if err != nil {
			log.Fatal(err)
		}
	}
	give("teacher", "act-1", 5, 4)
	give("colleague", "act-2", 4, 3)
	_, err = svc.Development.GiveFeedback(as("manager"), appraisal.Feedback{Activity: "act-3"})
	fmt.Println("manager gives it for them:", errors.Is(err, cpd.ErrForbidden))

	r, err := svc.Development.FeedbackReport(as("head"), nil)
	if err != nil {
		log.Fatal(err)
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
func ExampleActivities_RecordAttendance() {
	const org = "example-college"
	staff := []cpd.Identity{
		{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}},
		{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}},
		{Person: "colleague", Roles: []cpd.Role{cpd.RoleStaff}},
	}
	dir := memory.NewDirectory() // an HR system plugs in its own
	var people []cpd.Person
	for _, id := range staff {
		dir.Set(org, id)
		people = append(people, cpd.Person{ID: id.Person, Name: id.Person, Employment: compliance.Employed,
			Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)})
	}
	policy, err := compliance.ParsePolicy([]byte(`{"id": "example", "academic_year_start": "09-01", "requirements": [
		{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	today := date.New(2026, 11, 2) // the Service's clock, moved by hand below
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{Location: time.UTC,
		Now: func() time.Time { return today.MidnightUTC().Add(12 * time.Hour) }})
	if err != nil {
		log.Fatal(err)
	}
	as := func(person string) context.Context {
		return cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: person})
	}
	if _, err := svc.Staff.ImportPeople(as("admin"), people, nil); err != nil {
		log.Fatal(err)
	}

	d, err := svc.Development.PlanDevDay(as("admin"), appraisal.DevDay{On: date.New(2026, 11, 20), Title: "Autumn development day",
		Sessions: []appraisal.Session{{ID: "am", Title: "Safeguarding refresher", Hours: decimal.RequireFromString("2.5"),
			Aspect: "keeping_up_to_date", Topics: []string{"safeguarding"}}}})
	if err != nil {
		log.Fatal(err)
	}
	today = date.New(2026, 11, 20)
	acts, err := svc.Activities.RecordAttendance(as("admin"), d.ID, "am", []string{"teacher", "colleague"})
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range acts {
		fmt.Println(a.Person, a.Kind, a.State, a.Hours, a.Title)
	}
	res, err := svc.Compliance.Compliance(as("teacher"), "teacher")
	if err != nil {
		log.Fatal(err)
	}
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
func ExampleDevelopment_AcknowledgeUpdate() {
	const org = "example-college"
	staff := []cpd.Identity{
		{Person: "head", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleHeadOfEducation}},
		{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}, LineManager: "head"},
		{Person: "manager", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}, LineManager: "head"},
		{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "manager"},
		{Person: "colleague", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "manager"},
	}
	dir := memory.NewDirectory() // an HR system plugs in its own
	var people []cpd.Person
	for _, id := range staff {
		dir.Set(org, id)
		people = append(people, cpd.Person{ID: id.Person, Name: id.Person, JobRole: "teacher", Employment: compliance.Employed,
			Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)})
	}
	policy, err := compliance.ParsePolicy([]byte(`{"id": "example", "academic_year_start": "09-01", "requirements": [
		{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	today := date.New(2026, 11, 19) // the Service's clock, moved by hand below
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{Location: time.UTC,
		Now: func() time.Time { return today.MidnightUTC().Add(12 * time.Hour) }})
	if err != nil {
		log.Fatal(err)
	}
	as := func(person string) context.Context {
		return cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: person})
	}
	if _, err := svc.Staff.ImportPeople(as("admin"), people, nil); err != nil {
		log.Fatal(err)
	}

	u, err := svc.Development.SendUpdate(as("head"), appraisal.Update{Kind: appraisal.Inspectorate, Issuer: "Ofsted",
		Title: "Inspection framework changes", Hours: decimal.RequireFromString("0.5"),
		Audience: appraisal.Audience{Roles: []string{"line_manager"}, JobRoles: []string{"teacher"}}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("sent to", len(u.Recipients))

	today = date.New(2026, 11, 20)
	a, err := svc.Development.AcknowledgeUpdate(as("teacher"), u.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Kind, a.State, a.Hours, "h")
	r, err := svc.Development.Readership(as("head"), u.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(r.Read), "read; not yet:", r.Unread)
	// Output:
	// sent to 5
	// sector_update completed 0.5 h
	// 1 read; not yet: [admin colleague head manager]
}

// Before a 1-to-1 the line manager prints the standing professional
// learning item.
func ExampleAppraisals_OneToOneAgenda() {
	const org = "example-college"
	staff := []cpd.Identity{
		{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}},
		{Person: "manager", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}},
		{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "manager"},
	}
	dir := memory.NewDirectory() // an HR system plugs in its own
	var people []cpd.Person
	for _, id := range staff {
		dir.Set(org, id)
		people = append(people, cpd.Person{ID: id.Person, Name: id.Person, Employment: compliance.Employed,
			Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)})
	}
	// Safeguarding every year, with reminders a month ahead, and Prevent
	// every two years, both within a month of starting.
	policy, err := compliance.ParsePolicy([]byte(`{"id": "example", "academic_year_start": "09-01", "requirements": [
		{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y", "renewal_window": "P1M", "induction_deadline": "P1M"},
		{"id": "prevent", "kind": "renewable_training", "validity": "P2Y", "renewal_window": "P1M", "induction_deadline": "P1M"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	ids := 0 // numbered IDs: act-1, act-2, …
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{Location: time.UTC,
		Now:   func() time.Time { return time.Date(2026, time.November, 25, 12, 0, 0, 0, time.UTC) },
		NewID: func() string { ids++; return fmt.Sprintf("act-%d", ids) }})
	if err != nil {
		log.Fatal(err)
	}
	as := func(person string) context.Context {
		return cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: person})
	}
	if _, err := svc.Staff.ImportPeople(as("admin"), people, nil); err != nil {
		log.Fatal(err)
	}
	record := func(person string, on date.Date, title, hours string, topics ...string) {
		_, err := svc.Activities.RecordCompleted(as(person), cpd.Activity{Person: person, Title: title, Kind: cpd.ExternalCourse,
			Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Appraisal, Topics: topics,
			Hours: decimal.RequireFromString(hours), Completed: on, Evidence: "certificate.pdf"})
		if err != nil {
			log.Fatal(err)
		}
	}
	record("teacher", date.New(2025, 12, 10), "Safeguarding refresher", "3", "safeguarding")
	record("teacher", date.New(2026, 11, 4), "Questioning techniques", "3")

	it, err := svc.Appraisals.OneToOneAgenda(as("manager"), "teacher", date.New(2026, 11, 25))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := it.WriteTo(os.Stdout); err != nil {
		log.Fatal(err)
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
func ExampleAppraisals_StartPIP() {
	const org = "example-college"
	staff := []cpd.Identity{
		{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}},
		{Person: "manager", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}},
		{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "manager"},
	}
	dir := memory.NewDirectory() // an HR system plugs in its own
	var people []cpd.Person
	for _, id := range staff {
		dir.Set(org, id)
		people = append(people, cpd.Person{ID: id.Person, Name: id.Person, Employment: compliance.Employed,
			Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)})
	}
	policy, err := compliance.ParsePolicy([]byte(`{"id": "example", "academic_year_start": "09-01", "requirements": [
		{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{Location: time.UTC,
		Now: func() time.Time { return time.Date(2026, time.November, 25, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		log.Fatal(err)
	}
	as := func(person string) context.Context {
		return cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: person})
	}
	if _, err := svc.Staff.ImportPeople(as("admin"), people, nil); err != nil {
		log.Fatal(err)
	}

	_, err = svc.Appraisals.StartPIP(as("manager"), appraisal.PIP{Person: "teacher", Start: date.New(2026, 11, 25), Review: date.New(2027, 2, 28),
		Concerns: "Marking is late", Actions: []appraisal.Action{{Kind: appraisal.Support, Description: "Weekly check-in", Due: date.New(2026, 12, 2)}}})
	fmt.Println(errors.Is(err, cpd.ErrInvalid), errors.Is(err, appraisal.ErrNoProfessionalLearning))
	// Output:
	// true true
}
