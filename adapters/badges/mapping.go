package badges

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/compliance"
)

// Mapping is how an import knows who received a badge and what the badge
// counts for. Both parts are required.
type Mapping struct {
	People       People
	Achievements Achievements
}

// People maps a badge's recipient to the caller's person ID. [Recipients]
// is a ready-made implementation.
type People interface {
	// Person returns the person the recipient is, or false.
	Person(r Recipient) (id string, ok bool)
}

// Recipient is one way a badge names its recipient.
type Recipient struct {
	// Type is the kind of identity: "email" (2.0) or "emailAddress" (3.0)
	// for an email address, "url", "telephone", another 3.0 identityType
	// such as "sourcedId", or "id" for a 3.0 credentialSubject.id (a DID
	// or URL).
	Type string
	// Identity is the value, or when Hashed its hash, written
	// "sha256$<hex>" or "md5$<hex>".
	Identity string
	// Hashed says whether Identity is a hash of the value followed by Salt.
	Hashed bool
	Salt   string
}

// Achievements maps a badge's BadgeClass (2.0) or Achievement (3.0) id to
// what it counts for. [Catalogue] is a ready-made implementation.
type Achievements interface {
	// Achievement returns what the badge counts for, or false when it is
	// nothing the caller tracks.
	Achievement(id string) (Achievement, bool)
}

// Achievement is what the caller knows about one badge: the compliance
// topics it evidences, say the accredited course it stands for.
type Achievement struct {
	// Title names it; without one the badge's own name is used.
	Title string
	// Topics are the compliance topics the badge evidences. Awards share
	// this slice: do not modify it while they are in use.
	Topics []string
	// Hours is the CPD time the badge stands for; zero for none.
	Hours decimal.Decimal
	// Kind and Aspect become the evidence's Kind and Aspect.
	Kind   string
	Aspect string
}

// Catalogue is a ready-made Achievements: a map from BadgeClass or
// Achievement id to what it counts for. It is safe for concurrent reads.
type Catalogue map[string]Achievement

var _ Achievements = Catalogue(nil)

// Achievement returns the catalogue's entry for the id.
func (c Catalogue) Achievement(id string) (Achievement, bool) {
	a, ok := c[id]
	return a, ok
}

// Recipients is a ready-made People: the email addresses and other
// identifiers (DIDs, URLs, LMS ids) each person is known by. Email
// addresses match without regard to case, plain or hashed (SHA-256 or
// MD5 of the address and the salt, as Open Badges hashes them); other
// identifiers match exactly, plain or hashed.
//
// Build it with the Add methods before importing; once built it is safe
// for concurrent use. The zero value is not usable: call NewRecipients.
type Recipients struct {
	emails map[string]string // lower-case address -> person
	ids    map[string]string // identifier -> person
}

var _ People = (*Recipients)(nil)

// NewRecipients returns an empty table.
func NewRecipients() *Recipients {
	return &Recipients{emails: make(map[string]string), ids: make(map[string]string)}
}

// AddEmail says that person receives badges at the email address. The
// error matches ErrInvalid when the address is malformed (or not valid
// UTF-8), the person is empty, or the address already belongs to someone
// else.
func (rs *Recipients) AddEmail(email, person string) error {
	addr := strings.ToLower(strings.TrimPrefix(email, "mailto:"))
	if at := strings.LastIndexByte(addr, '@'); at <= 0 || at == len(addr)-1 || strings.ContainsAny(addr, " \t\r\n") || !utf8.ValidString(email) {
		return &compliance.ValidationError{Path: "email", Reason: fmt.Sprintf("%q is not an email address", email)}
	}
	return claim(rs.emails, addr, person, "email")
}

// AddIdentifier says that person is known by the identifier: a DID or URL
// in credentialSubject.id, or the value of another identity type. The
// error matches ErrInvalid when it is empty or not valid UTF-8, the
// person is empty, or it already belongs to someone else.
func (rs *Recipients) AddIdentifier(id, person string) error {
	switch {
	case id == "":
		return &compliance.ValidationError{Path: "identifier", Reason: "is empty"}
	case !utf8.ValidString(id):
		return &compliance.ValidationError{Path: "identifier", Reason: fmt.Sprintf("%q is not valid UTF-8", id)}
	}
	return claim(rs.ids, id, person, "identifier")
}

// claim records key -> person unless key is someone else's.
func claim(m map[string]string, key, person, path string) error {
	if person == "" {
		return &compliance.ValidationError{Path: "person", Reason: "is empty"}
	}
	if old, ok := m[key]; ok && old != person {
		return &compliance.ValidationError{Path: path, Reason: fmt.Sprintf("%s already belongs to %s", key, old)}
	}
	m[key] = person
	return nil
}

// Person returns the person the recipient is. A hashed identity is
// compared with the hash of every known value of its kind, in a fixed
// order, so the answer does not depend on map order.
func (rs *Recipients) Person(r Recipient) (string, bool) {
	table, value := rs.ids, r.Identity
	if r.Type == "email" || r.Type == "emailAddress" {
		table, value = rs.emails, strings.ToLower(strings.TrimPrefix(r.Identity, "mailto:"))
	}
	if !r.Hashed {
		id, ok := table[value]
		return id, ok
	}
	alg, want, ok := strings.Cut(r.Identity, "$")
	if !ok {
		return "", false
	}
	want = strings.ToLower(want)
	for _, known := range slices.Sorted(maps.Keys(table)) {
		if hashOf(alg, known+r.Salt) == want {
			return table[known], true
		}
	}
	return "", false
}

// hashOf returns the lower-case hex hash of s by the Open Badges
// algorithm name, or "" for an unknown algorithm.
func hashOf(alg, s string) string {
	switch strings.ToLower(alg) {
	case "sha256":
		sum := sha256.Sum256([]byte(s))
		return hex.EncodeToString(sum[:])
	case "md5":
		sum := md5.Sum([]byte(s))
		return hex.EncodeToString(sum[:])
	}
	return ""
}
