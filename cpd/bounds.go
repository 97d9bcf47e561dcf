package cpd

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/internal/bounds"
)

// The bounds on what the Service stores. Every record is checked against
// them before it is encoded (see encodeRecord), whichever use case writes
// it, so that whatever is stored reads back exactly: a value out of bounds
// is refused with a *ValidationError (ErrInvalid) naming its field, and
// nothing is written. Lengths are in bytes of UTF-8.
const (
	// MaxIDLen bounds an "id" field: the ID of a person, activity, budget,
	// budget line, update or any other record the Service keeps. An ID
	// also contains no "/", since the Service composes IDs from others
	// with it (an account is "budget/line", a receipt "update/person").
	MaxIDLen = 128
	// MaxTitleLen bounds a "title" or "name".
	MaxTitleLen = 500
	// MaxEvidenceLen bounds an "evidence" field: a document ID or URL.
	MaxEvidenceLen = 2048
	// MaxTextLen bounds every other string: a reflection, an impact
	// statement, a reason, a note.
	MaxTextLen = 20_000
	// MaxRecordSize bounds a record's encoded data.
	MaxRecordSize = 4 << 20
	// MaxHours bounds an "hours" field: below 10,000 hours, with at most
	// HoursPlaces digits after the point.
	MaxHours = 10_000
	// HoursPlaces is the most digits an "hours" field has after the
	// point: a thousandth of an hour (3.6 seconds), the precision an
	// xAPI duration is rounded to.
	HoursPlaces = 3
)

// decimalBound returns the bound on a decimal field of the given JSON
// name: at most places digits after the point, and a magnitude below
// 10^whole.
//
//   - "hours": HoursPlaces places, below MaxHours;
//   - "fte": 4 places, below 10;
//   - "days" (such as the days of cover): 2 places, below 1,000;
//   - any other decimal: 4 places, below a thousand million.
func decimalBound(name string) (places, whole int32) {
	switch name {
	case "hours":
		return HoursPlaces, 4
	case "fte":
		return 4, 1
	case "days":
		return 2, 3
	}
	return 4, 9
}

// stringBound returns the longest a string field of the given JSON name
// may be, and whether it is an ID.
func stringBound(name string) (int, bool) {
	switch name {
	case "id":
		return MaxIDLen, true
	case "title", "name":
		return MaxTitleLen, false
	case "evidence":
		return MaxEvidenceLen, false
	}
	return MaxTextLen, false
}

// The last day a stored date or time may fall on, and the first: the years
// 1 to 9999, which every encoding keeps.
const (
	minYear = 1
	maxYear = 9999
)

// encodeRecord bounds v, a record of the kind about to be stored, and
// encodes it as the record's Data. It is the one place every record
// passes through before a Store writes it. Every string must be valid
// UTF-8 without a NUL byte and within its bound (MaxIDLen, MaxTitleLen,
// MaxEvidenceLen or MaxTextLen, by field name); every decimal within its
// bound (see MaxHours); every budget.Money within budget.MaxAmount; every
// date and time within the years 1 to 9999; every enumeration one that
// has a name; and the whole at most MaxRecordSize. Errors are
// *ValidationError (ErrInvalid) naming the field by its JSON path, such as
// "history[0].previous.title".
func encodeRecord(kind Kind, v any) ([]byte, error) {
	if err := checkBounds(v); err != nil {
		return nil, err
	}
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", kind, err)
	}
	if len(data) > MaxRecordSize {
		return nil, invalid(string(kind), "is %d bytes encoded; the most a record may be is %d", len(data), MaxRecordSize)
	}
	return data, nil
}

// checkBounds checks v, a record about to be stored, as encodeRecord does,
// for use cases that reject bad records one by one (imports) before they
// encode any.
func checkBounds(v any) error { return bound(reflect.ValueOf(v), "") }

