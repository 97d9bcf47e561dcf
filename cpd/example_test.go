package cpd_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// An HR system embeds the Service: it gives cpd.New a Store, its own
// Directory of who is who, and the organisation's compliance policy, then
// calls the Service as the person acting, whom it puts in the context with
// WithActor. Here the Store is in memory and the day is fixed;
// adapters/sqlstore keeps the records in SQLite or PostgreSQL.
func Example() {
	const org = "example-college"

	// The HR system's own Directory answers who holds which role and who
	// manages whom; adapters/memory has one for tests and examples. Every
	// Identity names the organisation the person belongs to (Set fills in
	// Org), and the Service trusts no other.
	dir := memory.NewDirectory()
	dir.Set(org, cpd.Identity{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}})
	dir.Set(org, cpd.Identity{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}})

	// Safeguarding every year and Prevent every two, both within a month
	// of starting.
	policy, err := compliance.ParsePolicy([]byte(`{"id": "example", "academic_year_start": "09-01", "requirements": [
		{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y", "induction_deadline": "P1M"},
		{"id": "prevent", "kind": "renewable_training", "validity": "P2Y", "induction_deadline": "P1M"}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{
		Now:      func() time.Time { return time.Date(2026, time.November, 25, 12, 0, 0, 0, time.UTC) },
		Location: time.UTC,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	admin := cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: "admin"})
	teacher := cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: "teacher"})

	// An administrator adds the teacher, who records a course they did.
	_, err = svc.Staff.AddPerson(admin, cpd.Person{ID: "teacher", Name: "A. Teacher", Start: date.New(2024, 9, 2),
		Employment: compliance.Employed, FTE: decimal.NewFromInt(1)})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = svc.Activities.RecordCompleted(teacher, cpd.Activity{
		Person: "teacher", Title: "Safeguarding refresher", Kind: cpd.ExternalCourse, Aspect: cpd.KeepingUpToDate,
		Necessity: cpd.Necessary, Source: cpd.Appraisal, Topics: []string{"safeguarding"}, Hours: decimal.NewFromInt(3),
		Completed: date.New(2026, 11, 2), Evidence: "certificate.pdf",
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	res, err := svc.Compliance.Compliance(teacher, "teacher")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range res.Items {
		fmt.Println(it.Requirement.ID, it.Status)
	}

	// Nobody outside the organisation's Directory gets in.
	stranger := cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: "stranger"})
	_, err = svc.Compliance.Compliance(stranger, "teacher")
	fmt.Println("stranger:", errors.Is(err, cpd.ErrForbidden))
	// Output:
	// safeguarding compliant
	// prevent missing
	// stranger: true
}

// A teacher asks for a course, their line manager approves it, and the
// teacher books it and records that it happened. Completing it makes the
// teacher's safeguarding compliant.
//
// The example builds everything it uses, so it can be copied: a Directory
// (an HR system plugs in its own), a policy, and a Service whose clock the
// example moves by hand and whose IDs are numbered.
func ExampleActivities_Request() {
	const org = "example-college"
	dir := memory.NewDirectory()
	dir.Set(org, cpd.Identity{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}})
	dir.Set(org, cpd.Identity{Person: "manager", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}})
	dir.Set(org, cpd.Identity{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "manager"})
	policy, err := compliance.ParsePolicy([]byte(`{"id": "example", "academic_year_start": "09-01", "requirements": [
		{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y", "renewal_window": "P1M"}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	today := date.New(2026, 11, 2)
	ids := 0
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{
		Now:      func() time.Time { return today.MidnightUTC().Add(12 * time.Hour) },
		Location: time.UTC,
		NewID:    func() string { ids++; return fmt.Sprintf("act-%d", ids) },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	as := func(person string) context.Context {
		return cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: person})
	}
	for _, person := range []string{"manager", "teacher"} {
		_, err := svc.Staff.AddPerson(as("admin"), cpd.Person{ID: person, Name: person, Start: date.New(2020, 9, 1),
			Employment: compliance.Employed, FTE: decimal.NewFromInt(1)})
		if err != nil {
			fmt.Println(err)
			return
		}
	}

	a, err := svc.Activities.Request(as("teacher"), cpd.Activity{
		Person: "teacher", Title: "Safeguarding refresher", Kind: cpd.ExternalCourse, Aspect: cpd.KeepingUpToDate,
		Necessity: cpd.Necessary, Source: cpd.Appraisal, Topics: []string{"safeguarding"}, Hours: decimal.NewFromInt(3),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.ID, a.State, "by", a.RequestedBy)

	// Nobody approves their own request: only the line manager (or the
	// head of education) may.
	_, err = svc.Activities.Approve(as("teacher"), a.ID)
	fmt.Println("teacher approves:", errors.Is(err, cpd.ErrForbidden))

	today = date.New(2026, 11, 3)
	if a, err = svc.Activities.Approve(as("manager"), a.ID); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.ID, a.State, "by", a.ApprovedBy)

	if a, err = svc.Activities.Book(as("teacher"), a.ID, cpd.Booking{Start: date.New(2026, 11, 20), Provider: "Local safeguarding partnership"}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.ID, a.State, "for", a.Start, "with", a.Provider)

	today = date.New(2026, 11, 20)
	if a, err = svc.Activities.Complete(as("teacher"), a.ID, cpd.Completion{On: today, Evidence: "certificate.pdf"}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.ID, a.State, "on", a.Completed, "for", a.Hours, "hours")

	res, err := svc.Compliance.Compliance(as("teacher"), "teacher")
	if err != nil {
		fmt.Println(err)
		return
	}
	it, _ := res.Item("safeguarding")
	fmt.Println("safeguarding:", it.Status, "-", it.Reason())
	// Output:
	// act-1 requested by teacher
	// teacher approves: true
	// act-1 approved by manager
	// act-1 booked for 2026-11-20 with Local safeguarding partnership
	// act-1 completed on 2026-11-20 for 3 hours
	// safeguarding: compliant - Completed 2026-11-20 (act-1); valid until 2027-11-19.
}

// A teacher resigns with two activities still to happen: the conference
// they asked for is cancelled, and their booked course is delegated to a
// colleague, in the same transaction as the resignation.
func ExampleStaff_Resign() {
	const org = "example-college"
	staff := []cpd.Identity{
		{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}},
		{Person: "manager", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}},
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
	ids := 0 // numbered activity IDs: act-1, act-2, …
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

	course := func(title, hours string) cpd.Activity {
		return cpd.Activity{Person: "teacher", Title: title, Kind: cpd.ExternalCourse, Aspect: cpd.KeepingUpToDate,
			Necessity: cpd.Necessary, Source: cpd.Appraisal, Hours: decimal.RequireFromString(hours)}
	}
	conference, err := svc.Activities.Request(as("teacher"), course("Leadership conference", "6"))
	if err != nil {
		log.Fatal(err)
	}
	phonics, err := svc.Activities.Request(as("teacher"), course("Phonics course", "12"))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := svc.Activities.Approve(as("manager"), phonics.ID); err != nil {
		log.Fatal(err)
	}
	if _, err := svc.Activities.Book(as("teacher"), phonics.ID, cpd.Booking{Start: date.New(2027, 1, 11)}); err != nil {
		log.Fatal(err)
	}

	outcomes, err := svc.Staff.Resign(as("admin"), "teacher", cpd.Resignation{
		ResignedOn: date.New(2026, 11, 25),
		Leaving:    date.New(2026, 12, 31),
		Default:    cpd.Decision{Action: cpd.CancelActivity},
		Decisions:  map[string]cpd.Decision{phonics.ID: {Action: cpd.DelegateActivity, To: "colleague"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	var replacement string
	for _, o := range outcomes {
		fmt.Printf("%s %q: %s", o.Activity, o.Title, o.Action)
		if o.Action == cpd.DelegateActivity {
			fmt.Printf(" to %s as %s", o.DelegatedTo, o.NewActivity)
			replacement = o.NewActivity
		}
		fmt.Println()
	}

	// The leaver's activities keep the reason; the colleague's new one
	// says where it came from.
	for _, id := range []string{conference.ID, phonics.ID, replacement} {
		a, err := svc.Activities.Activity(as("admin"), id)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %s, %s", a.ID, a.Person, a.State)
		if a.DelegatedFrom != "" {
			fmt.Printf(", delegated from %s", a.DelegatedFrom)
		} else {
			fmt.Printf(": %s", a.Reason)
		}
		fmt.Println()
	}
	// Output:
	// act-1 "Leadership conference": cancel
	// act-2 "Phonics course": delegate to colleague as act-3
	// act-1: teacher, cancelled: teacher leaves on 2026-12-31
	// act-2: teacher, delegated: teacher leaves on 2026-12-31
	// act-3: colleague, booked, delegated from act-2
}

// The organisation view reads each person's maintained status and tallies
// every requirement: the rate is those compliant (or due soon) out of those
// it applies to. The example builds everything it uses: five staff in a
// Directory and in the Service, a three-requirement policy, a fixed day,
// and the training records an administrator enters.
func ExampleCompliance_OrgCompliance() {
	const org = "example-college"
	staff := []cpd.Identity{
		{Person: "head", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleHeadOfEducation}},
		{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}, LineManager: "head"},
		{Person: "manager", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}, LineManager: "head"},
		{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "manager"},
		{Person: "colleague", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "manager"},
	}
	dir := memory.NewDirectory() // an HR system plugs in its own
	for _, id := range staff {
		dir.Set(org, id)
	}
	// Safeguarding every year and Prevent every two, both within a month
	// of starting (reminders a month ahead), and 30 hours of CPD a year.
	policy, err := compliance.ParsePolicy([]byte(`{"id": "example", "academic_year_start": "09-01", "requirements": [
		{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y", "renewal_window": "P1M", "induction_deadline": "P1M"},
		{"id": "prevent", "kind": "renewable_training", "validity": "P2Y", "renewal_window": "P1M", "induction_deadline": "P1M"},
		{"id": "cpd-hours", "name": "CPD hours", "kind": "minimum_hours", "hours": {"minimum": "30"}}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{
		Now:      func() time.Time { return time.Date(2026, time.November, 25, 12, 0, 0, 0, time.UTC) },
		Location: time.UTC,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	admin := cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: "admin"})
	for _, id := range staff {
		_, err := svc.Staff.AddPerson(admin, cpd.Person{ID: id.Person, Name: id.Person, Start: date.New(2020, 9, 1),
			Employment: compliance.Employed, FTE: decimal.NewFromInt(1), LineManager: id.LineManager})
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	for _, c := range []struct {
		person, title, hours, topic string
		on                          date.Date
	}{
		{"teacher", "Safeguarding update", "3", "safeguarding", date.New(2026, 9, 3)},
		{"teacher", "Prevent duty", "1", "prevent", date.New(2026, 9, 3)},
		{"teacher", "Subject knowledge course", "26", "", date.New(2026, 10, 14)},
		{"colleague", "Safeguarding update", "3", "safeguarding", date.New(2025, 12, 10)},
		{"manager", "Safeguarding update", "3", "safeguarding", date.New(2025, 11, 1)},
		{"manager", "Prevent duty", "1", "prevent", date.New(2026, 2, 1)},
	} {
		a := cpd.Activity{Person: c.person, Title: c.title, Kind: cpd.ExternalCourse, Aspect: cpd.KeepingUpToDate,
			Necessity: cpd.Necessary, Source: cpd.Appraisal, Hours: decimal.RequireFromString(c.hours),
			Completed: c.on, Evidence: "certificate.pdf"}
		if c.topic != "" {
			a.Topics = []string{c.topic}
		}
		if _, err := svc.Activities.RecordCompleted(admin, a); err != nil {
			fmt.Println(err)
			return
		}
	}

	head := cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: "head"})
	v, err := svc.Compliance.OrgCompliance(head)
	if err != nil {
		fmt.Println(err)
		return
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 1, ' ', 0)
	fmt.Fprintln(tw, "person\t"+strings.Join(v.Requirements, "\t"))
	for _, row := range v.Rows {
		fmt.Fprint(tw, row.Person)
		for _, it := range row.Items {
			fmt.Fprint(tw, "\t", it.Status)
		}
		fmt.Fprintln(tw)
	}
	fmt.Fprintln(tw)
	for i, req := range v.Requirements {
		c := v.Columns[i]
		fmt.Fprintf(tw, "%s\t%d/%d\t%s%%\n", req, c.Compliant(), c.Applicable(), c.Rate().StringFixed(1))
	}
	fmt.Fprintf(tw, "overall\t%d/%d\t%s%%\n", v.Overall.Compliant(), v.Overall.Applicable(), v.Overall.Rate().StringFixed(1))
	tw.Flush()
	// Output:
	// person    safeguarding prevent   cpd-hours
	// admin     missing      missing   pending
	// colleague due_soon     missing   pending
	// head      missing      missing   pending
	// manager   overdue      compliant pending
	// teacher   compliant    compliant compliant
	//
	// safeguarding 2/5  40.0%
	// prevent      2/5  40.0%
	// cpd-hours    1/5  20.0%
	// overall      5/15 33.3%
}

// Alerts list what a person must act on: safeguarding that runs out within
// the next 30 days, and Prevent, which they have never done.
func ExampleCompliance_Alerts() {
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
	ids := 0 // numbered activity IDs: act-1, act-2, …
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
	_, err = svc.Activities.RecordCompleted(as("teacher"), cpd.Activity{Person: "teacher", Title: "Safeguarding update",
		Kind: cpd.ExternalCourse, Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Appraisal,
		Topics: []string{"safeguarding"}, Hours: decimal.NewFromInt(3), Completed: date.New(2025, 12, 10), Evidence: "certificate.pdf"})
	if err != nil {
		log.Fatal(err)
	}

	alerts, err := svc.Compliance.Alerts(as("manager"), "teacher", 30)
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range alerts {
		fmt.Println(a.Requirement, a.Kind, a.Date, "-", a.Reason)
	}
	// Output:
	// prevent missing 2020-09-30 - No evidence held.
	// safeguarding expiring 2026-12-09 - Completed 2025-12-10 (act-1); valid until 2026-12-09, so due for renewal.
}

// A teacher records a course they have already done, with its certificate;
// correcting it later keeps the earlier version in its history.
func ExampleActivities_RecordCompleted() {
	const org = "example-college"
	dir := memory.NewDirectory() // an HR system plugs in its own
	dir.Set(org, cpd.Identity{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}})
	dir.Set(org, cpd.Identity{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}})
	policy, err := compliance.ParsePolicy([]byte(`{"id": "example", "academic_year_start": "09-01", "requirements": [
		{"id": "prevent", "kind": "renewable_training", "validity": "P2Y"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	ids := 0 // numbered activity IDs: act-1, act-2, …
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{Location: time.UTC,
		Now:   func() time.Time { return time.Date(2026, time.November, 25, 12, 0, 0, 0, time.UTC) },
		NewID: func() string { ids++; return fmt.Sprintf("act-%d", ids) }})
	if err != nil {
		log.Fatal(err)
	}
	admin := cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: "admin"})
	teacher := cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: "teacher"})
	_, err = svc.Staff.AddPerson(admin, cpd.Person{ID: "teacher", Name: "A. Teacher", Employment: compliance.Employed,
		Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)})
	if err != nil {
		log.Fatal(err)
	}

	a, err := svc.Activities.RecordCompleted(teacher, cpd.Activity{Person: "teacher", Title: "Prevent duty", Kind: cpd.ExternalCourse,
		Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Appraisal, Topics: []string{"prevent"},
		Hours: decimal.NewFromInt(1), Completed: date.New(2026, 11, 2), Evidence: "prevent-certificate.pdf"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.ID, a.State, "on", a.Completed, "for", a.Hours, "hours")

	// Without evidence a self-recorded activity is refused, naming the field.
	_, err = svc.Activities.RecordCompleted(teacher, cpd.Activity{Person: "teacher", Title: "Safeguarding", Kind: cpd.ExternalCourse,
		Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Appraisal, Topics: []string{"safeguarding"},
		Hours: decimal.NewFromInt(2), Completed: date.New(2026, 11, 3)})
	var ve *cpd.ValidationError
	fmt.Println(errors.As(err, &ve), ve.Field)

	changed := a
	changed.Hours = decimal.RequireFromString("1.5")
	if a, err = svc.Activities.Amend(teacher, a.ID, changed, "the certificate says 90 minutes"); err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.ID, "now", a.Hours, "hours")
	for _, r := range a.History {
		fmt.Printf("was %s hours, changed by %s: %s\n", r.Previous.Hours, r.By, r.Reason)
	}
	// Output:
	// act-1 completed on 2026-11-02 for 1 hours
	// true evidence
	// act-1 now 1.5 hours
	// was 1 hours, changed by teacher: the certificate says 90 minutes
}

// A subject-access request returns everything held on one person as JSON:
// their record, their activities, their maintained status and the audit
// trail of every change.
func ExampleStaff_SubjectAccess() {
	const org = "example-college"
	dir := memory.NewDirectory() // an HR system plugs in its own
	dir.Set(org, cpd.Identity{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}})
	dir.Set(org, cpd.Identity{Person: "manager", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}})
	dir.Set(org, cpd.Identity{Person: "teacher", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "manager"})
	policy, err := compliance.ParsePolicy([]byte(`{"id": "example", "academic_year_start": "09-01", "requirements": [
		{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y"},
		{"id": "prevent", "kind": "renewable_training", "validity": "P2Y"}]}`))
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
	_, err = svc.Staff.AddPerson(as("admin"), cpd.Person{ID: "teacher", Name: "A. Teacher", Employment: compliance.Employed,
		Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)})
	if err != nil {
		log.Fatal(err)
	}
	_, err = svc.Activities.RecordCompleted(as("teacher"), cpd.Activity{Person: "teacher", Title: "Prevent duty", Kind: cpd.ExternalCourse,
		Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Appraisal, Topics: []string{"prevent"},
		Hours: decimal.NewFromInt(1), Completed: date.New(2026, 11, 2), Evidence: "certificate.pdf"})
	if err != nil {
		log.Fatal(err)
	}

	raw, err := svc.Staff.SubjectAccess(as("teacher"), "teacher")
	if err != nil {
		log.Fatal(err)
	}
	var export struct {
		Person     cpd.Person     `json:"person"`
		Activities []cpd.Activity `json:"activities"`
		Status     cpd.Status     `json:"status"`
		Events     []struct {
			Actor  string `json:"actor"`
			Action string `json:"action"`
			Kind   string `json:"kind"`
		} `json:"events"`
	}
	if err := json.Unmarshal(raw, &export); err != nil {
		log.Fatal(err)
	}
	fmt.Println(export.Person.ID, len(export.Activities), "activity;", len(export.Status.Items), "requirements")
	for _, e := range export.Events {
		fmt.Println(e.Actor, e.Action, e.Kind)
	}

	// A line manager may read a report's record, but not export it.
	_, err = svc.Staff.SubjectAccess(as("manager"), "teacher")
	fmt.Println(errors.Is(err, cpd.ErrForbidden))
	// Output:
	// teacher 1 activity; 2 requirements
	// admin person.add person
	// admin status.refresh status
	// admin status.refresh status_reasons
	// teacher activity.record activity
	// teacher status.refresh status
	// teacher status.refresh status_reasons
	// true
}
