package cpd_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestSubjectAccessHasEveryRecord checks a subject-access export holds the
// person's records of every kind, not only their activities, and nobody
// else's.
func TestSubjectAccessHasEveryRecord(t *testing.T) {
	f := newAppraisalFixture(t)
	tg := f.setTarget(t, "tina", "Questioning")
	f.setTarget(t, "pete", "Marking")
	sub, err := f.svc.Appraisals.SubmitLog(as("tina"), appraisal.LogSubmission{Person: "tina", Progress: "two courses done"})
	require.NoError(t, err)

	raw, err := f.svc.Staff.SubjectAccess(as("tina"), "tina")
	require.NoError(t, err)
	var x struct {
		Records []struct {
			Kind cpd.Kind        `json:"kind"`
			ID   string          `json:"id"`
			Data json.RawMessage `json:"data"`
		} `json:"records"`
	}
	require.NoError(t, json.Unmarshal(raw, &x))
	type ref struct {
		Kind cpd.Kind
		ID   string
	}
	var got []ref
	for _, r := range x.Records {
		got = append(got, ref{r.Kind, r.ID})
		require.True(t, json.Valid(r.Data), "record data is embedded JSON")
	}
	want := []ref{{cpd.KindStatusReasons, "tina"}, {cpd.KindTarget, tg.ID}, {cpd.KindLogSubmission, sub.ID}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("records (-want +got):\n%s", diff)
	}
}
