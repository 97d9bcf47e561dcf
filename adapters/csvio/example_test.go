package csvio_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/csvio"
	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// An HR system's roster, with its own headers and UK dates, read into
// people for cpd.Staff.ImportPeople.
func ExampleReadPeople() {
	roster := "Staff No,Full name,Post,Contract,Start date,FTE\n" +
		"T001,Teacher One,teacher,Employed,01/09/2026,0.6\n" +
		"T002,Tutor Two,tutor,Associate,14/09/2026,1\n"
	got, err := csvio.ReadPeople(context.Background(), strings.NewReader(roster), &csvio.RosterOptions{
		ReadOptions: csvio.ReadOptions{DayFirst: true, Columns: map[csvio.Field]string{
			csvio.FieldID: "Staff No", csvio.FieldName: "Full name", csvio.FieldJobRole: "Post",
			csvio.FieldEmployment: "Contract", csvio.FieldStart: "Start date",
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, p := range got.Rows {
		fmt.Println(got.Lines[i], p.ID, p.Name, p.Employment, p.Start, p.FTE)
	}
	// Output:
	// 2 T001 Teacher One employed 2026-09-01 0.6
	// 3 T002 Tutor Two associate 2026-09-14 1
}

// A file with mistakes is refused whole, and every mistake is named by
// line and column.
func ExampleReadCompletions_problems() {
	lms := "person,title,completed,hours,evidence\n" +
		"T001,Safeguarding,2026-09-31,1.5,lms:1\n" +
		"T002,Prevent,2026-10-01,1h,lms:2\n"
	_, err := csvio.ReadCompletions(context.Background(), strings.NewReader(lms), &csvio.CompletionOptions{
		Defaults: &cpd.Activity{Kind: cpd.Webinar, Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Required},
	})
	fmt.Println(err)
	// Output:
	// 2 problems; line 2, column "completed": "2026-09-31" is not a date written yyyy-mm-dd; line 3, column "hours": "1h" is not a number written like 1.5
}

// The administrator imports an LMS's completions, then the head of
// education exports the organisation's register.
func ExampleExportMatrix() {
	const org = "college"
	dir := memory.NewDirectory() // an HR system plugs in its own
	policy, err := compliance.ParsePolicy([]byte(`{"id": "college", "academic_year_start": "09-01", "requirements": [
		{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y", "renewal_window": "P1M", "induction_deadline": "P30D"},
		{"id": "prevent", "kind": "renewable_training", "validity": "P2Y", "induction_deadline": "P30D"},
		{"id": "qts", "kind": "qualification", "applies_to": {"job_roles": ["teacher"]}},
		{"id": "hours", "name": "CPD hours", "kind": "minimum_hours", "hours": {"minimum": "30"}}]}`))
	if err != nil {
		log.Fatal(err)
	}
	svc, err := cpd.New(memory.New(), dir, policy, &cpd.Options{
		Now: func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) }, Location: time.UTC,
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx := cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: "head"})
	dir.Set(org, cpd.Identity{Person: "head", Roles: []cpd.Role{cpd.RoleHeadOfEducation}})
	roster := "id,name,job_role,team,employment,start,fte\n" +
		"head,Head of Education,manager,,employed,2020-09-01,1\n" +
		"t1,Teacher,teacher,maths,employed,2021-09-01,0.8\n"
	if _, err := csvio.ImportPeople(ctx, svc, strings.NewReader(roster), nil); err != nil {
		log.Fatal(err)
	}
	lms := "person,title,completed,hours,evidence,topics\n" +
		"t1,Safeguarding,2026-09-10,1.5,lms:1,safeguarding\n"
	_, err = csvio.ImportCompletions(ctx, svc, strings.NewReader(lms), &csvio.CompletionOptions{
		Defaults: &cpd.Activity{Kind: cpd.Webinar, Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Required},
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := csvio.ExportMatrix(ctx, os.Stdout, svc, nil); err != nil {
		log.Fatal(err)
	}
	// Output:
	// person,name,job_role,team,line_manager,employment,start,leaving,leaver,safeguarding status,safeguarding date,prevent status,prevent date,qts status,qts date,hours status,hours date
	// head,Head of Education,manager,,,employed,2020-09-01,,no,missing,2020-09-30,missing,2020-09-30,not_applicable,,pending,2027-08-31
	// t1,Teacher,teacher,maths,,employed,2021-09-01,,no,compliant,2027-09-09,missing,2021-09-30,missing,,pending,2027-08-31
}

// A person's CPD record as a spreadsheet, written from the record itself.
func ExampleWriteRecord() {
	rec := cpd.CPDRecord{
		Person: cpd.Person{ID: "t1", Name: "Teacher"},
		Activities: []cpd.Activity{{ID: "a1", Title: "Prevent", Kind: cpd.Webinar, Aspect: cpd.KeepingUpToDate,
			Necessity: cpd.Necessary, Source: cpd.Required, State: cpd.Completed, Topics: []string{"prevent"},
			Hours: decimal.RequireFromString("1.5"), Completed: date.New(2026, 10, 1), Evidence: "lms:1"}},
	}
	if err := csvio.WriteRecord(context.Background(), os.Stdout, rec, compliance.MonthDay{Month: 9, Day: 1}, nil); err != nil {
		panic(err)
	}
	// Output:
	// person,name,activity,title,kind,aspect,necessity,source,state,topics,hours,start,end,completed,valid_until,academic_year,provider,awarding_body,qualification,evidence,reflection,impact,targets,requested_by,approved_by,reason
	// t1,Teacher,a1,Prevent,webinar,keeping_up_to_date,necessary,required,completed,prevent,1.5,,,2026-10-01,,2026/27,,,,lms:1,,,,,,
}
