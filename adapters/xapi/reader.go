package xapi

import (
	"context"
	"fmt"
	"io"
	"os"
)

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
	max   int // the most bytes one value may take
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

// step runs read on the window from the first unconsumed byte, reading
// more and running it again while it needs more, and then consumes what
// it read. Malformed JSON becomes a *SyntaxError at its document offset.
func (r *reader) step(read func(p *parser) error) error {
	for {
		r.p.scan.b, r.p.scan.i, r.p.scan.eof = r.buf[r.start:r.end], 0, r.eof
		err := read(&r.p)
		if err == nil {
			r.start += r.p.scan.i
			return nil
		}
		if se, ok := err.(*scanError); ok {
			return &SyntaxError{Page: r.page, Offset: r.base + int64(r.start+se.at), Reason: se.reason}
		}
		if err != errMore {
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

// document reads a whole document, an array of statements or a
// StatementResult object, calling each with every statement read (in
// r.p.r), and returns the more link.
func (r *reader) document(each func(index int) error) (more string, err error) {
	var c byte
	if err := r.step(func(p *parser) (err error) { c, err = p.ws(); return err }); err != nil {
		return "", err
	}
	switch c {
	case '[':
		err = r.statements(each)
	case '{':
		more, err = r.statementResult(each)
	default:
		err = r.step(func(p *parser) error {
			return p.fail("the document is a JSON %s, want an array of statements or a StatementResult object", kind(c))
		})
	}
	if err != nil {
		return "", err
	}
	err = r.step(func(p *parser) error {
		if c, err := p.ws(); err == nil {
			return p.fail("invalid character %q after the document", c)
		}
		if !p.eof {
			return errMore
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	r.report(true)
	return more, nil
}

// statements reads an array of statements; the next byte is '['.
func (r *reader) statements(each func(index int) error) error {
	var c byte
	next := func(p *parser) (err error) {
		c, err = p.ws()
		if err == nil && (c == ']' || c == ',') {
			p.i++
		}
		return err
	}
	r.start++ // '['
	if err := r.step(func(p *parser) (err error) { c, err = p.ws(); return err }); err != nil {
		return err
	}
	if c == ']' {
		r.start += 1
		return nil
	}
	for i := 0; ; i++ {
		if err := r.step(func(p *parser) error { return p.statement() }); err != nil {
			return err
		}
		if err := each(i); err != nil {
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
			return r.step(func(p *parser) error { return p.afterValue(c, ']') })
		}
	}
}

// statementResult reads a StatementResult object, {"statements": [...],
// "more": "..."}; the next byte is '{'. Other members are skipped.
func (r *reader) statementResult(each func(index int) error) (more string, err error) {
	var c byte
	var key string
	r.start++ // '{'
	seen, end := false, false
	for first := true; ; first = false {
		err := r.step(func(p *parser) error {
			var err error
			if c, err = p.ws(); err != nil {
				return err
			}
			if end = c == '}'; end {
				return nil
			}
			if !first {
				if c != ',' {
					return p.afterValue(c, '}')
				}
				p.i++
				if c, err = p.ws(); err != nil {
					return err
				}
			}
			if c != '"' {
				return p.fail("invalid character %q looking for beginning of object key string", c)
			}
			k, err := p.str()
			if err != nil {
				return err
			}
			key = string(k)
			if err := p.colon(); err != nil {
				return err
			}
			c, err = p.ws()
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
					return p.fail("the StatementResult has statements twice")
				}
				return p.fail("statements is a JSON %s, want an array", kind(c))
			})
		case key == "more":
			err = r.step(func(p *parser) error {
				switch c {
				case '"':
					v, err := p.str()
					more = string(v)
					return err
				case 'n':
					return p.literal("null")
				}
				return p.fail("more is a JSON %s, want a string", kind(c))
			})
		default:
			err = r.step(func(p *parser) error { return p.skip() })
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
