package badges_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/badges"
	"github.com/cpdkit/cpdkit/compliance"
)

// An accredited course's badge counts toward a requirement, with its own
// expiry: the DSL badge satisfies safeguarding until the badge expires,
// earlier than a year's validity would have run from the day awarded.
func ExampleImport() {
	// An awarding body's export: an Open Badges 2.0 assertion of a
	// designated safeguarding lead course (valid for two years) to a hashed
	// email address, an Open Badges 3.0 credential of a mental health first
	// aid course, and an assertion the issuer revoked.
	const awards = `[
	 {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
	  "id": "https://awards.example.org/assertions/7731",
	  "recipient": {"type": "email", "hashed": true, "salt": "deadsea",
	    "identity": "sha256$40d8c30c5180a07cb9030d0062ef0b3d55f3ec0521b3d1c4764cc281d34d4a83"},
	  "badge": {"type": "BadgeClass", "id": "https://awards.example.org/badges/dsl", "name": "DSL Level 3",
	    "issuer": {"id": "https://awards.example.org/issuer", "type": "Profile", "name": "Example Awarding Body"}},
	  "issuedOn": "2026-01-20T15:00:00Z", "expires": "2027-12-01T00:00:00Z",
	  "verification": {"type": "hosted"}},
	 {"@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "id": "urn:uuid:2f1e6a94-5b0c-4c6e-9d3a-2b1c0d9e8f70",
	  "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "issuer": {"id": "did:web:awards.example.org", "type": ["Profile"], "name": "Example Awarding Body"},
	  "validFrom": "2026-06-30T23:30:00Z",
	  "credentialSubject": {"type": ["AchievementSubject"],
	    "identifier": [{"type": "IdentityObject", "identityType": "emailAddress", "hashed": false, "identityHash": "bob@example.org"}],
	    "achievement": {"id": "https://awards.example.org/achievements/mhfa", "type": ["Achievement"], "name": "Mental health first aid"}}},
	 {"id": "https://awards.example.org/assertions/7700", "revoked": true, "revocationReason": "awarded in error"}
	]`

	recipients := badges.NewRecipients()
	if err := errors.Join(recipients.AddEmail("ann@example.org", "ann"), recipients.AddEmail("bob@example.org", "bob")); err != nil {
		panic(err)
	}
	m := badges.Mapping{People: recipients, Achievements: badges.Catalogue{
		"https://awards.example.org/badges/dsl": {
			Title: "Designated safeguarding lead (accredited)", Topics: []string{"designated-safeguarding-lead"},
			Hours: decimal.NewFromInt(12), Kind: "accredited_qualification",
		},
		"https://awards.example.org/achievements/mhfa": {Topics: []string{"mental-health-first-aid"}},
	}}
	res, err := badges.Import(context.Background(), strings.NewReader(awards), m, nil)
	if err != nil {
		panic(err)
	}
	for _, a := range res.Awards {
		until := "no expiry"
		if a.ValidUntil != 0 {
			until = "valid until " + a.ValidUntil.String()
		}
		fmt.Printf("%s: %s (Open Badges %s from %s), issued %s, %s\n", a.Person, a.Title(), a.Version, a.Issuer, a.Issued, until)
	}
	for _, r := range res.Refused {
		fmt.Printf("refused badge %d: %s\n", r.Index, r.Reason)
	}

	policy := compliance.Policy{ID: "college", AcademicYearStart: compliance.MonthDay{Month: time.September, Day: 1},
		Requirements: []compliance.Requirement{{ID: "safeguarding", Name: "Safeguarding", Kind: compliance.RenewableTraining,
			Topics: []string{"safeguarding", "designated-safeguarding-lead"}, Validity: period.MustParse("P2Y")}}}
	ann := compliance.Person{ID: "ann", Start: date.New(2020, time.September, 1)}
	r, err := compliance.Evaluate(policy, ann, res.ByPerson()["ann"], date.New(2026, time.November, 2))
	if err != nil {
		panic(err)
	}
	it := r.Items[0]
	fmt.Println("ann's safeguarding:", it.Status, "until", it.ValidUntil)
	// Output:
	// ann: Designated safeguarding lead (accredited) (Open Badges 2.0 from Example Awarding Body), issued 2026-01-20, valid until 2027-11-30
	// bob: Mental health first aid (Open Badges 3.0 from Example Awarding Body), issued 2026-07-01, no expiry
	// refused badge 2: revoked by its issuer: awarded in error
	// ann's safeguarding: compliant until 2027-11-30
}
