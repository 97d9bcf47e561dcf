package xapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
)

// TestBadStatements checks that each kind of bad statement is reported
// with its index, id, field and a reason, and fails an all-or-nothing
// import.
func TestBadStatements(t *testing.T) {
	good := func() stmt { return statement(9, "ann", "completed", preventIRI) }
	tests := []struct {
		name string
		bad  stmt
		path string
	}{
		{"not an object", stmt{"x": nil}, ""}, // replaced by a string below
		{"no id", statement(1, "ann", "completed", preventIRI, without("id")), "id"},
		{"id not a UUID", statement(1, "ann", "completed", preventIRI, set("id", "statement-1")), "id"},
		{"id not a string", statement(1, "ann", "completed", preventIRI, set("id", 17)), "id"},
		{"no actor", statement(1, "ann", "completed", preventIRI, without("actor")), "actor"},
		{"actor not an object", statement(1, "ann", "completed", preventIRI, set("actor", "ann")), "actor"},
		{"actor without identifier", statement(1, "ann", "completed", preventIRI, set("actor", map[string]any{"name": "Ann"})), "actor"},
		{"actor with two identifiers", statement(1, "ann", "completed", preventIRI, set("actor", map[string]any{"mbox": "mailto:ann@example.org", "openid": "https://x"})), "actor"},
		{"mbox not mailto", statement(1, "ann", "completed", preventIRI, set("actor", map[string]any{"mbox": "ann@example.org"})), "actor.mbox"},
		{"sha1 not hex", statement(1, "ann", "completed", preventIRI, set("actor", map[string]any{"mbox_sha1sum": "xyz"})), "actor.mbox_sha1sum"},
		{"account without name", statement(1, "ann", "completed", preventIRI, set("actor", map[string]any{"account": map[string]any{"homePage": "https://lms"}})), "actor.account"},
		{"account name not a string", statement(1, "ann", "completed", preventIRI, set("actor", map[string]any{"account": map[string]any{"homePage": "https://lms", "name": 7}})), "actor.account.name"},
		{"unknown actor type", statement(1, "ann", "completed", preventIRI, set("actor", map[string]any{"objectType": "Robot", "mbox": "mailto:r@example.org"})), "actor.objectType"},
		{"no verb", statement(1, "ann", "completed", preventIRI, without("verb")), "verb"},
		{"verb without id", statement(1, "ann", "completed", preventIRI, set("verb", map[string]any{"display": map[string]string{"en": "did"}})), "verb.id"},
		{"no object", statement(1, "ann", "completed", preventIRI, without("object")), "object"},
		{"object without id", statement(1, "ann", "completed", preventIRI, set("object", map[string]any{"objectType": "Activity"})), "object.id"},
		{"unknown object type", statement(1, "ann", "completed", preventIRI, set("object", map[string]any{"objectType": "Thing", "id": "x"})), "object.objectType"},
		{"voiding an activity", statement(1, "admin", "voided", preventIRI), "object.objectType"},
		{"voiding a reference that is not a UUID", statement(1, "admin", "voided", "", set("object", map[string]any{"objectType": "StatementRef", "id": "s-1"})), "object.id"},
		{"credit without a timestamp", statement(1, "ann", "completed", preventIRI, without("timestamp")), "timestamp"},
		{"timestamp not ISO 8601", statement(1, "ann", "completed", preventIRI, at("02/03/2026 12:00")), "timestamp"},
		{"timestamp not a real day", statement(1, "ann", "completed", preventIRI, at("2026-02-30T12:00:00Z")), "timestamp"},
		{"stored not ISO 8601", statement(1, "ann", "completed", preventIRI, without("timestamp"), set("stored", "soon")), "stored"},
		{"duration not ISO 8601", statement(1, "ann", "completed", preventIRI, took("90 minutes")), "result.duration"},
		{"duration not a string", statement(1, "ann", "completed", preventIRI, set("result", map[string]any{"duration": 90})), "result.duration"},
		{"result not an object", statement(1, "ann", "completed", preventIRI, set("result", []any{})), "result"},
		{"score out of range", statement(1, "ann", "passed", preventIRI, scored("1.5")), "result.score.scaled"},
		{"score not a number", statement(1, "ann", "passed", preventIRI, set("result", map[string]any{"score": map[string]any{"scaled": "0.9"}})), "result.score.scaled"},
		{"registration not a UUID", statement(1, "ann", "completed", preventIRI, set("context", map[string]any{"registration": "r1"})), "context.registration"},
		{"mastery out of range", statement(1, "ann", "passed", preventIRI, mastery("-0.1")), "context.extensions[" + MasteryScoreIRI + "]"},
		{"unknown moveOn", statement(1, "ann", "passed", preventIRI, moveOn("Eventually")), "context.extensions[" + MoveOnIRI + "]"},
		{"category not an activity", statement(1, "ann", "completed", preventIRI, set("context", map[string]any{"contextActivities": map[string]any{"category": []any{"cmi5"}}})), "context.contextActivities.category"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := doc(t, good(), tt.bad, statement(8, "bob", "completed", preventIRI))
			if tt.name == "not an object" {
				data = []byte(`[` + string(doc(t, good())[1:len(doc(t, good()))-1]) + `, "a statement", ` + string(doc(t, statement(8, "bob", "completed", preventIRI))[1:]))
			}
			res, err := importDoc(t, data, nil)
			var ie *ImportError
			require.ErrorAs(t, err, &ie)
			require.ErrorIs(t, err, ErrInvalid)
			require.ErrorIs(t, err, compliance.ErrInvalid)
			if diff := cmp.Diff(Result{}, res, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("an all-or-nothing import that failed returned a result:\n%s", diff)
			}
			require.Len(t, ie.Rejected, 1)
			if got := ie.Rejected[0]; got.Index != 1 || got.Path != tt.path || got.Reason == "" {
				t.Errorf("rejected %+v, want index 1, path %q and a reason", got, tt.path)
			}

			res, err = importDoc(t, data, &Options{SkipBad: true})
			require.NoError(t, err)
			if got := []string{res.Credits[0].Statement, res.Credits[1].Statement}; !cmp.Equal(got, []string{sid(9), sid(8)}) || len(res.Credits) != 2 {
				t.Errorf("with SkipBad, credits %v, want the two good statements", got)
			}
			if len(res.Rejected) != 1 || res.Rejected[0].Index != 1 || res.Statements != 3 {
				t.Errorf("with SkipBad, rejected %v of %d statements, want statement 1 of 3", res.Rejected, res.Statements)
			}
		})
	}
}

