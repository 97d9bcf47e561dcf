// Package mailbox reads email addresses and spells them the ways an issuer
// may have hashed them, so that every adapter matching a person by a
// hashed address (xAPI mbox_sha1sum, Open Badges hashed recipients)
// matches the same addresses.
//
// RFC 5321 lets the part before the @ be case-sensitive, but no common mail
// system treats it so, and systems differ in what they hash: the address
// as the person typed it, the address with its domain lower-cased (xAPI
// 1.0.3 and most LMSs), or the whole address lower-cased (many badge
// issuers). Forms returns all three, so a reader hashes each and accepts
// any.
//
// The package has no state and is safe for concurrent use.
package mailbox

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"unicode"
)

// ErrNotAddress means the text is not an email address.
var ErrNotAddress = errors.New("is not an email address (name@domain)")

// MaxLen is the longest address accepted, in bytes: RFC 5321's limit on
// a forward path, less its angle brackets.
const MaxLen = 254

// Address is an email address, split at its last @, as written.
type Address struct {
	Local, Domain string
}

// Parse reads an address, with or without a "mailto:" scheme (in any
// case). The error is ErrNotAddress when there is no @ with text on both
// sides, when the address has white space or control characters, or when
// it is longer than MaxLen.
func Parse(s string) (Address, error) {
	if len(s) >= len("mailto:") && strings.EqualFold(s[:len("mailto:")], "mailto:") {
		s = s[len("mailto:"):]
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || len(s) > MaxLen || strings.IndexFunc(s, badRune) >= 0 {
		return Address{}, ErrNotAddress
	}
	return Address{Local: s[:at], Domain: s[at+1:]}, nil
}

// badRune reports whether r has no place in an address.
func badRune(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || r == unicode.ReplacementChar
}

// String returns the address as written.
func (a Address) String() string {
	return a.Local + "@" + a.Domain
}

// Forms returns the distinct spellings of the address an issuer may have
// hashed, in this order: as written, with the domain lower-cased, and
// wholly lower-cased. Each is without "mailto:".
func (a Address) Forms() []string {
	forms := []string{a.String()}
	for _, f := range []string{a.DomainFolded(), a.Folded()} {
		if f != forms[len(forms)-1] && f != forms[0] {
			forms = append(forms, f)
		}
	}
	return forms
}

// DomainFolded returns the address with its domain lower-cased: the form
// xAPI 1.0.3 compares, since domains are case-insensitive.
func (a Address) DomainFolded() string {
	return a.Local + "@" + strings.ToLower(a.Domain)
}

// Folded returns the address wholly lower-cased: two addresses are the
// same mailbox when their Folded forms are equal.
func (a Address) Folded() string {
	return strings.ToLower(a.String())
}

// MboxSHA1 returns the xAPI mbox_sha1sum of a form: the lower-case hex
// SHA-1 of "mailto:" and the form.
func MboxSHA1(form string) string {
	sum := sha1.Sum([]byte("mailto:" + form))
	return hex.EncodeToString(sum[:])
}

// SHA256 returns the lower-case hex SHA-256 of a form followed by salt
// (empty for none), as Open Badges hashes a recipient's identity.
func SHA256(form, salt string) string {
	sum := sha256.Sum256([]byte(form + salt))
	return hex.EncodeToString(sum[:])
}
