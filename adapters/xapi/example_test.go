package xapi_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/xapi"
	"github.com/cpdkit/cpdkit/compliance"
)

// An LMS export becomes compliance evidence: the credit each statement
// gives, and why the others give none.
func ExampleImport() {
	// What an LMS might export: Ann completes safeguarding late on 30 June
	// (already 1 July in London), Bob passes it in a later attempt, and a
	// refresher credited by mistake is voided.
	const export = `[
	  {"id": "6c1a4d3e-0001-4000-8000-000000000001", "timestamp": "2026-06-30T23:30:00Z",
	   "actor": {"mbox": "mailto:ann@college.example"},
	   "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
	   "object": {"id": "https://lms.college.example/courses/safeguarding"},
	   "result": {"completion": true, "duration": "PT1H30M"}},
	  {"id": "6c1a4d3e-0002-4000-8000-000000000002", "timestamp": "2026-09-14T10:00:00Z",
	   "actor": {"account": {"homePage": "https://lms.college.example", "name": "bob.s"}},
	   "verb": {"id": "http://adlnet.gov/expapi/verbs/failed"},
	   "object": {"id": "https://lms.college.example/courses/safeguarding"},
	   "result": {"success": false, "score": {"scaled": 0.55}, "duration": "PT50M"}},
	  {"id": "6c1a4d3e-0003-4000-8000-000000000003", "timestamp": "2026-09-15T10:00:00Z",
	   "actor": {"account": {"homePage": "https://lms.college.example", "name": "bob.s"}},
	   "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
	   "object": {"id": "https://lms.college.example/courses/safeguarding"},
	   "result": {"success": true, "score": {"scaled": 0.9}, "duration": "PT45M"}},
	  {"id": "6c1a4d3e-0004-4000-8000-000000000004", "timestamp": "2026-09-16T08:00:00Z",
	   "actor": {"mbox": "mailto:ann@college.example"},
	   "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
	   "object": {"id": "https://lms.college.example/courses/prevent"}},
	  {"id": "6c1a4d3e-0005-4000-8000-000000000005", "timestamp": "2026-09-16T09:00:00Z",
	   "actor": {"mbox": "mailto:lms-admin@college.example"},
	   "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
	   "object": {"objectType": "StatementRef", "id": "6c1a4d3e-0004-4000-8000-000000000004"}}
	]`

	// The college's mapping: who is who in the LMS, and what each course
	// evidences.
	people := xapi.NewAgents()
	if err := errors.Join(
		people.AddEmail("ann@college.example", "ann"),
		people.AddAccount("https://lms.college.example", "bob.s", "bob"),
	); err != nil {
		log.Fatal(err)
	}
	m := xapi.Mapping{People: people, Activities: xapi.Catalogue{
		"https://lms.college.example/courses/safeguarding": {
			Title: "Safeguarding refresher", Topics: []string{"safeguarding"},
			MasteryScore: decimal.NewNullDecimal(decimal.RequireFromString("0.8")),
		},
		"https://lms.college.example/courses/prevent": {Title: "Prevent", Topics: []string{"prevent"}},
	}}

	res, err := xapi.Import(context.Background(), strings.NewReader(export), m, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range res.Credits {
		fmt.Printf("credit: %s %s %s on %s, %s hours\n", c.Person, c.Verb, c.Course.Title, c.Date, c.Hours)
	}
	for _, o := range res.Outcomes {
		fmt.Printf("no credit: statement %d %s: %s\n", o.Index, o.Status, o.Reason)
	}
	fmt.Println("voided:", res.Voided)
	// Output:
	// credit: ann completed Safeguarding refresher on 2026-07-01, 1.5 hours
	// credit: bob passed Safeguarding refresher on 2026-09-15, 0.75 hours
	// no credit: statement 1 no_credit: failed gives no credit
	// no credit: statement 3 voided: voided by statement 4 (6c1a4d3e-0005-4000-8000-000000000005)
	// no credit: statement 4 voiding: voids 6c1a4d3e-0004-4000-8000-000000000004
	// voided: [6c1a4d3e-0004-4000-8000-000000000004]
}

// The evidence goes straight into package compliance: here Ann's
// safeguarding is compliant on 1 October.
func ExampleResult_Subjects() {
	const export = `[{"id": "6c1a4d3e-0001-4000-8000-000000000001", "timestamp": "2026-06-30T23:30:00Z",
	  "actor": {"mbox": "mailto:ann@college.example"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
	  "object": {"id": "https://lms.college.example/courses/safeguarding"}, "result": {"duration": "PT1H30M"}}]`
	people := xapi.NewAgents()
	if err := people.AddEmail("ann@college.example", "ann"); err != nil {
		log.Fatal(err)
	}
	m := xapi.Mapping{People: people, Activities: xapi.Catalogue{
		"https://lms.college.example/courses/safeguarding": {Title: "Safeguarding refresher", Topics: []string{"safeguarding"}},
	}}
	res, err := xapi.Import(context.Background(), strings.NewReader(export), m, nil)
	if err != nil {
		log.Fatal(err)
	}
	policy := compliance.Policy{ID: "college", AcademicYearStart: compliance.MonthDay{Month: time.September, Day: 1},
		Requirements: []compliance.Requirement{{ID: "safeguarding", Name: "Safeguarding", Kind: compliance.RenewableTraining,
			Validity: period.MustParse("P1Y")}}}
	e, err := compliance.NewEvaluator(policy)
	if err != nil {
		log.Fatal(err)
	}
	staff := []compliance.Person{{ID: "ann", Start: date.New(2020, 9, 1)}, {ID: "cat", Start: date.New(2020, 9, 1)}}
	matrix, err := e.Matrix(res.Subjects(staff), date.New(2026, time.October, 1))
	if err != nil {
		log.Fatal(err)
	}
	for i := range matrix.Len() {
		it := matrix.Item(i, 0)
		fmt.Println(matrix.Person(i).ID, it.Status, it.Reason())
	}
	// Output:
	// ann compliant Completed 2026-07-01 (6c1a4d3e-0001-4000-8000-000000000001); valid until 2027-06-30.
	// cat missing No evidence held.
}

// By default a bad statement fails the whole import, naming it; with
// SkipBad the good statements still give credit and the bad ones are
// listed.
func ExampleOptions_skipBad() {
	export := `[
	 {"id": "6c1a4d3e-0001-4000-8000-000000000001", "timestamp": "2026-06-30T12:00:00Z",
	  "actor": {"mbox": "mailto:ann@college.example"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
	  "object": {"id": "https://lms.college.example/courses/prevent"}, "result": {"duration": "90 minutes"}},
	 {"id": "6c1a4d3e-0002-4000-8000-000000000002", "timestamp": "2026-06-30T12:00:00Z",
	  "actor": {"mbox": "mailto:ann@college.example"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
	  "object": {"id": "https://lms.college.example/courses/safeguarding"}}]`
	people := xapi.NewAgents()
	if err := people.AddEmail("ann@college.example", "ann"); err != nil {
		log.Fatal(err)
	}
	m := xapi.Mapping{People: people, Activities: xapi.Catalogue{
		"https://lms.college.example/courses/safeguarding": {Title: "Safeguarding refresher", Topics: []string{"safeguarding"}},
		"https://lms.college.example/courses/prevent":      {Title: "Prevent", Topics: []string{"prevent"}},
	}}
	_, err := xapi.Import(context.Background(), strings.NewReader(export), m, nil)
	fmt.Println(errors.Is(err, xapi.ErrInvalid), err)

	res, err := xapi.Import(context.Background(), strings.NewReader(export), m, &xapi.Options{SkipBad: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(res.Credits), "credit;", res.Rejected[0])
	// Output:
	// true 1 bad statement; statement 0 (6c1a4d3e-0001-4000-8000-000000000001): result.duration: "90 minutes" is not an ISO 8601 duration
	// 1 credit; statement 0 (6c1a4d3e-0001-4000-8000-000000000001): result.duration: "90 minutes" is not an ISO 8601 duration
}

// An LRS returns statements a page at a time, with a more link to the
// next. An Importer reads every page as one import, so that a statement
// voided on a later page gives no credit.
func ExampleImporter() {
	pages := map[string]string{
		"/xapi/statements": `{"statements": [
		 {"id": "6c1a4d3e-0001-4000-8000-000000000001", "timestamp": "2026-06-30T12:00:00Z",
		  "actor": {"mbox": "mailto:ann@college.example"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
		  "object": {"id": "https://lms.college.example/courses/prevent"}}],
		 "more": "/xapi/statements?more=p2"}`,
		"/xapi/statements?more=p2": `{"statements": [
		 {"id": "6c1a4d3e-0002-4000-8000-000000000002", "timestamp": "2026-07-01T09:00:00Z",
		  "actor": {"mbox": "mailto:lms-admin@college.example"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
		  "object": {"objectType": "StatementRef", "id": "6c1a4d3e-0001-4000-8000-000000000001"}}],
		 "more": ""}`,
	}
	people := xapi.NewAgents()
	if err := people.AddEmail("ann@college.example", "ann"); err != nil {
		log.Fatal(err)
	}
	im, err := xapi.NewImporter(xapi.Mapping{People: people, Activities: xapi.Catalogue{
		"https://lms.college.example/courses/prevent": {Title: "Prevent", Topics: []string{"prevent"}},
	}}, nil)
	if err != nil {
		log.Fatal(err)
	}
	for next := "/xapi/statements"; next != ""; {
		fmt.Println("fetch", next) // a real caller GETs it from the LRS
		if next, err = im.Add(context.Background(), strings.NewReader(pages[next])); err != nil {
			log.Fatal(err)
		}
	}
	res, err := im.Result()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(res.Credits), "credits;", res.Outcomes[0].Status, "on page", res.Outcomes[0].Page)
	// Output:
	// fetch /xapi/statements
	// fetch /xapi/statements?more=p2
	// 0 credits; voided on page 0
}

// A cmi5 assignable unit whose moveOn is CompletedAndPassed gives credit
// once both have happened in the registration, dated by the later.
func ExampleCourse_cmi5() {
	const au = "https://lms.college.example/au/fire-safety"
	cmi5 := `"context": {"registration": "0e3b6f2a-0000-4000-8000-000000000001",
	  "contextActivities": {"category": [{"id": "https://w3id.org/xapi/cmi5/context/categories/cmi5"}]},
	  "extensions": {"https://w3id.org/xapi/cmi5/context/extensions/masteryscore": 0.7}}`
	export := `[
	 {"id": "6c1a4d3e-0001-4000-8000-000000000001", "timestamp": "2026-05-04T10:00:00Z",
	  "actor": {"mbox": "mailto:ann@college.example"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
	  "object": {"id": "` + au + `"}, "result": {"completion": true, "duration": "PT40M"}, ` + cmi5 + `},
	 {"id": "6c1a4d3e-0002-4000-8000-000000000002", "timestamp": "2026-05-04T10:20:00Z",
	  "actor": {"mbox": "mailto:ann@college.example"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
	  "object": {"id": "` + au + `"}, "result": {"success": true, "score": {"scaled": 0.65}, "duration": "PT20M"}, ` + cmi5 + `},
	 {"id": "6c1a4d3e-0003-4000-8000-000000000003", "timestamp": "2026-05-05T11:00:00Z",
	  "actor": {"mbox": "mailto:ann@college.example"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
	  "object": {"id": "` + au + `"}, "result": {"success": true, "score": {"scaled": 0.85}, "duration": "PT25M"}, ` + cmi5 + `}]`
	people := xapi.NewAgents()
	if err := people.AddEmail("ann@college.example", "ann"); err != nil {
		log.Fatal(err)
	}
	m := xapi.Mapping{People: people, Activities: xapi.Catalogue{
		au: {Title: "Fire safety", Topics: []string{"health-and-safety"}, MoveOn: xapi.MoveOnCompletedAndPassed},
	}}
	res, err := xapi.Import(context.Background(), strings.NewReader(export), m, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range res.Credits {
		fmt.Printf("credit: statement %d on %s, %s hours\n", c.Index, c.Date, c.Hours)
	}
	for _, o := range res.Outcomes {
		fmt.Printf("statement %d: %s\n", o.Index, o.Reason)
	}
	// Output:
	// credit: statement 2 on 2026-05-05, 0.667 hours
	// statement 0: the registration is credited once, by statement 2 (6c1a4d3e-0003-4000-8000-000000000003)
	// statement 1: the scaled score 0.65 is below the mastery score 0.7
}
