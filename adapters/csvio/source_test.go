package csvio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/shopspring/decimal"
)

// FuzzSource reads arbitrary files through newSource: no panic; a refusal
// is an *ImportError; a UTF-16 file decodes as unicode/utf16 does, each
// unit that is not UTF-16 standing for one 0xFF byte; any other file
// reads back as it was, without its UTF-8 byte order mark, with CR read
// as LF when its first line ends with a lone CR; and the separator is one
// the header holds, or ','.
func FuzzSource(f *testing.F) {
	f.Add([]byte("id,name\r\np1,One\r\n"), uint8(0))
	f.Add([]byte("id;name\rp1;One\r"), uint8(0))
	f.Add([]byte(bomUTF8+"\"a;b\"\tc\n"), uint8(0))
	f.Add([]byte(bomUTF16LE+"i\x00d\x00\t\x00n\x00\r\x00\n\x00\x00\xd8"), uint8(0))
	f.Add([]byte(bomUTF16BE+"\x00i\x00d\xd8\x3d\xde\x00\x00"), uint8(';'))
	f.Add([]byte("i\x00d\x00,\x00"), uint8(0))
	f.Add([]byte("PK\x03\x04"), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, comma uint8) {
		c := rune(comma) % 64
		src, err := newSource(bytes.NewReader(data), c)
		if err != nil {
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *ImportError", err)
			}
			return
		}
		got, err := io.ReadAll(src.r)
		if err != nil {
			t.Fatal(err)
		}
		if src.encoding != "UTF-8" {
			got = decoded(got)
		}
		if want := sourceWant(data); !bytes.Equal(got, want) {
			t.Fatalf("read %q from %q, want %q", got, data, want)
		}
		switch {
		case c != 0 && src.comma != c:
			t.Fatalf("comma %q, want the caller's %q", src.comma, c)
		case c == 0 && src.comma != ',' && !bytes.ContainsRune(got, src.comma):
			t.Fatalf("comma %q, which the file does not hold", src.comma)
		}
	})
}

// sourceWant is what newSource should read from data, with U+FFFD for
// each UTF-16 unit that is not UTF-16.
func sourceWant(data []byte) []byte {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(data, []byte(bomUTF8)):
		data = data[len(bomUTF8):]
	case bytes.HasPrefix(data, []byte(bomUTF16LE)):
		order = binary.LittleEndian
	case bytes.HasPrefix(data, []byte(bomUTF16BE)):
		order = binary.BigEndian
	}
	if order != nil {
		data = data[2:]
		units := make([]uint16, len(data)/2)
		for i := range units {
			units[i] = order.Uint16(data[2*i:])
		}
		text := string(utf16.Decode(units))
		if len(data)%2 == 1 {
			text += "\uFFFD"
		}
		data = []byte(text)
	}
	if _, lone := sniff(data[:min(len(data), headerPeek)]); lone {
		return bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	return data
}

// decoded turns each 0xFF byte of b (never UTF-8) into U+FFFD, for
// comparing with unicode/utf16.
func decoded(b []byte) []byte { return bytes.ReplaceAll(b, []byte{invalidByte}, []byte("\uFFFD")) }

// FuzzCells reads arbitrary date and number cells: no panic; a date read
// is the date the cell writes (yyyy-mm-dd back to the same text, or
// d/m/yyyy to the same day); a number read is the number written.
func FuzzCells(f *testing.F) {
	for _, s := range []string{"2026-09-01", "1/9/2026", "01/09/2026", "31/02/2026", "46266", "0999-01-01", "1.5", ".5", "5.", "0.25", "1e3", "-1", "", "１"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, dayFirst bool) {
		if d, err := parseDate(s, dayFirst); err == nil {
			switch {
			case !strings.Contains(s, "/") && d.String() != s:
				t.Fatalf("%q read as %s", s, d)
			case strings.Contains(s, "/") && (!dayFirst || d.Day() != atoi(t, strings.Split(s, "/")[0])):
				t.Fatalf("%q read as %s (dayFirst %t)", s, d, dayFirst)
			}
		} else if !strings.Contains(err.Error(), "is not a date") {
			t.Fatalf("error %v does not say what is wrong", err)
		}
		if n, err := parseDecimal(s); err == nil {
			want, perr := decimal.NewFromString(s)
			if perr != nil || !n.Equal(want) || n.IsNegative() {
				t.Fatalf("%q read as %s", s, n)
			}
		}
	})
}

// atoi reads a day of the month that parseDate accepted.
func atoi(t *testing.T, s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("day %q is not digits", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}
