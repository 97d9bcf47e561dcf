package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/require"
)

// testKey signs the tests' tokens.
var testKey = []byte("0123456789abcdef0123456789abcdef")

// TestProxyHeaderOnce: in trusted-proxy mode, a request that names the
// member of staff twice, in two headers or in one, is refused rather than
// read as its first name.
func TestProxyHeaderOnce(t *testing.T) {
	a, who := newApp(t)
	srv := httptest.NewServer(a.server.routes())
	defer srv.Close()
	tests := []struct {
		name   string
		values []string
		status int
	}{
		{"one header", []string{who.head}, http.StatusOK},
		{"two headers", []string{who.head, who.teacher}, http.StatusBadRequest},
		{"two headers, a teacher first", []string{who.teacher, who.head}, http.StatusBadRequest},
		{"two names in one", []string{who.teacher + ", " + who.head}, http.StatusBadRequest},
		{"empty", []string{" "}, http.StatusUnauthorized},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest("GET", srv.URL+"/report", nil)
			require.NoError(t, err)
			for _, v := range tc.values {
				req.Header.Add(staffHeader, v)
			}
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			require.Equal(t, tc.status, res.StatusCode)
		})
	}
}

// TestBearer: with bearer tokens, only a token signed with the key, from
// the issuer, for the audience and unexpired says who is calling, and the
// organisation is the token's: headers the client sets beside it change
// nothing.
func TestBearer(t *testing.T) {
	a, who := newApp(t)
	now := today.Midnight().Add(12 * time.Hour)
	b, err := newBearer(testKey, "hr-signin", "cpdkit", func() time.Time { return now })
	require.NoError(t, err)
	a.server.auth, a.server.challenge = b.authenticate, bearerChallenge
	srv := httptest.NewServer(a.server.routes())
	defer srv.Close()

	valid, err := b.issue(orgID, who.head, time.Hour)
	require.NoError(t, err)
	teacher, err := b.issue(orgID, who.teacher, time.Hour)
	require.NoError(t, err)
	claims := func(edit func(*staffClaims)) staffClaims {
		c := staffClaims{Org: orgID, RegisteredClaims: jwt.RegisteredClaims{
			Issuer: "hr-signin", Subject: who.head, Audience: jwt.ClaimStrings{"cpdkit"},
			ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)),
		}}
		edit(&c)
		return c
	}
	sign := func(method jwt.SigningMethod, key any, c staffClaims) string {
		s, err := jwt.NewWithClaims(method, c).SignedString(key)
		require.NoError(t, err)
		return s
	}
	hs256 := func(edit func(*staffClaims)) string { return sign(jwt.SigningMethodHS256, testKey, claims(edit)) }
	keep := func(*staffClaims) {}

	tests := []struct {
		name    string
		headers map[string][]string
		status  int
	}{
		{"valid", auth(valid), http.StatusOK},
		{"signed alike by the test", auth(hs256(keep)), http.StatusOK},
		{"no credential", nil, http.StatusUnauthorized},
		{"the proxy header counts for nothing", map[string][]string{staffHeader: {who.head}}, http.StatusUnauthorized},
		{"the proxy header does not change who", map[string][]string{"Authorization": {"Bearer " + teacher}, staffHeader: {who.head}}, http.StatusForbidden},
		{"not bearer", map[string][]string{"Authorization": {"Basic " + valid}}, http.StatusUnauthorized},
		{"two tokens", map[string][]string{"Authorization": {"Bearer " + teacher, "Bearer " + valid}}, http.StatusBadRequest},
		{"another key", auth(sign(jwt.SigningMethodHS256, []byte("another key, just as long as ours"), claims(keep))), http.StatusUnauthorized},
		{"unsigned", auth(sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims(keep))), http.StatusUnauthorized},
		{"HS384 is not accepted", auth(sign(jwt.SigningMethodHS384, testKey, claims(keep))), http.StatusUnauthorized},
		{"tampered", auth(valid[:len(valid)-2] + "xx"), http.StatusUnauthorized},
		{"expired", auth(hs256(func(c *staffClaims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Minute)) })), http.StatusUnauthorized},
		{"expired within the clock skew", auth(hs256(func(c *staffClaims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(-10 * time.Second)) })), http.StatusOK},
		{"no expiry", auth(hs256(func(c *staffClaims) { c.ExpiresAt = nil })), http.StatusUnauthorized},
		{"another issuer", auth(hs256(func(c *staffClaims) { c.Issuer = "someone-else" })), http.StatusUnauthorized},
		{"another audience", auth(hs256(func(c *staffClaims) { c.Audience = jwt.ClaimStrings{"payroll"} })), http.StatusUnauthorized},
		{"no subject", auth(hs256(func(c *staffClaims) { c.Subject = "" })), http.StatusUnauthorized},
		{"no organisation", auth(hs256(func(c *staffClaims) { c.Org = "" })), http.StatusUnauthorized},
		{"another organisation", auth(hs256(func(c *staffClaims) { c.Org = "another-college" })), http.StatusUnauthorized},
		{"a leaver", auth(hs256(func(c *staffClaims) { c.Subject = who.leaver })), http.StatusUnauthorized},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest("GET", srv.URL+"/report", nil)
			require.NoError(t, err)
			for k, vs := range tc.headers {
				for _, v := range vs {
					req.Header.Add(k, v)
				}
			}
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			require.Equal(t, tc.status, res.StatusCode)
			if tc.status == http.StatusUnauthorized {
				require.Equal(t, bearerChallenge, res.Header.Get("WWW-Authenticate"))
			}
		})
	}
}

// auth is the header that sends a bearer token.
func auth(token string) map[string][]string {
	return map[string][]string{"Authorization": {"Bearer " + token}}
}

// TestNewBearer: a short key, or an empty issuer or audience, is refused.
func TestNewBearer(t *testing.T) {
	_, err := newBearer(testKey[:31], "i", "a", nil)
	require.ErrorContains(t, err, "at least 32")
	_, err = newBearer(testKey, "", "a", nil)
	require.ErrorContains(t, err, "issuer")
	_, err = newBearer(testKey, "i", "", nil)
	require.ErrorContains(t, err, "audience")
}

// TestKeyFile: a missing or short key file stops the program with an
// error naming the flag, before it seeds or listens.
func TestKeyFile(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short.key")
	require.NoError(t, os.WriteFile(short, []byte("too short\n"), 0o600))
	for _, file := range []string{filepath.Join(dir, "missing.key"), short} {
		db := filepath.Join(t.TempDir(), "hr.db")
		err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-db", "sqlite:" + db, "-jwt-key-file", file}, io.Discard, io.Discard)
		require.ErrorContains(t, err, "-jwt-key-file")
		a, err := open(context.Background(), "sqlite:"+db, nil)
		require.NoError(t, err)
		n, err := a.dir.staffCount(context.Background())
		require.NoError(t, err)
		require.Zero(t, n, "not seeded")
		require.NoError(t, a.close())
	}
}
