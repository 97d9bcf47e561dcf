package cpd

import (
	"encoding"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/internal/bounds"
)

// FuzzBoundsWalker: checkBounds, which walks each type as boundsOf worked
// it out once, finds what the reflection walk it replaced (refBound,
// below, as it was) finds, with the same path and reason, for records of
// every stored kind built from the fuzzer's values.
func FuzzBoundsWalker(f *testing.F) {
	f.Add("act-1", "Safeguarding", int64(15), int32(-1), "GBP 12.50", int64(20_000), int64(1_790_000_000), uint8(1))
	f.Add("act-1", "Safeguarding", int64(1), int32(10_000_000), "GBP 0", int64(20_000), int64(0), uint8(1))
	f.Add("act-1", "Safeguarding", int64(35), int32(-20_000), "GBP 0", int64(20_000), int64(0), uint8(3))
	f.Add("p/1", "a\x00b", int64(9_999_999), int32(-3), "KWD 999999999999.999", int64(-1<<40), int64(1<<40), uint8(200))
	f.Add("p-1", "\xff", int64(0), int32(0), "", int64(0), int64(-62_135_596_800), uint8(0))
	f.Add("p-1", strings.Repeat("x", 600), int64(5), int32(0), "GBP 1", int64(700_000), int64(0), uint8(2))
	f.Fuzz(func(t *testing.T, id, text string, coef int64, exp int32, money string, day, unix int64, n uint8) {
		m, _ := budget.Parse(money)
		fl := filler{id: id, text: text, dec: decimal.New(coef, exp), money: m, day: date.Date(day), at: time.Unix(unix, 0).UTC(), n: n}
		for kind, newValue := range storedKinds() {
			v := newValue()
			fl.fill(reflect.ValueOf(v).Elem(), "")
			var want error
			if err := refBound(reflect.ValueOf(v), ""); err != nil {
				want = err.finish()
			}
			got := checkBounds(v)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%s: checkBounds says %v; the reflection walk %v", kind, got, want)
			}
		}
	})
}

// recursive is a type that contains itself, with values of any type.
type recursive struct {
	Title string         `json:"title"`
	Extra map[string]any `json:"extra,omitempty"`
	Next  *recursive     `json:"next,omitzero"`
	List  []recursive    `json:"list,omitzero"`
}

// TestBoundsWalkerTypes: the walker of a type that contains itself, and
// of values held as any, checks what the reflection walk checks.
func TestBoundsWalkerTypes(t *testing.T) {
	long := strings.Repeat("x", MaxTitleLen+1)
	tests := map[string]any{
		"deep title":      &recursive{Title: "a", Next: &recursive{Next: &recursive{Title: long}}},
		"title in a list": &recursive{List: []recursive{{Title: "ok"}, {Next: &recursive{Title: "\x00"}}}},
		"decimal in any":  &recursive{Extra: map[string]any{"hours": decimal.New(1, -9)}},
		"unset money":     &recursive{Extra: map[string]any{"fee": &budget.Money{}}},
		"money value":     &recursive{Next: &recursive{Extra: map[string]any{"fee": budget.Money{}}}},
		"date in any":     &recursive{Extra: map[string]any{"on": date.Date(-1)}},
		"within bounds":   &recursive{Title: "a", Next: &recursive{Title: "b", Extra: map[string]any{"n": 1}}},
	}
	for name, v := range tests {
		t.Run(name, func(t *testing.T) {
			var want error
			if err := refBound(reflect.ValueOf(v), ""); err != nil {
				want = err.finish()
			}
			if name != "within bounds" && want == nil {
				t.Fatalf("the case is within bounds")
			}
			if got := checkBounds(v); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("checkBounds says %v; the reflection walk %v", got, want)
			}
		})
	}
}

// refBound checks v, the field of JSON name name, and everything in it.
func refBound(v reflect.Value, name string) *outOfBounds {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		if m, ok := reflect.TypeAssert[budget.Money](v.Elem()); ok && m.Currency() == "" {
			// Unset money is written as null, which reads back as nil.
			return outOf("is set but is unset money; leave it nil")
		}
		return refBound(v.Elem(), name)
	}
	if !v.CanInterface() {
		return nil
	}
	if v.Kind() == reflect.String { // the commonest, and never one of boundValue's
		return boundString(name, v.String())
	}
	if done, err := refBoundValue(v, name); done {
		return err
	}
	switch v.Kind() {
	case reflect.Struct:
		return refBoundStruct(v)
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := refBound(v.Index(i), name); err != nil {
				return err.at("[" + strconv.Itoa(i) + "]")
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if err := refBound(it.Key(), name); err != nil {
				return err.at("key")
			}
			if err := refBound(it.Value(), name); err != nil {
				return err.at(fmt.Sprint(it.Key().Interface()))
			}
		}
	}
	return nil
}

