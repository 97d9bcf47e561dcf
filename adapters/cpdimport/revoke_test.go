package cpdimport_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/badges"
	"github.com/cpdkit/cpdkit/adapters/cpdimport"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// dslBadge is Ann's designated safeguarding lead badge, assertion 9.
const dslBadge = `{"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "https://awards.example.org/assertions/9",
  "recipient": {"type": "email", "hashed": false, "identity": "ann@college.example"},
  "badge": {"id": "https://awards.example.org/badges/dsl", "name": "DSL Level 3", "issuer": {"id": "https://awards.example.org", "name": "Example Awarding Body"}},
  "issuedOn": "2026-05-11T10:00:00Z", "verification": {"type": "hosted"}}`

// importBadges reads a badge document with Ann's and Bob's addresses and
// the DSL badge mapped.
func importBadges(t *testing.T, doc string) badges.Result {
	t.Helper()
	people := badges.NewRecipients()
	require.NoError(t, people.AddEmail("ann@college.example", "ann"))
	require.NoError(t, people.AddEmail("bob@college.example", "bob"))
	res, err := badges.Import(context.Background(), strings.NewReader(doc), badges.Mapping{People: people, Achievements: badges.Catalogue{
		"https://awards.example.org/badges/dsl": {Title: "Designated safeguarding lead", Topics: []string{"designated-safeguarding-lead"}, Hours: decimal.NewFromInt(12)},
	}}, nil)
	require.NoError(t, err)
	return res
}

// TestBadgeRevocationWithdraws imports Ann's badge, then the issuer's
// revocation of it (an assertion stripped down to its id and revoked, as
// issuers publish them, listed twice): the activity the first import
// made is withdrawn once, with the issuer's reason, and stops counting, as
// a voided xAPI statement's does. A badge awarded and revoked in the same
// import gives nothing to withdraw.
func TestBadgeRevocationWithdraws(t *testing.T) {
	svc := service(t)
	apply := func(doc string) cpdimport.Applied {
		t.Helper()
		res := importBadges(t, doc)
		b, err := cpdimport.FromBadges(&res, nil)
		require.NoError(t, err)
		applied, err := cpdimport.Apply(as("admin"), svc, b, nil)
		require.NoError(t, err)
		return applied
	}
	first := apply(dslBadge)
	require.Equal(t, 1, first.Imported.Imported)
	ann := first.Imported.IDs[0]
	r, err := svc.Compliance.Compliance(as("admin"), "ann")
	require.NoError(t, err)
	it, _ := r.Item("safeguarding")
	require.Equal(t, compliance.Compliant, it.Status, "the badge counts before it is revoked: %s", it.Reason())

	const revocation = `{"id": "https://awards.example.org/assertions/9", "revoked": true, "revocationReason": "issued in error"}`
	second := apply("[" + revocation + "," + revocation + "]")
	require.Zero(t, second.Imported.Imported)
	require.Equal(t, cpd.WithdrawResult{Withdrawn: []string{ann}}, second.Withdrawn)
	a, err := svc.Activities.Activity(as("admin"), ann)
	require.NoError(t, err)
	require.Equal(t, cpd.Withdrawn, a.State)
	require.Equal(t, "Open Badge https://awards.example.org/assertions/9 revoked by its issuer: issued in error", a.Reason)
	r, err = svc.Compliance.Compliance(as("admin"), "ann")
	require.NoError(t, err)
	it, _ = r.Item("safeguarding")
	require.NotEqual(t, compliance.Compliant, it.Status, "the revoked badge still counts")

	again := apply(revocation)
	require.Equal(t, cpd.WithdrawResult{Already: []string{ann}}, again.Withdrawn, "a revocation applied again changes nothing")

	bobs := strings.ReplaceAll(strings.ReplaceAll(dslBadge, "ann@", "bob@"), "assertions/9", "assertions/10")
	both := apply(`[` + bobs + `, {"id": "https://awards.example.org/assertions/10", "revoked": true}]`)
	require.Zero(t, both.Imported.Imported)
	require.Equal(t, cpd.WithdrawResult{NotFound: []string{"badge:https://awards.example.org/assertions/10"}}, both.Withdrawn)
	got, err := svc.Activities.Activities(as("admin"), "bob")
	require.NoError(t, err)
	require.Empty(t, got, "a badge revoked in its own import gives no credit")
}

// revocationList is a badges.StatusChecker that knows which status entries
// are revoked.
type revocationList map[string]bool

func (l revocationList) Revoked(_ context.Context, _ string, st badges.CredentialStatus) (bool, error) {
	return l[st.ID], nil
}

