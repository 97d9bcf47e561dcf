package cpd_test

import (
	"reflect"
	"testing"

	"github.com/cpdkit/cpdkit/cpd"
)

// TestPersonCloneSharesNothing fills every slice of a Person, at any
// depth, and checks that Clone's copy shares none of them, so that
// changing the copy cannot reach the original (a store's, or an
// importer's defaults). A slice field added to Person later is covered
// without changing the test.
func TestPersonCloneSharesNothing(t *testing.T) {
	var p cpd.Person
	slices := fill(reflect.ValueOf(&p).Elem(), "Person")
	if slices < 8 {
		t.Fatalf("filled %d slices, want every one of Person's (at least 8)", slices)
	}
	c := p.Clone()
	if !reflect.DeepEqual(c, p) {
		t.Fatalf("Clone() = %+v, want %+v", c, p)
	}
	shared(t, reflect.ValueOf(p), reflect.ValueOf(c), "Person")
}

// fill gives every slice in v one zero element and returns how many it
// filled.
func fill(v reflect.Value, path string) int {
	n := 0
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				n += fill(v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		n++
	}
	return n
}

// shared fails the test for every slice of a that c shares.
func shared(t *testing.T, a, c reflect.Value, path string) {
	t.Helper()
	switch a.Kind() {
	case reflect.Struct:
		for i := range a.NumField() {
			if a.Type().Field(i).IsExported() {
				shared(t, a.Field(i), c.Field(i), path+"."+a.Type().Field(i).Name)
			}
		}
	case reflect.Slice:
		if a.Len() > 0 && a.Pointer() == c.Pointer() {
			t.Errorf("%s is shared between the person and its clone", path)
		}
	}
}
