package ical

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

func TestEscapeText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Safeguarding", "Safeguarding"},
		{"backslash", `C:\courses`, `C:\\courses`},
		{"semicolon and comma", "first; second, third", `first\; second\, third`},
		{"LF", "one\ntwo", `one\ntwo`},
		{"CRLF is one break", "one\r\ntwo", `one\ntwo`},
		{"lone CR", "one\rtwo", `one\ntwo`},
		{"colon and quote need nothing", `Room "A": 1`, `Room "A": 1`},
		{"tab kept", "a\tb", "a\tb"},
		{"other controls dropped", "a\x00b\x1bc\x7fd", "abcd"},
		{"invalid UTF-8 replaced", "caf\xe9", "caf\uFFFD"},
		{"multi-byte kept", "Formação — 研修", "Formação — 研修"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, escapeText(tc.in))
		})
	}
}

// folded folds one content line.
func folded(line string) string {
	var b strings.Builder
	writeFolded(&b, line)
	return b.String()
}

func TestFold(t *testing.T) {
	tests := []struct {
		name, line string
		lines      int // physical lines
	}{
		{"short", "SUMMARY:x", 1},
		{"exactly 75 octets", strings.Repeat("a", 75), 1},
		{"76 octets", strings.Repeat("a", 76), 2},
		{"two-byte characters", "SUMMARY:" + strings.Repeat("é", 80), 3},
		{"three-byte characters", "SUMMARY:" + strings.Repeat("研", 60), 3},
		{"four-byte characters", "SUMMARY:" + strings.Repeat("🎓", 50), 3},
		{"mixed widths", "DESCRIPTION:" + strings.Repeat("aé研🎓", 30), 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := folded(tc.line)
			lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
			require.Len(t, lines, tc.lines)
			for i, l := range lines {
				require.LessOrEqual(t, len(l), maxLine)
				require.True(t, utf8.ValidString(l), "line %d splits a character: %q", i, l)
				if i > 0 {
					require.True(t, strings.HasPrefix(l, " "), "a continuation starts with a space")
				}
			}
			require.Equal(t, tc.line, strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", ""), "unfolding gives the line back")
		})
	}
}

// FuzzEscapeFold checks that whatever text an event holds, escaping and
// folding it gives lines of at most 75 octets, each valid UTF-8, that
// unfold and unescape to the text (less what TEXT cannot hold).
func FuzzEscapeFold(f *testing.F) {
	for _, s := range []string{"", "a", `\;,`, "one\r\ntwo\rthree\nfour", strings.Repeat("é", 100),
		strings.Repeat("x", 74) + "🎓", "caf\xe9\x00", strings.Repeat(`\`, 80), "\r\r\n\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line := "DESCRIPTION:" + escapeText(s)
		props := parse(t, []byte(folded(line)))
		require.Len(t, props, 1)
		require.Equal(t, "DESCRIPTION", props[0].Name)
		require.Equal(t, plain(s), unescapeText(t, props[0].Value))
	})
}

// plain is what a TEXT value can carry of s: valid UTF-8, line breaks as
// LF, no control characters but tab and LF.
func plain(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || (r >= 0x20 && r != 0x7f) {
			return r
		}
		return -1
	}, s)
}
