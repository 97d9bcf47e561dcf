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