// TestCredentialStatusRevocationWithdraws imports an Open Badges 3.0
// credential with a credentialStatus, unchecked the first time; the next
// import of the same credential checks its status list, which now says it
// is revoked, and the activity the first import made is withdrawn.
func TestCredentialStatusRevocationWithdraws(t *testing.T) {
	const credential = `{"@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "id": "urn:uuid:00000000-0000-4000-8000-000000000007", "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "issuer": {"id": "did:web:awards.example.org", "type": ["Profile"], "name": "Example Awarding Body"},
	  "name": "DSL Level 3", "validFrom": "2026-03-02T12:00:00Z",
	  "credentialSubject": {"type": ["AchievementSubject"],
	    "identifier": [{"type": "IdentityObject", "identityType": "emailAddress", "hashed": false, "identityHash": "ann@college.example"}],
	    "achievement": {"id": "https://awards.example.org/badges/dsl", "type": ["Achievement"], "name": "DSL Level 3"}},
	  "credentialStatus": {"id": "https://awards.example.org/status#7", "type": "1EdTechRevocationList"}}`
	svc := service(t)
	people := badges.NewRecipients()
	require.NoError(t, people.AddEmail("ann@college.example", "ann"))
	m := badges.Mapping{People: people, Achievements: badges.Catalogue{
		"https://awards.example.org/badges/dsl": {Title: "Designated safeguarding lead", Topics: []string{"designated-safeguarding-lead"}},
	}}
	apply := func(opts *badges.Options) cpdimport.Applied {
		t.Helper()
		res, err := badges.Import(context.Background(), strings.NewReader(credential), m, opts)
		require.NoError(t, err)
		b, err := cpdimport.FromBadges(&res, nil)
		require.NoError(t, err)
		applied, err := cpdimport.Apply(as("admin"), svc, b, nil)
		require.NoError(t, err)
		return applied
	}
	first := apply(nil)
	require.Equal(t, 1, first.Imported.Imported)
	second := apply(&badges.Options{Status: revocationList{"https://awards.example.org/status#7": true}})
	require.Equal(t, cpd.WithdrawResult{Withdrawn: first.Imported.IDs}, second.Withdrawn)
	a, err := svc.Activities.Activity(as("admin"), first.Imported.IDs[0])
	require.NoError(t, err)
	require.Equal(t, cpd.Withdrawn, a.State)
	require.Equal(t, "Open Badge urn:uuid:00000000-0000-4000-8000-000000000007 revoked, says its credentialStatus https://awards.example.org/status#7", a.Reason)
}

// TestFromBadgesRevocations checks which refusals become withdrawals:
// every badge id refused as revoked, once, and no other refusal.
func TestFromBadgesRevocations(t *testing.T) {
	b, err := cpdimport.FromBadges(&badges.Result{Refused: []badges.Refusal{
		{Index: 0, ID: "urn:uuid:1", Status: badges.Revoked, Reason: "revoked by its issuer"},
		{Index: 1, ID: "urn:uuid:2", Status: badges.UnknownPerson, Reason: "no person"},
		{Index: 2, ID: "urn:uuid:1", Status: badges.Revoked, Reason: "has the same id as badge 0, revoked by its issuer"},
		{Index: 3, ID: "urn:uuid:3", Status: badges.Duplicate, Reason: "has the same id as badge 9"},
		{Index: 4, ID: "urn:uuid:4", Status: badges.Revoked, Reason: "revoked, says its credentialStatus https://list#7"},
		{Index: 5, ID: "", Status: badges.Revoked, Reason: "revoked by its issuer"},
	}}, nil)
	require.NoError(t, err)
	require.Empty(t, b.Activities)
	require.Equal(t, []cpd.Withdrawal{
		{ExternalRef: "badge:urn:uuid:1", Reason: "Open Badge urn:uuid:1 revoked by its issuer"},
		{ExternalRef: "badge:urn:uuid:4", Reason: "Open Badge urn:uuid:4 revoked, says its credentialStatus https://list#7"},
	}, b.Withdrawals)
}

// activityFor is a completed activity of a person, imported with ref.
func activityFor(person, ref string) cpd.Activity {
	return cpd.Activity{Person: person, Title: "Health and safety", Kind: cpd.InternalCourse, Aspect: cpd.KeepingUpToDate,
		Necessity: cpd.Necessary, Source: cpd.Required, Topics: []string{"health-and-safety"}, Hours: decimal.NewFromInt(1),
		Completed: date.New(2026, time.October, 1), Evidence: "cert", ExternalRef: ref}
}

