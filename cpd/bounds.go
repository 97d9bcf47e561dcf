package cpd

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
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
	return encodeChecked(kind, v)
}

// encodeChecked encodes v, which checkBounds has passed, as encodeRecord
// does: for imports, which check each record as they prepare it, so as to
// reject it by its index, and then encode it here.
func encodeChecked(kind Kind, v any) ([]byte, error) {
	var data []byte
	var err error
	if a, ok := v.(*Activity); ok { // every activity is stored through a pointer
		data, err = encodeActivity(a) // json.Marshal's bytes, faster
	} else {
		data, err = json.Marshal(v)
	}
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
func checkBounds(v any) error {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return nil
	}
	if err := boundsOf(rv.Type()).check(rv, ""); err != nil {
		return err.finish()
	}
	return nil
}

// outOfBounds is the walk's error: the reason, and the path to the field
// from the innermost name out, built only once something is wrong, so
// that the walk allocates nothing for a record within bounds.
type outOfBounds struct {
	path   []string // innermost first: "[0]", "title"
	reason string
}

// at records that the field was reached through segment.
func (e *outOfBounds) at(segment string) *outOfBounds {
	e.path = append(e.path, segment)
	return e
}

// finish returns the *ValidationError naming the field by its JSON path.
func (e *outOfBounds) finish() error {
	var b strings.Builder
	for i := len(e.path) - 1; i >= 0; i-- {
		seg := e.path[i]
		if b.Len() > 0 && !strings.HasPrefix(seg, "[") {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	return invalid(b.String(), "%s", e.reason)
}

// outOf returns the error for a value out of bounds.
func outOf(format string, args ...any) *outOfBounds {
	return &outOfBounds{reason: fmt.Sprintf(format, args...)}
}

// A boundWalker checks a value of one type, the field of JSON name name,
// and everything in it. boundsOf works one out per type, once: what the
// type is checked as (a string, a value such as a decimal or a date, a
// struct's JSON fields, the elements of a slice or map), so that checking
// a value reads no struct tags and asks no type questions, only walks.
type boundWalker struct {
	check func(v reflect.Value, name string) *outOfBounds
}

// boundWalkers are the walkers worked out so far, by type: a memo of a
// pure function of the type (as encoding/json keeps its encoders), shared
// by every Service, since the bounds are the package's and not any
// Service's. compiling holds, under its lock, walkers still being worked
// out (a type may contain itself), published to done only when whole.
var boundWalkers struct {
	done      sync.Map // reflect.Type → *boundWalker
	mu        sync.Mutex
	compiling map[reflect.Type]*boundWalker
}

// boundsOf returns the walker for values of type t.
func boundsOf(t reflect.Type) *boundWalker {
	if w, ok := boundWalkers.done.Load(t); ok {
		return w.(*boundWalker)
	}
	boundWalkers.mu.Lock()
	defer boundWalkers.mu.Unlock()
	if w, ok := boundWalkers.done.Load(t); ok {
		return w.(*boundWalker)
	}
	boundWalkers.compiling = make(map[reflect.Type]*boundWalker)
	w := compileBounds(t)
	for t, w := range boundWalkers.compiling {
		boundWalkers.done.Store(t, w)
	}
	boundWalkers.compiling = nil
	return w
}

// compileBounds works out the walker for type t, and those of the types
// in it. The caller holds boundWalkers.mu.
func compileBounds(t reflect.Type) *boundWalker {
	if w, ok := boundWalkers.done.Load(t); ok {
		return w.(*boundWalker)
	}
	if w, ok := boundWalkers.compiling[t]; ok {
		return w // filled in once the outer call returns, before any use
	}
	w := &boundWalker{}
	boundWalkers.compiling[t] = w
	w.check = boundCheck(t)
	return w
}

// The types checked as values rather than by their fields.
var (
	moneyType         = reflect.TypeFor[budget.Money]()
	decimalType       = reflect.TypeFor[decimal.Decimal]()
	dateType          = reflect.TypeFor[date.Date]()
	timeType          = reflect.TypeFor[time.Time]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// boundCheck returns the check of values of type t: their bounds by
// JSON field name, as documented at encodeRecord.
func boundCheck(t reflect.Type) func(reflect.Value, string) *outOfBounds {
	switch t.Kind() {
	case reflect.Pointer:
		elem := compileBounds(t.Elem())
		isMoney := t.Elem() == moneyType
		return func(v reflect.Value, name string) *outOfBounds {
			if v.IsNil() {
				return nil
			}
			e := v.Elem()
			if isMoney {
				if err := setMoney(e); err != nil {
					return err
				}
			}
			return elem.check(e, name)
		}
	case reflect.Interface:
		return func(v reflect.Value, name string) *outOfBounds {
			if v.IsNil() {
				return nil
			}
			e := v.Elem()
			if e.Type() == moneyType {
				if err := setMoney(e); err != nil {
					return err
				}
			}
			return boundsOf(e.Type()).check(e, name)
		}
	case reflect.String: // the commonest, and never one of the values below
		return func(v reflect.Value, name string) *outOfBounds {
			if !v.CanInterface() {
				return nil
			}
			return boundString(name, v.String())
		}
	}
	if check := valueCheck(t); check != nil {
		return func(v reflect.Value, name string) *outOfBounds {
			if !v.CanInterface() {
				return nil
			}
			return check(v, name)
		}
	}
	switch t.Kind() {
	case reflect.Struct:
		return structCheck(t)
	case reflect.Slice, reflect.Array:
		elem := compileBounds(t.Elem())
		return func(v reflect.Value, name string) *outOfBounds {
			if !v.CanInterface() {
				return nil
			}
			for i := range v.Len() {
				if err := elem.check(v.Index(i), name); err != nil {
					return err.at("[" + strconv.Itoa(i) + "]")
				}
			}
			return nil
		}
	case reflect.Map:
		key, elem := compileBounds(t.Key()), compileBounds(t.Elem())
		return func(v reflect.Value, name string) *outOfBounds {
			if !v.CanInterface() {
				return nil
			}
			for it := v.MapRange(); it.Next(); {
				if err := key.check(it.Key(), name); err != nil {
					return err.at("key")
				}
				if err := elem.check(it.Value(), name); err != nil {
					return err.at(fmt.Sprint(it.Key().Interface()))
				}
			}
			return nil
		}
	}
	return func(reflect.Value, string) *outOfBounds { return nil }
}

// setMoney refuses money that is set (a non-nil pointer or interface)
// but unset: JSON writes it as null, which reads back as nil.
func setMoney(v reflect.Value) *outOfBounds {
	if m, ok := reflect.TypeAssert[budget.Money](v); ok && m.Currency() == "" {
		return outOf("is set but is unset money; leave it nil")
	}
	return nil
}

// valueCheck returns the check of the types that are checked as values
// rather than by their fields, or nil if t is not one.
func valueCheck(t reflect.Type) func(reflect.Value, string) *outOfBounds {
	switch {
	case t == moneyType:
		return func(v reflect.Value, _ string) *outOfBounds {
			m, _ := reflect.TypeAssert[budget.Money](v)
			if err := m.Validate(); err != nil {
				return outOf("%v", err)
			}
			return nil
		}
	case t == decimalType:
		return func(v reflect.Value, name string) *outOfBounds {
			d, _ := reflect.TypeAssert[decimal.Decimal](v)
			places, whole := decimalBound(name)
			if why := bounds.Decimal(d, places, whole); why != "" {
				return outOf("%s", why)
			}
			return nil
		}
	case t == dateType:
		return func(v reflect.Value, _ string) *outOfBounds {
			d, _ := reflect.TypeAssert[date.Date](v)
			return boundYear(d.Year())
		}
	case t == timeType:
		return func(v reflect.Value, _ string) *outOfBounds {
			tm, _ := reflect.TypeAssert[time.Time](v)
			return boundYear(tm.UTC().Year())
		}
	case t.Implements(textMarshalerType):
		// An enumeration: it must have a name.
		return func(v reflect.Value, _ string) *outOfBounds {
			if _, err := v.Interface().(encoding.TextMarshaler).MarshalText(); err != nil {
				return outOf("%v", err)
			}
			return nil
		}
	}
	return nil
}

// boundField is a struct field that JSON encodes: where it is, its JSON
// name, whether JSON may leave it out when zero or empty, and whether it
// is embedded (its fields' names are the struct's own).
type boundField struct {
	index    int
	name     string
	omit     bool
	embedded bool
	walker   *boundWalker
}

// structCheck returns the check of a struct's fields that JSON encodes,
// each at its JSON name.
func structCheck(t reflect.Type) func(reflect.Value, string) *outOfBounds {
	var fields []boundField
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		bf := boundField{index: i, name: name, embedded: f.Anonymous && name == "",
			omit: strings.Contains(opts, "omitzero") || strings.Contains(opts, "omitempty")}
		if bf.name == "" {
			bf.name = f.Name
		}
		bf.walker = compileBounds(f.Type)
		fields = append(fields, bf)
	}
	return func(v reflect.Value, _ string) *outOfBounds {
		if !v.CanInterface() {
			return nil
		}
		for i := range fields {
			f := &fields[i]
			fv := v.Field(f.index)
			if f.omit && omitted(fv) {
				continue
			}
			if err := f.walker.check(fv, f.name); err != nil {
				if f.embedded {
					return err
				}
				return err.at(f.name)
			}
		}
		return nil
	}
}

// omitted reports whether JSON leaves out a field tagged omitzero or
// omitempty with this value: one that is zero or empty. (A type's own
// IsZero may say more are zero; checking those too is only stricter.)
func omitted(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String, reflect.Slice, reflect.Map:
		if v.Len() == 0 {
			return true
		}
	}
	return v.IsZero()
}

// boundString checks a string field of the JSON name name.
func boundString(name, s string) *outOfBounds {
	limit, isID := stringBound(name)
	switch {
	case len(s) > limit:
		return outOf("is %d bytes long; the most it may be is %d", len(s), limit)
	case !utf8.ValidString(s):
		return outOf("is not valid UTF-8")
	case strings.IndexByte(s, 0) >= 0:
		return outOf("contains a NUL byte")
	case isID && strings.Contains(s, "/"):
		return outOf("%q contains a \"/\", which no ID may", s)
	}
	return nil
}

// boundYear checks that a date or time falls in the years 1 to 9999.
func boundYear(year int) *outOfBounds {
	if year < minYear || year > maxYear {
		return outOf("year %d is outside the years %d to %d", year, minYear, maxYear)
	}
	return nil
}
