package csvio_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/csvio"
	"github.com/cpdkit/cpdkit/cpd"
)

// FuzzCSVImport checks that no file makes reading or importing panic,
// that a bad file is an error and never a partial import (no rows read,
// nothing stored), and that what is read is valid and in line order.
func FuzzCSVImport(f *testing.F) {
	f.Add([]byte(hrRoster), uint8(0))
	f.Add([]byte(rosterHeader+"p1,One,tutor,employed,2026-09-01,1,staff\n"), uint8(1))
	f.Add([]byte(completionHeader+"tina,S,external_course,keeping_up_to_date,necessary,required,3,2026-10-01,cert,,,,\n"), uint8(0))
	f.Add([]byte(completionHeader+"tina,S,external_course,keeping_up_to_date,necessary,required,3,2026-10-01,cert,,,,\n\"a\nb\",x\n"), uint8(3))
	f.Add([]byte("id,name\n\"unterminated\n"), uint8(2))
	golden, _ := filepath.Glob(filepath.Join("testdata", "*.csv"))
	for _, name := range golden {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b, uint8(1))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, flags uint8) {
		ro := csvio.ReadOptions{DayFirst: flags&1 != 0, SkipBad: flags&2 != 0, BatchSize: int(flags>>4) % 4, MaxErrors: 7}
		if flags&4 != 0 {
			ro.Comma = ';'
		}
		people, err := csvio.ReadPeople(context.Background(), bytes.NewReader(data), &csvio.RosterOptions{ReadOptions: ro})
		checkRead(t, people, err, (*cpd.Person).Validate)
		acts, err := csvio.ReadCompletions(context.Background(), bytes.NewReader(data), &csvio.CompletionOptions{ReadOptions: ro})
		checkRead(t, acts, err, (*cpd.Activity).Validate)

		fx := newFixture(t)
		before := fx.events(t)
		res, err := csvio.ImportCompletions(as("admin"), fx.svc, bytes.NewReader(data), &csvio.CompletionOptions{ReadOptions: ro})
		after := fx.events(t)
		if err != nil {
			require.ErrorIs(t, err, cpd.ErrInvalid)
			require.Equal(t, before, after, "a failed import stores nothing")
			require.Empty(t, res.Stored)
			return
		}
		if len(res.Stored) == 0 {
			require.Equal(t, before, after)
		} else {
			require.Greater(t, after, before)
		}
	})
}

// checkRead checks one read's result against its error.
func checkRead[T any](t *testing.T, got csvio.Parsed[T], err error, validate func(*T) error) {
	t.Helper()
	if err != nil {
		require.ErrorIs(t, err, cpd.ErrInvalid)
		var ie *csvio.ImportError
		require.True(t, errors.As(err, &ie), "an *ImportError: %v", err)
		require.NotEmpty(t, ie.Problems)
		for _, p := range ie.Problems {
			require.GreaterOrEqual(t, p.Line, 1)
		}
		require.Empty(t, got.Rows, "a failed read returns no rows")
		return
	}
	require.Len(t, got.Lines, len(got.Rows))
	for i := range got.Rows {
		require.NoError(t, validate(&got.Rows[i]), "row on line %d", got.Lines[i])
		require.GreaterOrEqual(t, got.Lines[i], 2)
		if i > 0 {
			require.Greater(t, got.Lines[i], got.Lines[i-1])
		}
	}
	for _, p := range got.Rejected {
		require.GreaterOrEqual(t, p.Line, 1)
		require.NotContains(t, got.Lines, p.Line, "a row is read or rejected, not both")
	}
}
