// Package strictjson is the one strict JSON decoder of cpdkit's policies:
// compliance's and budget's ParsePolicy decode every object of a policy
// with [Decode], so both refuse the same mistakes in the same words.
//
// encoding/json on its own is lenient where a policy must not be: it
// matches a key to a field whatever its case ("Validity" sets validity),
// keeps the last of two equal keys, ignores unknown keys unless told not
// to, and reports an unknown key only in its error's text. Decode checks
// the keys itself, against the JSON names of the destination's fields, so
// it never reads an error's text, and gives every problem the path of the
// value at fault, such as requirements[3].validity. [NilIfEmpty] and
// [Present] are the two other readings the policies share: an empty list
// is an absent one, and a raw value is given unless absent or null.
//
// The package imports nothing from cpdkit but internal/errs and has no
// state.
package strictjson

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/cpdkit/cpdkit/internal/errs"
)

// Decode decodes the one JSON value in data into v, a non-nil pointer,
// and refuses, with an *errs.ValidationError (which every cpdkit
// package's ValidationError is, and which matches errs.ErrInvalid) whose
// Field is the path of the value at fault:
//
//   - malformed JSON, or anything but white space after the value;
//   - a value of the wrong JSON type for its field;
//   - a key that is not exactly the JSON name of one of the fields of the
//     struct it is decoded into (names are matched case-sensitively), and
//     a key given twice in one object.
//
// Keys are checked in structs nested in v, directly or in slices, arrays,
// maps and pointers, too; a json.RawMessage field is left for the caller
// to decode in turn, with its own path. path is where data sits in the
// caller's document: it prefixes every error's Field.
//
// On an error v may be partly filled; callers discard it.
func Decode(data []byte, path string, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return decodeError(err, path)
	}
	if _, err := dec.Token(); err != io.EOF {
		return &errs.ValidationError{Field: path, Reason: "unexpected data after the JSON object"}
	}
	return checkKeys(data, reflect.TypeOf(v).Elem(), path)
}

// decodeError turns an error of encoding/json into an
// *errs.ValidationError, by its type.
func decodeError(err error, path string) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return &errs.ValidationError{Field: join(path, typeErr.Field), Reason: fmt.Sprintf("is a JSON %s, want %s", typeErr.Value, jsonType(typeErr.Type))}
	case errors.As(err, &syntaxErr):
		return &errs.ValidationError{Field: path, Reason: fmt.Sprintf("malformed JSON at byte %d: %v", syntaxErr.Offset, syntaxErr)}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &errs.ValidationError{Field: path, Reason: "malformed JSON: unexpected end"}
	}
	return &errs.ValidationError{Field: path, Reason: err.Error()}
}

// jsonType names the JSON a Go type is decoded from.
func jsonType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "a " + t.Kind().String()
}

var (
	rawMessage      = reflect.TypeFor[json.RawMessage]()
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// decodesItself reports whether values of type t read their own JSON, with
// an UnmarshalJSON or UnmarshalText method: their keys are theirs to check.
func decodesItself(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return p.Implements(jsonUnmarshaler) || p.Implements(textUnmarshaler)
}

// checkKeys checks the keys of the JSON value data, already decoded
// without error into a value of type t, and those of the values nested in
// it, and returns the first problem in document order.
func checkKeys(data []byte, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == rawMessage || decodesItself(t) {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		fields := fieldTypes(t)
		return eachMember(data, func(key string, value []byte) error {
			ft, ok := fields[key]
			if !ok {
				return &errs.ValidationError{Field: join(path, key), Reason: unknownReason(fields, key)}
			}
			return checkKeys(value, ft, join(path, key))
		}, path)
	case reflect.Map:
		return eachMember(data, func(key string, value []byte) error {
			return checkKeys(value, t.Elem(), join(path, key))
		}, path)
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return nil // []byte is a base64 string
		}
		return eachElement(data, func(i int, value []byte) error {
			return checkKeys(value, t.Elem(), path+"["+strconv.Itoa(i)+"]")
		})
	}
	return nil
}

// unknownReason says why key is not one of fields: a name in the wrong
// case (encoding/json would have taken it) or no name at all.
func unknownReason(fields map[string]reflect.Type, key string) string {
	for name := range fields {
		if strings.EqualFold(name, key) {
			return "is not a known field (names are lowercase, as documented)"
		}
	}
	return "is not a known field"
}

// fieldTypes maps the JSON names of t's fields to their types, as
// encoding/json names them: the json tag's name, or the Go name when the
// tag gives none; the fields of an embedded struct without a tag name are
// t's own; "-" and unexported fields are left out.
func fieldTypes(t reflect.Type) map[string]reflect.Type {
	fields := make(map[string]reflect.Type, t.NumField())
	addFields(fields, t)
	return fields
}

func addFields(fields map[string]reflect.Type, t reflect.Type) {
	var embedded []reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if et := f.Type; f.Anonymous && name == "" {
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				embedded = append(embedded, et)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = f.Type
	}
	for _, et := range embedded { // a shallower field wins
		inner := make(map[string]reflect.Type)
		addFields(inner, et)
		for name, ft := range inner {
			if _, ok := fields[name]; !ok {
				fields[name] = ft
			}
		}
	}
}

// eachMember calls fn for each member of the JSON object in data, in
// order, and refuses a key given twice. A value that is not an object
// (null) has no members.
func eachMember(data []byte, fn func(key string, value []byte) error, path string) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	seen := make(map[string]bool)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil // decoding has already accepted data
		}
		key, _ := tok.(string)
		if seen[key] {
			return &errs.ValidationError{Field: join(path, key), Reason: "is given more than once"}
		}
		seen[key] = true
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil
		}
		if err := fn(key, value); err != nil {
			return err
		}
	}
	return nil
}

// eachElement calls fn for each element of the JSON array in data, in
// order. A value that is not an array (null) has no elements.
func eachElement(data []byte, fn func(i int, value []byte) error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil
	}
	for i := 0; dec.More(); i++ {
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil
		}
		if err := fn(i, value); err != nil {
			return err
		}
	}
	return nil
}

// join returns the path of field inside the value at path.
func join(path, field string) string {
	switch {
	case path == "":
		return field
	case field == "":
		return path
	}
	return path + "." + field
}

// Present reports whether a json.RawMessage field holds a value: it was
// given, and is not null.
func Present(raw json.RawMessage) bool {
	return len(raw) > 0 && !bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

// NilIfEmpty makes an empty JSON list the same as an absent one: it
// returns nil for an empty s and s otherwise, so that a policy survives a
// round trip unchanged.
func NilIfEmpty[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return s
}
