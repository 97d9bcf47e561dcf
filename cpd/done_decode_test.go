package cpd

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// doneDocs are stored activities of every shape the Service writes, as
// encodeRecord writes them.
func doneDocs(t testing.TB) [][]byte {
	t.Helper()
	base := Activity{
		ID: "a1", Person: "p1", Title: "Course \"Prevent\" \u00e9 \\ \n", Kind: Webinar, Aspect: TrainingForJob, Necessity: Necessary,
		Source: SelfIdentified, Topics: []string{"safeguarding", "prevent"}, Hours: decimal.RequireFromString("2.500"),
		Completed: date.New(2026, 10, 1), Evidence: "cert.pdf", State: Completed, Reflection: "{\"not\": [\"json\"]}",
	}
	edits := []func(*Activity){
		func(*Activity) {},
		func(a *Activity) { a.Topics = nil },
		func(a *Activity) { a.Topics = []string{} },
		func(a *Activity) { a.ValidUntil = date.New(2027, 9, 30) },
		func(a *Activity) { a.Source, a.Necessity = Required, Aspirational },
		func(a *Activity) { a.Hours = decimal.Zero },
		func(a *Activity) { a.Kind, a.Aspect = DevelopmentDay, CareerProgression },
		func(a *Activity) { a.Funding = &Funding{RelevantToRole: true}; a.Necessity = Aspirational },
		func(a *Activity) { a.Funding = &Funding{Budget: "b1", Overnight: true} },
		func(a *Activity) {
			a.ID, a.Topics = "\u00e9v\u00e9nement-2026", []string{"s\u00e9curit\u00e9", "\"quoted\""}
		},
	}
	var docs [][]byte
	for _, edit := range edits {
		a := base
		edit(&a)
		data, err := encodeRecord(KindActivity, &a)
		require.NoError(t, err)
		docs = append(docs, data)
	}
	return docs
}

// oddDocs are documents the fast reader must read as encoding/json does,
// or leave to it: white space, unknown members of every JSON type,
// repeated and case-folded names, values of other types, bad values and
// bad JSON.
var oddDocs = []string{
	` { "id" : "a" , "topics" : [ "x" , "y" ] , "hours" : 1.5 } `,
	`{"id":"a","hours":"1.5","extra":{"nested":[1,{"x":null},"s\"t"]},"n":-1.5e3,"b":true,"z":null}`,
	`{"id":"a","hours":null,"topics":null,"funding":null}`,
	`{"funding":{"relevant_to_role":true,"budget":"b","x":[1,2]}}`,
	`{"funding":{"relevant_to_role":false}}`,
	`{"funding":{"relevant_to_role":null}}`,
	`{"funding":{"Relevant_To_Role":true}}`,
	`{"funding":{"relevant_to_role":true,"relevant_to_role":false}}`,
	`{"funding":{"relevant_to_role":"yes"}}`,
	`{"funding":[]}`,
	`{"id":"a","id":"b"}`,
	`{"ID":"a"}`,
	`{"\u212aind":"webinar"}`,
	"{\"id\":\"\xff\"}",
	`{"id":"\ud800"}`,
	`{"id":"a\u00e9\n"}`,
	`{"id":1}`,
	`{"id":null}`,
	`{"topics":"x"}`,
	`{"topics":[1]}`,
	`{"topics":[null]}`,
	`{"topics":[]}`,
	`{"hours":"abc"}`,
	`{"hours":"1\u002e5"}`,
	`{"hours":true}`,
	`{"completed":"2026-13-01"}`,
	`{"completed":"2026-10-01","valid_until":"+12345-06-07"}`,
	`{"completed":null}`,
	`{"completed":20261001}`,
	`{"necessity":"necessary","source":"required"}`,
	`{"necessity":"nope"}`,
	`{"source":""}`,
	`{}`,
	`{"id":"a"} x`,
	`{"id":"a"`,
	`{"id":"a",}`,
	`null`,
	`[]`,
	`"a"`,
	``,
	`{"id":"a"}{}`,
	// Nested as deep as encoding/json reads (the document, then 9,999
	// arrays), and one deeper, in an unknown member and in one of the
	// funding, so under readers of their own.
	`{"id":"a","x":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}`,
	`{"id":"a","x":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`,
	`{"funding":{"relevant_to_role":true,"x":` + strings.Repeat("[", 9998) + strings.Repeat("]", 9998) + `}}`,
	`{"funding":{"relevant_to_role":true,"x":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}}`,
}

