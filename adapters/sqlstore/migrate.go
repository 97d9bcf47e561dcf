package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrations holds the schema as numbered SQL files, one folder per
// dialect, applied in order by goose. An applied migration is never
// edited: a change to the schema is a new file.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// MigrationsTable is the table in which the applied migrations are
// recorded (one row per version, by goose). It is not named after goose's
// default, so that it cannot collide with an application's own.
const MigrationsTable = "cpdkit_schema_migrations"

// migrateLockKey is the PostgreSQL advisory lock (one bigint) that one
// migrating Store holds while others wait: "cpdkit-m" in ASCII.
const migrateLockKey int64 = 0x6370646b69742d6d

// newMigrator returns a goose provider for the dialect's migrations. It
// uses no goose global state (no global registry, no global dialect).
func newMigrator(db *sql.DB, d Dialect) (*goose.Provider, error) {
	dir, err := fs.Sub(migrations, "migrations/"+d.String())
	if err != nil {
		return nil, err
	}
	opts := []goose.ProviderOption{
		goose.WithTableName(MigrationsTable),
		goose.WithDisableGlobalRegistry(true),
		goose.WithSlog(slog.New(slog.DiscardHandler)),
	}
	if d == Postgres {
		opts = append(opts, goose.WithSessionLocker(pgSessionLocker{key: migrateLockKey}))
	}
	return goose.NewProvider(gooseDialect(d), db, dir, opts...)
}

// gooseDialect returns goose's name for a dialect.
func gooseDialect(d Dialect) goose.Dialect {
	if d == Postgres {
		return goose.DialectPostgres
	}
	return goose.DialectSQLite3
}

// recorded reports whether the database has MigrationsTable, without
// creating it (as goose's queries would).
func recorded(ctx context.Context, db *sql.DB, d Dialect) (bool, error) {
	query := "SELECT to_regclass($1) IS NOT NULL" // in the search_path
	if d == SQLite {
		query = "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = ?1"
	}
	var ok bool
	err := db.QueryRowContext(ctx, query, MigrationsTable).Scan(&ok)
	return ok, err
}

// migrate brings the schema up to date (on PostgreSQL creating the
// search_path's first schema if it is missing, see ensureSchema), or with
// check only, checks that it is. Either way it fails with a *SchemaError if the database is ahead of
// this package's migrations.
func migrate(ctx context.Context, db *sql.DB, d Dialect, checkOnly bool) error {
	p, err := newMigrator(db, d)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if checkOnly {
		ok, err := recorded(ctx, db, d)
		if err != nil {
			return fmt.Errorf("schema version: %w", err)
		}
		if !ok {
			sources := p.ListSources()
			return &SchemaError{Have: 0, Want: sources[len(sources)-1].Version}
		}
	} else {
		if d == Postgres {
			if err := ensureSchema(ctx, db); err != nil {
				return err
			}
		}
		if _, err := p.Up(ctx); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	have, want, err := schemaVersions(ctx, p)
	if err != nil {
		return err
	}
	if have != want {
		return &SchemaError{Have: have, Want: want}
	}
	return nil
}

// schemaVersions returns the database's schema version and the latest
// this package has. The database's is the last of this package's
// migrations applied without a gap before it (0 for none), or, when all
// are, the highest version recorded: higher than this package's latest
// means a newer cpdkit migrated the database.
func schemaVersions(ctx context.Context, p *goose.Provider) (have, want int64, err error) {
	status, err := p.Status(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("schema version: %w", err)
	}
	for _, s := range status { // in version order
		if s.State != goose.StateApplied {
			break
		}
		have = s.Source.Version
	}
	want = status[len(status)-1].Source.Version
	if have == want {
		recorded, err := p.GetDBVersion(ctx)
		if err != nil {
			return 0, 0, fmt.Errorf("schema version: %w", err)
		}
		have = max(have, recorded)
	}
	return have, want, nil
}

// pgSessionLocker makes concurrent Opens of one PostgreSQL database take
// turns to migrate, waiting on a session advisory lock (goose's own locker
// polls every few seconds instead).
type pgSessionLocker struct{ key int64 }

// SessionLock waits for the lock, or for ctx.
func (l pgSessionLocker) SessionLock(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", l.key)
	return err
}

// SessionUnlock releases the lock.
func (l pgSessionLocker) SessionUnlock(ctx context.Context, conn *sql.Conn) error {
	var released bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_advisory_unlock($1)", l.key).Scan(&released); err != nil {
		return err
	}
	if !released {
		return errors.New("migration lock was not held")
	}
	return nil
}

var _ lock.SessionLocker = pgSessionLocker{}
