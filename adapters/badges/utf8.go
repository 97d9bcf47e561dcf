package badges

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// invalidUTF8 finds the first bytes of a badge that are not UTF-8, which
// JSON forbids (RFC 8259, section 8.1), and returns the path of the
// member whose value or name holds them. Refusing such a badge, rather
// than reading U+FFFD in their place as encoding/json does, keeps what
// is imported equal to what the issuer wrote: two ids that differ only
// in their bad bytes are not taken for one, and a hashed identity is
// compared with the bytes that were hashed.
func invalidUTF8(raw []byte) (path string, found bool) {
	if utf8.Valid(raw) {
		return "", false
	}
	at := int64(firstInvalid(raw))
	type level struct {
		key              string
		object, inMember bool
	}
	var stack []level
	pathOf := func() string {
		var keys []string
		for _, l := range stack {
			if l.object && l.key != "" {
				keys = append(keys, l.key)
			}
		}
		return strings.Join(keys, ".")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	for {
		tok, err := dec.Token()
		if err != nil {
			return pathOf(), true
		}
		top := len(stack) - 1
		key, name := tok.(string)
		name = name && top >= 0 && stack[top].object && !stack[top].inMember
		if name {
			stack[top].key, stack[top].inMember = key, true
		}
		if dec.InputOffset() > at {
			return pathOf(), true
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, level{object: true})
			continue
		case json.Delim('['):
			stack = append(stack, level{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack, top = stack[:top], top-1
		}
		if !name && top >= 0 && stack[top].object {
			stack[top].inMember = false // the member's value ended
		}
	}
}

// firstInvalid returns the offset of the first byte of b that does not
// begin a valid UTF-8 encoding.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}