// TestApplyRefusalsBySource applies an all-or-nothing Batch the Service
// refuses two activities of: the error names each by its Source (and
// still unwraps to the Service's *cpd.ImportError), nothing is stored,
// and the Batch's withdrawals are not applied.
func TestApplyRefusalsBySource(t *testing.T) {
	svc := service(t)
	first, err := cpdimport.Apply(as("admin"), svc, cpdimport.Batch{Activities: []cpd.Activity{activityFor("bob", "x:1")}}, nil)
	require.NoError(t, err)
	var b cpdimport.Batch
	b.Add(activityFor("ann", "x:2"), "line 2")
	b.Add(activityFor("carol", "x:3"), "line 3")
	late := activityFor("ann", "x:4")
	late.Completed = date.New(2027, time.January, 1)
	b.Add(late, "line 4")
	b.Withdrawals = []cpd.Withdrawal{{ExternalRef: "x:1", Reason: "retracted"}}

	applied, err := cpdimport.Apply(as("admin"), svc, b, nil)
	require.ErrorIs(t, err, cpd.ErrInvalid)
	var ie *cpdimport.ImportError
	require.True(t, errors.As(err, &ie), "%v", err)
	require.Len(t, ie.Rejected, 2)
	require.Equal(t, []string{"line 3", "line 4"}, []string{ie.Rejected[0].Source, ie.Rejected[1].Source})
	require.Equal(t, []int{1, 2}, []int{ie.Rejected[0].Index, ie.Rejected[1].Index})
	require.ErrorContains(t, err, "import activities: 2 refused; line 3: ")
	require.ErrorContains(t, err, "; line 4: ")
	var cause *cpd.ImportError
	require.True(t, errors.As(err, &cause), "the Service's error is kept")
	require.Zero(t, applied.Imported.Imported)
	require.Empty(t, applied.Withdrawn)

	got, err := svc.Activities.Activities(as("admin"), "ann")
	require.NoError(t, err)
	require.Empty(t, got, "nothing is stored")
	a, err := svc.Activities.Activity(as("admin"), first.Imported.IDs[0])
	require.NoError(t, err)
	require.Equal(t, cpd.Completed, a.State, "nothing is withdrawn")
}

// TestApplyBatches applies a Batch with SkipBad, two activities per
// transaction: the refusal and the duplicate are indexed in the whole
// Batch, progress moves per transaction, and the withdrawals follow.
func TestApplyBatches(t *testing.T) {
	svc := service(t)
	var b cpdimport.Batch
	for i, p := range []string{"ann", "bob", "ann", "carol", "ann"} {
		b.Add(activityFor(p, "x:"+string(rune('a'+i))), "")
	}
	b.Activities[4].ExternalRef = "x:a"
	b.Withdrawals = []cpd.Withdrawal{{ExternalRef: "x:b", Reason: "retracted"}}
	var calls [][2]int
	applied, err := cpdimport.Apply(as("admin"), svc, b, &cpdimport.ApplyOptions{ImportOptions: cpd.ImportOptions{SkipBad: true, BatchSize: 2},
		Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }})
	require.NoError(t, err)
	require.Equal(t, [][2]int{{2, 5}, {4, 5}, {5, 5}}, calls)
	res := applied.Imported
	require.Equal(t, 3, res.Imported)
	require.Len(t, res.IDs, 5)
	for i, id := range res.IDs {
		require.Equal(t, i < 3, id != "", "activity %d: %q", i, id)
	}
	require.Len(t, res.Rejected, 1)
	require.Equal(t, 3, res.Rejected[0].Index)
	require.Equal(t, "activity #3", b.Source(res.Rejected[0].Index))
	require.Equal(t, []cpd.Duplicate{{Index: 4, Existing: res.IDs[0]}}, res.Duplicates)
	require.Equal(t, cpd.WithdrawResult{Withdrawn: []string{res.IDs[1]}}, applied.Withdrawn)
}

// TestApplyMismatchedSources refuses a Batch whose Sources do not match
// its activities one for one, before anything is written.
func TestApplyMismatchedSources(t *testing.T) {
	svc := service(t)
	b := cpdimport.Batch{Activities: []cpd.Activity{activityFor("ann", "x:1"), activityFor("bob", "x:2")}, Sources: []string{"line 2"}}
	_, err := cpdimport.Apply(as("admin"), svc, b, nil)
	require.ErrorIs(t, err, cpd.ErrInvalid)
	require.ErrorContains(t, err, "batch.sources: has 1 entries for 2 activities")
	got, err := svc.Activities.Activities(as("admin"), "ann")
	require.NoError(t, err)
	require.Empty(t, got)
}

// TestApplyRefusedActor checks that a Batch with nothing in it still asks
// the Service, so that a caller without the right is told so.
func TestApplyRefusedActor(t *testing.T) {
	svc := service(t)
	_, err := cpdimport.Apply(as("ann"), svc, cpdimport.Batch{}, nil)
	require.ErrorIs(t, err, cpd.ErrForbidden)
	_, err = cpdimport.Apply(context.Background(), svc, cpdimport.Batch{}, nil)
	require.ErrorIs(t, err, cpd.ErrNoActor)
}
