package badges

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
)

// awardView is what the tests compare of an award.
type awardView struct {
	ID, Person, Badge, Issued, ValidUntil string
	Version                               Version
	Unchecked                             bool
}

func awardViews(res Result) []awardView {
	var out []awardView
	for _, a := range res.Awards {
		until := ""
		if a.ValidUntil != 0 {
			until = a.ValidUntil.String()
		}
		out = append(out, awardView{a.ID, a.Person, a.Badge, a.Issued.String(), until, a.Version, a.StatusUnchecked})
	}
	return out
}

// refusalView is what the tests compare of a refusal.
type refusalView struct {
	Index  int
	Status Status
}

func refusalViews(res Result) []refusalView {
	var out []refusalView
	for _, r := range res.Refused {
		out = append(out, refusalView{r.Index, r.Status})
	}
	return out
}

const (
	a1 = "https://awards.example.org/assertions/1"
	c1 = "urn:uuid:00000000-0000-4000-8000-000000000001"
)

// TestImport runs badges of both versions through the import: who they
// map to, the day issued and the last valid day in London, and refusals.
func TestImport(t *testing.T) {
	hashedIdentity := func(typ, hash, salt string) func(obj) {
		return set("recipient", obj{"type": typ, "hashed": true, "salt": salt, "identity": hash})
	}
	tests := []struct {
		name    string
		badges  []obj
		opts    *Options
		awards  []awardView
		refused []refusalView
	}{
		{
			name:   "2.0 assertion to a plain email address",
			badges: []obj{assertion("1", "ann@example.org", set("expires", "2028-03-02T12:00:00Z"))},
			awards: []awardView{{a1, "ann", dslBadge, "2026-03-02", "2028-03-02", Version2, false}},
		},
		{
			name:   "2.0 email addresses match without regard to case",
			badges: []obj{assertion("1", "BOB@example.ORG")},
			awards: []awardView{{a1, "bob", dslBadge, "2026-03-02", "", Version2, false}},
		},
		{
			name:   "2.0 salted SHA-256 identity",
			badges: []obj{assertion("1", "", hashedIdentity("email", "sha256$40d8c30c5180a07cb9030d0062ef0b3d55f3ec0521b3d1c4764cc281d34d4a83", "deadsea"))},
			awards: []awardView{{a1, "ann", dslBadge, "2026-03-02", "", Version2, false}},
		},
		{
			name:   "2.0 salted MD5 identity, upper-case hex",
			badges: []obj{assertion("1", "", hashedIdentity("email", "md5$5D57A505A10DABF8EEEC16A22787A13B", "pepper"))},
			awards: []awardView{{a1, "bob", dslBadge, "2026-03-02", "", Version2, false}},
		},
		{
			name:    "2.0 hash with the wrong salt maps to nobody",
			badges:  []obj{assertion("1", "", hashedIdentity("email", "sha256$40d8c30c5180a07cb9030d0062ef0b3d55f3ec0521b3d1c4764cc281d34d4a83", "salt"))},
			refused: []refusalView{{0, UnknownPerson}},
		},
		{
			name:   "2.0 badge given as an IRI",
			badges: []obj{assertion("1", "ann@example.org", set("badge", dslBadge))},
			awards: []awardView{{a1, "ann", dslBadge, "2026-03-02", "", Version2, false}},
		},
		{
			name:   "issued late on 30 June UTC is 1 July in London",
			badges: []obj{assertion("1", "ann@example.org", set("issuedOn", "2026-06-30T23:30:00Z"))},
			awards: []awardView{{a1, "ann", dslBadge, "2026-07-01", "", Version2, false}},
		},
		{
			name: "expiry at midnight UTC: the day before in winter, the same day in summer",
			badges: []obj{
				assertion("1", "ann@example.org", set("expires", "2027-01-01T00:00:00Z")),
				assertion("2", "bob@example.org", set("expires", "2027-07-01T00:00:00Z")),
				assertion("3", "cat@example.org", set("expires", "2027-06-30T23:00:00Z")), // midnight BST
			},
			awards: []awardView{
				{a1, "ann", dslBadge, "2026-03-02", "2026-12-31", Version2, false},
				{"https://awards.example.org/assertions/2", "bob", dslBadge, "2026-03-02", "2027-07-01", Version2, false},
				{"https://awards.example.org/assertions/3", "cat", dslBadge, "2026-03-02", "2027-06-30", Version2, false},
			},
		},
		{
			name: "2.0 revoked, whole or stripped down, is refused",
			badges: []obj{
				assertion("1", "ann@example.org", set("revoked", true), set("revocationReason", "awarded in error")),
				{"id": "https://awards.example.org/assertions/2", "revoked": true},
			},
			refused: []refusalView{{0, Revoked}, {1, Revoked}},
		},
		{
			name: "unknown recipient and unknown badge are refused",
			badges: []obj{
				assertion("1", "eve@example.org"),
				assertion("2", "ann@example.org", set("badge", otherBadge)),
			},
			refused: []refusalView{{0, UnknownPerson}, {1, UnknownAchievement}},
		},
		{
			name:   "3.0 credential to a plain email address",
			badges: []obj{credential("1", "ann@example.org", set("validUntil", "2029-03-02T12:00:00Z"))},
			awards: []awardView{{c1, "ann", mhfaBadge, "2026-03-02", "2029-03-02", Version3, false}},
		},
		{
			name: "3.0 salted hash identity",
			badges: []obj{credential("1", "", in("credentialSubject", "identifier", []any{obj{
				"type": "IdentityObject", "identityType": "emailAddress", "hashed": true, "salt": "c4t",
				"identityHash": "sha256$3a77e09467f2a719f203ca7c526f49025fc96b45a57fcc9e5737312e99b24c51",
			}}))},
			awards: []awardView{{c1, "cat", mhfaBadge, "2026-03-02", "", Version3, false}},
		},
		{
			name:   "3.0 subject known by its DID",
			badges: []obj{credential("1", "nobody@example.org", in("credentialSubject", "id", "did:example:dan"))},
			awards: []awardView{{c1, "dan", mhfaBadge, "2026-03-02", "", Version3, false}},
		},
		{
			name: "3.0 in Verifiable Credentials 1.1 form, as an AchievementCredential",
			badges: []obj{credential("1", "ann@example.org", without("validFrom"), set("issuanceDate", "2026-03-02T12:00:00Z"),
				set("expirationDate", "2027-03-02T12:00:00Z"), set("type", []string{"VerifiableCredential", "AchievementCredential"}))},
			awards: []awardView{{c1, "ann", mhfaBadge, "2026-03-02", "2027-03-02", Version3, false}},
		},
		{
			name:   "3.0 achievement given as an IRI, subject not in an array",
			badges: []obj{credential("1", "ann@example.org", in("credentialSubject", "achievement", mhfaBadge))},
			awards: []awardView{{c1, "ann", mhfaBadge, "2026-03-02", "", Version3, false}},
		},
		{
			name: "3.0 credentialStatus unchecked: imported and marked",
			badges: []obj{credential("1", "ann@example.org", set("credentialStatus", obj{
				"id": "https://awards.example.org/status/1#94567", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
				"statusListIndex": "94567", "statusListCredential": "https://awards.example.org/status/1",
			}))},
			awards: []awardView{{c1, "ann", mhfaBadge, "2026-03-02", "", Version3, true}},
		},
		{
			name:    "3.0 credentialStatus unchecked but a check required: refused",
			badges:  []obj{credential("1", "ann@example.org", set("credentialStatus", obj{"id": "https://awards.example.org/revocations#1", "type": "1EdTechRevocationList"}))},
			opts:    &Options{RequireStatusCheck: true},
			refused: []refusalView{{0, Unchecked}},
		},
		{
			name: "3.0 credentialStatus checked: revoked refused, others imported",
			badges: []obj{
				credential("1", "ann@example.org", set("credentialStatus", obj{"id": "https://awards.example.org/status/1#3", "type": "BitstringStatusListEntry"})),
				credential("2", "bob@example.org", set("credentialStatus", []any{obj{"id": "https://awards.example.org/status/1#4", "type": "BitstringStatusListEntry"}})),
			},
			opts:    &Options{Status: revokedList{"https://awards.example.org/status/1#4": true}},
			awards:  []awardView{{c1, "ann", mhfaBadge, "2026-03-02", "", Version3, false}},
			refused: []refusalView{{1, Revoked}},
		},
		{
			name:   "a single badge, not in an array",
			badges: nil, // see below
			awards: []awardView{{a1, "ann", dslBadge, "2026-03-02", "", Version2, false}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := doc(t, tt.badges...)
			if tt.badges == nil {
				data = doc(t, assertion("1", "ann@example.org"))
				data = data[1 : len(data)-1]
			}
			res, err := importDoc(t, data, tt.opts)
			require.NoError(t, err)
			if diff := cmp.Diff(tt.awards, awardViews(res)); diff != "" {
				t.Errorf("awards (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.refused, refusalViews(res)); diff != "" {
				t.Errorf("refused (-want +got):\n%s", diff)
			}
			for _, r := range res.Refused {
				require.NotEmpty(t, r.Reason)
			}
		})
	}
}

// revokedList is a StatusChecker that knows which entries are revoked.
type revokedList map[string]bool

func (l revokedList) Revoked(_ context.Context, _ string, st CredentialStatus) (bool, error) {
	return l[st.ID], nil
}

// failingChecker is a StatusChecker that cannot reach its list.
type failingChecker struct{ err error }

func (f failingChecker) Revoked(context.Context, string, CredentialStatus) (bool, error) {
	return false, f.err
}

// TestStatusCheckError checks that a status check that fails stops the
// import, returning nothing.
func TestStatusCheckError(t *testing.T) {
	boom := errors.New("status list unreachable")
	data := doc(t, assertion("1", "ann@example.org"), credential("1", "ann@example.org", set("credentialStatus", obj{"id": "s#1", "type": "BitstringStatusListEntry"})))
	res, err := importDoc(t, data, &Options{Status: failingChecker{boom}})
	require.ErrorIs(t, err, boom)
	require.NotErrorIs(t, err, ErrInvalid)
	require.Empty(t, res.Awards)
}

// TestUncheckedStatusIsListed checks that an unchecked credential lists
// its status entries for the caller to check.
func TestUncheckedStatusIsListed(t *testing.T) {
	entry := obj{"id": "https://awards.example.org/status/1#94567", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
		"statusListIndex": "94567", "statusListCredential": "https://awards.example.org/status/1"}
	res, err := importDoc(t, doc(t, credential("1", "ann@example.org", set("credentialStatus", entry))), nil)
	require.NoError(t, err)
	want := []CredentialStatus{{ID: "https://awards.example.org/status/1#94567", Type: "BitstringStatusListEntry", Purpose: "revocation",
		ListIndex: "94567", ListCredential: "https://awards.example.org/status/1"}}
	if diff := cmp.Diff(want, res.Awards[0].Status); diff != "" {
		t.Errorf("status (-want +got):\n%s", diff)
	}
}

// TestBadBadges checks that each kind of bad badge is reported with its
// index and field, fails an all-or-nothing import, and is skipped with
// SkipBad.
func TestBadBadges(t *testing.T) {
	tests := []struct {
		name string
		bad  obj
		path string
	}{
		{"no type", assertion("1", "ann@example.org", without("type")), "type"},
		{"unknown type", assertion("1", "ann@example.org", set("type", "Certificate")), "type"},
		{"type not a string", assertion("1", "ann@example.org", set("type", 7)), "type"},
		{"no id", assertion("1", "ann@example.org", without("id")), "id"},
		{"id not a string", assertion("1", "ann@example.org", set("id", 7)), "id"},
		{"no recipient", assertion("1", "ann@example.org", without("recipient")), "recipient"},
		{"recipient a string", assertion("1", "ann@example.org", set("recipient", "ann@example.org")), "recipient"},
		{"recipient without type", assertion("1", "ann@example.org", set("recipient", obj{"identity": "ann@example.org"})), "recipient.type"},
		{"recipient without identity", assertion("1", "ann@example.org", set("recipient", obj{"type": "email"})), "recipient.identity"},
		{"hashed not a boolean", assertion("1", "ann@example.org", set("recipient", obj{"type": "email", "identity": "a", "hashed": "yes"})), "recipient.hashed"},
		{"no badge", assertion("1", "ann@example.org", without("badge")), "badge"},
		{"badge a number", assertion("1", "ann@example.org", set("badge", 3)), "badge"},
		{"badge without id", assertion("1", "ann@example.org", set("badge", obj{"name": "DSL"})), "badge.id"},
		{"no issuedOn", assertion("1", "ann@example.org", without("issuedOn")), "issuedOn"},
		{"issuedOn a date only", assertion("1", "ann@example.org", set("issuedOn", "2026-03-02")), "issuedOn"},
		{"issuedOn a Unix time", assertion("1", "ann@example.org", set("issuedOn", 1772452800)), "issuedOn"},
		{"expires before issuedOn", assertion("1", "ann@example.org", set("expires", "2026-03-01T12:00:00Z")), "expires"},
		{"expires not a timestamp", assertion("1", "ann@example.org", set("expires", "never")), "expires"},
		{"no credentialSubject", credential("1", "ann@example.org", without("credentialSubject")), "credentialSubject"},
		{"two credentialSubjects", credential("1", "ann@example.org", set("credentialSubject", []any{obj{"id": "did:example:dan"}, obj{"id": "did:example:dan"}})), "credentialSubject"},
		{"subject without identity", credential("1", "ann@example.org", in("credentialSubject", "identifier", nil)), "credentialSubject"},
		{"identifier not objects", credential("1", "ann@example.org", in("credentialSubject", "identifier", []any{"ann"})), "credentialSubject.identifier"},
		{"no achievement", credential("1", "ann@example.org", in("credentialSubject", "achievement", nil)), "credentialSubject.achievement"},
		{"achievement without id", credential("1", "ann@example.org", in("credentialSubject", "achievement", obj{"name": "MHFA"})), "credentialSubject.achievement.id"},
		{"no validFrom or issuanceDate", credential("1", "ann@example.org", without("validFrom")), "validFrom"},
		{"validUntil not a timestamp", credential("1", "ann@example.org", set("validUntil", "2029")), "validUntil"},
		{"credentialStatus a string", credential("1", "ann@example.org", set("credentialStatus", "revoked")), "credentialStatus"},
		{"not an object", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := doc(t, assertion("0", "ann@example.org"), tt.bad, credential("2", "bob@example.org"))
			if tt.bad == nil {
				data = bytes.Replace(data, []byte(",null,"), []byte(`,"a badge",`), 1)
			}
			res, err := importDoc(t, data, nil)
			var ie *ImportError
			require.ErrorAs(t, err, &ie)
			require.ErrorIs(t, err, ErrInvalid)
			if diff := cmp.Diff(Result{}, res, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("a failed import returned a result:\n%s", diff)
			}
			require.Len(t, ie.Rejected, 1)
			if got := ie.Rejected[0]; got.Index != 1 || got.Path != tt.path || got.Reason == "" {
				t.Errorf("rejected %+v, want index 1, path %q and a reason", got, tt.path)
			}
			res, err = importDoc(t, data, &Options{SkipBad: true})
			require.NoError(t, err)
			if len(res.Awards) != 2 || len(res.Rejected) != 1 || res.Rejected[0].Index != 1 {
				t.Errorf("with SkipBad: %d awards and rejected %v, want 2 and badge 1", len(res.Awards), res.Rejected)
			}
		})
	}
}

