package badges

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/internal/mailbox"
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
// addresses match without regard to case, plain or hashed: a hashed
// address (SHA-256 or MD5 of the address and the salt, as Open Badges
// hashes them) matches when the issuer hashed it in any of the forms
// package internal/mailbox lists of an address the person was added with:
// as written, with the domain lower-cased, or wholly lower-cased. (A hash
// cannot be compared without regard to case: an issuer that hashed
// another spelling, say all capitals, is matched only if that spelling
// was added too.) Other identifiers match exactly, plain or hashed.
//
// Build it with the Add methods before importing; once built it is safe
// for concurrent use. The zero value is not usable: call NewRecipients.
type Recipients struct {
	emails map[string]*mailboxOf // lower-case address -> its person and spellings
	ids    map[string]string     // identifier -> person
}

// mailboxOf is one person's address: who it belongs to and the forms an
// issuer may have hashed, of every spelling it was added in.
type mailboxOf struct {
	person string
	forms  []string
}

var _ People = (*Recipients)(nil)

// NewRecipients returns an empty table.
func NewRecipients() *Recipients {
	return &Recipients{emails: make(map[string]*mailboxOf), ids: make(map[string]string)}
}

// AddEmail says that person receives badges at the email address; adding
// another spelling of the same address adds the forms it may be hashed
// in. The error matches ErrInvalid when the address is malformed (or not
// valid UTF-8), the person is empty, or the address already belongs to
// someone else.
func (rs *Recipients) AddEmail(email, person string) error {
	addr, err := mailbox.Parse(email)
	if err != nil || !utf8.ValidString(email) {
		return &compliance.ValidationError{Field: "email", Reason: fmt.Sprintf("%q is not an email address", email)}
	}
	if person == "" {
		return &compliance.ValidationError{Field: "person", Reason: "is empty"}
	}
	key := addr.Folded()
	mb, ok := rs.emails[key]
	switch {
	case !ok:
		mb = &mailboxOf{person: person}
		rs.emails[key] = mb
	case mb.person != person:
		return &compliance.ValidationError{Field: "email", Reason: fmt.Sprintf("%s already belongs to %s", key, mb.person)}
	}
	for _, f := range addr.Forms() {
		if !slices.Contains(mb.forms, f) {
			mb.forms = append(mb.forms, f)
		}
	}
	return nil
}

// AddIdentifier says that person is known by the identifier: a DID or URL
// in credentialSubject.id, or the value of another identity type. The
// error matches ErrInvalid when it is empty or not valid UTF-8, the
// person is empty, or it already belongs to someone else.
func (rs *Recipients) AddIdentifier(id, person string) error {
	switch {
	case id == "":
		return &compliance.ValidationError{Field: "identifier", Reason: "is empty"}
	case !utf8.ValidString(id):
		return &compliance.ValidationError{Field: "identifier", Reason: fmt.Sprintf("%q is not valid UTF-8", id)}
	}
	return claim(rs.ids, id, person, "identifier")
}

// claim records key -> person unless key is someone else's.
func claim(m map[string]string, key, person, path string) error {
	if person == "" {
		return &compliance.ValidationError{Field: "person", Reason: "is empty"}
	}
	if old, ok := m[key]; ok && old != person {
		return &compliance.ValidationError{Field: path, Reason: fmt.Sprintf("%s already belongs to %s", key, old)}
	}
	m[key] = person
	return nil
}

// Person returns the person the recipient is. A hashed identity is
// compared with the hash of every known value of its kind (every form of
// every known address, for an email address), in a fixed order, so the
// answer does not depend on map order.
func (rs *Recipients) Person(r Recipient) (string, bool) {
	email := r.Type == "email" || r.Type == "emailAddress"
	if !r.Hashed {
		if !email {
			id, ok := rs.ids[r.Identity]
			return id, ok
		}
		addr, err := mailbox.Parse(r.Identity)
		if err != nil {
			return "", false
		}
		mb, ok := rs.emails[addr.Folded()]
		if !ok {
			return "", false
		}
		return mb.person, true
	}
	alg, want, ok := strings.Cut(r.Identity, "$")
	if !ok {
		return "", false
	}
	want = strings.ToLower(want)
	if email {
		for _, key := range slices.Sorted(maps.Keys(rs.emails)) {
			mb := rs.emails[key]
			for _, f := range mb.forms {
				if hashOf(alg, f, r.Salt) == want {
					return mb.person, true
				}
			}
		}
		return "", false
	}
	for _, known := range slices.Sorted(maps.Keys(rs.ids)) {
		if hashOf(alg, known, r.Salt) == want {
			return rs.ids[known], true
		}
	}
	return "", false
}

// hashOf returns the lower-case hex hash of value followed by salt by the
// Open Badges algorithm name, or "" for an unknown algorithm. SHA-256 is
// package mailbox's; MD5, which Open Badges 2.0 also allows and mailbox
// does not offer, is hashed here.
func hashOf(alg, value, salt string) string {
	switch strings.ToLower(alg) {
	case "sha256":
		return mailbox.SHA256(value, salt)
	case "md5":
		sum := md5.Sum([]byte(value + salt))
		return hex.EncodeToString(sum[:])
	}
	return ""
}
