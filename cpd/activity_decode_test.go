package cpd

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/budget"
)

// jsonNames are the JSON names of a struct type's fields, in order.
func jsonNames(ty reflect.Type) []string {
	var names []string
	for i := range ty.NumField() {
		name, _, _ := strings.Cut(ty.Field(i).Tag.Get("json"), ",")
		if name != "-" {
			names = append(names, name)
		}
	}
	return names
}

// TestActivityReaderKnowsEveryField: activityFields, the lists of the
// funding's structs and the done reader's lists name every field encoding/json reads of them, in
// their order, so that a field added to one cannot be skipped by the fast
// reader unnoticed.
func TestActivityReaderKnowsEveryField(t *testing.T) {
	require.Equal(t, jsonNames(reflect.TypeFor[Activity]()), activityFields[:])
	require.Less(t, len(activityFields), 32, "the fast reader keeps the fields it has seen in a uint32")
	for _, c := range []struct {
		ty    reflect.Type
		names []string
	}{
		{reflect.TypeFor[Funding](), fundingFields}, {reflect.TypeFor[budget.Costs](), costsFields},
		{reflect.TypeFor[budget.Cost](), costFields}, {reflect.TypeFor[budget.Cover](), coverFields},
		{reflect.TypeFor[budget.Chain](), chainFields}, {reflect.TypeFor[budget.Step](), stepFields},
		{reflect.TypeFor[budget.Approval](), approvalFields}, {reflect.TypeFor[budget.Override](), overrideFields},
		{reflect.TypeFor[budget.Commitment](), commitmentFields},
		{reflect.TypeFor[doneActivity](), doneFields[:]}, {reflect.TypeFor[doneFunding](), doneFundingFields},
		{reflect.TypeFor[Revision](), revisionFields},
	} {
		require.Equal(t, jsonNames(c.ty), c.names, "%s", c.ty)
	}
}

// activityDocs are stored activities with every field the reader reads
// itself or hands on: dates, targets, an accreditation, an amendment's
// history, and funding with its costs.
func activityDocs(t testing.TB) [][]byte {
	t.Helper()
	docs := doneDocs(t)
	full := Activity{
		ID: "a2", Person: "p2", Title: "Level 5 \u00e9", Kind: ExternalCourse, Aspect: TrainingForJob, Necessity: Necessary,
		Source: Required, Topics: []string{"assessment"}, Hours: decimal.RequireFromString("12.25"),
		Start: date.New(2026, 9, 1), End: date.New(2026, 9, 3), Completed: date.New(2026, 9, 3), ValidUntil: date.New(2029, 9, 2),
		Provider: "College", Accreditation: &Accreditation{AwardingBody: "Body", Qualification: "Cert"},
		Evidence: "cert.pdf", ExternalRef: "lms-77", Reflection: "r", Impact: "i", Targets: []string{"t1", "t2"},
		State: Completed, RequestedBy: "p2", ApprovedBy: "head", RecordedBy: "admin", Reason: "why",
		DelegatedTo: "p3", DelegatedFrom: "a0",
	}
	prev := full
	prev.Hours, prev.Title = decimal.NewFromInt(10), "Level 5"
	full.History = []Revision{{At: time.Date(2026, 10, 1, 9, 30, 0, 0, time.UTC), By: "admin", Reason: "hours", Previous: prev}}
	full.Funding = &Funding{Budget: "b1", Line: "l1", RelevantToRole: true}
	data, err := encodeRecord(KindActivity, &full)
	require.NoError(t, err)
	docs = append(docs, data)

	// Funding with every field set, as an approved, committed request
	// over a line's limit carries it.
	gbp := budget.MustParse("GBP 125.50")
	comm := budget.NewCommitment("a3", "l1", budget.GBP)
	comm.Outstanding, comm.Committed = gbp, gbp
	funded := full
	funded.ID, funded.State, funded.Completed, funded.History = "a3", Approved, 0, nil
	funded.Funding = &Funding{
		Budget: "b1", Line: "l1", Overnight: true, RelevantToRole: true,
		Costs: budget.Costs{
			Items: []budget.Cost{{Kind: budget.Fee, Amount: gbp, Note: "course \"fee\""}, {Kind: budget.Travel, Amount: budget.MustParse("GBP 0.00")}},
			Cover: &budget.Cover{Days: decimal.RequireFromString("1.5"), DayRate: budget.MustParse("GBP 180.00")},
		},
		Chain: budget.Chain{Steps: []budget.Step{
			{Rule: "line manager", Roles: []budget.Role{budget.RoleLineManager}, Ordered: true, BeforeStart: true},
			{Rule: "holder", Roles: []budget.Role{budget.RoleBudgetHolder, budget.RoleHeadOfEducation}},
		}, Distinct: true},
		Approvals:  []budget.Approval{{Role: budget.RoleLineManager, By: "mgr", On: date.New(2026, 9, 2)}},
		Waiting:    []budget.Role{budget.RoleBudgetHolder, budget.RoleHeadOfEducation},
		Override:   &budget.Override{By: "head", Reason: "agreed", Warning: true},
		Commitment: &comm,
	}
	data, err = encodeRecord(KindActivity, &funded)
	require.NoError(t, err)
	return append(docs, data)
}

