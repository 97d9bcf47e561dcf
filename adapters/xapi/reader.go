package xapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"github.com/cpdkit/cpdkit/internal/jsonscan"
)

// errTooLong says that a statement does not fit the window's bound; the
// reader skips it and reports it as a bad statement.
var errTooLong = errors.New("xapi: statement too long")

// The window's first size, and the default bound on one statement.
const (
	windowSize       = 64 << 10
	maxStatementSize = 1 << 20
)

// reader streams one document through a window of its bytes: buf[start:end]
// is what has been read and not yet consumed, and base is the document
// offset of buf[0].
type reader struct {
	ctx   context.Context
	src   io.Reader
	buf   []byte
	start int
	end   int
	base  int64
	eof   bool
	max   int  // the most bytes one value may take
	long  bool // a value longer than max is errTooLong, for the caller to skip
	page  int

	progress func(done, total int64)
	total    int64

	p parser // reads each value, on the window
}

// newReader returns a reader for one page of an import.
func newReader(ctx context.Context, src io.Reader, page int, opts *Options) *reader {
	r := &reader{ctx: ctx, src: src, page: page, max: maxStatementSize, total: -1}
	if opts.MaxStatementSize > 0 {
		r.max = opts.MaxStatementSize
	}
	r.buf = make([]byte, min(windowSize, r.max+1))
	if opts.Progress != nil {
		r.progress = opts.Progress
		r.total = sizeOf(src, opts.Size)
	}
	return r
}

// sizeOf returns the size of the input when it can be known, or -1.
func sizeOf(src io.Reader, given int64) int64 {
	if given > 0 {
		return given
	}
	switch v := src.(type) {
	case interface{ Len() int }:
		return int64(v.Len())
	case *os.File:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size()
		}
	}
	return -1
}

// step runs read on the window from the first unconsumed byte that is not
// white space, reading more and running it again while it needs more,
// and then consumes what it read. Every step starts where JSON allows
// white space, so it is consumed first, as it is read: white space is
// not a value, and any amount of it fits the window. Malformed JSON
// becomes a *SyntaxError at its document offset; a value longer than the
// bound is errTooLong when r.long allows it, and a *SyntaxError
// otherwise.
func (r *reader) step(read func(p *parser) error) error {
	if err := r.skipSpace(); err != nil {
		return err
	}
	for {
		r.p.B, r.p.I, r.p.EOF = r.buf[r.start:r.end], 0, r.eof
		err := read(&r.p)
		if err == nil {
			r.start += r.p.I
			return nil
		}
		if se, ok := err.(*jsonscan.Error); ok {
			return &SyntaxError{Page: r.page, Offset: r.base + int64(r.start+se.At), Reason: se.Reason}
		}
		if err != jsonscan.ErrMore {
			return err
		}
		if err := r.fill(); err != nil {
			return err
		}
	}
}

// fill moves the unconsumed bytes to the front of the window and reads
// more after them, growing the window when a value fills it.
func (r *reader) fill() error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	if r.start > 0 {
		copy(r.buf, r.buf[r.start:r.end])
		r.base += int64(r.start)
		r.end -= r.start
		r.start = 0
	}
	if r.end == len(r.buf) {
		if len(r.buf) > r.max {
			if r.long {
				return errTooLong
			}
			return &SyntaxError{Page: r.page, Offset: r.base, Reason: fmt.Sprintf("a value here is longer than %d bytes (Options.MaxStatementSize)", r.max)}
		}
		grown := make([]byte, min(2*len(r.buf), r.max+1))
		copy(grown, r.buf[:r.end])
		r.buf = grown
	}
	for {
		n, err := r.src.Read(r.buf[r.end:])
		r.end += n
		switch {
		case err == io.EOF:
			r.eof = true
		case err != nil:
			return fmt.Errorf("read page %d: %w", r.page, err)
		}
		if n > 0 || r.eof {
			r.report(false)
			return nil
		}
	}
}

// report tells the progress callback how far the document has been read;
// at the end, an unknown total becomes the bytes read.
func (r *reader) report(done bool) {
	if r.progress == nil {
		return
	}
	read, total := r.base+int64(r.end), r.total
	if done && total < 0 {
		total = read
	}
	r.progress(read, total)
}

