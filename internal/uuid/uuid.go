// Package uuid reads UUIDs in their standard string form, as xAPI
// statement ids and registrations are written, into 16-byte values that
// compare by value whatever the case of their hex digits, and writes them
// back in lower case. It is the xAPI importer's reader, apart from its
// rules. Parse does not allocate; the package has no state.
package uuid

import "encoding/hex"

// UUID is a parsed UUID, so that ids compare by value whatever the case
// of their hex digits. The zero value is the nil UUID.
type UUID [16]byte

// Parse reads a UUID in its standard string form,
// xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, in either case; false when b is
// not one.
func Parse(b []byte) (UUID, bool) {
	var u UUID
	if len(b) != 36 || b[8] != '-' || b[13] != '-' || b[18] != '-' || b[23] != '-' {
		return u, false
	}
	_, e1 := hex.Decode(u[0:4], b[0:8])
	_, e2 := hex.Decode(u[4:6], b[9:13])
	_, e3 := hex.Decode(u[6:8], b[14:18])
	_, e4 := hex.Decode(u[8:10], b[19:23])
	_, e5 := hex.Decode(u[10:16], b[24:36])
	return u, e1 == nil && e2 == nil && e3 == nil && e4 == nil && e5 == nil
}

// String returns the UUID in its standard form, in lower case: ids are
// normalised once, as they are read, so that every id cpdkit hands on
// (Credit.Statement, Result.Voided, and so cpd's ExternalRef, which is
// compared exactly) is spelt one way whatever case the LMS wrote.
func (u *UUID) String() string {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:36], u[10:16])
	return string(b[:])
}
