package cpd_test

import (
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// logItem returns a person's CPD log compliance item.
func logItem(t *testing.T, f *afix, person string) compliance.Item {
	t.Helper()
	res, err := f.svc.Compliance.Compliance(as(person), person)
	require.NoError(t, err)
	it, ok := res.Item("cpd-log")
	require.True(t, ok)
	return it
}

func TestSubmitLog(t *testing.T) {
	f := newAppraisalFixture(t)
	mine := f.linkedDone(t, "tina", date.New(2026, 11, 2))
	petes := f.linkedDone(t, "pete", date.New(2026, 11, 2))
	require.Equal(t, compliance.Missing, logItem(t, f, "tina").Status, "never submitted")

	tests := []struct {
		name  string
		by    string
		sub   appraisal.LogSubmission
		want  error
		field string
	}{
		{"nobody submits for someone else", "mgr", appraisal.LogSubmission{Person: "tina", Progress: "p"}, cpd.ErrForbidden, ""},
		{"not the head either", "head", appraisal.LogSubmission{Person: "tina", Progress: "p"}, cpd.ErrForbidden, ""},
		{"a progress statement or a document", "tina", appraisal.LogSubmission{Person: "tina"}, cpd.ErrInvalid, "progress"},
		{"only one's own activities", "tina", appraisal.LogSubmission{Person: "tina", Progress: "p", Activities: []string{mine.ID, petes.ID}}, cpd.ErrInvalid, "activities[1]"},
		{"the person", "tina", appraisal.LogSubmission{Person: "tina", Progress: "Phonics course done", Activities: []string{mine.ID}}, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := f.snapshot(t)
			_, err := f.svc.Appraisals.SubmitLog(as(tc.by), tc.sub)
			wantErr(t, err, tc.want, tc.field)
			if tc.want != nil {
				require.Equal(t, before, f.snapshot(t), "a refused submission changes nothing")
			}
		})
	}

	t.Run("the submission feeds the cadence requirement", func(t *testing.T) {
		it := logItem(t, f, "tina")
		require.Equal(t, compliance.Compliant, it.Status)
		require.Equal(t, date.New(2026, 11, 25), it.Evidence.Date)
		require.Equal(t, date.New(2027, 1, 24), it.ValidUntil, "next due two months on")
		require.Equal(t, compliance.Missing, logItem(t, f, "pete").Status, "pete has not submitted")
	})
	t.Run("the maintained status follows", func(t *testing.T) {
		v, err := f.svc.Compliance.OrgCompliance(as("head"))
		require.NoError(t, err)
		require.Equal(t, map[string]compliance.Status{"tina": compliance.Compliant, "pete": compliance.Missing},
			map[string]compliance.Status{"tina": statusOf(v, "tina", "cpd-log"), "pete": statusOf(v, "pete", "cpd-log")})
	})
	t.Run("the log falls due two months on", func(t *testing.T) {
		f.now = time.Date(2027, 1, 20, 9, 0, 0, 0, time.UTC)
		defer func() { f.now = fixedNow }()
		alerts, err := f.svc.Compliance.Alerts(as("tina"), "tina", 7)
		require.NoError(t, err)
		i := indexOf(alerts, "cpd-log")
		require.GreaterOrEqual(t, i, 0, "a cpd-log alert in %v", alerts)
		require.Equal(t, []any{cpd.LogDue, compliance.DueSoon, date.New(2027, 1, 24)}, []any{alerts[i].Kind, alerts[i].Status, alerts[i].Date})
	})
	t.Run("reading submissions", func(t *testing.T) {
		subs, err := f.svc.Appraisals.LogSubmissions(as("mgr"), "tina")
		require.NoError(t, err)
		require.Len(t, subs, 1)
		require.Equal(t, []string{mine.ID}, subs[0].Activities)
		_, err = f.svc.Appraisals.LogSubmissions(as("pete"), "tina")
		require.ErrorIs(t, err, cpd.ErrForbidden)
	})
}

func statusOf(v cpd.OrgView, person, requirement string) compliance.Status {
	for _, row := range v.Rows {
		for _, it := range row.Items {
			if row.Person == person && it.Requirement == requirement {
				return it.Status
			}
		}
	}
	return 0
}

func indexOf(alerts []cpd.Alert, requirement string) int {
	for i, a := range alerts {
		if a.Requirement == requirement {
			return i
		}
	}
	return -1
}
