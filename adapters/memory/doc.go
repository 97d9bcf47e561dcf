// Package memory implements cpd's ports in memory: a [Store] (cpd.Store)
// and a [Directory] (cpd.Directory), for tests, examples and small users
// who need no database.
//
// The Store keeps the semantics of a database, so that code tested against
// it behaves the same on adapters/sqlstore: records and audit events
// belong to one organisation; an Update is atomic and serialisable (one
// writer per organisation at a time, working on a private write set that is
// published only when fn returns nil); a View sees a consistent snapshot
// and never a half-applied Update; record data is copied in and out, so a
// caller cannot change what is stored; lists are paged by ID (keyset), and
// audit events are numbered 1, 2, 3, … per organisation. It passes the
// conformance suite in adapters/storetest.
//
// Like sqlstore's, its lists are indexed by owner and by state: a List of
// one person's records, or of the records in a few states (an
// organisation's open requests, say), costs what it returns, not the
// number of records of the kind.
//
// Everything is lost when the process ends.
package memory