// TestMalformedDocuments checks that malformed JSON, or a document that
// is not badges, is a *SyntaxError and returns nothing.
func TestMalformedDocuments(t *testing.T) {
	for name, in := range map[string]string{
		"empty": ``, "truncated": `[{"id": "x"`, "a number": `42`, "a string": `"badge"`, "trailing data": `[] []`,
	} {
		t.Run(name, func(t *testing.T) {
			for _, opts := range []*Options{nil, {SkipBad: true}} {
				res, err := importDoc(t, []byte(in), opts)
				var se *SyntaxError
				require.ErrorAs(t, err, &se)
				require.ErrorIs(t, err, ErrInvalid)
				require.Empty(t, res.Awards)
			}
		})
	}
	_, err := importDoc(t, doc(t, assertion("1", "ann@example.org")), &Options{MaxSize: 100})
	var se *SyntaxError
	require.ErrorAs(t, err, &se)
}

// TestEvidence checks the evidence an award gives: one record per topic,
// each with the award's ValidUntil, hours on the first.
func TestEvidence(t *testing.T) {
	res, err := importDoc(t, doc(t,
		assertion("1", "ann@example.org", set("expires", "2028-03-02T12:00:00Z")),
		credential("1", "ann@example.org"),
	), nil)
	require.NoError(t, err)
	day := date.New(2026, time.March, 2)
	want := map[string][]compliance.Evidence{"ann": {
		{ID: a1, Topic: "designated-safeguarding-lead", Date: day, ValidUntil: date.New(2028, time.March, 2), Hours: decimal.NewFromInt(12), Kind: "accredited_qualification"},
		{ID: a1, Topic: "safeguarding", Date: day, ValidUntil: date.New(2028, time.March, 2), Kind: "accredited_qualification"},
		{ID: c1, Topic: "mental-health-first-aid", Date: day},
	}}
	if diff := cmp.Diff(want, res.ByPerson(), cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("evidence (-want +got):\n%s", diff)
	}
	require.Equal(t, "Designated safeguarding lead", res.Awards[0].Title())
	require.Equal(t, "Example Awarding Body", res.Awards[0].Issuer)
	require.Equal(t, "Example Awarding Body", res.Awards[1].Issuer)
}

