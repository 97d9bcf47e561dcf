package badges

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// The badges of the test catalogue.
const (
	dslBadge   = "https://awards.example.org/badges/dsl"
	mhfaBadge  = "https://awards.example.org/achievements/mhfa"
	otherBadge = "https://awards.example.org/badges/unknown"
)

// testMapping knows ann and bob by email, cat by a DID, and two badges.
func testMapping(t testing.TB) Mapping {
	t.Helper()
	r := NewRecipients()
	require.NoError(t, r.AddEmail("ann@example.org", "ann"))
	require.NoError(t, r.AddEmail("Bob@Example.org", "bob"))
	require.NoError(t, r.AddEmail("cat@example.org", "cat"))
	require.NoError(t, r.AddIdentifier("did:example:dan", "dan"))
	return Mapping{People: r, Achievements: Catalogue{
		dslBadge:  {Title: "Designated safeguarding lead", Topics: []string{"designated-safeguarding-lead", "safeguarding"}, Hours: decimal.NewFromInt(12), Kind: "accredited_qualification"},
		mhfaBadge: {Title: "Mental health first aid", Topics: []string{"mental-health-first-aid"}},
	}}
}

// obj is a JSON object under construction.
type obj = map[string]any

// assertion is an Open Badges 2.0 assertion n of the DSL badge for a
// plain email address, changed by each option.
func assertion(n string, email string, options ...func(obj)) obj {
	a := obj{
		"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "https://awards.example.org/assertions/" + n,
		"recipient": obj{"type": "email", "hashed": false, "identity": email},
		"badge": obj{"type": "BadgeClass", "id": dslBadge, "name": "DSL Level 3",
			"issuer": obj{"id": "https://awards.example.org/issuer", "type": "Profile", "name": "Example Awarding Body"}},
		"issuedOn": "2026-03-02T12:00:00Z", "verification": obj{"type": "hosted"},
	}
	for _, o := range options {
		o(a)
	}
	return a
}

// credential is an Open Badges 3.0 credential n of the MHFA achievement
// for a plain email address, changed by each option.
func credential(n string, email string, options ...func(obj)) obj {
	c := obj{
		"@context": []string{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"id":       "urn:uuid:00000000-0000-4000-8000-00000000000" + n,
		"type":     []string{"VerifiableCredential", "OpenBadgeCredential"},
		"issuer":   obj{"id": "did:web:awards.example.org", "type": []string{"Profile"}, "name": "Example Awarding Body"},
		"name":     "Mental health first aid",
		"credentialSubject": obj{
			"type":        []string{"AchievementSubject"},
			"identifier":  []any{obj{"type": "IdentityObject", "identityType": "emailAddress", "hashed": false, "identityHash": email}},
			"achievement": obj{"id": mhfaBadge, "type": []string{"Achievement"}, "name": "MHFA", "criteria": obj{"narrative": "Two days"}},
		},
		"validFrom": "2026-03-02T12:00:00Z",
	}
	for _, o := range options {
		o(c)
	}
	return c
}

// set sets a member; without deletes one; in sets a member of a member.
func set(key string, v any) func(obj) { return func(o obj) { o[key] = v } }
func without(key string) func(obj)    { return func(o obj) { delete(o, key) } }
func in(outer, key string, v any) func(obj) {
	return func(o obj) { o[outer].(obj)[key] = v }
}

// doc encodes badges as a JSON array.
func doc(t testing.TB, badges ...obj) []byte {
	t.Helper()
	b, err := json.Marshal(badges)
	require.NoError(t, err)
	return b
}

// importDoc imports a document with the test mapping.
func importDoc(t testing.TB, data []byte, opts *Options) (Result, error) {
	t.Helper()
	return Import(context.Background(), bytes.NewReader(data), testMapping(t), opts)
}

// mustLoad loads Europe/London.
func mustLoad(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	return loc
}
