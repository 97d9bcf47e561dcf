package exampledb

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// TestTemporaryDatabase checks the default database is a new SQLite file
// that Close removes, used by the example's own organisation.
func TestTemporaryDatabase(t *testing.T) {
	db, err := Open(t.Context(), "", "demo")
	require.NoError(t, err)
	require.Equal(t, "demo", db.Org)
	require.DirExists(t, db.dir)
	require.NoError(t, db.Store.Update(t.Context(), db.Org, func(tx cpd.Tx) error {
		_, err := tx.Put(t.Context(), cpd.Record{Kind: cpd.KindPerson, ID: "p", Data: []byte(`{}`)}, cpd.Change{Actor: "t"})
		return err
	}))
	require.NoError(t, db.Close())
	require.NoDirExists(t, db.dir)
}

// TestNamedDatabase checks a database the caller names is kept, and that
// each opening is an organisation of its own.
func TestNamedDatabase(t *testing.T) {
	file := filepath.Join(t.TempDir(), "cpd.db")
	orgs := map[string]bool{}
	for range 2 {
		db, err := Open(context.Background(), "sqlite:"+file, "demo")
		require.NoError(t, err)
		require.Regexp(t, `^demo-[0-9a-f]{8}$`, db.Org)
		orgs[db.Org] = true
		require.NoError(t, db.Close())
		require.FileExists(t, file)
	}
	require.Len(t, orgs, 2)
}

// TestBadDSN checks a DSN sqlstore cannot read is an error.
func TestBadDSN(t *testing.T) {
	_, err := Open(t.Context(), "mysql://x", "demo")
	require.ErrorIs(t, err, cpd.ErrInvalid)
}

// TestOpenErrorHidesPassword: an error opening a database the caller
// named does not repeat the DSN's password.
func TestOpenErrorHidesPassword(t *testing.T) {
	for _, dsn := range []string{
		"postgres://u:s3cret@127.0.0.1:1/cpd?sslmode=disable&connect_timeout=1",
		"postgres://u:s3cret@127.0.0.1:badport/cpd",
		"postgres://u@127.0.0.1:1/cpd?password=s3cret&sslmode=disable&connect_timeout=1",
		"postgres://u@127.0.0.1:badport/cpd?password=s3cret",
	} {
		_, err := Open(t.Context(), dsn, "demo")
		require.Error(t, err)
		require.NotContains(t, err.Error(), "s3cret")
		require.Contains(t, err.Error(), "127.0.0.1", "still says which database")
	}
}
