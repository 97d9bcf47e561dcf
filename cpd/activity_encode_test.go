package cpd

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// encodeBoth encodes a with the fast writer and with encoding/json, and
// fails t unless both give the same bytes, or the same error. It reports
// whether appendActivity wrote a itself.
func encodeBoth(t *testing.T, a *Activity) bool {
	t.Helper()
	got, gotErr := encodeActivity(a)
	want, wantErr := json.Marshal(a)
	if wantErr != nil {
		require.Error(t, gotErr, "encoding/json fails with %v", wantErr)
		require.Equal(t, wantErr.Error(), gotErr.Error())
		return false
	}
	require.NoError(t, gotErr)
	require.Equal(t, string(want), string(got))
	_, fast := appendActivity(nil, a)
	return fast
}

// everyFieldActivity returns an activity with every field that the fast
// writer writes set to something other than its zero value, built by
// walking the type: a field added to Activity is set too, so that the
// fast writer cannot leave it out unnoticed (TestEncodeActivityIsEncodingJSON).
// History and Funding, which the fast writer leaves to encoding/json, stay
// unset.
func everyFieldActivity(t testing.TB) Activity {
	t.Helper()
	var a Activity
	v := reflect.ValueOf(&a).Elem()
	for i := range v.NumField() {
		f, sf := v.Field(i), v.Type().Field(i)
		switch {
		case sf.Name == "History" || sf.Name == "Funding" || sf.Tag.Get("json") == "-":
		case f.Type() == reflect.TypeFor[date.Date]():
			f.Set(reflect.ValueOf(date.New(2026, 1, 1) + date.Date(i)))
		case f.Type() == reflect.TypeFor[decimal.Decimal]():
			f.Set(reflect.ValueOf(decimal.RequireFromString("12.25")))
		case f.Type() == reflect.TypeFor[*Accreditation]():
			f.Set(reflect.ValueOf(&Accreditation{AwardingBody: "Body <1>", Qualification: "Cert & \"award\""}))
		case f.Kind() == reflect.String:
			f.SetString(sf.Name + " \u00e9\u2028")
		case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.String:
			f.Set(reflect.ValueOf([]string{sf.Name, "two\t"}))
		case f.Kind() == reflect.Uint8: // an enumeration: its first name
			f.SetUint(1)
		default:
			t.Fatalf("everyFieldActivity does not know how to set %s (%s): teach it, and appendActivity", sf.Name, f.Type())
		}
	}
	return a
}

// TestEncodeActivityIsEncodingJSON: the fast writer writes the stored
// activities, an activity with every field set, and odd ones (empty and
// nil lists, every kind of escape, dates at and beyond the years a
// record may have) byte for byte as encoding/json does; it leaves
// history, funding and unnamed enumerations to encoding/json, which
// then gives its own bytes or error.
func TestEncodeActivityIsEncodingJSON(t *testing.T) {
	fast := 0
	for _, doc := range activityDocs(t) {
		var a Activity
		require.NoError(t, json.Unmarshal(doc, &a))
		if encodeBoth(t, &a) {
			fast++
		}
	}
	require.Positive(t, fast, "the fast writer writes stored activities itself")
	require.Less(t, fast, len(activityDocs(t)), "it leaves those with a history or funding to encoding/json")

	full := everyFieldActivity(t)
	require.True(t, encodeBoth(t, &full), "the fast writer writes every field but history and funding")
	for _, name := range []string{"kind", "aspect", "necessity", "source", "state", "hours", "start", "end", "completed",
		"valid_until", "accreditation", "topics", "targets", "external_ref", "delegated_from"} {
		data, err := encodeActivity(&full)
		require.NoError(t, err)
		require.Contains(t, string(data), `"`+name+`":`)
	}

	odd := func(change func(a *Activity)) Activity {
		a := full
		change(&a)
		return a
	}
	cases := map[string]Activity{
		"zero":                  {},
		"empty lists":           odd(func(a *Activity) { a.Topics, a.Targets = []string{}, []string{} }),
		"nil lists":             odd(func(a *Activity) { a.Topics, a.Targets = nil, nil }),
		"empty strings":         odd(func(a *Activity) { a.Provider, a.Evidence, a.Reason, a.Title, a.ID = "", "", "", "", "" }),
		"no qualification":      odd(func(a *Activity) { a.Accreditation = &Accreditation{} }),
		"zero hours":            odd(func(a *Activity) { a.Hours = decimal.Decimal{} }),
		"negative hours":        odd(func(a *Activity) { a.Hours = decimal.RequireFromString("-0.125") }),
		"large hours":           odd(func(a *Activity) { a.Hours = decimal.RequireFromString("123456789012345678901234567890.5") }),
		"hours with exponent":   odd(func(a *Activity) { a.Hours = decimal.New(15, 3) }),
		"first day":             odd(func(a *Activity) { a.Start = date.New(1, 1, 1) }),
		"last day":              odd(func(a *Activity) { a.End = date.New(9999, 12, 31) }),
		"year 0":                odd(func(a *Activity) { a.Completed = date.New(0, 6, 30) }),
		"year 10000":            odd(func(a *Activity) { a.ValidUntil = date.New(10000, 1, 1) }),
		"a year BC":             odd(func(a *Activity) { a.Start = date.New(-44, 3, 15) }),
		"day before the epoch":  odd(func(a *Activity) { a.End = -1 }),
		"escapes":               odd(func(a *Activity) { a.Title = "q\" b\\ <a href='x'>&amp;</a>\b\f\n\r\t\x00\x01\x1f\x7f" }),
		"separators":            odd(func(a *Activity) { a.Reflection = "line\u2028para\u2029end \u2027\u202a" }),
		"invalid UTF-8":         odd(func(a *Activity) { a.Impact = "a\xffb\xc3(c\xe2\x82d\xf0\x9f\x98e\xed\xa0\x80" }),
		"multibyte":             odd(func(a *Activity) { a.Topics = []string{"\u00e9", "\u4e2d", "\U0001F600", "\uFFFD"} }),
		"unnamed kind":          odd(func(a *Activity) { a.Kind = 200 }),
		"unset aspect":          odd(func(a *Activity) { a.Aspect = 0 }),
		"unnamed necessity":     odd(func(a *Activity) { a.Necessity = 99 }),
		"unset source":          odd(func(a *Activity) { a.Source = 0 }),
		"unset state":           odd(func(a *Activity) { a.State = 0 }),
		"with history":          odd(func(a *Activity) { a.History = []Revision{{By: "x", Previous: Activity{ID: "y"}}} }),
		"with an empty history": odd(func(a *Activity) { a.History = []Revision{} }),
		"with funding":          odd(func(a *Activity) { a.Funding = &Funding{Budget: "b"} }),
	}
	for name, a := range cases {
		t.Run(name, func(t *testing.T) { encodeBoth(t, &a) })
	}
	emptyHistory := cases["with an empty history"]
	require.False(t, encodeBoth(t, &emptyHistory), "an empty history, which omitzero writes as [], is left to encoding/json")
}

