package statusrec

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/rickb777/date/v2"
)

// Cell is one cell of a row: a letter, a to z, whose meaning is the
// caller's, and two days, either of which may be the zero date.Date.
//
// A row is written compactly: cells separated by ";", each its letter,
// then the first day and, after a comma, the second, each as a count of
// days since 1 January 1970 (negative before it), or nothing for the zero
// day:
//
//	"c20878,;m,20727;n,"
//
// is three cells: c with its first day 2027-03-01; m with its second day
// 2026-10-01; and n with neither. The empty row has no cells.
type Cell struct {
	Letter byte
	Days   [2]date.Date
}

// ErrCells is the error every malformed row wraps.
var ErrCells = errors.New("malformed cells")

// unixDay is 1 January 1970, from which cells count their days.
const unixDay = date.Date(date.ZeroOffset)

// maxDigits bounds a day's count: nine digits reach far beyond any
// calendar in use.
const maxDigits = 9

// AppendCell appends c to row, the row so far, after a ";" unless row is
// empty. A letter outside a to z, or a day further than maxDigits digits
// from 1970, does not read back: callers keep to them.
func AppendCell(row []byte, c Cell) []byte {
	if len(row) > 0 {
		row = append(row, ';')
	}
	row = append(row, c.Letter)
	row = appendDay(row, c.Days[0])
	row = append(row, ',')
	return appendDay(row, c.Days[1])
}

// appendDay appends d as a count of days since 1 January 1970, or nothing
// for the zero day.
func appendDay(b []byte, d date.Date) []byte {
	if d == 0 {
		return b
	}
	return strconv.AppendInt(b, int64(d-unixDay), 10)
}

// ParseCells reads row, which must hold exactly n cells, calling each with
// every cell's index and value in order; each's error stops it and is
// returned as it is. A row of another count, or with a malformed cell, is
// an error wrapping ErrCells that names the count or the cell, and then
// each may have been called for the cells before. It allocates nothing
// but its errors.
func ParseCells[T string | []byte](row T, n int, each func(i int, c Cell) error) error {
	if len(row) == 0 {
		if n == 0 {
			return nil
		}
		return fmt.Errorf("%w: 0 cells, want %d", ErrCells, n)
	}
	start := 0
	for i := 0; ; i++ {
		end := start
		for end < len(row) && row[end] != ';' {
			end++
		}
		if i >= n {
			return countError(row, n)
		}
		c, ok := parseCell(row[start:end])
		if !ok {
			return fmt.Errorf("%w: cell %d %q is not a letter, days, a comma and days", ErrCells, i, row[start:end])
		}
		if err := each(i, c); err != nil {
			return err
		}
		if end == len(row) {
			if i+1 != n {
				return countError(row, n)
			}
			return nil
		}
		start = end + 1
	}
}

// countError reports a row of other than n cells.
func countError[T string | []byte](row T, n int) error {
	cells := 1
	for i := range len(row) {
		if row[i] == ';' {
			cells++
		}
	}
	return fmt.Errorf("%w: %d cells, want %d", ErrCells, cells, n)
}

// parseCell reads one cell: a letter, days, a comma and days.
func parseCell[T string | []byte](cell T) (Cell, bool) {
	if len(cell) == 0 || cell[0] < 'a' || cell[0] > 'z' {
		return Cell{}, false
	}
	comma := 1
	for comma < len(cell) && cell[comma] != ',' {
		comma++
	}
	if comma == len(cell) {
		return Cell{}, false
	}
	first, ok1 := parseDays(cell[1:comma])
	second, ok2 := parseDays(cell[comma+1:])
	return Cell{Letter: cell[0], Days: [2]date.Date{first, second}}, ok1 && ok2
}

// parseDays reads a count of days since 1 January 1970 (negative before
// it), or "" as the zero day.
func parseDays[T string | []byte](s T) (date.Date, bool) {
	if len(s) == 0 {
		return 0, true
	}
	sign := date.Date(1)
	if s[0] == '-' {
		sign, s = -1, s[1:]
	}
	if len(s) == 0 || len(s) > maxDigits {
		return 0, false
	}
	n, ok := digits(s)
	return unixDay + sign*date.Date(n), ok
}
