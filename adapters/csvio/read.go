package csvio

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// ReadOptions tune reading a file. A nil *ReadOptions means the defaults.
type ReadOptions struct {
	// Columns maps a field to the header of the column that holds it. A
	// field not in the map is read from the column headed with its own
	// name (FieldJobRole from "job_role", or "Job role").
	Columns map[Field]string
	// DayFirst also accepts dates written dd/mm/yyyy, as UK HR exports
	// write them. ISO dates (yyyy-mm-dd) are always accepted.
	DayFirst bool
	// SkipBad returns the good rows and lists the bad ones, instead of
	// failing the whole file. It also makes ImportPeople and
	// ImportCompletions import the rows the Service accepts.
	SkipBad bool
	// BatchSize, with SkipBad, is how many rows ImportPeople and
	// ImportCompletions store per transaction (see cpd.ImportOptions).
	BatchSize int
	// Comma is the field separator; 0 means the one the header uses: ','
	// unless the header holds none, outside quotes, but one ';' or tab
	// separates it.
	Comma rune
	// AllowEmpty accepts a file with a header and no rows, which is
	// otherwise an error (a roster or export that lost its rows, or whose
	// line endings were not read, should not pass for "nothing to do").
	AllowEmpty bool
	// MaxErrors bounds how many problems an *ImportError (or, with
	// SkipBad, Parsed.Rejected) lists; 0 means 100. Reading goes on past
	// it, counting the rest.
	MaxErrors int
	// Progress, when set, is called with the rows done and the rows in
	// the file as they are read, from the goroutine that reads.
	Progress func(done, total int)
}

// Parsed is what a read returns: the rows read, the line each started on,
// and, with SkipBad, the problems of the rows left out.
type Parsed[T any] struct {
	Rows  []T
	Lines []int
	// Rejected are the bad rows' problems, in line order (with SkipBad).
	Rejected []*LineError
	// Omitted counts the problems found beyond ReadOptions.MaxErrors.
	Omitted int

	headers map[Field]string // the file's header for each field
}

// defaultMaxErrors is ReadOptions.MaxErrors's default.
const defaultMaxErrors = 100

// spec is how one field is read: whether a row must give it (unless the
// caller's defaults do).
type spec struct {
	field    Field
	required bool
}

// table is a file's header and data rows, with the column of each field.
type table struct {
	cols    map[Field]int    // the column each field is read from
	headers map[Field]string // the file's header for each field, or the one looked for
	rows    [][]string
	lines   []int
	// encoding is what the file was read as, which a bad cell is not
	// valid in.
	encoding string
}

// problems gathers a read's problems, keeping at most max.
type problems struct {
	list    []*LineError
	max     int
	omitted int
}

func (p *problems) add(e *LineError) {
	if len(p.list) < p.max {
		p.list = append(p.list, e)
		return
	}
	p.omitted++
}

func (p *problems) empty() bool { return len(p.list) == 0 && p.omitted == 0 }

func (p *problems) err() error { return &ImportError{Problems: p.list, Omitted: p.omitted} }

// readTable reads the header and every data row, and finds each field's
// column. A problem with the header, or a file that is not CSV, fails the
// whole read. Rows with the wrong number of cells are problems of their
// own, and are left out.
func readTable(ctx context.Context, r io.Reader, o *ReadOptions, specs []spec, defaulted func(Field) bool, probs *problems) (*table, error) {
	src, err := newSource(r, o.Comma)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(src.r)
	cr.Comma = src.comma
	header, err := cr.Read()
	switch {
	case errors.Is(err, io.EOF):
		return nil, &ImportError{Problems: []*LineError{{Line: 1, Reason: "the file is empty: there is no header"}}}
	case err != nil:
		return nil, &ImportError{Problems: []*LineError{syntaxError(err)}}
	}
	t := &table{cols: make(map[Field]int), headers: make(map[Field]string), encoding: src.encoding}
	if err := t.findColumns(header, o.Columns, specs, defaulted); err != nil {
		if hint := src.hint(); hint != "" {
			err.Problems = append([]*LineError{{Line: 1, Reason: hint}}, err.Problems...)
		}
		return nil, err
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) && len(t.rows) == 0 && probs.empty() && !o.AllowEmpty {
			return nil, &ImportError{Problems: []*LineError{{Line: 2, Reason: "the file has a header but no rows (ReadOptions.AllowEmpty accepts that)"}}}
		}
		if errors.Is(err, io.EOF) {
			return t, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
			probs.add(&LineError{Line: pe.StartLine, Reason: fmt.Sprintf("has %d cells, but the header has %d", len(rec), len(header))})
			continue
		}
		if err != nil {
			return nil, &ImportError{Problems: append(slices.Clip(probs.list), syntaxError(err)), Omitted: probs.omitted}
		}
		if blank(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		t.rows, t.lines = append(t.rows, rec), append(t.lines, line)
	}
}