// TestEncodeActivityWithoutQuotes: with shopspring/decimal set to write
// decimals as numbers, an activity's hours are written as encoding/json
// then writes them.
func TestEncodeActivityWithoutQuotes(t *testing.T) {
	// Not parallel: the setting is shopspring/decimal's global.
	decimal.MarshalJSONWithoutQuotes = true
	defer func() { decimal.MarshalJSONWithoutQuotes = false }()
	a := everyFieldActivity(t)
	require.False(t, encodeBoth(t, &a), "left to encoding/json")
	data, err := encodeActivity(&a)
	require.NoError(t, err)
	require.Contains(t, string(data), `"hours":12.25`)
}

// TestAppendJSONString: every byte alone, every rune of the first three
// planes' interesting ranges, and invalid and cut-short sequences are
// written as encoding/json writes them.
func TestAppendJSONString(t *testing.T) {
	check := func(s string) {
		t.Helper()
		want, err := json.Marshal(s)
		require.NoError(t, err)
		require.Equal(t, string(want), string(appendJSONString(nil, s)), "%q", s)
		require.Equal(t, "x"+string(want), string(appendJSONString([]byte("x"), s)), "%q appended", s)
	}
	for b := range 256 {
		check(string([]byte{byte(b)}))
		check("a" + string([]byte{byte(b)}) + "z")
	}
	for r := rune(0); r < 0x3000; r++ {
		check(string(r))
	}
	for _, r := range []rune{0xd7ff, 0xe000, 0xfeff, 0xfffd, 0xfffe, 0xffff, 0x10000, 0x1f600, 0x10ffff} {
		check(string(r) + "<" + string(r))
	}
	for _, s := range []string{"", "\xed\xa0\x80", "\xed\xbf\xbf", "\xf4\x90\x80\x80", "\xc0\xaf", "\xe0\x80\xaf",
		"\xe2\x80", "\xe2\x80\xa8\xe2\x80", "\xf0\x9f\x98", strings.Repeat("<&>", 100), "\u2028\u2029\u2028"} {
		check(s)
	}
}

// FuzzEncodeActivity: any activity that encoding/json reads from the
// bytes, the fast writer writes as encoding/json does, with the fields
// the fuzzer's strings can reach: every string field.
func FuzzEncodeActivity(f *testing.F) {
	for _, doc := range activityDocs(f) {
		f.Add(doc)
	}
	f.Add([]byte(`{"title":"\u2028<\u0000>","topics":[],"targets":null,"hours":"-1e3","start":"0000-01-01","kind":"webinar","aspect":"career_progression","necessity":"necessary","source":"required","state":"completed"}`))
	f.Add([]byte(`{"person":"\ud800","provider":"a\\b","accreditation":{"awarding_body":""},"kind":"webinar","aspect":"career_progression","necessity":"aspirational","source":"required","state":"requested"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var a Activity
		if json.Unmarshal(data, &a) != nil {
			return
		}
		encodeBoth(t, &a)
		// The same activity with two of its strings the raw input, which
		// need not be valid UTF-8.
		if len(data) > 1 {
			a.Title, a.Reflection = string(data), string(data[1:])
			encodeBoth(t, &a)
		}
	})
}

// FuzzAppendJSONString: any string is written as encoding/json writes it.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "\"\\<>&\u2028\u2029\x00\x7f", "\xff\xfe", "\U0001F600", "\xe2\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		require.NoError(t, err)
		require.Equal(t, string(want), string(appendJSONString(nil, s)))
	})
}

// BenchmarkEncodeActivity encodes an imported activity with the fast
// writer and with encoding/json.
func BenchmarkEncodeActivity(b *testing.B) {
	a := Activity{ID: "a00059788", Person: "p001992", Title: "Safeguarding refresher", Kind: ExternalCourse,
		Aspect: TrainingForJob, Necessity: Necessary, Source: Required, Topics: []string{"safeguarding"},
		Hours: decimal.RequireFromString("1.5"), Completed: date.New(2026, 9, 28), ValidUntil: date.New(2027, 9, 28),
		Provider: "LMS", Evidence: "certificate", ExternalRef: "xapi:0b8a4c1e-5a1c-4a7e-9c3e-1b2c3d4e5f60",
		State: Completed, RequestedBy: "admin", RecordedBy: "admin"}
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := encodeActivity(&a); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(&a); err != nil {
				b.Fatal(err)
			}
		}
	})
}