// oddActivityDocs are documents near an activity's stored form that the
// fields doneActivity leaves out make odd.
var oddActivityDocs = []string{
	`{"accreditation":{"awarding_body":"b"},"history":[],"funding":null}`,
	`{"accreditation":null,"history":null}`,
	`{"accreditation":{"Awarding_Body":"b","awarding_body":"c"}}`,
	`{"accreditation":"b"}`,
	`{"history":[{"at":"2026-10-01T09:30:00Z","by":"x","previous":{"id":"y","hours":"1"}}]}`,
	`{"history":[{"at":"not a time"}]}`,
	`{"history":{}}`,
	`{"funding":{"budget":"b","costs":{"items":[]}}}`,
	`{"funding":{"budget":1}}`,
	`{"targets":["a",null,"b"],"person":"p","Person":"q"}`,
	`{"start":"2026-09-01","end":"2026-08-31","state":"completed","requested_by":null}`,
	`{"state":"nope"}`,
	`{"kind":"webinar","aspect":"career_progression","title":"t\u0000"}`,
	`{"delegated_to":"x","delegated_from":"y","reason":"z","approved_by":"h","recorded_by":"r","impact":"i","reflection":"f","external_ref":"e","evidence":"v","provider":"p"}`,
	`{"version":7,"Version":8}`,
	`{"funding":{"costs":null,"chain":null,"approvals":null,"waiting":null,"override":null,"commitment":null}}`,
	`{"funding":{"costs":{"items":[null,{"kind":"fee","amount":null}],"cover":{"days":"2","day_rate":{"amount":"1.00","currency":"GBP"}}}}}`,
	`{"funding":{"costs":{"items":[{"kind":"fees"}]}}}`,
	`{"funding":{"costs":{"items":[{"amount":{"amount":"1.005","currency":"GBP"}}]}}}`,
	`{"funding":{"costs":{"items":[{"amount":{"currency":"GBP","amount":"1.00"}}]}}}`,
	`{"funding":{"costs":{"Items":[]}}}`,
	`{"funding":{"chain":{"steps":[{"roles":["line_manager",null],"ordered":null,"before_start":true}],"distinct":false}}}`,
	`{"funding":{"chain":{"steps":[{"roles":[1]}]}}}`,
	`{"funding":{"chain":{"steps":{}}}}`,
	`{"funding":{"approvals":[{"role":"budget_holder","by":"h","on":"2026-09-02"},null],"waiting":["head_of_education"]}}`,
	`{"funding":{"approvals":[{"on":"2026-02-30"}]}}`,
	`{"funding":{"waiting":"line_manager"}}`,
	`{"funding":{"override":{"by":"h","reason":"r","warning":1}}}`,
	`{"funding":{"override":{"by":"h","by":"i"}}}`,
	`{"funding":{"commitment":{"request":"a","line":"l","spent":{"amount":"3.00","currency":"GBP"},"settled":null}}}`,
	`{"funding":{"commitment":{"spent":"3.00"}}}`,
	`{"funding":{"overnight":true,"relevant_to_role":false,"budget":null,"line":"l","extra":[1,{"a":null}]}}`,
	`{"funding":{"budget":"b"},"funding":null}`,
	`{"hıstory":[]}`,
	`{"history":[null,{"at":null,"by":null,"reason":"r","previous":null}]}`,
	`{"history":[{"at":"2026-10-01T09:30:00+01:00","by":"x","previous":{"history":[{"by":"older"}],"funding":{"budget":"b"}}}]}`,
	`{"history":[{"at":"2026-10-01T09:30:00Z","At":"2026-10-02T09:30:00Z"}]}`,
	`{"history":[{"by":"a","by":"b"}]}`,
	`{"history":[{"at":1}]}`,
	`{"history":[{"previous":"a"}]}`,
	`{"history":[{"previous":{"id":"a","id":"b"}}]}`,
	`{"history":[{"previous":{"state":"nope"}}]}`,
	`{"history":[{"previous":{"ID":"a"}}]}`,
	`{"history":[{"previous":{"history":{}}}]}`,
	`{"history":[1]}`,
	`{"history":[{"reason":"r","extra":{"x":[1]}}],"history":[]}`,
}