// TestRecipients checks the ready-made People.
func TestRecipients(t *testing.T) {
	r := NewRecipients()
	require.NoError(t, r.AddEmail("Ann@Example.org", "ann"))
	require.NoError(t, r.AddIdentifier("did:example:ann", "ann"))
	tests := []struct {
		name string
		in   Recipient
		want string
	}{
		{"email", Recipient{Type: "email", Identity: "ann@example.org"}, "ann"},
		{"emailAddress, with mailto", Recipient{Type: "emailAddress", Identity: "mailto:ANN@example.org"}, "ann"},
		{"hashed email", Recipient{Type: "email", Hashed: true, Salt: "s", Identity: "sha256$" + hashOf("sha256", "ann@example.org", "s")}, "ann"},
		{"hashed, unknown algorithm", Recipient{Type: "email", Hashed: true, Identity: "sha1$abc"}, ""},
		{"hashed, no algorithm", Recipient{Type: "email", Hashed: true, Identity: "abc"}, ""},
		{"identifier", Recipient{Type: "id", Identity: "did:example:ann"}, "ann"},
		{"identifier in another case", Recipient{Type: "id", Identity: "DID:example:ann"}, ""},
		{"hashed identifier", Recipient{Type: "sourcedId", Hashed: true, Identity: "md5$" + hashOf("md5", "did:example:ann", "")}, "ann"},
		{"nobody", Recipient{Type: "email", Identity: "eve@example.org"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := r.Person(tt.in)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Person(%+v) = %q, %t; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
	for name, err := range map[string]error{
		"bad address":     r.AddEmail("ann", "ann"),
		"someone else's":  r.AddEmail("ANN@example.org", "bob"),
		"no person":       r.AddEmail("zed@example.org", ""),
		"empty id":        r.AddIdentifier("", "ann"),
		"someone else id": r.AddIdentifier("did:example:ann", "bob"),
	} {
		t.Run(name, func(t *testing.T) { require.ErrorIs(t, err, ErrInvalid) })
	}
}

// TestMappingRequired checks that both parts of a Mapping are needed.
func TestMappingRequired(t *testing.T) {
	m := testMapping(t)
	for name, bad := range map[string]Mapping{"no people": {Achievements: m.Achievements}, "no achievements": {People: m.People}} {
		t.Run(name, func(t *testing.T) {
			_, err := Import(context.Background(), strings.NewReader(`[]`), bad, nil)
			require.ErrorIs(t, err, ErrInvalid)
		})
	}
}

// TestCancelled checks that a cancelled context stops the import.
func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Import(ctx, bytes.NewReader(doc(t, assertion("1", "ann@example.org"))), testMapping(t), nil)
	require.ErrorIs(t, err, context.Canceled)
}

// TestEnums checks the enumerations round-trip through their names.
func TestEnums(t *testing.T) {
	for v := Version2; v <= Version3; v++ {
		text, err := v.MarshalText()
		require.NoError(t, err)
		var back Version
		require.NoError(t, back.UnmarshalText(text))
		require.Equal(t, v, back)
	}
	for s := Revoked; s <= Duplicate; s++ {
		text, err := s.MarshalText()
		require.NoError(t, err)
		var back Status
		require.NoError(t, back.UnmarshalText(text))
		require.Equal(t, s, back)
	}
	_, err := Status(0).MarshalText()
	require.ErrorIs(t, err, ErrInvalid)
	var v Version
	require.ErrorIs(t, v.UnmarshalText([]byte("4.0")), ErrInvalid)
}

// TestInvalidUTF8 checks that a badge holding bytes that are not UTF-8,
// in a member's value or name, read or not, is refused naming the
// member, as JSON must be UTF-8 (RFC 8259, section 8.1); the recipient
// table refuses such addresses and identifiers too.
func TestInvalidUTF8(t *testing.T) {
	res, err := importDoc(t, testdata(t, "invalid-utf8.json"), &Options{SkipBad: true})
	require.NoError(t, err)
	require.Equal(t, []awardView{{a1, "ann", dslBadge, "2026-10-02", "", Version2, false}}, awardViews(res))
	type rejected struct {
		Index        int
		Path, Reason string
	}
	var got []rejected
	for _, r := range res.Rejected {
		got = append(got, rejected{r.Index, r.Path, r.Reason})
	}
	want := []rejected{
		{1, "recipient.identity", "is not valid UTF-8"},
		{2, "credentialSubject.achievement.name", "is not valid UTF-8"},
		{3, "narrative\uFFFD\uFFFD\uFFFD", "is not valid UTF-8"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rejected (-want +got):\n%s", diff)
	}
	r := NewRecipients()
	require.ErrorIs(t, r.AddEmail("bob\xff@example.org", "bob"), ErrInvalid)
	require.ErrorIs(t, r.AddIdentifier("did:example:\xff", "bob"), ErrInvalid)
}

// TestStatusListIndexEscaped checks that a statusListIndex written as a
// JSON string with escapes is read as the string it stands for, and one
// written as a number as its digits.
func TestStatusListIndexEscaped(t *testing.T) {
	entry := func(index any) obj {
		return obj{"id": "https://awards.example.org/status/1#94567", "type": "BitstringStatusListEntry", "statusListIndex": index}
	}
	data := []byte(strings.Replace(string(doc(t, credential("1", "ann@example.org", set("credentialStatus", entry("94567"))),
		credential("2", "bob@example.org", set("credentialStatus", entry(94567))))), `"94567"`, `"9456\u0037"`, 1))
	res, err := importDoc(t, data, nil)
	require.NoError(t, err)
	require.Equal(t, "94567", res.Awards[0].Status[0].ListIndex)
	require.Equal(t, "94567", res.Awards[1].Status[0].ListIndex)
}
