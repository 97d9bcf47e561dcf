package cpd

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxNameLen is the longest name a Store accepts, in bytes: an
// organisation, a kind, an ID, an owner, a state, an audit actor or
// action, and the names a query filters by. It is long enough for any ID
// the Service composes from others (an account's "budget/line") and short
// enough for every database's indexes.
const MaxNameLen = 512

// The Check functions below are the one check of a Store's arguments:
// adapters/memory and adapters/sqlstore call them before they look at any
// data, so that memory, SQLite and PostgreSQL accept and refuse exactly
// the same arguments, each with a *ValidationError matching ErrInvalid
// that names the argument. (Without them, a NUL byte or invalid UTF-8 in
// a name passes in memory and SQLite but fails in PostgreSQL, and a
// megabyte ID fails only in PostgreSQL, with an error of its own.)

// CheckName returns a *ValidationError (ErrInvalid) naming field unless s
// is a name a Store keeps exactly: at most MaxNameLen bytes of valid UTF-8
// with no NUL byte. It allows the empty name; callers that need a name
// check for it.
func CheckName(field, s string) error {
	switch {
	case len(s) > MaxNameLen:
		return invalid(field, "is %d bytes long; the longest a store keeps is %d", len(s), MaxNameLen)
	case !utf8.ValidString(s):
		return invalid(field, "is not valid UTF-8")
	case strings.IndexByte(s, 0) >= 0:
		return invalid(field, "contains a NUL byte")
	}
	return nil
}

// checkNames checks each name with CheckName, naming the first bad one
// field[i].
func checkNames(field string, names []string) error {
	for i, n := range names {
		if CheckName(field, n) != nil { // the name with its index only when needed
			return CheckName(fmt.Sprintf("%s[%d]", field, i), n)
		}
	}
	return nil
}

// required checks a name that must not be empty.
func required(field, s string) error {
	if s == "" {
		return invalid(field, "is empty")
	}
	return CheckName(field, s)
}

// CheckOrg checks the organisation of a View or Update: not empty, and a
// name (see CheckName).
func CheckOrg(org string) error { return required("org", org) }

// CheckKey checks the kind and ID of a record to read, write or delete:
// for a write or delete (write true) neither may be empty; for a read an
// empty one is allowed (and finds nothing). Both must be names (see
// CheckName).
func CheckKey(kind Kind, id string, write bool) error {
	if write {
		if err := required("Kind", string(kind)); err != nil {
			return err
		}
		return required("ID", id)
	}
	if err := CheckName("Kind", string(kind)); err != nil {
		return err
	}
	return CheckName("ID", id)
}

// CheckRecord checks a record given to Put or PutMany: its kind and ID as
// CheckKey does for a write, and its owner and state as names. Its Data is
// the caller's, and is kept exactly whatever it holds.
func CheckRecord(r Record) error {
	if err := CheckKey(r.Kind, r.ID, true); err != nil {
		return err
	}
	if err := CheckName("Owner", r.Owner); err != nil {
		return err
	}
	return CheckName("State", r.State)
}

// CheckChange checks the audit details of a write: the actor and action
// as names, and At within the years 1 to 9999 (UTC), the range every
// database and JSON keep.
func CheckChange(c Change) error {
	if err := CheckName("Change.Actor", c.Actor); err != nil {
		return err
	}
	if err := CheckName("Change.Action", c.Action); err != nil {
		return err
	}
	if y := c.At.UTC().Year(); y < 1 || y > 9999 {
		return invalid("Change.At", "%s is outside the years 1 to 9999", c.At.UTC().Format(time.RFC3339))
	}
	return nil
}

// CheckQuery checks the names a List filters by: the owner, the states
// and the cursor.
func CheckQuery(q Query) error {
	if err := CheckName("Query.Owner", q.Owner); err != nil {
		return err
	}
	if err := checkNames("Query.States", q.States); err != nil {
		return err
	}
	return CheckName("Query.After", q.After)
}

// CheckEventQuery checks the names Events filters by.
func CheckEventQuery(q EventQuery) error {
	if err := CheckName("EventQuery.Kind", string(q.Kind)); err != nil {
		return err
	}
	if err := CheckName("EventQuery.ID", q.ID); err != nil {
		return err
	}
	return CheckName("EventQuery.Owner", q.Owner)
}

// CheckReadMany checks the arguments of GetMany (ids) or ListOwners
// (owners and states): the kind and every value as names.
func CheckReadMany(kind Kind, field string, values, states []string) error {
	if err := CheckName("Kind", string(kind)); err != nil {
		return err
	}
	if err := checkNames(field, values); err != nil {
		return err
	}
	return checkNames("states", states)
}
