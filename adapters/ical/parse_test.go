package ical

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// property is one unfolded content line: its name with any parameters,
// and its value.
type property struct {
	Name, Value string
}

// parse reads an iCalendar object the way a client would, checking the
// physical form as it goes: every line ends with CRLF, holds at most 75
// octets and is valid UTF-8 by itself (no fold splits a character); then
// it unfolds the lines and splits each at its first colon (none of the
// names and parameters written holds one).
func parse(t *testing.T, data []byte) []property {
	t.Helper()
	require.True(t, bytes.HasSuffix(data, []byte("\r\n")), "the object ends with CRLF")
	physical := strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n")
	var logical []string
	for i, l := range physical {
		require.NotContains(t, l, "\n", "line %d: a bare LF", i+1)
		require.NotContains(t, l, "\r", "line %d: a bare CR", i+1)
		require.LessOrEqual(t, len(l), maxLine, "line %d: %q", i+1, l)
		require.True(t, utf8.ValidString(l), "line %d is not valid UTF-8 by itself: %q", i+1, l)
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			require.NotEmpty(t, logical, "line %d continues nothing", i+1)
			logical[len(logical)-1] += l[1:]
			continue
		}
		logical = append(logical, l)
	}
	props := make([]property, len(logical))
	for i, l := range logical {
		name, value, ok := strings.Cut(l, ":")
		require.True(t, ok, "content line without a colon: %q", l)
		props[i] = property{name, value}
	}
	return props
}

// unescapeText reads a TEXT value back (RFC 5545, section 3.3.11).
func unescapeText(t *testing.T, v string) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\':
			require.Less(t, i+1, len(v), "a trailing backslash in %q", v)
			i++
			switch v[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			case '\\', ';', ',':
				b.WriteByte(v[i])
			default:
				t.Fatalf("unknown escape \\%c in %q", v[i], v)
			}
		case c == ';' || c == ',':
			t.Fatalf("an unescaped %c in %q", c, v)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
