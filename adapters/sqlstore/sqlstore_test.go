package sqlstore_test

import (
	"testing"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/adapters/storetest"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestConformance runs the Store conformance suite on each database, with
// a fresh database (or PostgreSQL schema) for every test.
func TestConformance(t *testing.T) {
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			if db.name == "Postgres" {
				postgresDSN(t) // skip once, not in every subtest
			}
			storetest.Run(t, func(t *testing.T) cpd.Store { return open(t, db.dsn(t), nil) })
		})
	}
}

var _ cpd.Store = (*sqlstore.Store)(nil)
