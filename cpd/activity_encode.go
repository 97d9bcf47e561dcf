package cpd

// The fast writer of an activity's stored form, the counterpart of the
// fast reader (activity_decode.go): an import encodes tens of thousands
// of activities, and encoding/json takes about 7 µs and 18 allocations for
// each, walking the struct by reflection and asking each date, decimal and
// enumeration for its text through an interface.

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
)

// encodeActivity returns a's stored form, byte for byte what
// json.Marshal(a) returns, and the same error when it fails. The activities
// an import or a request writes (no history, no funding) are written by
// appendActivity; the rest, and anything appendActivity cannot write
// exactly as encoding/json would, go to encoding/json.
func encodeActivity(a *Activity) ([]byte, error) {
	if data, ok := appendActivity(make([]byte, 0, 512), a); ok {
		return data, nil
	}
	return json.Marshal(a)
}

// appendActivity appends a's stored form to b, as encoding/json writes
// it: the fields in their order, each under its JSON name, those marked
// omitzero left out when zero. It reports false, leaving the encoding to
// encoding/json, for an activity with a history (even an empty one, which
// omitzero writes as []) or funding, an
// enumeration without a name (whose MarshalText fails), and when
// shopspring/decimal is set to write decimals without quotes.
func appendActivity(b []byte, a *Activity) ([]byte, bool) {
	if a.History != nil || a.Funding != nil || decimal.MarshalJSONWithoutQuotes {
		return nil, false
	}
	// A named value's text is its String, which allocates nothing; the
	// others fail MarshalText, with encoding/json's error.
	if !activityKindNames.Valid(uint8(a.Kind)) || !aspectNames.Valid(uint8(a.Aspect)) || !a.Necessity.Valid() ||
		!sourceNames.Valid(uint8(a.Source)) || !stateNames.Valid(uint8(a.State)) {
		return nil, false
	}
	b = appendJSONString(append(b, `{"id":`...), a.ID)
	b = appendJSONString(append(b, `,"person":`...), a.Person)
	b = appendJSONString(append(b, `,"title":`...), a.Title)
	b = appendJSONString(append(b, `,"kind":`...), a.Kind.String())
	b = appendJSONString(append(b, `,"aspect":`...), a.Aspect.String())
	b = appendJSONString(append(b, `,"necessity":`...), a.Necessity.String())
	b = appendJSONString(append(b, `,"source":`...), a.Source.String())
	if a.Topics != nil { // omitzero leaves out a nil slice, not an empty one
		b = appendJSONStrings(append(b, `,"topics":`...), a.Topics)
	}
	b = append(b, `,"hours":"`...)
	b = append(b, a.Hours.String()...)
	b = append(b, '"')
	b = appendJSONDate(b, `,"start":`, a.Start)
	b = appendJSONDate(b, `,"end":`, a.End)
	b = appendJSONDate(b, `,"completed":`, a.Completed)
	b = appendJSONDate(b, `,"valid_until":`, a.ValidUntil)
	b = appendJSONField(b, `,"provider":`, a.Provider)
	if acc := a.Accreditation; acc != nil {
		b = appendJSONString(append(b, `,"accreditation":{"awarding_body":`...), acc.AwardingBody)
		b = appendJSONField(b, `,"qualification":`, acc.Qualification)
		b = append(b, '}')
	}
	b = appendJSONField(b, `,"evidence":`, a.Evidence)
	b = appendJSONField(b, `,"external_ref":`, a.ExternalRef)
	b = appendJSONField(b, `,"reflection":`, a.Reflection)
	b = appendJSONField(b, `,"impact":`, a.Impact)
	if a.Targets != nil {
		b = appendJSONStrings(append(b, `,"targets":`...), a.Targets)
	}
	b = appendJSONString(append(b, `,"state":`...), a.State.String())
	b = appendJSONField(b, `,"requested_by":`, a.RequestedBy)
	b = appendJSONField(b, `,"approved_by":`, a.ApprovedBy)
	b = appendJSONField(b, `,"recorded_by":`, a.RecordedBy)
	b = appendJSONField(b, `,"reason":`, a.Reason)
	b = appendJSONField(b, `,"delegated_to":`, a.DelegatedTo)
	b = appendJSONField(b, `,"delegated_from":`, a.DelegatedFrom)
	return append(b, '}'), true
}

// appendJSONField appends an omitzero string field, key and all, unless
// the string is empty.
func appendJSONField(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	return appendJSONString(append(b, key...), s)
}

// appendJSONDate appends an omitzero date field, key and all, unless the
// date is zero, as its MarshalText writes it: YYYY-MM-DD for the years 1
// to 9999, which are the years a stored date may have (checkBounds), and
// MarshalText's own text for any other.
func appendJSONDate(b []byte, key string, d date.Date) []byte {
	if d == 0 {
		return b
	}
	b = append(append(b, key...), '"')
	y, m, day := d.Date()
	if y < 1 || y > 9999 {
		text, _ := d.MarshalText() // a date always has a text
		return append(append(b, text...), '"')
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+day/10), byte('0'+day%10), '"')
}

// appendJSONStrings appends a JSON array of strings.
func appendJSONStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// jsonHex are the digits of a \u00XX escape.
const jsonHex = "0123456789abcdef"

// appendJSONString appends s as a JSON string as json.Marshal writes one:
// a quote and a backslash escaped with a backslash; backspace, form feed,
// newline, carriage return and tab by their short escapes; every other
// control character, and <, > and & (which json.Marshal keeps out of
// HTML), as \u00XX; U+2028 and U+2029 (line and paragraph separators,
// which JavaScript reads as line ends) as \u2028 and \u2029; and each
// byte that is not part of valid UTF-8 as \ufffd. Everything else is
// copied.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	done := 0 // s[:done] is in b
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= ' ' && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[done:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, `\b`...)
			case '\f':
				b = append(b, `\f`...)
			case '\n':
				b = append(b, `\n`...)
			case '\r':
				b = append(b, `\r`...)
			case '\t':
				b = append(b, `\t`...)
			default:
				b = append(b, '\\', 'u', '0', '0', jsonHex[c>>4], jsonHex[c&0xf])
			}
			i++
			done = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[done:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[done:i]...), '\\', 'u', '2', '0', '2', jsonHex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		done = i
	}
	b = append(b, s[done:]...)
	return append(b, '"')
}
