package main

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/cpdkit/cpdkit/cpd"
)

// authenticate says who is calling: the organisation and the member of
// staff a request acts for, taken from a credential the server can trust,
// or an error matching errNoCredential, errBadCredential or
// errAmbiguous. The server then checks with the HR directory that the
// member of staff is active in that organisation. Two implementations
// follow: trustedProxy and bearer.
type authenticate func(*http.Request) (cpd.Actor, error)

// Why a request has no actor.
var (
	// errNoCredential: the request carries no credential (401).
	errNoCredential = errors.New("no credential")
	// errBadCredential: the credential is not one the server accepts:
	// forged, expired, for another issuer or audience, or incomplete (401).
	errBadCredential = errors.New("invalid credential")
	// errAmbiguous: the request carries more than one credential, or a
	// header that could name more than one person, and the server will
	// not guess which one counts (400).
	errAmbiguous = errors.New("ambiguous credential")
)

// staffHeader carries the acting member of staff's ID in trusted-proxy
// mode.
const staffHeader = "X-Staff-ID"

// trustedProxy returns the authenticate of trusted-proxy mode: the
// X-Staff-ID header names the member of staff, in the organisation the
// server serves (never one the request names). Only a proxy in front of
// the server may set it, after signing the user in and stripping any the
// client sent; a server that clients reach directly must not use it. A
// request with the header twice, or with a comma in it (as a proxy that
// appends rather than replaces would leave it), is refused rather than
// read as its first value.
func trustedProxy(org string) authenticate {
	return func(r *http.Request) (cpd.Actor, error) {
		values := r.Header.Values(staffHeader)
		switch {
		case len(values) == 0 || strings.TrimSpace(values[0]) == "":
			return cpd.Actor{}, fmt.Errorf("%w: the %s header is required", errNoCredential, staffHeader)
		case len(values) > 1:
			return cpd.Actor{}, fmt.Errorf("%w: %d %s headers", errAmbiguous, len(values), staffHeader)
		case strings.Contains(values[0], ","):
			return cpd.Actor{}, fmt.Errorf("%w: the %s header names more than one member of staff", errAmbiguous, staffHeader)
		}
		return cpd.Actor{Org: org, Person: strings.TrimSpace(values[0])}, nil
	}
}

// minKeyBytes is the shortest HMAC key bearer accepts: 256 bits, as
// HS256 needs (RFC 7518, section 3.2).
const minKeyBytes = 32

// bearer verifies the JSON Web Tokens that the HR system's sign-in issues
// (RFC 7519), sent as "Authorization: Bearer TOKEN": signed with HS256
// under a key the two share, from the expected issuer, for the expected
// audience, unexpired, with the member of staff as the subject ("sub")
// and their organisation in an "org" claim. The organisation therefore
// comes from what the sign-in signed, never from what the client says.
// A system that signs with a private key would use RS256 or EdDSA and its
// public key here instead.
type bearer struct {
	key      []byte
	issuer   string
	audience string
	now      func() time.Time // the clock that judges expiry
}

// staffClaims are what a token says.
type staffClaims struct {
	// Org is the organisation the member of staff belongs to.
	Org string `json:"org"`
	jwt.RegisteredClaims
}

// clockSkew is how far the sign-in's clock and this server's may differ
// when judging a token's times.
const clockSkew = 30 * time.Second

// newBearer checks the settings and returns the bearer verifier.
func newBearer(key []byte, issuer, audience string, now func() time.Time) (*bearer, error) {
	switch {
	case len(key) < minKeyBytes:
		return nil, fmt.Errorf("the JWT key has %d bytes; HS256 needs at least %d", len(key), minKeyBytes)
	case issuer == "":
		return nil, errors.New("the JWT issuer is empty")
	case audience == "":
		return nil, errors.New("the JWT audience is empty")
	}
	if now == nil {
		now = time.Now
	}
	return &bearer{key: key, issuer: issuer, audience: audience, now: now}, nil
}

// authenticate is bearer's authenticate.
func (b *bearer) authenticate(r *http.Request) (cpd.Actor, error) {
	values := r.Header.Values("Authorization")
	switch {
	case len(values) == 0:
		return cpd.Actor{}, fmt.Errorf("%w: send Authorization: Bearer TOKEN", errNoCredential)
	case len(values) > 1:
		return cpd.Actor{}, fmt.Errorf("%w: %d Authorization headers", errAmbiguous, len(values))
	}
	scheme, token, _ := strings.Cut(values[0], " ")
	if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return cpd.Actor{}, fmt.Errorf("%w: send Authorization: Bearer TOKEN", errNoCredential)
	}
	var claims staffClaims
	_, err := jwt.ParseWithClaims(strings.TrimSpace(token), &claims, func(*jwt.Token) (any, error) { return b.key, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(b.issuer),
		jwt.WithAudience(b.audience),
		jwt.WithExpirationRequired(),
		jwt.WithLeeway(clockSkew),
		jwt.WithTimeFunc(b.now),
	)
	switch {
	case err != nil:
		return cpd.Actor{}, fmt.Errorf("%w: %w", errBadCredential, err)
	case claims.Subject == "":
		return cpd.Actor{}, fmt.Errorf("%w: the token has no subject", errBadCredential)
	case claims.Org == "":
		return cpd.Actor{}, fmt.Errorf("%w: the token has no org", errBadCredential)
	}
	return cpd.Actor{Org: claims.Org, Person: claims.Subject}, nil
}

// issue signs a token for a member of staff of org, valid for ttl from
// now: what the HR system's sign-in would do. The example prints some to
// try the server with; the tests sign their own.
func (b *bearer) issue(org, staff string, ttl time.Duration) (string, error) {
	now := b.now()
	claims := staffClaims{Org: org, RegisteredClaims: jwt.RegisteredClaims{
		Issuer:    b.issuer,
		Subject:   staff,
		Audience:  jwt.ClaimStrings{b.audience},
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(b.key)
}