// document reads a whole document, an array of statements, a
// StatementResult object or a single statement, calling each with every
// statement read (in r.p.r), and returns the more link. A UTF-8
// byte-order mark is skipped; anything else that is not JSON is named
// (an HTML page, UTF-16 text, a line of plain text) so that a person can
// tell what they were given.
func (r *reader) document(each func(index int) error) (more string, err error) {
	if err := r.skipBOM(); err != nil {
		return "", err
	}
	if head := r.buf[r.start:r.end]; isUTF16(head) {
		return "", &SyntaxError{Page: r.page, Offset: 0, Reason: r.notJSON("")}
	}
	var c byte
	if err := r.step(func(p *parser) (err error) {
		if c, err = p.WS(); err != nil && p.EOF {
			return p.Fail("the document is empty: no statements, not even []")
		}
		return err
	}); err != nil {
		return "", err
	}
	switch c {
	case '[':
		err = r.statements(each)
	case '{':
		var bare bool
		if bare, err = r.bareStatement(); err == nil && bare {
			err = r.statement(0, each)
		} else if err == nil {
			more, err = r.statementResult(each)
		}
	default:
		err = r.notDocument(c)
	}
	if err != nil {
		return "", err
	}
	err = r.step(func(p *parser) error {
		if c, err := p.WS(); err == nil {
			return p.Fail("invalid character %q after the document", c)
		}
		if !p.EOF {
			return jsonscan.ErrMore
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	r.report(true)
	return more, nil
}

// skipBOM consumes a UTF-8 byte-order mark at the start of the document.
func (r *reader) skipBOM() error {
	const bom = "\xef\xbb\xbf"
	for r.end < len(bom) && !r.eof {
		if err := r.fill(); err != nil {
			return err
		}
	}
	if bytes.HasPrefix(r.buf[r.start:r.end], []byte(bom)) {
		r.start += len(bom)
	}
	return nil
}

// notDocument reports a document that starts with c, which is neither '['
// nor '{': a JSON scalar, or not JSON at all.
func (r *reader) notDocument(c byte) error {
	return r.step(func(p *parser) error {
		err := p.Scalar(c)
		if err == jsonscan.ErrMore {
			return err
		}
		_, wsErr := p.WS()
		if err == nil && wsErr == jsonscan.ErrMore {
			return jsonscan.ErrMore
		}
		if err == nil && wsErr != nil && p.EOF {
			p.I = 0
			return p.Fail("the document is a JSON %s, want an array of statements or a StatementResult object", jsonscan.Kind(c))
		}
		p.I = 0
		return p.Fail("%s", r.notJSON(""))
	})
}

// notJSON describes a document that is not JSON by how it starts, or
// returns reason when the start says nothing more.
func (r *reader) notJSON(reason string) string {
	head := r.buf[r.start:r.end]
	head = head[:min(len(head), 200)]
	switch {
	case isUTF16(head):
		return "the document is UTF-16 text, not UTF-8: save or export it as UTF-8"
	case len(head) > 0 && head[0] == '<':
		return "not JSON: it starts with '<', so it is an HTML page or XML (an error page from the LRS or a proxy, or a login page?): " + quote(title(head))
	case len(head) > 0 && head[0] > ' ' && head[0] != '[' && head[0] != '{':
		return "not JSON: it starts " + quote(firstLine(head)) + " (an error message from the server?)"
	}
	return reason
}

// title returns the title of an HTML page that starts with head, or its
// first line when it has none there.
func title(head []byte) []byte {
	if i := indexASCIIFold(head, "<title>"); i >= 0 {
		rest := head[i+len("<title>"):]
		if j := indexASCIIFold(rest, "</title>"); j >= 0 {
			return firstLine(bytes.TrimSpace(rest[:j]))
		}
	}
	return firstLine(head)
}

// indexASCIIFold returns the index of the first instance of sub, which is
// ASCII, in b, regardless of ASCII case, or -1.
func indexASCIIFold(b []byte, sub string) int {
	for i := 0; i+len(sub) <= len(b); i++ {
		if bytes.EqualFold(b[i:i+len(sub)], []byte(sub)) {
			return i
		}
	}
	return -1
}

// isUTF16 reports whether a document that starts with head is UTF-16: it
// has a UTF-16 byte-order mark, or one of its first two bytes is zero, as
// an ASCII character is in UTF-16 and never in UTF-8 JSON.
func isUTF16(head []byte) bool {
	return bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff")) ||
		len(head) >= 2 && (head[0] == 0) != (head[1] == 0)
}

// firstLine returns b up to its first line break, at most 60 bytes and
// whole UTF-8 characters.
func firstLine(b []byte) []byte {
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		b = b[:i]
	}
	if len(b) > 60 {
		b = b[:60]
		for len(b) > 0 && !utf8.Valid(b) {
			b = b[:len(b)-1]
		}
	}
	return b
}

// statementKeys are the members of a statement (xAPI 1.0.3 §2.2), by
// which an object is told from a StatementResult, whose members are
// statements and more.
var statementKeys = map[string]bool{
	"id": true, "actor": true, "verb": true, "object": true, "result": true, "context": true,
	"timestamp": true, "stored": true, "authority": true, "version": true, "attachments": true,
}

// bareStatement reports whether the object at the start of the window
// (whose first byte is '{') is a statement rather than a StatementResult:
// its first member is one of a statement's. It consumes nothing.
func (r *reader) bareStatement() (bool, error) {
	var bare bool
	err := r.step(func(p *parser) error {
		p.I++
		c, err := p.WS()
		if err != nil {
			return err
		}
		if c == '"' {
			k, err := p.Str()
			if err != nil {
				return err
			}
			bare = statementKeys[string(k)]
		}
		p.I = 0
		return nil
	})
	return bare, err
}

// statement reads statement i: it calls each with it, or with a bad
// statement when it is longer than the bound, which it skips.
func (r *reader) statement(i int, each func(index int) error) error {
	r.long = true
	err := r.step(func(p *parser) error { return p.statement() })
	r.long = false
	if err == errTooLong {
		at := r.base + int64(r.start)
		if err := r.skipLong(); err != nil {
			return err
		}
		r.p.r = raw{badReason: fmt.Sprintf("is longer than %d bytes (Options.MaxStatementSize); it starts at offset %d", r.max, at)}
		err = nil
	}
	if err != nil {
		return err
	}
	return each(i)
}

// skipLong consumes a value too long for the window, which starts at
// r.start, reading it as it goes and keeping none of it. It follows only
// what finds the value's end: strings (their escapes, and no control
// characters in them) and the nesting of objects and arrays; the
// statement is rejected whatever else is in it.
func (r *reader) skipLong() error {
	depth := 0
	inString, escaped, scalar := false, false, false
	for {
		for ; r.start < r.end; r.start++ {
			c := r.buf[r.start]
			switch {
			case inString && escaped:
				escaped = false
			case inString && c == '\\':
				escaped = true
			case inString && c == '"':
				inString = false
				if depth == 0 {
					r.start++
					return nil
				}
			case inString && c < 0x20:
				return &SyntaxError{Page: r.page, Offset: r.base + int64(r.start), Reason: fmt.Sprintf("invalid character %q in string literal", c)}
			case inString:
			case scalar && (c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r'):
				return nil
			case c == '"':
				inString = true
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				depth--
				if depth == 0 {
					r.start++
					return nil
				}
			case depth == 0:
				scalar = true
			}
		}
		if r.eof {
			return &SyntaxError{Page: r.page, Offset: r.base + int64(r.start), Reason: "unexpected end of JSON input"}
		}
		if err := r.fill(); err != nil {
			return err
		}
	}
}

// skipSpace consumes white space from r.start, reading more as needed.
func (r *reader) skipSpace() error {
	for {
		for r.start < r.end {
			switch r.buf[r.start] {
			case ' ', '\t', '\n', '\r':
				r.start++
				continue
			}
			return nil
		}
		if r.eof {
			return nil
		}
		if err := r.fill(); err != nil {
			return err
		}
	}
}

// statements reads an array of statements; the next byte is '['.
func (r *reader) statements(each func(index int) error) error {
	r.p.Outer++ // the statements are in the array, for the scanner's depth
	defer func() { r.p.Outer-- }()
	var c byte
	next := func(p *parser) (err error) {
		c, err = p.WS()
		if err == nil && (c == ']' || c == ',') {
			p.I++
		}
		return err
	}
	r.start++ // '['
	if err := r.step(func(p *parser) (err error) { c, err = p.WS(); return err }); err != nil {
		return err
	}
	if c == ']' {
		r.start += 1
		return nil
	}
	for i := 0; ; i++ {
		if err := r.statement(i, each); err != nil {
			return err
		}
		if err := r.step(next); err != nil {
			return err
		}
		switch c {
		case ']':
			return nil
		case ',':
		default:
			return r.step(func(p *parser) error { return p.AfterValue(c, ']') })
		}
	}
}

// statementResult reads a StatementResult object, {"statements": [...],
// "more": "..."}; the next byte is '{'. Other members are skipped.
func (r *reader) statementResult(each func(index int) error) (more string, err error) {
	r.p.Outer++ // its members are in the object, for the scanner's depth
	defer func() { r.p.Outer-- }()
	var c byte
	var key string
	r.start++ // '{'
	seen, end := false, false
	for first := true; ; first = false {
		err := r.step(func(p *parser) error {
			var err error
			if c, err = p.WS(); err != nil {
				return err
			}
			if end = c == '}'; end {
				return nil
			}
			if !first {
				if c != ',' {
					return p.AfterValue(c, '}')
				}
				p.I++
				if c, err = p.WS(); err != nil {
					return err
				}
			}
			if c != '"' {
				return p.Fail("invalid character %q looking for beginning of object key string", c)
			}
			k, err := p.Str()
			if err != nil {
				return err
			}
			key = string(k)
			if err := p.Colon(); err != nil {
				return err
			}
			c, err = p.WS()
			return err
		})
		if err != nil {
			return "", err
		}
		if end {
			r.start++
			break
		}
		switch {
		case key == "statements" && !seen && c == '[':
			seen = true
			err = r.statements(each)
		case key == "statements":
			err = r.step(func(p *parser) error {
				if seen {
					return p.Fail("the StatementResult has statements twice")
				}
				return p.Fail("statements is a JSON %s, want an array", jsonscan.Kind(c))
			})
		case key == "more":
			err = r.step(func(p *parser) error {
				switch c {
				case '"':
					v, err := p.Str()
					more = utf8String(v)
					return err
				case 'n':
					return p.Literal("null")
				}
				return p.Fail("more is a JSON %s, want a string", jsonscan.Kind(c))
			})
		default:
			err = r.step(func(p *parser) error { return p.Skip() })
		}
		if err != nil {
			return "", err
		}
	}
	if !seen {
		return "", &SyntaxError{Page: r.page, Offset: r.base + int64(r.start), Reason: "the StatementResult object has no statements"}
	}
	return more, nil
}