// decodeBoth decodes data with the fast reader (decodeDone) and with
// encoding/json (decodeRecord), and fails t unless both give the same
// activity, or the same error.
func decodeBoth(t *testing.T, data []byte) {
	t.Helper()
	decodeBothWith(t, data, decodeDone, diffDone)
}

// decodeBothWith decodes data with a fast reader and with encoding/json
// (decodeRecord), and fails t unless both give the same error, or no
// error and values that diff finds alike ("").
func decodeBothWith[T any](t *testing.T, data []byte, fast func(Record, *T) error, diff func(got, want T) string) {
	t.Helper()
	r := Record{Kind: KindActivity, ID: "x", Data: data}
	var got, want T
	fastErr, slowErr := fast(r, &got), decodeRecord(r, &want)
	if fmt.Sprint(fastErr) != fmt.Sprint(slowErr) {
		t.Fatalf("%q: fast reader's error %v, encoding/json's %v", data, fastErr, slowErr)
	}
	if slowErr != nil {
		return
	}
	if d := diff(got, want); d != "" {
		t.Fatalf("%q: %s", data, d)
	}
}

// diffDone says how two decoded activities differ, or "" when they do
// not; hours must be the same decimal (coefficient and exponent), and
// topics alike nil or not.
func diffDone(got, want doneActivity) string {
	if got.Hours.Exponent() != want.Hours.Exponent() || got.Hours.Coefficient().Cmp(want.Hours.Coefficient()) != 0 {
		return fmt.Sprintf("hours %s (exp %d), want %s (exp %d)", got.Hours, got.Hours.Exponent(), want.Hours, want.Hours.Exponent())
	}
	got.Hours, want.Hours = decimal.Decimal{}, decimal.Decimal{}
	if (got.Topics == nil) != (want.Topics == nil) {
		return fmt.Sprintf("topics %#v, want %#v", got.Topics, want.Topics)
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Sprintf("got %+v, want %+v", got, want)
	}
	return ""
}

// TestDecodeDoneIsEncodingJSON: the fast reader reads every stored shape
// itself (without encoding/json), and reads those and odd documents as
// encoding/json does, with the same errors.
func TestDecodeDoneIsEncodingJSON(t *testing.T) {
	for _, doc := range doneDocs(t) {
		var a doneActivity
		require.True(t, readDone(doc, &a), "the fast reader leaves a stored activity to encoding/json: %s", doc)
		decodeBoth(t, doc)
	}
	for _, doc := range oddDocs {
		decodeBoth(t, []byte(doc))
	}
	// Odd documents the fast reader reads itself, so that the comparison
	// above covers it and not only its fallback.
	for _, doc := range []string{oddDocs[0], oddDocs[1], oddDocs[2], oddDocs[3], oddDocs[5], oddDocs[15], oddDocs[17], oddDocs[21]} {
		var a doneActivity
		require.True(t, readDone([]byte(doc), &a), doc)
	}
}

// FuzzDecodeDone: whatever the bytes, the fast reader gives what
// encoding/json gives, result or error.
func FuzzDecodeDone(f *testing.F) {
	for _, doc := range doneDocs(f) {
		f.Add(doc)
	}
	for _, doc := range oddDocs {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		decodeBoth(t, data)
	})
}

// BenchmarkDecodeDone decodes a stored activity with the fast reader and
// with encoding/json.
func BenchmarkDecodeDone(b *testing.B) {
	doc := doneDocs(b)[7]
	r := Record{Kind: KindActivity, ID: "a1", Data: doc}
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var a doneActivity
			if err := decodeDone(r, &a); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var a doneActivity
			if err := json.Unmarshal(doc, &a); err != nil {
				b.Fatal(err)
			}
		}
	})
}
