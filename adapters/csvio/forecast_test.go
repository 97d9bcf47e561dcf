package csvio_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/csvio"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestExportForecast: the forecast as CSV, a row per item with its kind,
// read back with the Service's own answer.
func TestExportForecast(t *testing.T) {
	f := withHistory(t)
	q := cpd.ForecastQuery{To: date.New(2027, 1, 31)}
	var b bytes.Buffer
	require.NoError(t, csvio.ExportForecast(as("head"), &b, f.svc, q, nil))
	rows, err := csv.NewReader(&b).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"kind", "on", "person", "name", "team", "line_manager", "requirement", "status", "valid_until",
		"fix_activity", "fix_title", "fix_state", "fix_on", "fix_at_risk"}, rows[0])
	fc, err := f.svc.Compliance.Forecast(as("head"), q)
	require.NoError(t, err)
	require.Len(t, rows, 1+len(fc.Lapses)+len(fc.Covered)+len(fc.Outstanding))

	var mgr []string
	for _, r := range rows[1:] {
		if r[0] == "lapse" && r[2] == "mgr" && r[6] == "safeguarding" {
			mgr = r
		}
	}
	require.NotNil(t, mgr, "the manager's safeguarding, done 2025-12-10, lapses in the window: %v", rows)
	require.Equal(t, "2026-12-10", mgr[1])
	require.Equal(t, "overdue", mgr[7])
	require.Equal(t, "2026-12-09", mgr[8])
	require.Equal(t, []string{"", "", "", "", ""}, mgr[9:], "nothing planned")

	err = csvio.ExportForecast(as("tina"), &b, f.svc, q, nil)
	require.ErrorIs(t, err, cpd.ErrForbidden)
}
