package strictjson_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/cpdkit/cpdkit/internal/errs"
	"github.com/cpdkit/cpdkit/internal/strictjson"
)

type (
	doc struct {
		ID      string          `json:"id"`
		Name    string          `json:"name,omitempty"`
		Tags    []string        `json:"tags,omitempty"`
		Ok      *bool           `json:"ok,omitempty"`
		Count   int             `json:"count,omitempty"`
		Alts    []alt           `json:"alternates,omitempty"`
		ByName  map[string]alt  `json:"by_name,omitempty"`
		Nested  *alt            `json:"nested,omitempty"`
		Later   json.RawMessage `json:"later,omitempty"`
		Day     day             `json:"day,omitempty"`
		Skipped string          `json:"-"`
		secret  string
	}
	alt struct {
		Role string `json:"role"`
		By   string `json:"by,omitempty"`
	}
	// day reads itself from a string, so its keys are not Decode's to check.
	day struct{ text string }
	// outer embeds base: base's fields are outer's, as encoding/json has it.
	outer struct {
		base
		Own string `json:"own"`
	}
	base struct {
		Shared string `json:"shared"`
	}
)

func (d *day) UnmarshalText(b []byte) error { d.text = string(b); return nil }

func TestDecodeAccepts(t *testing.T) {
	var d doc
	err := strictjson.Decode([]byte(`{"id": "a", "tags": ["x"], "ok": true, "count": 3,
		"alternates": [{"role": "r", "by": "b"}], "by_name": {"k": {"role": "s"}}, "nested": null,
		"later": {"Anything": 1, "Anything": 2}, "day": "09-01"}`+"\n"), "", &d)
	if err != nil {
		t.Fatal(err)
	}
	if d.ID != "a" || len(d.Alts) != 1 || d.Alts[0].By != "b" || d.ByName["k"].Role != "s" || d.Day.text != "09-01" || d.secret != "" {
		t.Errorf("decoded %+v", d)
	}
	var o outer
	if err := strictjson.Decode([]byte(`{"own": "o", "shared": "s"}`), "", &o); err != nil || o.Shared != "s" {
		t.Errorf("embedded: %+v, %v", o, err)
	}
}

// TestDecodeRefuses checks each mistake Decode refuses, with the path of
// the value at fault under the caller's path and the reason.
func TestDecodeRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"unknown key", `{"id": "a", "colour": "red"}`, "rules[2].colour: is not a known field"},
		{"wrong case", `{"ID": "a"}`, "rules[2].ID: is not a known field (names are lowercase, as documented)"},
		{"twice", `{"id": "a", "id": "b"}`, "rules[2].id: is given more than once"},
		{"twice in another case", `{"id": "a", "Id": "b"}`, "rules[2].Id: is not a known field (names are lowercase, as documented)"},
		{"unknown key in a slice", `{"alternates": [{"role": "r"}, {"role": "r", "rolex": 1}]}`, "rules[2].alternates[1].rolex: is not a known field"},
		{"twice in a slice", `{"alternates": [{"role": "r", "role": "s"}]}`, "rules[2].alternates[0].role: is given more than once"},
		{"unknown key in a map", `{"by_name": {"k": {"Role": "r"}}}`, "rules[2].by_name.k.Role: is not a known field (names are lowercase, as documented)"},
		{"unknown key behind a pointer", `{"nested": {"role": "r", "x": 1}}`, "rules[2].nested.x: is not a known field"},
		{"a field tagged -", `{"Skipped": "x"}`, "rules[2].Skipped: is not a known field"},
		{"an unexported field", `{"secret": "x"}`, "rules[2].secret: is not a known field"},
		{"wrong type", `{"id": 5}`, "rules[2].id: is a JSON number, want a string"},
		{"wrong type, array", `{"tags": "x"}`, "rules[2].tags: is a JSON string, want an array"},
		{"wrong type, object", `{"nested": []}`, "rules[2].nested: is a JSON array, want an object"},
		{"wrong type, bool", `{"ok": "yes"}`, "rules[2].ok: is a JSON string, want true or false"},
		{"wrong type, number", `{"count": "3"}`, "rules[2].count: is a JSON string, want a number"},
		{"not an object", `[1]`, "rules[2]: is a JSON array, want an object"},
		{"trailing data", `{"id": "a"} {}`, "rules[2]: unexpected data after the JSON object"},
		{"unexpected end", `{"id": "a",`, "rules[2]: malformed JSON: unexpected end"},
		{"empty", ``, "rules[2]: malformed JSON: unexpected end"},
		{"syntax", `{"id" "a"}`, "rules[2]: malformed JSON at byte 7: invalid character '\"' after object key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d doc
			err := strictjson.Decode([]byte(tc.data), "rules[2]", &d)
			var ve *errs.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Decode(%s) = %v, want an *errs.ValidationError", tc.data, err)
			}
			if err.Error() != tc.want {
				t.Errorf("Decode(%s) = %q, want %q", tc.data, err, tc.want)
			}
			if !errors.Is(err, errs.ErrInvalid) {
				t.Errorf("Decode(%s) = %v, does not match errs.ErrInvalid", tc.data, err)
			}
		})
	}
}

