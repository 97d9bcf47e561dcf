// Package exampledb opens the store that the example programs run on: by
// default a new SQLite file in a temporary directory, removed when the
// program ends, or the database a -db flag names, SQLite or PostgreSQL,
// as adapters/sqlstore reads a DSN:
//
//	go run ./examples/quickstart -db sqlite:cpd.db
//	go run ./examples/quickstart -db 'postgres://cpd@localhost/cpd?sslmode=disable'
//
// Errors name the database with sqlstore.RedactDSN, never with its
// password.
//
// A database the flag names may already hold earlier runs, so each run
// there gets an organisation of its own (the example's name and a random
// suffix); organisations never see each other's records.
package exampledb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
)

// Usage is the -db flag's help text; flag.PrintDefaults shows the value as
// DSN.
const Usage = "database to run on, a `DSN`: \"sqlite:FILE\" or \"postgres://…\" (default: a new SQLite file, removed at exit)"

// Flag defines the -db flag on fs and returns where its value goes.
func Flag(fs *flag.FlagSet) *string {
	return fs.String("db", "", Usage)
}

// DB is an example's store and the organisation it runs as.
type DB struct {
	Store *sqlstore.Store
	// Org is the organisation ID to use: base for a fresh temporary
	// database, base and a random suffix in one the caller named.
	Org string
	dir string
}

// Open opens the store dsn names, or a new SQLite file in a temporary
// directory when dsn is "", migrating its schema. Close it when done.
func Open(ctx context.Context, dsn, base string) (*DB, error) {
	db := &DB{Org: base}
	if dsn == "" {
		dir, err := os.MkdirTemp("", "cpdkit-example-")
		if err != nil {
			return nil, err
		}
		db.dir = dir
		dsn = "sqlite:" + filepath.Join(dir, "cpd.db")
	} else {
		var b [4]byte
		_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
		db.Org = base + "-" + hex.EncodeToString(b[:])
	}
	s, err := sqlstore.Open(ctx, dsn, nil)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("open %s: %w", sqlstore.RedactDSN(dsn), err), db.removeDir())
	}
	db.Store = s
	return db, nil
}

// Close closes the store and removes a temporary database.
func (db *DB) Close() error {
	return errors.Join(db.Store.Close(), db.removeDir())
}

func (db *DB) removeDir() error {
	if db.dir == "" {
		return nil
	}
	return os.RemoveAll(db.dir)
}
