package xapi

import (
	"math"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/internal/isotime"
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

// parse reads an ISO 8601 timestamp (see internal/isotime: extended or
// basic format, seconds optional, a zone of Z, ±hh:mm, ±hhmm or ±hh) and
// returns the moment and the calendar day it falls on in the
// organisation's zone. A timestamp without a zone is a wall time there,
// so its day is the day it names. A leap second falls on the day it is
// written on. The error is isotime's: a day or time that does not exist,
// or a year before isotime.MinYear.
func (c *calendar) parse(b []byte) (at instant, day date.Date, err error) {
	st, err := isotime.Parse(b)
	if err != nil {
		return instant{}, 0, err
	}
	if !st.Zoned {
		t := st.Time(c.loc)
		return instant{t.Unix(), int32(t.Nanosecond())}, date.ZeroOffset + date.Date(st.Days()), nil
	}
	sec, ns := st.Unix()
	local := sec + c.offset(sec)
	return instant{sec, ns}, date.ZeroOffset + date.Date(floorDiv(local, secondsPerDay)), nil
}

// secondsPerDay is the length of a calendar day in seconds, leap seconds
// aside, as Unix time has it.
const secondsPerDay = 86400

// floorDiv divides, rounding towards minus infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
