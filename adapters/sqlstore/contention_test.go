package sqlstore_test

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestManyWritersOneOrg: a thousand concurrent Updates to one
// organisation, more than the server's max_connections allows at once,
// all succeed and number their events without gaps: they wait for their
// turn holding no connection, in a bounded pool.
func TestManyWritersOneOrg(t *testing.T) {
	const writers = 1000
	s := open(t, freshSchema(t), nil)
	require.Equal(t, sqlstore.DefaultMaxOpenConns, sqlstore.DB(s).Stats().MaxOpenConnections)
	start := time.Now()
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			errs[w] = s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
				_, err := put(t.Context(), tx, fmt.Sprintf("act-%04d", w), []byte(`{}`))
				return err
			})
		})
	}
	wg.Wait()
	t.Logf("%d concurrent writers to one organisation took %v", writers, time.Since(start))
	for w, err := range errs {
		require.NoError(t, err, "writer %d", w)
	}
	requireSeqs(t, s, "org-a", writers)
	require.Zero(t, sqlstore.WaitingWriters(s, "org-a"), "the organisation's queue is forgotten when empty")
}

// TestManyWritersTwoStores: two Stores on one database, as two processes
// would be, each with hundreds of concurrent writers to one organisation
// and a pool of four: every Update succeeds and the events are numbered
// without gaps, as each process queues its own writers and the advisory
// lock orders the two.
func TestManyWritersTwoStores(t *testing.T) {
	const each = 200
	dsn := freshSchema(t)
	stores := []*sqlstore.Store{open(t, dsn, &sqlstore.Options{MaxOpenConns: 4}), open(t, dsn, &sqlstore.Options{MaxOpenConns: 4})}
	errs := make([]error, 2*each)
	var wg sync.WaitGroup
	for w := range 2 * each {
		wg.Go(func() {
			errs[w] = stores[w%2].Update(t.Context(), "org-a", func(tx cpd.Tx) error {
				_, err := put(t.Context(), tx, fmt.Sprintf("act-%04d", w), []byte(`{}`))
				return err
			})
		})
	}
	wg.Wait()
	for w, err := range errs {
		require.NoError(t, err, "writer %d", w)
	}
	requireSeqs(t, stores[0], "org-a", 2*each)
}

// TestQueuedWritersHoldNoConnection: Updates waiting for their
// organisation's turn hold no connection, so a View, and another
// organisation's Update, still get one from a pool of two.
func TestQueuedWritersHoldNoConnection(t *testing.T) {
	const waiting = 5
	s := open(t, freshSchema(t), &sqlstore.Options{MaxOpenConns: 2})
	holding, release := make(chan struct{}), make(chan struct{})
	errs := make(chan error, waiting+1)
	go func() {
		errs <- s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
			close(holding)
			<-release
			_, err := put(t.Context(), tx, "act-holder", []byte(`{}`))
			return err
		})
	}()
	<-holding
	for w := range waiting {
		go func() {
			errs <- s.Update(t.Context(), "org-a", func(tx cpd.Tx) error {
				_, err := put(t.Context(), tx, fmt.Sprintf("act-%d", w), []byte(`{}`))
				return err
			})
		}()
	}
	require.Eventually(t, func() bool { return sqlstore.WaitingWriters(s, "org-a") == waiting+1 }, 10*time.Second, time.Millisecond)

	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	require.NoError(t, s.View(ctx, "org-a", func(tx cpd.Tx) error {
		_, err := tx.List(ctx, cpd.KindActivity, cpd.Query{})
		return err
	}), "a View while writers queue")
	require.NoError(t, s.Update(ctx, "org-b", func(tx cpd.Tx) error {
		_, err := put(ctx, tx, "act-b", []byte(`{}`))
		return err
	}), "another organisation's Update while writers queue")
	require.LessOrEqual(t, sqlstore.DB(s).Stats().OpenConnections, 2)

	close(release)
	for range waiting + 1 {
		require.NoError(t, <-errs)
	}
	requireSeqs(t, s, "org-a", waiting+1)
}

