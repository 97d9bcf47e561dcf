package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/directorytest"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestDirectoryConformance runs the Directory conformance suite against
// the HR staff table's directory, which serves one organisation.
func TestDirectoryConformance(t *testing.T) {
	directorytest.Run(t, directorytest.Harness{OneOrg: true, New: func(t *testing.T, ids []cpd.Identity) cpd.Directory {
		db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "hr.db"))
		require.NoError(t, err)
		t.Cleanup(func() { require.NoError(t, db.Close()) })
		_, err = db.Exec(staffTable)
		require.NoError(t, err)
		d := &directory{db: db, org: directorytest.OrgA}
		staff := make([]cpd.Person, len(ids))
		for i, id := range ids {
			staff[i] = cpd.Person{ID: id.Person, Name: id.Person, Roles: id.Roles, LineManager: id.LineManager}
		}
		require.NoError(t, d.addStaff(context.Background(), staff))
		return d
	}})
}
