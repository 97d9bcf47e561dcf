package cpd

import (
	"context"
	"time"
)

// Store persists cpd's records. It is the port a storage adapter
// implements (adapters/memory, adapters/sqlstore); package storetest is the
// conformance suite every implementation must pass.
//
// Every transaction belongs to one organisation (tenant): a Tx reads and
// writes only that organisation's records, and never sees another's.
// Everything written inside one Update is atomic: if fn returns an error
// (or panics), nothing it wrote is kept. Implementations must be safe for
// concurrent use, and must also:
//
//   - keep Data bytes exactly and order IDs by bytes;
//   - leave a Tx usable after a Put or Delete fails with ErrConflict or
//     ErrNotFound (that call writes nothing);
//   - report a conflict between concurrent Updates (a serialisation
//     failure) as ErrConflict, so callers can retry;
//   - give a View one consistent snapshot;
//   - commit nothing, and return an error wrapping the context's, when ctx
//     is cancelled before or during an Update;
//   - reject an empty organisation, kind or ID with ErrInvalid;
//   - refuse, with ErrInvalid and before touching any data, every argument
//     that CheckOrg, CheckKey, CheckRecord, CheckChange, CheckQuery,
//     CheckEventQuery or CheckReadMany refuses (a name longer than
//     MaxNameLen bytes, not valid UTF-8 or with a NUL byte; an audit time
//     outside the years 1 to 9999), so that every store accepts exactly the
//     same names and keeps each one exactly. Such a refusal leaves the Tx
//     usable.
//
// A Tx must not be used after its fn returns, and fn must not start
// another transaction (stores may serialise writers). Change.At is kept to
// the microsecond. Deleting a record and creating it again restarts its
// version at 1.
type Store interface {
	// View runs fn in a read-only transaction for the organisation. Writes
	// inside it fail with ErrReadOnly.
	View(ctx context.Context, org string, fn func(Tx) error) error
	// Update runs fn in a read-write transaction for the organisation and
	// commits when fn returns nil. The error is fn's, or the commit's.
	Update(ctx context.Context, org string, fn func(Tx) error) error
}

// Tx is one transaction's view of one organisation's records.
type Tx interface {
	// Get returns the record, or ErrNotFound.
	Get(ctx context.Context, kind Kind, id string) (Record, error)
	// List returns one page of records of a kind, ordered by ID, filtered
	// by q. Paging is by ID, so it stays stable while records are added.
	List(ctx context.Context, kind Kind, q Query) (Page, error)
	// Put writes a record. r.Version must be the version read (0 to
	// create): otherwise (including a version > 0 for a record that does
	// not exist) it fails with ErrConflict and writes nothing. It
	// returns the record as stored, with its new version, and appends an
	// audit Event for the change (before and after) in the same
	// transaction.
	Put(ctx context.Context, r Record, c Change) (Record, error)
	// Delete removes a record at the given version (ErrConflict if
	// stale, ErrNotFound if absent), appending an audit Event.
	Delete(ctx context.Context, kind Kind, id string, version int64, c Change) error
	// Events returns audit events in the order they were appended,
	// filtered by q. Events are never updated or deleted.
	Events(ctx context.Context, q EventQuery) ([]Event, error)
}

// BulkTx is an optional capability of a Tx, detected by type assertion
// (as database/sql detects a driver's optional interfaces): a Tx that
// can create many records at once, faster than one Put each, for imports
// and migrations. Callers fall back to Put when a Tx lacks it.
type BulkTx interface {
	// PutMany creates new records, each with Version 0, in order, and
	// appends one audit Event per record (Before nil, After its data) in
	// the same transaction, with consecutive Seqs. It returns the records
	// as stored (Version 1). It is all or nothing: if any record's ID
	// exists already, or appears twice in rs, or has a Version other than
	// 0, it fails with ErrConflict; an empty Kind or ID is ErrInvalid; and
	// in every such case it writes nothing and leaves the Tx usable, as a
	// failed Put does. In a View it fails with ErrReadOnly.
	PutMany(ctx context.Context, rs []Record, c Change) ([]Record, error)
}

// UpdateManyTx is an optional capability of a Tx, detected by type
// assertion as BulkTx is: the update counterpart of PutMany, a Tx that
// rewrites many existing records at once, faster than one Put each, for
// work that changes many people's records in one transaction (an
// import's status refreshes). Callers fall back to Put when a Tx lacks
// it.
type UpdateManyTx interface {
	// UpdateMany writes existing records, each over the version read, in
	// order, as Put does each: it returns the records as stored, each
	// with its Version one higher, and appends one audit Event per record
	// (Before its stored data, After its new data, Owner its new owner)
	// in the same transaction, with consecutive Seqs. It is all or
	// nothing: if any record does not exist, or its Version is not the
	// stored one (0 included: PutMany creates), or its Kind and ID appear
	// twice in rs, it fails with ErrConflict; an argument that
	// CheckRecord or CheckChange refuses is ErrInvalid; and in every such
	// case it writes nothing and leaves the Tx usable, as a failed Put
	// does. In a View it fails with ErrReadOnly.
	UpdateMany(ctx context.Context, rs []Record, c Change) ([]Record, error)
}

