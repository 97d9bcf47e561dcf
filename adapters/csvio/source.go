package csvio

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// source is a file made ready for encoding/csv: decoded to UTF-8, its
// line endings read, its separator chosen. What it found out about the
// file's header lets a failed read say what the file looks like.
type source struct {
	r     io.Reader
	comma rune
	// encoding is what the file was read as: what a bad cell is not
	// valid in.
	encoding string
	// alt is a separator the header holds more often than comma, outside
	// quotes: a hint when the header is not understood. 0 for none.
	alt rune
}

// byte order marks, and what they say the file is.
const (
	bomUTF8    = "\xEF\xBB\xBF"
	bomUTF16LE = "\xFF\xFE"
	bomUTF16BE = "\xFE\xFF"
)

// headerPeek is how much of the file is looked at to find the header's
// line ending and separator: a header longer than this is read with the
// defaults.
const headerPeek = 64 << 10

// separators are the field separators a header is sniffed for, the
// default first.
const separators = ",;\t"

// sepCounts counts each of separators in a header.
type sepCounts [len(separators)]int

// newSource reads r's byte order mark and header line:
//
//   - a UTF-8 byte order mark is skipped; with a UTF-16 one (little- or
//     big-endian) the file is decoded to UTF-8; a file that looks like
//     UTF-16 without one, or like a workbook, is refused, saying so;
//   - a file whose first line ends with a lone CR (Excel's "CSV
//     (Macintosh)") has every CR read as a line feed; LF and CRLF are
//     read as they are by encoding/csv;
//   - comma, when 0, is the separator the header uses: ',' if it holds
//     one outside quotes, or else ';' or a tab if it holds one of them
//     and not the other; ',' otherwise.
//
// The error is an *ImportError.
func newSource(r io.Reader, comma rune) (*source, error) {
	br := bufio.NewReaderSize(r, headerPeek)
	head, _ := br.Peek(8)
	s := &source{encoding: "UTF-8"}
	var in io.Reader = br
	switch {
	case bytes.HasPrefix(head, []byte(bomUTF8)):
		_, _ = br.Discard(len(bomUTF8))
	case bytes.HasPrefix(head, []byte(bomUTF16LE)):
		_, _ = br.Discard(len(bomUTF16LE))
		in, s.encoding = &utf16Reader{r: br, order: binary.LittleEndian}, "UTF-16LE"
	case bytes.HasPrefix(head, []byte(bomUTF16BE)):
		_, _ = br.Discard(len(bomUTF16BE))
		in, s.encoding = &utf16Reader{r: br, order: binary.BigEndian}, "UTF-16BE"
	default:
		if why := notText(head); why != "" {
			return nil, &ImportError{Problems: []*LineError{{Line: 1, Reason: why}}}
		}
	}
	hr := bufio.NewReaderSize(in, headerPeek)
	peek, _ := hr.Peek(headerPeek)
	counts, lone := sniff(peek)
	s.r = hr
	if lone {
		s.r = crReader{hr}
	}
	s.comma = comma
	if comma == 0 {
		s.comma = chooseComma(counts)
	}
	s.alt = alternative(counts, s.comma)
	return s, nil
}

// notText says why a file's first bytes are not a CSV file in UTF-8, or
// returns "".
func notText(head []byte) string {
	switch {
	case len(head) >= 4 && head[0] != 0 && head[1] == 0 && head[2] != 0 && head[3] == 0,
		len(head) >= 4 && head[0] == 0 && head[1] != 0 && head[2] == 0 && head[3] != 0:
		return "the file looks like UTF-16 without a byte order mark: save it as UTF-8"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "the file looks like a workbook (.xlsx), not CSV: save it as CSV UTF-8"
	case bytes.HasPrefix(head, []byte("\xD0\xCF\x11\xE0")):
		return "the file looks like a workbook (.xls), not CSV: save it as CSV UTF-8"
	}
	return ""
}

// sniff counts each separator in the header line, outside quotes, and
// reports whether the line ends with a lone CR.
func sniff(b []byte) (counts sepCounts, lone bool) {
	quoted := false
	for i, c := range b {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			return counts, false
		case c == '\r':
			return counts, i+1 == len(b) || b[i+1] != '\n'
		default:
			if j := strings.IndexByte(separators, c); j >= 0 {
				counts[j]++
			}
		}
	}
	return counts, false
}

// chooseComma picks the separator from the header's counts: ',' if it is
// there, else the only other one there, else ','.
func chooseComma(counts sepCounts) rune {
	found := rune(0)
	for i, sep := range separators {
		switch {
		case counts[i] == 0:
		case i == 0:
			return sep
		case found != 0:
			return ','
		default:
			found = sep
		}
	}
	return cmp.Or(found, ',')
}

// alternative returns the separator other than comma that the header
// holds most often, if more often than comma; else 0.
func alternative(counts sepCounts, comma rune) rune {
	best, most := rune(0), 0
	if i := strings.IndexRune(separators, comma); i >= 0 {
		most = counts[i]
	}
	for i, sep := range separators {
		if sep != comma && counts[i] > most {
			best, most = sep, counts[i]
		}
	}
	return best
}

// hint says what a header that was not understood looks like, or "".
func (s *source) hint() string {
	if s.alt == 0 {
		return ""
	}
	names := map[rune]string{',': "comma", ';': "semicolon", '\t': "tab"}
	return fmt.Sprintf("the header looks %s-separated: set ReadOptions.Comma to %q", names[s.alt], s.alt)
}

// crReader reads every CR as a line feed, for a file whose lines end with
// a lone CR.
type crReader struct{ r io.Reader }

func (c crReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// utf16Reader decodes UTF-16 to UTF-8. A lone surrogate, or an odd last
// byte, becomes the byte 0xFF, which is never UTF-8, so that the cell
// holding it is refused as invalid rather than read with U+FFFD.
type utf16Reader struct {
	r     *bufio.Reader
	order binary.ByteOrder
	buf   []byte // decoded, not yet read
	err   error  // to return once buf is read
}

// invalidByte stands for a code unit that is not UTF-16.
const invalidByte = 0xFF

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.buf) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		u.fill(len(p))
	}
	n := copy(p, u.buf)
	u.buf = u.buf[n:]
	return n, nil
}

// fill decodes about n bytes' worth of code units, or up to an error.
func (u *utf16Reader) fill(n int) {
	out := make([]byte, 0, max(n, utf8.UTFMax))
	for len(out)+utf8.UTFMax <= cap(out) {
		c, err := u.unit()
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				out, err = append(out, invalidByte), io.EOF
			}
			u.err = err
			break
		}
		switch {
		case c >= 0xD800 && c < 0xDC00:
			if next, err := u.r.Peek(2); err == nil {
				if lo := u.order.Uint16(next); lo >= 0xDC00 && lo < 0xE000 {
					_, _ = u.r.Discard(2)
					out = utf8.AppendRune(out, 0x10000+(rune(c)-0xD800)<<10+(rune(lo)-0xDC00))
					continue
				}
			}
			out = append(out, invalidByte)
		case c >= 0xDC00 && c < 0xE000:
			out = append(out, invalidByte)
		default:
			out = utf8.AppendRune(out, rune(c))
		}
	}
	u.buf = out
}

// unit reads one code unit.
func (u *utf16Reader) unit() (uint16, error) {
	var b [2]byte
	if _, err := io.ReadFull(u.r, b[:]); err != nil {
		return 0, err
	}
	return u.order.Uint16(b[:]), nil
}