// decodeActivityBoth decodes data with the fast reader (decodeActivityData)
// and with encoding/json (decodeRecord), and fails t unless both give the
// same activity, or the same error.
func decodeActivityBoth(t *testing.T, data []byte) {
	t.Helper()
	decodeBothWith(t, data, decodeActivityData, func(got, want Activity) string {
		if !reflect.DeepEqual(got, want) {
			return fmt.Sprintf("fast reader's %+v, encoding/json's %+v", got, want)
		}
		return ""
	})
}

// TestDecodeActivityIsEncodingJSON: the fast reader reads every stored
// shape itself, and reads those and odd documents as encoding/json does,
// with the same errors.
func TestDecodeActivityIsEncodingJSON(t *testing.T) {
	for _, doc := range activityDocs(t) {
		var a Activity
		require.True(t, readActivity(doc, &a), "the fast reader leaves a stored activity to encoding/json: %s", doc)
		decodeActivityBoth(t, doc)
	}
	odd := slices.Concat(oddDocs, oddActivityDocs)
	read := 0
	for _, doc := range odd {
		decodeActivityBoth(t, []byte(doc))
		var a Activity
		if readActivity([]byte(doc), &a) {
			read++
		}
	}
	// The comparison covers the fast reader on odd documents too, not
	// only its fallback.
	require.Greater(t, read, 15, "odd documents the fast reader reads itself")
	require.Less(t, read, len(odd), "odd documents it leaves to encoding/json")
}

// FuzzDecodeActivity: whatever the bytes, the fast reader gives what
// encoding/json gives, result or error.
func FuzzDecodeActivity(f *testing.F) {
	for _, doc := range activityDocs(f) {
		f.Add(doc)
	}
	for _, doc := range slices.Concat(oddDocs, oddActivityDocs) {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		decodeActivityBoth(t, data)
	})
}

// BenchmarkDecodeActivity decodes a stored activity with the fast reader
// and with encoding/json.
func BenchmarkDecodeActivity(b *testing.B) {
	docs := activityDocs(b)
	for _, c := range []struct {
		name string
		doc  []byte
	}{{"completed", docs[0]}, {"funded", docs[len(docs)-1]}, {"amended", docs[len(docs)-2]}} {
		r := Record{Kind: KindActivity, ID: "a1", Data: c.doc}
		b.Run(c.name+"/fast", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var a Activity
				if err := decodeActivityData(r, &a); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/encoding-json", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var a Activity
				if err := json.Unmarshal(c.doc, &a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