// ScanTx is an optional capability of a Tx, detected by type assertion
// as BulkTx is: a Tx that reads every record of a kind in one pass,
// without copying each, for views that read one record per person of the
// whole organisation (the compliance matrix). Callers fall back to List
// when a Tx lacks it.
type ScanTx interface {
	// Scan calls fn with the ID and data of every record of the kind, in
	// ID (byte) order, as List would page through them (empty data may
	// come as nil). The bytes are the store's, valid only until fn
	// returns, and must not be changed: fn copies what it keeps. fn must
	// not use the Tx, which is busy reading until Scan returns. Scan
	// stops at fn's first error and returns it.
	Scan(ctx context.Context, kind Kind, fn func(id, data []byte) error) error
}

// ReadManyTx is an optional capability of a Tx, detected by type
// assertion as BulkTx is: a Tx that reads the records of many IDs, or of
// many owners, in one call, for work that goes through many people at
// once (an import's status refreshes). Against a database server each
// call is a round trip, so reading for a hundred people in one saves
// ninety-nine. Callers fall back to Get and List when a Tx lacks it.
type ReadManyTx interface {
	// GetMany returns the records of the kind whose IDs are given and
	// exist, in ID (byte) order, each once however often its ID is given.
	GetMany(ctx context.Context, kind Kind, ids []string) ([]Record, error)
	// ListOwners returns every record of the kind whose owner is one of
	// owners ("" for records without one) and, when states is not empty,
	// whose state is one of states, ordered by owner, then ID (byte
	// order). It is not paged: callers bound the result by how many
	// owners they ask for at once.
	ListOwners(ctx context.Context, kind Kind, owners, states []string) ([]Record, error)
}

// Kind names a type of record.
type Kind string

// The kinds package cpd stores.
const (
	KindPerson   Kind = "person"
	KindActivity Kind = "activity"
	// KindStatus is a person's maintained compliance status, rewritten
	// whenever their records change, so organisation views read one record
	// per person instead of re-evaluating every activity.
	KindStatus Kind = "status"
	// KindStatusReasons is why each item of a person's stored status stands
	// (compliance.Item.Reason), and their hours against their minimum, written
	// with their status (KindStatus), in the same transaction, from the same
	// evaluation. It names the status it explains by a digest of the
	// status's stored form, so that a status written without it (by hand, or
	// by an older cpdkit) is never explained by reasons that are not its own.
	KindStatusReasons Kind = "status_reasons"
)

// Record is one stored item: a typed envelope around JSON data, so that
// stores stay simple and independent of the domain's types.
type Record struct {
	Kind Kind
	ID   string
	// Version is 0 before the record is first stored, then 1, 2, ….
	Version int64
	// Owner is the person the record is about, or "" (for filtering and
	// for subject-access export).
	Owner string
	// State is a filterable state, such as an activity's "requested", or "".
	State string
	// Data is the record's JSON.
	Data []byte
}

// Query filters and pages a List.
type Query struct {
	// Owner, when set, keeps only records with this owner.
	Owner string
	// States, when set, keeps only records in one of these states.
	States []string
	// After is the cursor: only records whose ID sorts after it (byte order).
	After string
	// Limit is the page size: 0 means DefaultLimit; more than MaxLimit is MaxLimit.
	Limit int
}

// Page sizes for List and Events.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// PageLimit returns the effective page size for a requested limit.
func PageLimit(n int) int {
	switch {
	case n <= 0:
		return DefaultLimit
	case n > MaxLimit:
		return MaxLimit
	}
	return n
}

// Page is one page of a List.
type Page struct {
	Records []Record
	// Next is the cursor for the following page; "" when this is the last.
	Next string
}

// Change says who made a change, when and why, for the audit event.
type Change struct {
	Actor  string
	Action string
	At     time.Time
}

// Event is one audit entry: who changed which record, when, and its data
// before and after. Events are append-only.
type Event struct {
	// Seq orders events within an organisation: 1, 2, 3, … with no gaps
	// among committed events of one store.
	Seq    int64
	At     time.Time
	Actor  string
	Action string
	Kind   Kind
	ID     string
	// Owner is the record's owner after the change (before it, for a delete).
	Owner string
	// Before is the record's data before the change (nil when created);
	// After is its data after (nil when deleted).
	Before []byte
	After  []byte
}

// EventQuery filters and pages Events.
type EventQuery struct {
	Kind  Kind   // "" for any
	ID    string // "" for any
	Owner string // "" for any
	After int64  // only events with Seq > After
	Limit int    // as Query.Limit
}
