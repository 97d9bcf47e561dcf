package csvio

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/rickb777/date/v2"
)

// WriteOptions tune writing a file. A nil *WriteOptions means the
// defaults: comma-separated, "\n" line ends, no byte order mark, formulas
// defused.
type WriteOptions struct {
	// Raw writes every cell exactly, without the apostrophe that keeps a
	// spreadsheet from running a cell that starts with =, +, -, @, a tab
	// or a carriage return as a formula. Plain numbers are never changed.
	Raw bool
	// BOM starts the file with a UTF-8 byte order mark, which Excel needs
	// to read names with accents correctly.
	BOM bool
	// CRLF ends lines with "\r\n", as RFC 4180 does.
	CRLF bool
	// Comma is the field separator; 0 means ','.
	Comma rune
	// Progress, when set, is called with the rows written and the rows to
	// write, from the goroutine that writes.
	Progress func(done, total int)
}

// writer writes one table.
type writer struct {
	ctx  context.Context
	cw   *csv.Writer
	raw  bool
	tick *ticker
	rows int
}

// newWriter starts a table of total data rows with its header. It stops
// with the context's error when ctx is done.
func newWriter(ctx context.Context, w io.Writer, o *WriteOptions, total int, header []string) (*writer, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if o == nil {
		o = &WriteOptions{}
	}
	if o.BOM {
		if _, err := io.WriteString(w, bomUTF8); err != nil {
			return nil, fmt.Errorf("write: %w", err)
		}
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = o.CRLF
	if o.Comma != 0 {
		cw.Comma = o.Comma
	}
	wr := &writer{ctx: ctx, cw: cw, raw: o.Raw}
	if err := wr.write(header); err != nil {
		return nil, err
	}
	wr.tick = newTicker(o.Progress, total)
	return wr, nil
}

// row writes one data row, checking the context every 1,024 rows.
func (w *writer) row(cells ...string) error {
	if w.rows++; w.rows%1024 == 0 {
		if err := w.ctx.Err(); err != nil {
			return err
		}
	}
	if err := w.write(cells); err != nil {
		return err
	}
	w.tick.add(1)
	return nil
}

func (w *writer) write(cells []string) error {
	if !w.raw {
		for i, c := range cells {
			cells[i] = defused(c)
		}
	}
	if err := w.cw.Write(cells); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

// flush writes out what is buffered.
func (w *writer) flush() error {
	w.cw.Flush()
	if err := w.cw.Error(); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

// defused prefixes an apostrophe to a cell a spreadsheet would read as a
// formula (OWASP's advice on CSV injection); a plain number, such as a
// negative amount, is left alone.
func defused(c string) string {
	if c == "" || !strings.ContainsRune("=+-@\t\r", rune(c[0])) || number(c) {
		return c
	}
	return "'" + c
}

// number reports whether c is a plain decimal number, such as -12.50.
func number(c string) bool {
	c = strings.TrimPrefix(c, "-")
	_, err := parseDecimal(c)
	return err == nil
}

// day writes a date as ISO 8601, or "" when unset.
func day(d date.Date) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

// yesNo writes a flag.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