// refBoundValue checks the types that are checked as values rather than by
// their fields, and reports whether v is one.
func refBoundValue(v reflect.Value, name string) (bool, *outOfBounds) {
	if m, ok := reflect.TypeAssert[budget.Money](v); ok {
		if err := m.Validate(); err != nil {
			return true, outOf("%v", err)
		}
		return true, nil
	}
	if d, ok := reflect.TypeAssert[decimal.Decimal](v); ok {
		places, whole := decimalBound(name)
		if why := bounds.Decimal(d, places, whole); why != "" {
			return true, outOf("%s", why)
		}
		return true, nil
	}
	if d, ok := reflect.TypeAssert[date.Date](v); ok {
		return true, boundYear(d.Year())
	}
	if t, ok := reflect.TypeAssert[time.Time](v); ok {
		return true, boundYear(t.UTC().Year())
	}
	if v.Kind() != reflect.String && v.Type().Implements(reflect.TypeFor[encoding.TextMarshaler]()) {
		// An enumeration: it must have a name.
		if _, err := v.Interface().(encoding.TextMarshaler).MarshalText(); err != nil {
			return true, outOf("%v", err)
		}
		return true, nil
	}
	return false, nil
}

// refBoundStruct checks the fields JSON encodes, each at its JSON name.
func refBoundStruct(v reflect.Value) *outOfBounds {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" || refOmitted(v.Field(i), opts) {
			continue
		}
		embedded := f.Anonymous && name == ""
		if name == "" {
			name = f.Name
		}
		if err := refBound(v.Field(i), name); err != nil {
			if embedded {
				return err
			}
			return err.at(name)
		}
	}
	return nil
}

// refOmitted reports whether JSON leaves out a field with these tag options
// and this value: an omitzero or omitempty field that is zero or empty.
// (A type's own IsZero may say more are zero; checking those too is only
// stricter.)
func refOmitted(v reflect.Value, opts string) bool {
	zero := strings.Contains(opts, "omitzero") || strings.Contains(opts, "omitempty")
	if !zero {
		return false
	}
	switch v.Kind() {
	case reflect.String, reflect.Slice, reflect.Map:
		if v.Len() == 0 {
			return true
		}
	}
	return v.IsZero()
}

// TestBoundsWalkerConcurrently: Services check records in many goroutines
// at once, each first use of a type working its walker out (run with
// -race).
func TestBoundsWalkerConcurrently(t *testing.T) {
	type fresh struct { // a type no other test has walked
		Name  string     `json:"name"`
		Again *recursive `json:"again"`
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for kind, newValue := range storedKinds() {
				if err := checkBounds(newValue()); err != nil && !errors.Is(err, ErrInvalid) {
					t.Errorf("%s: %v", kind, err)
				}
			}
			if err := checkBounds(&fresh{Name: strings.Repeat("x", MaxTitleLen+1)}); !errors.Is(err, ErrInvalid) {
				t.Errorf("an overlong name: %v", err)
			}
		})
	}
	wg.Wait()
}

// BenchmarkCheckBounds checks an imported completion's bounds with the
// walker and, in the same run, with the reflection walk it replaced.
func BenchmarkCheckBounds(b *testing.B) {
	a := &Activity{
		ID: "act-000123", Person: "s0001", Title: "Safeguarding refresher", Kind: Webinar, Aspect: TrainingForJob,
		Necessity: Necessary, Source: Required, Topics: []string{"safeguarding", "prevent"}, Hours: decimal.RequireFromString("1.5"),
		Completed: date.New(2026, 10, 1), Evidence: "lms://cert/123", ExternalRef: "xapi:123", State: Completed,
		RequestedBy: "admin", RecordedBy: "admin",
	}
	b.Run("walker", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := checkBounds(a); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("reflection", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := refBound(reflect.ValueOf(a), ""); err != nil {
				b.Fatal(err.finish())
			}
		}
	})
}
