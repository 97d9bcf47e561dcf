// Package ical writes a person's CPD dates as an iCalendar feed (RFC 5545)
// that a calendar application can subscribe to: the courses booked for
// them, the day each piece of training or qualification they hold
// expires, and the days things fall due (training not yet done, the CPD
// log).
//
// Feed gathers a Calendar through a cpd.Service as the actor in the
// context, so the Service's rules decide who may read whose dates; Write
// serialises it. Every event is a whole day (or, for a course, whole
// days), and its UID is derived from the organisation, the person and
// what the event is about (the activity's ID, or the requirement and
// whether it expires or falls due), never from its date: when a course is
// moved, or training is renewed, the next fetch of the feed moves the
// event instead of adding a second one.
//
// # Format
//
// Write follows RFC 5545: a VCALENDAR with VERSION 2.0, a PRODID,
// CALSCALE GREGORIAN and METHOD PUBLISH, holding VEVENTs with a UID, a
// DTSTAMP (in UTC), a DTSTART and DTEND of VALUE=DATE (DTEND is the day
// after the last, as the RFC makes it exclusive), a SUMMARY and a
// DESCRIPTION. Lines end with CRLF and are folded so that none is longer
// than 75 octets, never inside a UTF-8 sequence (section 3.1). TEXT values
// are escaped as section 3.3.11 says: backslash, semicolon and comma get a
// backslash, and a line break (CRLF, LF or a lone CR) becomes \n. What
// TEXT may not hold at all is not written: other control characters are
// dropped and invalid UTF-8 becomes U+FFFD.
package ical
