package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestExitStatus checks the command's exit statuses: 0 for -h (with the
// usage on stdout), 2 for a usage error with one line saying what is
// wrong, 1 for an error while running.
func TestExitStatus(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "hr.db")
	tests := []struct {
		name   string
		args   []string
		status int
		stdout string // a substring of stdout
		stderr string // a substring of stderr, which is one line when not ""
	}{
		{"help", []string{"-h"}, 0, "-people", ""},
		{"help, long", []string{"--help"}, 0, "-jwt-key-file", ""},
		{"unknown flag", []string{"-bogus"}, 2, "", "flag provided but not defined: -bogus"},
		{"bad number", []string{"-people", "many"}, 2, "", "-people"},
		{"too few people", []string{"-people", "1"}, 2, "", "-people: at least"},
		{"stray argument", []string{"extra"}, 2, "", "unexpected arguments"},
		{"not SQLite", []string{"-db", "postgres://x"}, 2, "", "sqlite:FILE"},
		{"no key file", []string{"-db", db, "-jwt-key-file", filepath.Join(dir, "absent.key")}, 1, "", "-jwt-key-file"},
		{"cannot listen", []string{"-db", db, "-addr", "256.0.0.1:0"}, 1, "", "256.0.0.1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			status := cli(tc.args, &stdout, &stderr)
			require.Equal(t, tc.status, status, "stderr: %s", stderr.String())
			require.Contains(t, stdout.String(), tc.stdout)
			if tc.stderr == "" {
				require.Empty(t, stderr.String())
				return
			}
			require.Contains(t, stderr.String(), tc.stderr)
			require.True(t, strings.HasPrefix(stderr.String(), "hr-embed: "), stderr.String())
			require.Equal(t, 1, strings.Count(stderr.String(), "\n"), "one message: %q", stderr.String())
		})
	}
}