// TestImportErrorListsEveryBadStatement checks that an all-or-nothing
// failure lists every bad statement, in order, each matching ErrInvalid.
func TestImportErrorListsEveryBadStatement(t *testing.T) {
	data := doc(t,
		statement(1, "ann", "completed", preventIRI, took("1h")),
		statement(2, "ann", "completed", preventIRI),
		statement(3, "ann", "completed", preventIRI, set("id", "three")),
	)
	_, err := importDoc(t, data, nil)
	var ie *ImportError
	require.ErrorAs(t, err, &ie)
	var got []int
	for _, r := range ie.Rejected {
		require.ErrorIs(t, r, ErrInvalid)
		var se *StatementError
		require.ErrorAs(t, error(r), &se)
		got = append(got, r.Index)
	}
	if diff := cmp.Diff([]int{0, 2}, got); diff != "" {
		t.Errorf("rejected indexes (-want +got):\n%s", diff)
	}
}

// TestMalformedDocuments checks that a document that is not well-formed
// JSON, or not statements, is a *SyntaxError naming the offset, in either
// mode, and returns nothing.
func TestMalformedDocuments(t *testing.T) {
	one := string(doc(t, statement(1, "ann", "completed", preventIRI)))
	tests := []struct {
		name, in string
		offset   int64
	}{
		{"empty", ``, 0},
		{"white space", "  \n", 3},
		{"truncated", one[:len(one)-5], int64(len(one) - 5)},
		{"trailing comma", one[:len(one)-1] + `,]`, int64(len(one))},
		{"missing comma", `[` + one[1:len(one)-1] + one[1:], int64(len(one) - 1)},
		{"a number", `42`, 0},
		{"an object without statements", `{"more": ""}`, 12},
		{"statements not an array", `{"statements": {}}`, 15},
		{"statements twice", `{"statements": [], "statements": []}`, 33},
		{"more not a string", `{"statements": [], "more": 3}`, 27},
		{"data after the document", one + ` []`, int64(len(one) + 1)},
		{"bad escape in a statement", `[{"id": "\q"}]`, 10},
		// encoding/json reads 10,000 levels and no deeper: here the
		// 9,999th "[" of a member is the 10,001st level.
		{"nested too deep", `[{"x": ` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}]`, 7 + 9998},
		{"nested too deep in a StatementResult", `{"statements": [{"x": ` + strings.Repeat("[", 9998) + strings.Repeat("]", 9998) + `}]}`, 22 + 9997},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, opts := range []*Options{nil, {SkipBad: true}} {
				res, err := importDoc(t, []byte(tt.in), opts)
				var se *SyntaxError
				require.ErrorAs(t, err, &se)
				require.ErrorIs(t, err, ErrInvalid)
				if se.Offset != tt.offset || se.Reason == "" {
					t.Errorf("syntax error at offset %d (%s), want offset %d", se.Offset, se.Reason, tt.offset)
				}
				if diff := cmp.Diff(Result{}, res, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("a malformed document returned a result:\n%s", diff)
				}
			}
		})
	}
}

// TestNestedAsDeepAsEncodingJSONReads checks that a document nested
// 10,000 levels deep, as deep as encoding/json reads, is read (its
// statement then refused for what it lacks, not as malformed JSON), in
// an array of statements and in a StatementResult.
func TestNestedAsDeepAsEncodingJSONReads(t *testing.T) {
	for _, in := range []string{
		`[{"x": ` + strings.Repeat("[", 9998) + strings.Repeat("]", 9998) + `}]`,
		`{"statements": [{"x": ` + strings.Repeat("[", 9997) + strings.Repeat("]", 9997) + `}], "more": ""}`,
	} {
		require.True(t, json.Valid([]byte(in)), "encoding/json reads it")
		_, err := importDoc(t, []byte(in), &Options{SkipBad: true})
		var se *SyntaxError
		require.False(t, errors.As(err, &se), "refused as malformed: %v", err)
	}
}

// TestStatementResult checks the LRS form: the statements are read, the
// more link is returned, and other members are skipped wherever they are.
func TestStatementResult(t *testing.T) {
	statements := string(doc(t, statement(1, "ann", "completed", preventIRI), statement(2, "bob", "completed", preventIRI)))
	for name, in := range map[string]string{
		"more last":  `{"statements": ` + statements + `, "more": "/xapi/statements?more=abc"}`,
		"more first": `{"more": "/xapi/statements?more=abc", "extra": {"x": [1, {"y": null}]}, "statements": ` + statements + `}`,
	} {
		t.Run(name, func(t *testing.T) {
			res, err := importDoc(t, []byte(in), nil)
			require.NoError(t, err)
			if res.More != "/xapi/statements?more=abc" || len(res.Credits) != 2 {
				t.Errorf("more %q and %d credits, want the link and 2", res.More, len(res.Credits))
			}
		})
	}
	res, err := importDoc(t, []byte(`{"statements": [], "more": ""}`), nil)
	require.NoError(t, err)
	require.Empty(t, res.More)
	require.Zero(t, res.Statements)
}

// TestPages checks that an Importer treats several pages as one import:
// a repeat and a voiding statement on a later page apply to an earlier
// one, and the outcomes say which page each statement was on.
func TestPages(t *testing.T) {
	im, err := NewImporter(testMapping(t), nil)
	require.NoError(t, err)
	page1 := `{"statements": ` + string(doc(t, statement(1, "ann", "completed", preventIRI), statement(2, "bob", "completed", preventIRI))) + `, "more": "/next"}`
	page2 := `{"statements": ` + string(doc(t, voids(3, 1), statement(2, "bob", "completed", preventIRI), statement(4, "cat", "completed", preventIRI))) + `, "more": ""}`
	more, err := im.Add(context.Background(), strings.NewReader(page1))
	require.NoError(t, err)
	require.Equal(t, "/next", more)
	more, err = im.Add(context.Background(), strings.NewReader(page2))
	require.NoError(t, err)
	require.Empty(t, more)
	res, err := im.Result()
	require.NoError(t, err)
	type where struct {
		Page, Index int
		Statement   string
		Status      Status
	}
	var got []where
	for _, o := range res.Outcomes {
		got = append(got, where{o.Page, o.Index, o.Statement, o.Status})
	}
	want := []where{{0, 0, sid(1), Voided}, {1, 0, sid(3), Voiding}, {1, 1, sid(2), Duplicate}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outcomes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{sid(2), sid(4)}, []string{res.Credits[0].Statement, res.Credits[1].Statement}); diff != "" || len(res.Credits) != 2 {
		t.Errorf("credits (-want +got):\n%s", diff)
	}
	require.Equal(t, []string{sid(1)}, res.Voided)
	require.Equal(t, 5, res.Statements)
}

// TestImporterStopsAfterAnError checks that after a failed page nothing
// more is imported and Result returns the same error.
func TestImporterStopsAfterAnError(t *testing.T) {
	im, err := NewImporter(testMapping(t), nil)
	require.NoError(t, err)
	_, err = im.Add(context.Background(), strings.NewReader(string(doc(t, statement(1, "ann", "completed", preventIRI)))))
	require.NoError(t, err)
	_, err = im.Add(context.Background(), strings.NewReader(`[{"id": 1}]`))
	require.ErrorIs(t, err, ErrInvalid)
	_, err2 := im.Add(context.Background(), strings.NewReader(string(doc(t, statement(2, "ann", "completed", preventIRI)))))
	require.Equal(t, err, err2)
	res, err3 := im.Result()
	require.Equal(t, err, err3)
	require.Empty(t, res.Credits)
}

// TestVoidedIDs checks that Result.Voided lists every statement voided,
// including those not in the import, once each.
func TestVoidedIDs(t *testing.T) {
	res, err := importDoc(t, doc(t, voids(1, 100), statement(2, "ann", "completed", preventIRI), voids(3, 2), voids(4, 100)), nil)
	require.NoError(t, err)
	if diff := cmp.Diff([]string{sid(100), sid(2)}, res.Voided); diff != "" {
		t.Errorf("voided (-want +got):\n%s", diff)
	}
}

// TestReadsInAnyChunks checks that a document read a byte at a time, or
// through a reader that sometimes returns nothing, gives the same result
// as one read whole.
func TestReadsInAnyChunks(t *testing.T) {
	var list []stmt
	for i := range 300 {
		who := []string{"ann", "bob", "cat", "dan", "eve"}[i%5]
		verb := []string{"completed", "passed", "failed", "experienced"}[i%4]
		list = append(list, statement(i, who, verb, []string{preventIRI, auIRI, safeguardingIRI}[i%3], took("PT1H2M3.5S"), scored("0.9"), inRegistration(i%7), cmi5()))
	}
	list = append(list, voids(1000, 4), statement(4, "ann", "completed", preventIRI))
	data := doc(t, list...)
	whole, err := importDoc(t, data, nil)
	require.NoError(t, err)
	require.NotEmpty(t, whole.Credits)
	for name, r := range map[string]io.Reader{
		"one byte at a time": iotest.OneByteReader(bytes.NewReader(data)),
		"half reads":         iotest.HalfReader(bytes.NewReader(data)),
		"empty reads":        &emptyReads{r: iotest.DataErrReader(bytes.NewReader(data))},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := Import(context.Background(), r, testMapping(t), &Options{MaxStatementSize: 4096})
			require.NoError(t, err)
			if diff := cmp.Diff(whole, got); diff != "" {
				t.Errorf("result differs from reading it whole (-whole +got):\n%s", diff)
			}
		})
	}
}

// emptyReads returns nothing on every other read.
type emptyReads struct {
	r    io.Reader
	skip bool
}

func (e *emptyReads) Read(p []byte) (int, error) {
	if e.skip = !e.skip; e.skip {
		return 0, nil
	}
	return e.r.Read(p)
}

// TestMaxStatementSize checks that a statement larger than the bound is
// refused as malformed input, naming where it starts.
func TestMaxStatementSize(t *testing.T) {
	big := doc(t, statement(1, "ann", "completed", preventIRI, set("padding", strings.Repeat("x", 5000))))
	_, err := importDoc(t, big, &Options{MaxStatementSize: 1000})
	// Too long is a bad statement, failing the import as any does.
	var ie *ImportError
	require.ErrorAs(t, err, &ie)
	require.ErrorIs(t, err, ErrInvalid)
	require.Len(t, ie.Rejected, 1)
	require.Equal(t, 0, ie.Rejected[0].Index)
	_, err = importDoc(t, big, &Options{MaxStatementSize: 10000})
	require.NoError(t, err)
}

// TestProgress checks that progress reaches the document's size, never
// goes back, and is reported as the document is read.
func TestProgress(t *testing.T) {
	var list []stmt
	for i := range 2000 {
		list = append(list, statement(i, "ann", "completed", preventIRI))
	}
	data := doc(t, list...)
	tests := []struct {
		name  string
		r     io.Reader
		size  int64
		total int64 // the total reported before the end
	}{
		{"size from the reader", bytes.NewReader(data), 0, int64(len(data))},
		{"size given", io.MultiReader(bytes.NewReader(data)), int64(len(data)), int64(len(data))},
		{"size unknown", io.MultiReader(bytes.NewReader(data)), 0, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			type call struct{ done, total int64 }
			var calls []call
			opts := &Options{Size: tt.size, Progress: func(done, total int64) { calls = append(calls, call{done, total}) }}
			_, err := Import(context.Background(), tt.r, testMapping(t), opts)
			require.NoError(t, err)
			require.Greater(t, len(calls), 2, "progress reported only %d times", len(calls))
			for i, c := range calls[:len(calls)-1] {
				if c.total != tt.total || c.done > int64(len(data)) || i > 0 && c.done < calls[i-1].done {
					t.Fatalf("call %d of %d: %+v (total %d, document %d bytes)", i, len(calls), c, tt.total, len(data))
				}
			}
			if last := calls[len(calls)-1]; last != (call{int64(len(data)), int64(len(data))}) {
				t.Errorf("last progress %+v, want %d of %d", last, len(data), len(data))
			}
		})
	}
}

// TestCancelled checks that a cancelled context stops the import.
func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Import(ctx, bytes.NewReader(doc(t, statement(1, "ann", "completed", preventIRI))), testMapping(t), nil)
	require.ErrorIs(t, err, context.Canceled)
}

// TestReadError checks that the reader's error is returned, wrapped.
func TestReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := Import(context.Background(), iotest.ErrReader(boom), testMapping(t), nil)
	require.ErrorIs(t, err, boom)
	require.NotErrorIs(t, err, ErrInvalid)
}

// TestMappingRequired checks that both parts of a Mapping are needed.
func TestMappingRequired(t *testing.T) {
	m := testMapping(t)
	for name, bad := range map[string]Mapping{"no people": {Activities: m.Activities}, "no activities": {People: m.People}} {
		t.Run(name, func(t *testing.T) {
			_, err := NewImporter(bad, nil)
			require.ErrorIs(t, err, ErrInvalid)
		})
	}
}

// TestLocationOption checks that the organisation's zone is used.
func TestLocationOption(t *testing.T) {
	data := doc(t, statement(1, "ann", "completed", preventIRI, at("2026-06-30T23:30:00Z")))
	for zone, want := range map[string]string{"": "2026-07-01", "UTC": "2026-06-30", "Asia/Tokyo": "2026-07-01", "America/Los_Angeles": "2026-06-30"} {
		t.Run("zone "+zone, func(t *testing.T) {
			opts := &Options{}
			if zone != "" {
				opts.Location = mustLoad(t, zone)
			}
			res, err := importDoc(t, data, opts)
			require.NoError(t, err)
			require.Equal(t, want, res.Credits[0].Date.String())
		})
	}
}

// TestEvidence checks the evidence credits give: one record per topic,
// hours on the first, and the course's kind and aspect.
func TestEvidence(t *testing.T) {
	res, err := importDoc(t, doc(t,
		statement(1, "ann", "passed", auPassedIRI, cmi5(), inRegistration(1), took("PT2H")),
		statement(2, "ann", "completed", safeguardingIRI, took("PT30M"), at("2026-06-30T23:30:00Z")),
		statement(3, "bob", "completed", preventIRI),
	), nil)
	require.NoError(t, err)
	two, half := decimal.NewFromInt(2), decimal.RequireFromString("0.5")
	want := map[string][]compliance.Evidence{
		"ann": {
			{ID: sid(1), Topic: "designated-safeguarding-lead", Date: date.New(2026, time.March, 2), Hours: two},
			{ID: sid(1), Topic: "safeguarding", Date: date.New(2026, time.March, 2)},
			{ID: sid(2), Topic: "safeguarding", Date: date.New(2026, time.July, 1), Hours: half, Kind: "external_course", Aspect: "keeping_up_to_date"},
		},
		"bob": {{ID: sid(3), Topic: "prevent", Date: date.New(2026, time.March, 2), Hours: decimal.Zero}},
	}
	if diff := cmp.Diff(want, res.ByPerson(), cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("evidence by person (-want +got):\n%s", diff)
	}
	subjects := res.Subjects([]compliance.Person{{ID: "bob"}, {ID: "zoe"}})
	require.Len(t, subjects, 2)
	require.Len(t, subjects[0].Evidence, 1)
	require.Empty(t, subjects[1].Evidence)
}

// TestCount checks that Count tallies outcomes by status.
func TestCount(t *testing.T) {
	res, err := importDoc(t, doc(t,
		statement(1, "ann", "failed", preventIRI), statement(2, "bob", "failed", preventIRI),
		statement(3, "ann", "experienced", preventIRI), statement(4, "ann", "completed", preventIRI),
	), nil)
	require.NoError(t, err)
	got := map[Status]int{NoCredit: res.Count(NoCredit), Ignored: res.Count(Ignored), Voided: res.Count(Voided)}
	if diff := cmp.Diff(map[Status]int{NoCredit: 2, Ignored: 1, Voided: 0}, got); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
}

// TestConcurrentImports checks that imports may share a Mapping and run at
// once (run with -race).
func TestConcurrentImports(t *testing.T) {
	m := testMapping(t)
	data := doc(t, statement(1, "ann", "completed", preventIRI, took("PT1H")), statement(2, "dan", "passed", firstAidIRI, scored("0.9")),
		statement(3, "cat", "completed", auIRI, cmi5(), inRegistration(1)), voids(4, 1))
	want, err := Import(context.Background(), bytes.NewReader(data), m, nil)
	require.NoError(t, err)
	results := make(chan Result, 8)
	for range 8 {
		go func() {
			res, err := Import(context.Background(), bytes.NewReader(data), m, nil)
			if err != nil {
				t.Error(err)
			}
			results <- res
		}()
	}
	for range 8 {
		if diff := cmp.Diff(want, <-results); diff != "" {
			t.Errorf("a concurrent import differs (-want +got):\n%s", diff)
		}
	}
}
