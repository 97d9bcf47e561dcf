package appraisal_test

import (
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
)

// day is a date in 2026 or 2027 written shortly.
func day(y int, m time.Month, d int) date.Date { return date.New(y, m, d) }

func hours(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// wantErr checks err: nil when want is nil, otherwise matching want and,
// when field is given, a *ValidationError naming that field.
func wantErr(t *testing.T, err, want error, field string) {
	t.Helper()
	if want == nil {
		require.NoError(t, err)
		return
	}
	require.ErrorIs(t, err, want)
	if field != "" {
		var ve *appraisal.ValidationError
		require.ErrorAs(t, err, &ve)
		require.Equal(t, field, ve.Field, "field named by %v", err)
	}
}

// target is a valid open appraisal target owned by tina.
func target(id string) appraisal.Target {
	return appraisal.Target{
		ID: id, Title: "Raise achievement in " + id, Source: appraisal.FromAppraisal, Owner: "tina", SetBy: "mgr",
		Set: day(2026, 9, 20), Due: day(2027, 3, 31), Status: appraisal.Open,
	}
}

// done is a completed activity of tina's serving targets.
func done(id string, on date.Date, targets ...string) appraisal.Activity {
	return appraisal.Activity{ID: id, Person: "tina", Title: "Course " + id, Kind: "external_course",
		Aspect: "training_for_job", Provider: "Provider A", Targets: targets, Progress: appraisal.Done,
		Completed: on, Hours: hours("3")}
}
