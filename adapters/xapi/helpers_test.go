package xapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// The activities of the test catalogue.
const (
	safeguardingIRI = "https://lms.example.org/courses/safeguarding"
	preventIRI      = "https://lms.example.org/courses/prevent"
	firstAidIRI     = "https://lms.example.org/courses/first-aid"
	auIRI           = "https://lms.example.org/cmi5/gdpr-au"
	auAndIRI        = "https://lms.example.org/cmi5/fire-safety-au"
	auPassedIRI     = "https://lms.example.org/cmi5/dsl-au"
	unknownIRI      = "https://lms.example.org/courses/not-tracked"
)

// testMapping knows four people, each by a different kind of identifier,
// and a catalogue of plain and cmi5 courses.
func testMapping(t testing.TB) Mapping {
	t.Helper()
	a := NewAgents()
	require.NoError(t, a.AddEmail("ann@example.org", "ann"))
	require.NoError(t, a.AddEmail("dan@example.org", "dan")) // written as mbox_sha1sum in statements
	require.NoError(t, a.AddEmail("Joe.Bloggs@Example.org", "joe"))
	require.NoError(t, a.AddAccount("https://lms.example.org", "bob-7", "bob"))
	require.NoError(t, a.AddOpenID("https://openid.example.org/cat", "cat"))
	return Mapping{People: a, Activities: Catalogue{
		safeguardingIRI: {Title: "Safeguarding", Topics: []string{"safeguarding"}, Kind: "external_course", Aspect: "keeping_up_to_date"},
		preventIRI:      {Title: "Prevent", Topics: []string{"prevent"}},
		firstAidIRI:     {Title: "First aid", Topics: []string{"first-aid"}, MasteryScore: decimal.NewNullDecimal(decimal.RequireFromString("0.8"))},
		auIRI:           {Title: "GDPR (cmi5)", Topics: []string{"gdpr"}},
		auAndIRI:        {Title: "Fire safety (cmi5)", Topics: []string{"health-and-safety"}, MoveOn: MoveOnCompletedAndPassed},
		auPassedIRI:     {Title: "DSL (cmi5)", Topics: []string{"designated-safeguarding-lead", "safeguarding"}, MoveOn: MoveOnPassed},
	}}
}

// sid is the id of test statement n.
func sid(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

// reg is registration n.
func reg(n int) string { return fmt.Sprintf("11111111-0000-4000-8000-%012d", n) }

// stmt is a statement under construction, as JSON.
type stmt map[string]any

// statement is statement n: the actor (see agent) did the verb
// ("completed", or a full IRI) to the activity, at noon UTC on 2 March
// 2026, with the changes made by each option.
func statement(n int, actor, verb, activity string, options ...func(stmt)) stmt {
	if verb != "" && !bytes.Contains([]byte(verb), []byte("://")) {
		verb = "http://adlnet.gov/expapi/verbs/" + verb
	}
	s := stmt{
		"id":        sid(n),
		"actor":     agent(actor),
		"verb":      map[string]any{"id": verb, "display": map[string]string{"en-GB": "did"}},
		"object":    map[string]any{"objectType": "Activity", "id": activity, "definition": map[string]any{"name": map[string]string{"en-GB": "a course"}}},
		"timestamp": "2026-03-02T12:00:00Z",
	}
	for _, o := range options {
		o(s)
	}
	return s
}

// agent is the actor of a test person, by the identifier the mapping
// knows them by.
func agent(who string) map[string]any {
	switch who {
	case "ann":
		return map[string]any{"objectType": "Agent", "name": "Ann", "mbox": "mailto:ann@EXAMPLE.org"}
	case "dan": // sha1("mailto:dan@example.org")
		return map[string]any{"mbox_sha1sum": "813D8CA54AA80172F08CE0419A0C542F427FB78E"}
	case "bob":
		return map[string]any{"account": map[string]string{"homePage": "https://lms.example.org", "name": "bob-7"}}
	case "cat":
		return map[string]any{"openid": "https://openid.example.org/cat"}
	}
	return map[string]any{"mbox": "mailto:" + who + "@example.org"}
}

// The statement options.
func at(ts string) func(stmt)  { return func(s stmt) { s["timestamp"] = ts } }
func took(d string) func(stmt) { return func(s stmt) { result(s)["duration"] = d } }
func scored(x string) func(stmt) {
	return func(s stmt) { result(s)["score"] = map[string]any{"scaled": json.Number(x)} }
}
func inRegistration(n int) func(stmt) { return func(s stmt) { ctxOf(s)["registration"] = reg(n) } }
func cmi5() func(stmt) {
	return func(s stmt) {
		ctxOf(s)["contextActivities"] = map[string]any{"category": []any{
			map[string]any{"id": CMI5CategoryIRI}, map[string]any{"id": "https://w3id.org/xapi/cmi5/context/categories/moveon"},
		}}
	}
}
func mastery(x string) func(stmt) {
	return func(s stmt) { extensions(s)[MasteryScoreIRI] = json.Number(x) }
}
func moveOn(m string) func(stmt)       { return func(s stmt) { extensions(s)[MoveOnIRI] = m } }
func set(key string, v any) func(stmt) { return func(s stmt) { s[key] = v } }
func without(key string) func(stmt)    { return func(s stmt) { delete(s, key) } }

func result(s stmt) map[string]any { return sub(s, "result") }
func ctxOf(s stmt) map[string]any  { return sub(s, "context") }
func extensions(s stmt) map[string]any {
	c := ctxOf(s)
	if _, ok := c["extensions"]; !ok {
		c["extensions"] = map[string]any{}
	}
	return c["extensions"].(map[string]any)
}
func sub(s stmt, key string) map[string]any {
	if _, ok := s[key]; !ok {
		s[key] = map[string]any{}
	}
	return s[key].(map[string]any)
}

// voids is statement n voiding statement target.
func voids(n, target int) stmt {
	return stmt{
		"id": sid(n), "actor": agent("admin"), "timestamp": "2026-03-03T09:00:00Z",
		"verb":   map[string]any{"id": VoidedIRI},
		"object": map[string]any{"objectType": "StatementRef", "id": sid(target)},
	}
}

// doc encodes statements as a JSON array.
func doc(t testing.TB, statements ...stmt) []byte {
	t.Helper()
	b, err := json.Marshal(statements)
	require.NoError(t, err)
	return b
}

// importDoc imports a document with the test mapping.
func importDoc(t testing.TB, data []byte, opts *Options) (Result, error) {
	t.Helper()
	return Import(context.Background(), bytes.NewReader(data), testMapping(t), opts)
}

// creditView is what the tests compare of a credit.
type creditView struct {
	Statement, Person, Date, Hours string
	Topics                         []string
	Verb                           Verb
}

func creditViews(res Result) []creditView {
	var out []creditView
	for _, c := range res.Credits {
		out = append(out, creditView{Statement: c.Statement, Person: c.Person, Date: c.Date.String(), Hours: c.Hours.String(), Topics: c.Course.Topics, Verb: c.Verb})
	}
	return out
}

// outcomeView is what the tests compare of an outcome.
type outcomeView struct {
	Statement string
	Status    Status
}

func outcomeViews(res Result) []outcomeView {
	var out []outcomeView
	for _, o := range res.Outcomes {
		out = append(out, outcomeView{Statement: o.Statement, Status: o.Status})
	}
	return out
}