func TestDecodeWithoutPath(t *testing.T) {
	var d doc
	if err := strictjson.Decode([]byte(`{"x": 1}`), "", &d); err == nil || err.Error() != "x: is not a known field" {
		t.Errorf("Decode = %v", err)
	}
	if err := strictjson.Decode([]byte(`{`), "", &d); err == nil || err.Error() != "malformed JSON: unexpected end" {
		t.Errorf("Decode = %v", err)
	}
}

func TestNilIfEmpty(t *testing.T) {
	if got := strictjson.NilIfEmpty([]string{}); got != nil {
		t.Errorf("NilIfEmpty([]string{}) = %#v, want nil", got)
	}
	if got := strictjson.NilIfEmpty([]string(nil)); got != nil {
		t.Errorf("NilIfEmpty(nil) = %#v, want nil", got)
	}
	if got := strictjson.NilIfEmpty([]string{"a"}); len(got) != 1 || got[0] != "a" {
		t.Errorf("NilIfEmpty([a]) = %#v, want [a]", got)
	}
}

func TestPresent(t *testing.T) {
	for raw, want := range map[string]bool{"": false, "null": false, " null\n": false, "{}": true, "0": true, `""`: true} {
		if got := strictjson.Present(json.RawMessage(raw)); got != want {
			t.Errorf("Present(%q) = %v, want %v", raw, got, want)
		}
	}
}

// FuzzDecode checks that Decode never panics, that it accepts exactly the
// documents encoding/json accepts whose every key is a known field's name
// given once, and that what it accepts decodes as encoding/json decodes it.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		`{"id": "a", "alternates": [{"role": "r"}], "by_name": {"k": {"role": "s"}}}`,
		`{"ID": "a"}`, `{"id": "a", "id": "b"}`, `{"alternates": [{"rolex": 1}]}`,
		`{"later": {"x": [1, {"y": null}]}}`, `{"nested": null, "tags": null}`,
		`{"id": "a"} x`, `{"id": 5}`, `[]`, `null`, `{"day": "d"}`, `"\u0069d"`, `{"\u0069d": "a"}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data string) {
		var strict doc
		err := strictjson.Decode([]byte(data), "p", &strict)
		var lenient doc
		lerr := json.Unmarshal([]byte(data), &lenient)
		if err == nil {
			if lerr != nil {
				t.Fatalf("Decode accepted %q, which encoding/json refuses: %v", data, lerr)
			}
			if a, b := mustMarshal(t, strict), mustMarshal(t, lenient); a != b {
				t.Fatalf("Decode(%q) = %s, encoding/json %s", data, a, b)
			}
			if keysDiffer(data) {
				t.Fatalf("Decode accepted %q, whose keys are not all known and distinct", data)
			}
			return
		}
		var ve *errs.ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, errs.ErrInvalid) {
			t.Fatalf("Decode(%q) = %#v, want an *errs.ValidationError", data, err)
		}
		if !strings.HasPrefix(ve.Field, "p") {
			t.Fatalf("Decode(%q) field %q is not under p", data, ve.Field)
		}
	})
}

func mustMarshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// keysDiffer reports whether the top-level object in data has a key that
// is not an exact field name of doc, or one given twice: a simple oracle
// for the top level only.
func keysDiffer(data string) bool {
	dec := json.NewDecoder(strings.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	known := map[string]bool{"id": true, "name": true, "tags": true, "ok": true, "count": true, "alternates": true,
		"by_name": true, "nested": true, "later": true, "day": true}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		key := tok.(string)
		if !known[key] || seen[key] {
			return true
		}
		seen[key] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return false
		}
	}
	return false
}