// syntaxError turns a csv error into a LineError.
func syntaxError(err error) *LineError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &LineError{Line: pe.Line, Reason: fmt.Sprintf("is not valid CSV: %v (at character %d)", pe.Err, pe.Column)}
	}
	return &LineError{Line: 1, Reason: fmt.Sprintf("cannot be read: %v", err)}
}

// blank reports whether every cell of a row is empty or space.
func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// findColumns finds each field's column by its header. A header the
// caller named that is missing, a required field with no column and no
// default, or a header that appears twice, is a problem of line 1.
func (t *table) findColumns(header []string, names map[Field]string, specs []spec, defaulted func(Field) bool) *ImportError {
	at := make(map[string][]int, len(header))
	for i, h := range header {
		at[normal(h)] = append(at[normal(h)], i)
	}
	var errs []*LineError
	for _, s := range specs {
		want, named := names[s.field]
		if !named {
			want = string(s.field)
		}
		t.headers[s.field] = want
		switch cols := at[normal(want)]; {
		case len(cols) > 1:
			errs = append(errs, &LineError{Line: 1, Column: want,
				Reason: fmt.Sprintf("appears %d times (columns %s)", len(cols), columnList(cols))})
		case len(cols) == 1:
			t.cols[s.field] = cols[0]
			t.headers[s.field] = strings.TrimSpace(header[cols[0]])
		case named:
			errs = append(errs, &LineError{Line: 1, Column: want, Reason: fmt.Sprintf("is not a header of the file (it should hold %s)", s.field)})
		case s.required && !defaulted(s.field):
			errs = append(errs, &LineError{Line: 1, Column: want, Reason: fmt.Sprintf("is missing: %s is required and has no default", s.field)})
		}
	}
	for f := range names {
		if !slices.ContainsFunc(specs, func(s spec) bool { return s.field == f }) {
			errs = append(errs, &LineError{Line: 1, Column: names[f], Reason: fmt.Sprintf("is mapped from %q, which is not a field of this file", f)})
		}
	}
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b *LineError) int { return strings.Compare(a.Column, b.Column) })
		return &ImportError{Problems: errs}
	}
	return nil
}

// columnList writes column indexes counting from 1: "2 and 5".
func columnList(cols []int) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = fmt.Sprint(c + 1)
	}
	return strings.Join(parts, " and ")
}

// row reads the cells of one data row, gathering its problems.
type row struct {
	t        *table
	cells    []string
	line     int
	dayFirst bool
	errs     []*LineError
}

// cell returns a field's trimmed text, "" when the file has no column for
// it. Invalid UTF-8 (or UTF-16, in such a file) is a problem, and reads
// as "".
func (r *row) cell(f Field) string {
	i, ok := r.t.cols[f]
	if !ok {
		return ""
	}
	s := strings.TrimSpace(r.cells[i])
	if !utf8.ValidString(s) {
		r.fail(f, "is not valid %s", r.t.encoding)
		return ""
	}
	return s
}

// fail records a problem with a field's cell.
func (r *row) fail(f Field, format string, a ...any) {
	r.errs = append(r.errs, &LineError{Line: r.line, Column: r.t.headers[f], Reason: fmt.Sprintf(format, a...)})
}

// read converts every row with convert, all or nothing unless SkipBad,
// reporting progress.
func read[T any](ctx context.Context, r io.Reader, o *ReadOptions, specs []spec, defaulted func(Field) bool,
	convert func(*row) (T, bool)) (Parsed[T], error) {
	if o == nil {
		o = &ReadOptions{}
	}
	probs := &problems{max: o.MaxErrors}
	if probs.max <= 0 {
		probs.max = defaultMaxErrors
	}
	t, err := readTable(ctx, r, o, specs, defaulted, probs)
	if err != nil {
		return Parsed[T]{}, err
	}
	out := Parsed[T]{headers: t.headers, Rows: make([]T, 0, len(t.rows)), Lines: make([]int, 0, len(t.rows))}
	tick := newTicker(o.Progress, len(t.rows))
	rw := &row{t: t, dayFirst: o.DayFirst} // reused: one row at a time
	for i, cells := range t.rows {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return Parsed[T]{}, err
			}
		}
		rw.cells, rw.line, rw.errs = cells, t.lines[i], rw.errs[:0]
		v, ok := convert(rw)
		for _, e := range rw.errs {
			probs.add(e)
		}
		if ok && len(rw.errs) == 0 {
			out.Rows, out.Lines = append(out.Rows, v), append(out.Lines, rw.line)
		}
		tick.add(1)
	}
	if probs.empty() {
		return out, nil
	}
	slices.SortStableFunc(probs.list, func(a, b *LineError) int { return a.Line - b.Line })
	if !o.SkipBad {
		return Parsed[T]{headers: t.headers}, probs.err()
	}
	out.Rejected, out.Omitted = probs.list, probs.omitted
	return out, nil
}
