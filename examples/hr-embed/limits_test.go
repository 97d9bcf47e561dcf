package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
)

// TestSlowBody: a client that sends its body a byte at a time cannot
// hold a connection past the read timeout.
func TestSlowBody(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	l := defaultLimits()
	l.read = 300 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		served <- serve(ctx, ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			_, _ = io.WriteString(w, "read it all")
		}), l)
	}()
	defer func() { cancel(); require.NoError(t, <-served) }()

	conn, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	_, err = io.WriteString(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
	require.NoError(t, err)
	start := time.Now()
	go func() { // a byte every 50 ms: 5 s for the body
		for range 100 {
			if _, err := conn.Write([]byte("x")); err != nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(3*time.Second)))
	_, err = io.ReadAll(conn)
	// The server closes the connection before the client's deadline: an
	// EOF, or a reset when it closes with the client's bytes still unread.
	require.False(t, errors.Is(err, os.ErrDeadlineExceeded), "the server held the connection past %v", time.Since(start))
	if err != nil {
		require.ErrorIs(t, err, syscall.ECONNRESET, "the server closed the connection")
	}
}

// TestBodyLimit: a body declared longer than the limit is refused with
// 413 before any handler runs.
func TestBodyLimit(t *testing.T) {
	a, who := newApp(t)
	srv := httptest.NewServer(a.server.routes())
	defer srv.Close()
	body := strings.NewReader(strings.Repeat("x", maxBodyBytes+1))
	req, err := http.NewRequest("GET", srv.URL+"/report", body)
	require.NoError(t, err)
	req.Header.Set(staffHeader, who.head)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode)
}

// TestHeaderLimit: headers past the limit are refused with 431.
func TestHeaderLimit(t *testing.T) {
	a, who := newApp(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serve(ctx, ln, a.server.routes(), defaultLimits()) }()
	defer func() { cancel(); require.NoError(t, <-served) }()
	req, err := http.NewRequest("GET", "http://"+ln.Addr().String()+"/compliance/"+who.head, nil)
	require.NoError(t, err)
	req.Header.Set(staffHeader, who.head)
	req.Header.Set("X-Padding", strings.Repeat("x", 64<<10))
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusRequestHeaderFieldsTooLarge, res.StatusCode)
}

// TestLoopbackWarning: listening beyond the loopback interface in
// trusted-proxy mode warns; on loopback, or with bearer tokens, it does
// not.
func TestLoopbackWarning(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "jwt.key")
	require.NoError(t, os.WriteFile(keyFile, append(testKey, '\n'), 0o600))
	tests := []struct {
		name string
		args []string
		warn bool
	}{
		{"every interface", []string{"-addr", "0.0.0.0:0"}, true},
		{"loopback", []string{"-addr", "127.0.0.1:0"}, false},
		{"every interface with tokens", []string{"-addr", "0.0.0.0:0", "-jwt-key-file", keyFile}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stderr, _ := runUntilListening(t, tc.args)
			require.Equal(t, tc.warn, strings.Contains(stderr, "warning"), "stderr: %q", stderr)
		})
	}
}

// TestRunBearer starts the whole program with -jwt-key-file: the tokens
// it prints open the report, and the proxy header alone does not.
func TestRunBearer(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "jwt.key")
	require.NoError(t, os.WriteFile(keyFile, testKey, 0o600))
	_, stdout := runUntilListening(t, []string{"-addr", "127.0.0.1:0", "-jwt-key-file", keyFile})
	lines := strings.Split(stdout, "\n")
	_, addr, ok := strings.Cut(strings.Fields(lines[0])[4], "http://")
	require.True(t, ok, "the first line names the address: %q", lines[0])
	_, token, ok := strings.Cut(lines[1], "Authorization: Bearer ")
	require.True(t, ok, "the hint has a token: %q", lines[1])
	token, _, _ = strings.Cut(token, "'")

	req, err := http.NewRequest("GET", "http://"+addr+"/report", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)

	status, _ := get(t, "http://"+addr+"/report", "s0001")
	require.Equal(t, http.StatusUnauthorized, status)
}

// runUntilListening runs the program with args (and a fresh database of
// 12 people) until it has printed its hint, and returns what it wrote to
// stderr and stdout by then. It stops the program at cleanup.
func runUntilListening(t *testing.T, args []string) (stderr, stdout string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, w := io.Pipe()
	var errs strings.Builder
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append(args, "-db", "sqlite:"+filepath.Join(t.TempDir(), "hr.db"), "-people", "12"), w, &errs)
		w.Close()
	}()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
	r := bufio.NewReader(out)
	var printed strings.Builder
	for range 3 { // the address and two requests to try
		line, err := r.ReadString('\n')
		require.NoError(t, err, "printed so far: %q", printed.String())
		printed.WriteString(line)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	return errs.String(), printed.String()
}

// TestUsageHidesPassword: refusing a PostgreSQL DSN does not print its
// password.
func TestUsageHidesPassword(t *testing.T) {
	err := run(context.Background(), []string{"-db", "postgres://u:s3cret@db.example/cpd"}, io.Discard, io.Discard)
	require.ErrorContains(t, err, "sqlite:FILE")
	require.NotContains(t, err.Error(), "s3cret")
	require.Contains(t, err.Error(), "db.example", "still says which database")
}

// TestUnavailable: when the database is unavailable (too many
// connections, say), the answer is 503 with a Retry-After, not 500.
func TestUnavailable(t *testing.T) {
	a, _ := newApp(t)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/report", nil)
	a.server.fail(rec, req, fmt.Errorf("gather: %w", sqlstore.ErrUnavailable))
	require.Equal(t, http.StatusServiceUnavailable, rec.Code)
	require.NotEmpty(t, rec.Header().Get("Retry-After"))
}
