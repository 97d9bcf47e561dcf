package presets_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/presets"
)

// TestOpen checks that Open reads a preset by name and a policy file by
// its path, and that a bad file's error names the file once, with the
// problem.
func TestOpen(t *testing.T) {
	dir := t.TempDir()
	avct, err := presets.JSON("avct")
	require.NoError(t, err)
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
		return path
	}
	own := write("own.json", string(avct))
	noSuffix := write("own-policy", string(avct))
	bad := write("bad.json", `{"id": "x", "academic_year_start": "09-01", "requirements": [{"id": "r", "kind": "renewable_training", "topics": ["x"], "validity": "P2X"}]}`)
	array := write("array.json", `[]`)
	missing := filepath.Join(dir, "none.json")

	want, err := presets.Load("avct")
	require.NoError(t, err)
	for _, value := range []string{"avct", own, noSuffix} {
		got, err := presets.Open(value)
		require.NoError(t, err, value)
		require.Equal(t, want.ID, got.ID, value)
		require.Len(t, got.Requirements, len(want.Requirements), value)
	}

	tests := []struct {
		value   string
		is      error
		wantMsg string
	}{
		{"acme", presets.ErrUnknown, `preset "acme": unknown preset`},
		{missing, os.ErrNotExist, "open " + missing + ": "},
		{bad, compliance.ErrInvalid, bad + `: requirements[0].validity: "P2X" is not an ISO 8601 period`},
		{array, compliance.ErrInvalid, array + ": is a JSON array, want an object"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.value), func(t *testing.T) {
			_, err := presets.Open(tt.value)
			require.ErrorIs(t, err, tt.is)
			require.True(t, strings.HasPrefix(err.Error(), tt.wantMsg), "error %q, want it to start %q", err, tt.wantMsg)
			if strings.Contains(tt.value, "/") {
				require.Equal(t, 1, strings.Count(err.Error(), tt.value), "the path once in %q", err)
			}
			require.False(t, errors.Is(err, presets.ErrUnknown) && tt.is != presets.ErrUnknown)
		})
	}
}
