// Package isotime reads the ISO 8601 date-and-time stamps that learning
// records and badges carry (xAPI 1.0.3 §4.5 Timestamp, Open Badges 2.0
// DateTime), once, for every adapter that needs them.
//
// A stamp is a calendar date and a time of day, optionally followed by a
// zone:
//
//	2026-06-30T23:30:00.25+01:00   extended format
//	20260630T233000Z               basic format
//	2016-12-31T23:59Z              without seconds (Open Badges 2.0 examples)
//
// The date is YYYY-MM-DD (basic YYYYMMDD); the time hh:mm[:ss] (basic
// hhmm[ss]), and a date in basic format takes a time in basic format, as
// ISO 8601 does not mix the two in one representation. Seconds may carry a
// fraction after '.' or ','; nine digits count and more are read and
// dropped. The separator is 'T' or 't'. The zone is 'Z' or 'z', or an
// offset ±hh, ±hhmm or ±hh:mm (in either format: "+0000" and "+00:00"
// are both common in exported data).
//
// Second 60 is a leap second. It exists only in UTC's last minute of a
// day, so a stamp with a zone is refused unless its UTC time is 23:59.
// A leap second belongs to the day it is written on: its moment is the
// last nanosecond of second 59, so 2016-12-31T23:59:60Z falls on
// 2016-12-31, never on 2017-01-01.
//
// Years before MinYear are refused (ErrTooEarly): they are placeholders,
// such as .NET's empty DateTime (0001-01-01T00:00:00) or a zeroed year
// 0000, not dates anyone attended anything. Dates before the Gregorian
// reform are read in the proleptic Gregorian calendar, as ISO 8601 does.
//
// Dates without a time, week dates, ordinal dates, durations and
// intervals are not stamps and are refused.
//
// Parse does not allocate; the package has no state and is safe for
// concurrent use.
package isotime

import (
	"errors"
	"time"
)

// MinYear is the earliest year a stamp may name. Earlier years are
// refused with ErrTooEarly.
const MinYear = 1900

// Errors Parse returns. Callers test them with errors.Is and add the field
// the stamp came from.
var (
	// ErrSyntax means the text is not an ISO 8601 date and time.
	ErrSyntax = errors.New("is not an ISO 8601 date and time such as 2026-06-30T23:30:00Z")
	// ErrRange means the text has the right shape but names a day, time
	// or zone offset that does not exist, such as 31 June, hour 24 or a
	// leap second at other than 23:59 UTC.
	ErrRange = errors.New("names a date, time or zone offset that does not exist")
	// ErrTooEarly means the year is before MinYear.
	ErrTooEarly = errors.New("is before 1900, a placeholder rather than a date")
)

// Stamp is a date and time as written. Second is 60 for a leap second.
// Offset is the zone's offset east of UTC in seconds, and is meaningful
// only when Zoned is true; a stamp without a zone is a wall time whose
// place the reader must supply.
type Stamp struct {
	Year, Month, Day     int
	Hour, Minute, Second int
	Nanosecond           int
	Offset               int
	Zoned                bool
}

// secondsPerDay is the length of a day in Unix time, which has no leap
// seconds.
const secondsPerDay = 86400

// Parse reads a stamp from s. The error is ErrSyntax, ErrRange or
// ErrTooEarly.
func Parse[T ~string | ~[]byte](s T) (Stamp, error) {
	var st Stamp
	var rest T
	var seconds, ok bool
	if len(s) > 4 && isDigit(s[4]) {
		rest, seconds, ok = basic(s, &st)
	} else {
		rest, seconds, ok = extended(s, &st)
	}
	if !ok {
		return Stamp{}, ErrSyntax
	}
	if seconds && len(rest) > 0 && (rest[0] == '.' || rest[0] == ',') {
		if st.Nanosecond, rest, ok = fraction(rest[1:]); !ok {
			return Stamp{}, ErrSyntax
		}
	}
	if len(rest) > 0 {
		if st.Offset, ok = zone(rest); !ok {
			return Stamp{}, ErrSyntax
		}
		st.Zoned = true
	}
	if err := st.check(); err != nil {
		return Stamp{}, err
	}
	return st, nil
}

// extended reads YYYY-MM-DDThh:mm[:ss] into st and returns what follows
// and whether it had seconds.
func extended[T ~string | ~[]byte](s T, st *Stamp) (rest T, seconds, ok bool) {
	if len(s) < 16 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' {
		return s, false, false
	}
	ok = digits(s[0:4], &st.Year) && digits(s[5:7], &st.Month) && digits(s[8:10], &st.Day) &&
		digits(s[11:13], &st.Hour) && digits(s[14:16], &st.Minute)
	rest = s[16:]
	if ok && len(rest) > 0 && rest[0] == ':' {
		seconds = len(rest) >= 3 && digits(rest[1:3], &st.Second)
		ok = seconds
		rest = rest[min(3, len(rest)):]
	}
	return rest, seconds, ok
}

