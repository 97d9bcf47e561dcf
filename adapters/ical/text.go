package ical

import (
	"strings"
	"unicode/utf8"
)

// maxLine is the most octets a content line may have, its CRLF aside
// (RFC 5545, section 3.1).
const maxLine = 75

// escapeText returns s as an RFC 5545 TEXT value (section 3.3.11):
// backslash, semicolon and comma escaped with a backslash, each line break
// (CRLF, LF or a lone CR) as \n. Control characters other than the
// horizontal tab, which TEXT cannot hold, are dropped, and invalid UTF-8
// becomes U+FFFD.
func escapeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' || c == ';' || c == ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t' || (c >= 0x20 && c != 0x7f):
			b.WriteByte(c) // bytes of a multi-byte rune are all >= 0x80
		}
	}
	return b.String()
}

// writeFolded appends a content line to b, folded as section 3.1 says: a
// line longer than 75 octets is broken by CRLF and a space, so that every
// physical line, the space included, has at most 75 octets, and never
// inside a UTF-8 sequence. line must be valid UTF-8.
func writeFolded(b *strings.Builder, line string) {
	limit := maxLine
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}