// TestRetryTooManyConnections: a role that may open two connections
// uses a pool that may open eight, so the server refuses many of them
// with SQLSTATE 53300; Views and Updates retry starting their
// transactions until a connection is free, and all succeed.
func TestRetryTooManyConnections(t *testing.T) {
	const callers = 40
	dsn := limitedRole(t, 2)
	s := open(t, dsn, &sqlstore.Options{MaxOpenConns: 8})
	errs := make([]error, callers)
	var wg sync.WaitGroup
	for c := range callers {
		wg.Go(func() {
			org := fmt.Sprintf("org-%d", c%8)
			if c%2 == 0 {
				errs[c] = s.Update(t.Context(), org, func(tx cpd.Tx) error {
					_, err := put(t.Context(), tx, fmt.Sprintf("act-%d", c), []byte(`{}`))
					return err
				})
				return
			}
			errs[c] = s.View(t.Context(), org, func(tx cpd.Tx) error {
				_, err := tx.List(t.Context(), cpd.KindActivity, cpd.Query{})
				return err
			})
		})
	}
	wg.Wait()
	for c, err := range errs {
		require.NoError(t, err, "caller %d", c)
	}
}

// TestUnavailableAfterRetries: when the server keeps refusing
// connections past Options.RetryUnavailable, Update fails with an error
// matching ErrUnavailable and ErrRetryable, carrying the SQLSTATE, and
// fn does not run.
func TestUnavailableAfterRetries(t *testing.T) {
	dsn := limitedRole(t, 1)
	s := open(t, dsn, &sqlstore.Options{RetryUnavailable: 20 * time.Millisecond})
	holding, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- s.View(t.Context(), "org-a", func(cpd.Tx) error { // holds the role's one connection
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	ran := false
	err := s.Update(t.Context(), "org-b", func(cpd.Tx) error { ran = true; return nil })
	close(release)
	require.NoError(t, <-done)
	require.ErrorIs(t, err, sqlstore.ErrUnavailable)
	require.ErrorIs(t, err, sqlstore.ErrRetryable)
	var pgErr *pgconn.PgError
	require.ErrorAs(t, err, &pgErr)
	require.Equal(t, "53300", pgErr.Code)
	require.False(t, ran)
}

// limitedRole creates a role that may open at most limit connections
// and an empty schema it owns, both dropped at cleanup, and returns a
// DSN that logs in as the role with the schema as its search_path.
func limitedRole(t *testing.T, limit int) string {
	t.Helper()
	dsn := postgresDSN(t)
	admin := adminDB(t, dsn)
	role, password := "cpdkit_test_limited_"+randomHex(4), randomHex(12)
	for _, stmt := range []string{
		fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD '%s' CONNECTION LIMIT %d", role, password, limit),
		fmt.Sprintf("CREATE SCHEMA %[1]s AUTHORIZATION %[1]s", role),
	} {
		_, err := admin.ExecContext(t.Context(), stmt)
		require.NoError(t, err, stmt)
	}
	t.Cleanup(func() {
		for _, stmt := range []string{"DROP SCHEMA " + role + " CASCADE", "DROP ROLE " + role} {
			_, err := admin.Exec(stmt)
			require.NoError(t, err, stmt)
		}
	})
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	u.User = url.UserPassword(role, password)
	return inSchema(t, u.String(), role)
}

// requireSeqs checks that the organisation has n events, numbered 1 to n.
func requireSeqs(t *testing.T, s *sqlstore.Store, org string, n int) {
	t.Helper()
	require.NoError(t, s.View(t.Context(), org, func(tx cpd.Tx) error {
		evs, err := tx.Events(t.Context(), cpd.EventQuery{Limit: cpd.MaxLimit})
		require.NoError(t, err)
		require.Len(t, evs, n)
		for i, e := range evs {
			require.EqualValues(t, i+1, e.Seq)
		}
		return nil
	}))
}
