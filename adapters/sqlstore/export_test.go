package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/cpdkit/cpdkit/cpd"
)

// ListQuery returns the statement and arguments List runs for one page.
func ListQuery(s *Store, org string, kind cpd.Kind, q cpd.Query, limit int) (string, []any) {
	return s.q.list(org, kind, q, limit)
}

// EventsQuery returns the statement and arguments Events runs.
func EventsQuery(s *Store, org string, q cpd.EventQuery, limit int) (string, []any) {
	return s.q.events(org, q, limit)
}

// GetQuery returns the statement Get runs.
func GetQuery(s *Store) string { return s.q.get }

// DB returns the store's database handle.
func DB(s *Store) *sql.DB { return s.db }

// Migrator returns the goose provider of the store's migrations.
func Migrator(db *sql.DB, d Dialect) (*goose.Provider, error) { return newMigrator(db, d) }

// ReadManyQuery returns the statement and arguments GetMany (column "id")
// or ListOwners (column "owner") runs for one chunk.
func ReadManyQuery(s *Store, org string, kind cpd.Kind, column string, values, states []string) (string, []any) {
	return s.q.readMany(org, kind, column, values, states)
}

// WaitingWriters returns how many of the store's Updates to org hold or
// wait for its turn (PostgreSQL).
func WaitingWriters(s *Store, org string) int { return s.turns.waiting(org) }

// RetryStart is retryStart with a sleeper that records its waits.
func RetryStart(ctx context.Context, limit time.Duration, waits *[]time.Duration, start func() error) error {
	return retryStart(ctx, limit, func(ctx context.Context, d time.Duration) error {
		*waits = append(*waits, d)
		return ctx.Err()
	}, start)
}

// FirstSchema is firstSchema.
func FirstSchema(searchPath string) (string, bool) { return firstSchema(searchPath) }

// UpdateManyPostgresQuery is the statement UpdateMany runs on PostgreSQL
// for each chunk: its arguments are the organisation, the records'
// kinds, IDs, versions, owners, states and data as arrays, their count,
// the Seq before the first event, the time, the actor and the action.
const UpdateManyPostgresQuery = updateManyPostgresQuery