// bound checks v, found at path, and everything in it.
func bound(v reflect.Value, path string) error {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		if m, ok := v.Elem().Interface().(budget.Money); ok && m.Currency() == "" {
			// Unset money is written as null, which reads back as nil.
			return invalid(path, "is set but is unset money; leave it nil")
		}
		return bound(v.Elem(), path)
	}
	if !v.CanInterface() {
		return nil
	}
	switch v.Type() { // types checked as values rather than by their fields
	case reflect.TypeFor[budget.Money]():
		if err := v.Interface().(budget.Money).Validate(); err != nil {
			return invalid(path, "%v", err)
		}
		return nil
	case reflect.TypeFor[decimal.Decimal]():
		places, whole := decimalBound(lastName(path))
		if why := bounds.Decimal(v.Interface().(decimal.Decimal), places, whole); why != "" {
			return invalid(path, "%s", why)
		}
		return nil
	case reflect.TypeFor[date.Date]():
		return boundYear(path, v.Interface().(date.Date).Year())
	case reflect.TypeFor[time.Time]():
		return boundYear(path, v.Interface().(time.Time).UTC().Year())
	}
	if v.Kind() != reflect.String && v.Type().Implements(reflect.TypeFor[encoding.TextMarshaler]()) {
		if _, err := v.Interface().(encoding.TextMarshaler).MarshalText(); err != nil {
			return invalid(path, "%v", err)
		}
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		return boundString(path, v.String())
	case reflect.Struct:
		return boundStruct(v, path)
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := bound(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			key := fmt.Sprint(it.Key().Interface())
			if err := bound(it.Key(), path+".key"); err != nil {
				return err
			}
			if err := bound(it.Value(), join(path, key)); err != nil {
				return err
			}
		}
	}
	return nil
}

// boundStruct checks the fields JSON encodes, each at its JSON name.
func boundStruct(v reflect.Value, path string) error {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case !f.IsExported() || name == "-" || omitted(v.Field(i), opts):
			continue
		case f.Anonymous && name == "":
			name = "" // embedded: its fields are the struct's own
		case name == "":
			name = f.Name
		}
		p := path
		if name != "" {
			p = join(path, name)
		}
		if err := bound(v.Field(i), p); err != nil {
			return err
		}
	}
	return nil
}

// omitted reports whether JSON leaves out a field with these tag options
// and this value: an omitzero field that is zero (by its IsZero method, if
// it has one), or an omitempty one that is empty.
func omitted(v reflect.Value, opts string) bool {
	for opt := range strings.SplitSeq(opts, ",") {
		switch opt {
		case "omitzero":
			if z, ok := v.Interface().(interface{ IsZero() bool }); ok {
				if v.Kind() == reflect.Pointer && v.IsNil() {
					return true
				}
				return z.IsZero()
			}
			if v.IsZero() {
				return true
			}
		case "omitempty":
			switch v.Kind() {
			case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
				if v.Len() == 0 {
					return true
				}
			case reflect.Pointer, reflect.Interface:
				if v.IsNil() {
					return true
				}
			}
			if v.IsZero() && v.Kind() != reflect.Struct {
				return true
			}
		}
	}
	return false
}

// boundString checks a string at path.
func boundString(path, s string) error {
	limit, isID := stringBound(lastName(path))
	switch {
	case len(s) > limit:
		return invalid(path, "is %d bytes long; the most it may be is %d", len(s), limit)
	case !utf8.ValidString(s):
		return invalid(path, "is not valid UTF-8")
	case strings.IndexByte(s, 0) >= 0:
		return invalid(path, "contains a NUL byte")
	case isID && strings.Contains(s, "/"):
		return invalid(path, "%q contains a \"/\", which no ID may", s)
	}
	return nil
}

// boundYear checks that a date or time at path falls in the years 1 to 9999.
func boundYear(path string, year int) error {
	if year < minYear || year > maxYear {
		return invalid(path, "year %d is outside the years %d to %d", year, minYear, maxYear)
	}
	return nil
}

// join appends a field name to a path.
func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// lastName returns the field name a path ends with, without any index:
// "topics" for "history[0].previous.topics[2]".
func lastName(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		path = path[i+1:]
	}
	name, _, _ := strings.Cut(path, "[")
	return name
}
