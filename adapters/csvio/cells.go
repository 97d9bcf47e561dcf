package csvio

import (
	"encoding"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/cpd"
)

// listSep separates the items of a list cell.
const listSep = ";"

// date reads a date cell: ISO 8601, or dd/mm/yyyy with DayFirst. It
// returns 0 for a blank cell or a problem.
func (r *row) date(f Field) date.Date {
	s := r.cell(f)
	if s == "" {
		return 0
	}
	d, err := parseDate(s, r.dayFirst)
	if err != nil {
		r.fail(f, "%v", err)
	}
	return d
}

// parseDate reads an ISO 8601 day, and with dayFirst a dd/mm/yyyy one.
func parseDate(s string, dayFirst bool) (date.Date, error) {
	layout, want := time.DateOnly, "a date written yyyy-mm-dd"
	if dayFirst {
		want = "a date written yyyy-mm-dd or dd/mm/yyyy"
		if strings.Contains(s, "/") {
			layout = "2/1/2006"
		}
	}
	t, err := time.Parse(layout, s)
	switch {
	case (err != nil || t.Year() < 1000) && serialDay(s):
		return 0, fmt.Errorf("%q is not %s (it looks like a spreadsheet's serial day number: format the column as a date before saving)", s, want)
	case err != nil || t.Year() < 1000:
		return 0, fmt.Errorf("%q is not %s", s, want)
	}
	return date.New(t.Date()), nil
}

// serialDay reports whether s looks like a spreadsheet's serial day
// number (days since 1900 or 1904: five digits for the years 1982 to
// 2173), which a date column holds when it was not formatted as dates.
// It is not read as a date: the two spreadsheet calendars differ by four
// years, and the file does not say which it used.
func serialDay(s string) bool {
	return len(s) == 5 && strings.Trim(s, "0123456789") == ""
}

// decimal reads a plain decimal cell (digits, optionally a point and more
// digits). It reports false for a blank cell or a problem.
func (r *row) decimal(f Field) (decimal.Decimal, bool) {
	s := r.cell(f)
	if s == "" {
		return decimal.Decimal{}, false
	}
	d, err := parseDecimal(s)
	if err != nil {
		r.fail(f, "%v", err)
		return decimal.Decimal{}, false
	}
	return d, true
}

// maxDigits bounds a decimal cell's length: no hours or FTE needs more.
const maxDigits = 18

// parseDecimal reads a non-negative decimal written with digits and at
// most one point, such as 1.5 or 0.25.
func parseDecimal(s string) (decimal.Decimal, error) {
	digits, point := 0, false
	ok := s != "" && s != "." && len(s) <= maxDigits+1
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point:
			point = true
		default:
			ok = false
		}
	}
	if !ok || digits == 0 {
		return decimal.Decimal{}, fmt.Errorf("%q is not a number written like 1.5", s)
	}
	return decimal.RequireFromString(s), nil
}

// enum reads a cell into a cpd enumeration by its stable name, ignoring
// case and reading " " and "-" as "_". It reports false for a blank cell
// or a problem.
func (r *row) enum(f Field, v encoding.TextUnmarshaler) bool {
	s := r.cell(f)
	if s == "" {
		return false
	}
	if err := v.UnmarshalText([]byte(normal(s))); err != nil {
		r.fail(f, "%q is not a %s", s, strings.ReplaceAll(string(f), "_", " "))
		return false
	}
	return true
}

// list reads a ";"-separated cell, trimming each item and dropping empty
// ones; nil for a blank cell.
func (r *row) list(f Field) []string {
	s := r.cell(f)
	if s == "" {
		return nil
	}
	var out []string
	for part := range strings.SplitSeq(s, listSep) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// blamed returns the field a cpd validation error names, and its reason,
// if the file has a field for it.
func blamed(err error) (Field, string, bool) {
	var ve *cpd.ValidationError
	if !errors.As(err, &ve) {
		return "", "", false
	}
	f, ok := fieldOf(ve.Field)
	return f, ve.Reason, ok
}

// ticker reports progress through a callback, about every 0.5% of the
// total and at the end, so that a large file does not call it per row.
type ticker struct {
	fn          func(done, total int)
	done, total int
	next, step  int
}

func newTicker(fn func(done, total int), total int) *ticker {
	t := &ticker{fn: fn, total: total, step: max(1, total/200)}
	t.next = t.step
	if fn != nil {
		fn(0, total)
	}
	return t
}

// add counts n more rows done.
func (t *ticker) add(n int) {
	if t.fn == nil {
		return
	}
	t.done += n
	if t.done >= t.next || t.done == t.total {
		t.fn(t.done, t.total)
		t.next = t.done + t.step
	}
}
