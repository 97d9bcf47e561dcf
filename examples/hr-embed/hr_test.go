package main

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
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

// TestBadHRRowRevealsNothing checks a colleague's HR row that the
// directory cannot read (a role it does not know) tells a member of staff
// who may not read their record nothing: the answer is the plain 403
// anyone refused gets, not the row's fault in a 400.
func TestBadHRRowRevealsNothing(t *testing.T) {
	a, who := newApp(t)
	_, err := a.db.Exec(`UPDATE hr_staff SET roles = 'staff wizard' WHERE staff_id = ?`, who.teacher)
	require.NoError(t, err)
	srv := httptest.NewServer(a.server.routes())
	defer srv.Close()
	status, body := get(t, srv.URL+"/compliance/"+who.teacher, who.stranger)
	require.Equal(t, http.StatusForbidden, status)
	require.JSONEq(t, `{"error": "forbidden"}`, body)
	status, _ = get(t, srv.URL+"/compliance/"+who.teacher, who.head)
	require.Equal(t, http.StatusOK, status, "the head needs no lookup of the teacher")
}
