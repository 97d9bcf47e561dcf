package badges

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
)

// testdata reads a file of testdata.
func testdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return data
}

// TestDuplicates imports the same 2.0 assertion and the same 3.0
// credential twice: the first of each counts, the second is refused as a
// duplicate, and the 12-hour badge gives 12 hours, not 24.
func TestDuplicates(t *testing.T) {
	res, err := importDoc(t, testdata(t, "duplicate-assertion.json"), nil)
	require.NoError(t, err)
	wantAwards := []awardView{
		{a1, "ann", dslBadge, "2026-10-02", "", Version2, false},
		{c1, "dan", mhfaBadge, "2026-10-02", "", Version3, false},
	}
	if diff := cmp.Diff(wantAwards, awardViews(res)); diff != "" {
		t.Errorf("awards (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]refusalView{{1, Duplicate}, {3, Duplicate}}, refusalViews(res)); diff != "" {
		t.Errorf("refused (-want +got):\n%s", diff)
	}
	require.Equal(t, "has the same id as badge 0, which counts instead", res.Refused[0].Reason)

	policy, err := compliance.ParsePolicy([]byte(`{"id": "p", "academic_year_start": "09-01", "requirements": [
		{"id": "hours", "kind": "minimum_hours", "hours": {"minimum": "15"}}]}`))
	require.NoError(t, err)
	e, err := compliance.NewEvaluator(policy)
	require.NoError(t, err)
	got, err := e.Evaluate(compliance.Person{ID: "ann", Start: date.New(2020, 9, 1)}, res.ByPerson()["ann"], date.New(2026, 10, 3))
	require.NoError(t, err)
	require.Equal(t, compliance.Pending, got.Items[0].Status)
	require.Equal(t, "12", got.Items[0].HoursDone.String())
}

// TestRevokedLater checks that a revocation revokes its assertion wherever
// it comes in the import, before or after it.
func TestRevokedLater(t *testing.T) {
	res, err := importDoc(t, testdata(t, "revoked-later.json"), nil)
	require.NoError(t, err)
	require.Empty(t, res.Awards)
	want := []refusalView{{0, Revoked}, {1, Revoked}, {2, Revoked}, {3, Revoked}}
	if diff := cmp.Diff(want, refusalViews(res)); diff != "" {
		t.Errorf("refused (-want +got):\n%s", diff)
	}
	require.Equal(t, "has the same id as badge 2, revoked by its issuer: awarded in error", res.Refused[0].Reason)
}
