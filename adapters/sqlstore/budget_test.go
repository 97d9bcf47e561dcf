package sqlstore_test

import (
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/adapters/storetest"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestBudgetConformance runs the budget records' conformance tests on each
// database.
func TestBudgetConformance(t *testing.T) {
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			if db.name == "Postgres" {
				postgresDSN(t)
			}
			storetest.RunBudget(t, func(t *testing.T) cpd.Store { return open(t, db.dsn(t), nil) }, nil)
		})
	}
}

// TestPostgresBudgetRace runs the budget tests with 200 goroutines racing
// to commit from one budget line on PostgreSQL, through the store and
// through cpd.Service's real approval path: exactly as many succeed as the
// line affords, and the books reconcile. The pool is capped below the
// server's default max_connections (100), as an application would cap it:
// racers wait for a connection, then for the organisation's turn to write.
func TestPostgresBudgetRace(t *testing.T) {
	postgresDSN(t)
	storetest.RunBudget(t, func(t *testing.T) cpd.Store {
		config, err := pgx.ParseConfig(freshSchema(t))
		require.NoError(t, err)
		db := stdlib.OpenDB(*config)
		db.SetMaxOpenConns(20)
		t.Cleanup(func() { db.Close() })
		s, err := sqlstore.New(t.Context(), db, sqlstore.Postgres, nil)
		require.NoError(t, err)
		t.Cleanup(func() { require.NoError(t, s.Close()) })
		return s
	}, &storetest.BudgetOptions{Racers: 200})
}
