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
	Letter        byte
	First, Second date.Date
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
	row = appendDay(row, c.First)
	row = append(row, ',')
	return appendDay(row, c.Second)
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
// but its errors, and reads the row in one pass: an organisation view
// reads one per person.
func ParseCells[T string | []byte](row T, n int, each func(i int, c Cell) error) error {
	if len(row) == 0 {
		if n == 0 {
			return nil
		}
		return fmt.Errorf("%w: 0 cells, want %d", ErrCells, n)
	}
	for i, pos := 0, 0; ; i++ {
		if i >= n {
			return countError(row, n)
		}
		c, end, ok := scanCell(row, pos)
		if !ok {
			end = pos
			for end < len(row) && row[end] != ';' {
				end++
			}
			return fmt.Errorf("%w: cell %d %q is not a letter, days, a comma and days", ErrCells, i, row[pos:end])
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
		pos = end + 1 // past the ";"
	}
}

// scanCell reads the cell at pos: a letter, days, a comma and days, up to
// the ";" after it or the row's end, whose index it returns with the cell
// and whether the cell is well formed.
func scanCell[T string | []byte](row T, pos int) (Cell, int, bool) {
	if pos >= len(row) || row[pos] < 'a' || row[pos] > 'z' {
		return Cell{}, pos, false
	}
	letter := row[pos]
	first, pos, ok1 := scanDays(row, pos+1)
	if !ok1 || pos == len(row) || row[pos] != ',' {
		return Cell{}, pos, false
	}
	second, pos, ok2 := scanDays(row, pos+1)
	if !ok2 || pos < len(row) && row[pos] != ';' {
		return Cell{}, pos, false
	}
	return Cell{Letter: letter, First: first, Second: second}, pos, true
}

// scanDays reads, from pos, a count of days since 1 January 1970
// (negative before it), or nothing as the zero day, and returns the index
// of the byte after it. It refuses a sign without digits, and more than
// maxDigits digits.
func scanDays[T string | []byte](row T, pos int) (date.Date, int, bool) {
	neg := pos < len(row) && row[pos] == '-'
	if neg {
		pos++
	}
	start, n := pos, date.Date(0)
	for ; pos < len(row) && row[pos]-'0' <= 9; pos++ {
		n = n*10 + date.Date(row[pos]-'0')
	}
	switch digits := pos - start; {
	case digits > maxDigits:
		return 0, pos, false
	case digits == 0:
		return 0, pos, !neg
	case neg:
		n = -n
	}
	return unixDay + n, pos, true
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
