package sqlstore_test

import (
	"testing"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/adapters/storetest"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestConformance runs the Store conformance suite on each database, with
// a fresh database (or PostgreSQL schema) for every test; on the SQLite
// file and PostgreSQL it also checks every statement the store sent names
// its organisation.
func TestConformance(t *testing.T) {
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			if db.name == "Postgres" {
				postgresDSN(t) // skip once, not in every subtest
			}
			// The databases share nothing, and PostgreSQL's tests wait on
			// the server: they run side by side.
			t.Parallel()
			if db.name == "SQLiteMemory" {
				storetest.Run(t, func(t *testing.T) cpd.Store { return open(t, db.dsn(t), nil) })
				return
			}
			// The SQLite file and PostgreSQL record every statement the
			// suite makes the store send, and check that each names its
			// organisation (distribution_test.go).
			rec := &statements{}
			storetest.Run(t, func(t *testing.T) cpd.Store { return recordingStore(t, db.name == "Postgres", rec) })
			rec.check(t)
		})
	}
}

var _ cpd.Store = (*sqlstore.Store)(nil)
