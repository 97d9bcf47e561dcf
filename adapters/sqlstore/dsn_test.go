package sqlstore_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
)

// TestRedactDSN: a DSN's passwords are hidden wherever they are written,
// and the rest of it is kept to say which database was meant.
func TestRedactDSN(t *testing.T) {
	tests := []struct {
		name, dsn, want string
	}{
		{"sqlite file", "sqlite:cpd.db?_pragma=synchronous(NORMAL)", "sqlite:cpd.db?_pragma=synchronous(NORMAL)"},
		{"no password", "postgres://cpd@db.example/cpd?sslmode=disable", "postgres://cpd@db.example/cpd?sslmode=disable"},
		{"password in the URL", "postgres://u:s3cret@db.example:5432/cpd?sslmode=disable", "postgres://u:xxxxx@db.example:5432/cpd?sslmode=disable"},
		{"password parameter", "postgresql://u@db.example/cpd?password=s3cret&sslmode=disable", "postgresql://u@db.example/cpd?password=xxxxx&sslmode=disable"},
		{"sslpassword parameter", "postgres://db.example/cpd?sslpassword=s3cret", "postgres://db.example/cpd?sslpassword=xxxxx"},
		{"both", "postgres://u:s3cret@db.example/cpd?PASSWORD=s3cret", "postgres://u:xxxxx@db.example/cpd?PASSWORD=xxxxx"},
		{"unreadable URL", "postgres://u:s3cret@db.example:badport/cpd", "postgres://(a DSN that is not a valid URL, hidden)"},
		{"keyword form", "host=db.example user=u password=s3cret dbname=cpd", "(a DSN that is not a URL, hidden)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := sqlstore.RedactDSN(tc.dsn)
			require.Equal(t, tc.want, got)
			require.NotContains(t, got, "s3cret")
		})
	}
}

// TestSQLiteSettings: a connection to an SQLite file keeps temporary
// files (the savepoint journal of PutMany) in memory and a page cache
// large enough for an import's transaction, unless the DSN says
// otherwise; an in-memory database keeps its temporary files in memory.
func TestSQLiteSettings(t *testing.T) {
	pragma := func(t *testing.T, s *sqlstore.Store, name string) int {
		t.Helper()
		var v int
		require.NoError(t, sqlstore.DB(s).QueryRowContext(t.Context(), "PRAGMA "+name).Scan(&v))
		return v
	}
	file := open(t, sqliteFile(t), nil)
	require.Equal(t, 2, pragma(t, file, "temp_store"), "temp_store is MEMORY")
	require.Equal(t, -64<<10, pragma(t, file, "cache_size"), "cache_size in KiB")

	own := open(t, sqliteFile(t)+"?_pragma=cache_size(-4096)", nil)
	require.Equal(t, -4096, pragma(t, own, "cache_size"), "the DSN's cache_size")

	mem := open(t, "sqlite::memory:", nil)
	require.Equal(t, 2, pragma(t, mem, "temp_store"), "temp_store is MEMORY")
}
