package xapi

import (
	"math"
	"time"

	"github.com/rickb777/date/v2"
)

// instant is a moment, to order statements: seconds since 1970 UTC and
// nanoseconds.
type instant struct {
	sec  int64
	nsec int32
}

// before reports whether a is earlier than b.
func (a instant) before(b instant) bool {
	return a.sec < b.sec || a.sec == b.sec && a.nsec < b.nsec
}

// calendar turns timestamps into moments and calendar days in the
// organisation's time zone. It remembers the zone periods (GMT, BST, …)
// it has looked up, so that most timestamps cost a little arithmetic.
type calendar struct {
	loc     *time.Location
	periods [16]zonePeriod
	n, next int
}

// zonePeriod is a span of time, [start, end) in Unix seconds, with one
// offset from UTC in seconds.
type zonePeriod struct {
	start, end, offset int64
}

// offset returns loc's offset from UTC at the moment sec.
func (c *calendar) offset(sec int64) int64 {
	for i := range c.n {
		if p := &c.periods[i]; p.start <= sec && sec < p.end {
			return p.offset
		}
	}
	t := time.Unix(sec, 0).In(c.loc)
	_, off := t.Zone()
	from, to := t.ZoneBounds()
	p := zonePeriod{start: math.MinInt64, end: math.MaxInt64, offset: int64(off)}
	if !from.IsZero() {
		p.start = from.Unix()
	}
	if !to.IsZero() {
		p.end = to.Unix()
	}
	c.periods[c.next] = p
	c.next = (c.next + 1) % len(c.periods)
	if c.n < len(c.periods) {
		c.n++
	}
	return p.offset
}

// parse reads an ISO 8601 timestamp, YYYY-MM-DDThh:mm[:ss[.f]] with a
// zone of Z, ±hh:mm, ±hhmm or ±hh, and returns the moment and the
// calendar day it falls on in the organisation's zone. A timestamp without
// a zone is a wall time there, so its day is the day it names. ok is
// false when b is not such a timestamp or names a day or time that does
// not exist.
func (c *calendar) parse(b []byte) (at instant, day date.Date, ok bool) {
	if len(b) < 16 || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != 't') || b[13] != ':' {
		return instant{}, 0, false
	}
	year, ok1 := atoi(b[0:4])
	month, ok2 := atoi(b[5:7])
	dd, ok3 := atoi(b[8:10])
	hh, ok4 := atoi(b[11:13])
	mm, ok5 := atoi(b[14:16])
	if !(ok1 && ok2 && ok3 && ok4 && ok5) || month < 1 || month > 12 || dd < 1 || dd > daysIn(year, month) || hh > 23 || mm > 59 {
		return instant{}, 0, false
	}
	rest := b[16:]
	ss, ns := 0, 0
	if len(rest) > 0 && rest[0] == ':' {
		var ok bool
		if ss, ns, rest, ok = seconds(rest[1:]); !ok {
			return instant{}, 0, false
		}
	}
	days := daysFromCivil(year, month, dd)
	if len(rest) == 0 {
		t := time.Date(year, time.Month(month), dd, hh, mm, ss, ns, c.loc)
		return instant{t.Unix(), int32(t.Nanosecond())}, date.ZeroOffset + date.Date(days), true
	}
	offset, ok := zone(rest)
	if !ok {
		return instant{}, 0, false
	}
	sec := days*secondsPerDay + int64(hh*3600+mm*60+ss) - int64(offset)
	local := sec + c.offset(sec)
	return instant{sec, int32(ns)}, date.ZeroOffset + date.Date(floorDiv(local, secondsPerDay)), true
}

// secondsPerDay is the length of a calendar day in seconds, leap seconds
// aside, as Unix time has it.
const secondsPerDay = 86400

// daysFromCivil returns the number of days from 1970-01-01 to the given
// day of the proleptic Gregorian calendar.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400                     // [0, 399]
	doy := (153*((m+9)%12)+2)/5 + d - 1    // [0, 365], from 1 March
	doe := yoe*365 + yoe/4 - yoe/100 + doy // [0, 146096]
	return int64(era)*146097 + int64(doe) - 719468
}

// floorDiv divides, rounding towards minus infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// seconds reads ss[.fraction] (at most nine fraction digits count; more
// are allowed and ignored) and returns what follows.
func seconds(b []byte) (ss, ns int, rest []byte, ok bool) {
	if len(b) < 2 {
		return 0, 0, nil, false
	}
	ss, ok = atoi(b[:2])
	if !ok || ss > 60 { // 60: a leap second, which time.Date carries over
		return 0, 0, nil, false
	}
	b = b[2:]
	if len(b) == 0 || (b[0] != '.' && b[0] != ',') {
		return ss, 0, b, true
	}
	i := 1
	for scale := 100_000_000; i < len(b) && '0' <= b[i] && b[i] <= '9'; i++ {
		ns += int(b[i]-'0') * scale
		scale /= 10
	}
	if i == 1 {
		return 0, 0, nil, false
	}
	return ss, ns, b[i:], true
}

// zone reads Z, ±hh:mm, ±hhmm or ±hh and returns the offset east of UTC
// in seconds.
func zone(b []byte) (int, bool) {
	if len(b) == 1 && (b[0] == 'Z' || b[0] == 'z') {
		return 0, true
	}
	if len(b) < 3 || (b[0] != '+' && b[0] != '-') {
		return 0, false
	}
	hh, ok := atoi(b[1:3])
	mm := 0
	switch {
	case len(b) == 3:
	case len(b) == 6 && b[3] == ':':
		mm, ok = atoiAnd(ok, b[4:6])
	case len(b) == 5:
		mm, ok = atoiAnd(ok, b[3:5])
	default:
		return 0, false
	}
	if !ok || hh > 23 || mm > 59 {
		return 0, false
	}
	off := hh*3600 + mm*60
	if b[0] == '-' {
		off = -off
	}
	return off, true
}

// atoi reads a run of ASCII digits.
func atoi(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(b) > 0
}

// atoiAnd is atoi when ok, and false otherwise.
func atoiAnd(ok bool, b []byte) (int, bool) {
	n, ok2 := atoi(b)
	return n, ok && ok2
}

// daysIn returns the number of days in the month of the year.
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