// basic reads YYYYMMDDThhmm[ss] into st and returns what follows and
// whether it had seconds.
func basic[T ~string | ~[]byte](s T, st *Stamp) (rest T, seconds, ok bool) {
	if len(s) < 13 || (s[8] != 'T' && s[8] != 't') {
		return s, false, false
	}
	ok = digits(s[0:4], &st.Year) && digits(s[4:6], &st.Month) && digits(s[6:8], &st.Day) &&
		digits(s[9:11], &st.Hour) && digits(s[11:13], &st.Minute)
	rest = s[13:]
	if ok && len(rest) > 0 && isDigit(rest[0]) {
		seconds = len(rest) >= 2 && digits(rest[0:2], &st.Second)
		ok = seconds
		rest = rest[min(2, len(rest)):]
	}
	return rest, seconds, ok
}

// fraction reads the digits of a fraction of a second (nine count, more
// are dropped) and returns what follows.
func fraction[T ~string | ~[]byte](s T) (ns int, rest T, ok bool) {
	i := 0
	for scale := 100_000_000; i < len(s) && isDigit(s[i]); i++ {
		ns += int(s[i]-'0') * scale
		scale /= 10
	}
	return ns, s[i:], i > 0
}

// zone reads Z, ±hh, ±hhmm or ±hh:mm and returns the offset east of UTC
// in seconds.
func zone[T ~string | ~[]byte](s T) (int, bool) {
	if len(s) == 1 && (s[0] == 'Z' || s[0] == 'z') {
		return 0, true
	}
	if len(s) < 3 || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	var hh, mm int
	ok := digits(s[1:3], &hh)
	switch {
	case len(s) == 3:
	case len(s) == 5:
		ok = ok && digits(s[3:5], &mm)
	case len(s) == 6 && s[3] == ':':
		ok = ok && digits(s[4:6], &mm)
	default:
		return 0, false
	}
	if !ok || hh > 23 || mm > 59 {
		return 0, false
	}
	if s[0] == '-' {
		return -(hh*3600 + mm*60), true
	}
	return hh*3600 + mm*60, true
}

// check refuses days, times and leap seconds that do not exist, and years
// before MinYear.
func (st *Stamp) check() error {
	if st.Month < 1 || st.Month > 12 || st.Day < 1 || st.Day > DaysIn(st.Year, st.Month) ||
		st.Hour > 23 || st.Minute > 59 || st.Second > 60 {
		return ErrRange
	}
	if st.Second == 60 && st.Zoned {
		utc := (st.Hour*3600 + st.Minute*60 - st.Offset + secondsPerDay) % secondsPerDay
		if utc != 23*3600+59*60 {
			return ErrRange
		}
	}
	if st.Year < MinYear {
		return ErrTooEarly
	}
	return nil
}

// Days returns the date as written, counted in days from 1970-01-01.
func (st Stamp) Days() int64 {
	return DaysFromCivil(st.Year, st.Month, st.Day)
}

// Unix returns the moment of a zoned stamp as seconds and nanoseconds
// since 1970-01-01 UTC. A leap second is the last nanosecond of second 59.
// For a stamp without a zone it is the moment the wall time names in UTC;
// use Time to place it in a zone.
func (st Stamp) Unix() (sec int64, nsec int32) {
	ss, ns := st.clock()
	sec = st.Days()*secondsPerDay + int64(st.Hour*3600+st.Minute*60+ss)
	if st.Zoned {
		sec -= int64(st.Offset)
	}
	return sec, int32(ns)
}

// Time returns the moment as a time.Time: in UTC for a zoned stamp, and
// as the wall time in loc for one without a zone. A leap second is the
// last nanosecond of second 59.
func (st Stamp) Time(loc *time.Location) time.Time {
	if st.Zoned {
		sec, ns := st.Unix()
		return time.Unix(sec, int64(ns)).UTC()
	}
	ss, ns := st.clock()
	return time.Date(st.Year, time.Month(st.Month), st.Day, st.Hour, st.Minute, ss, ns, loc)
}

// clock returns the second and nanosecond, a leap second moved to the
// last nanosecond of second 59.
func (st Stamp) clock() (ss, ns int) {
	if st.Second == 60 {
		return 59, 999_999_999
	}
	return st.Second, st.Nanosecond
}

// DaysFromCivil returns the number of days from 1970-01-01 to the given
// day of the proleptic Gregorian calendar.
func DaysFromCivil(y, m, d int) int64 {
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

// DaysIn returns the number of days in the month of the year (proleptic
// Gregorian).
func DaysIn(year, month int) int {
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

// digits reads a run of ASCII digits into n.
func digits[T ~string | ~[]byte](s T, n *int) bool {
	v := 0
	for i := range len(s) {
		if !isDigit(s[i]) {
			return false
		}
		v = v*10 + int(s[i]-'0')
	}
	*n = v
	return len(s) > 0
}

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
