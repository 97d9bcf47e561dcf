package xapi

import (
	"fmt"
	"strings"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/internal/mailbox"
)

// Agents is a ready-made People: a table of the email addresses, accounts
// and OpenIDs each person uses in the LMS. An email address matches an
// actor's mbox and also its mbox_sha1sum (the SHA-1 of the mailto IRI), so
// the caller never handles hashes.
//
// LMSs differ in how they spell an address before hashing it: as written,
// with the domain lower-cased (as xAPI compares them), or wholly
// lower-cased. An added address therefore matches each of those forms,
// as an mbox (whose domain is compared without regard to case) and as an
// mbox_sha1sum; any other spelling of the part before the @ does not
// match. Two people's addresses may not share a form: Joe@example.org and
// joe@example.org cannot belong to different people.
//
// Build it with the Add methods before importing; once built, it is safe
// for concurrent use by any number of imports. The zero value is not
// usable: call NewAgents.
type Agents struct {
	mbox    map[string]string // each form of an address, without mailto: -> person
	sha1    map[string]string // lowercase hex -> person
	openID  map[string]string
	account map[Account]string
}

var _ People = (*Agents)(nil)

// NewAgents returns an empty table.
func NewAgents() *Agents {
	return &Agents{
		mbox: make(map[string]string), sha1: make(map[string]string),
		openID: make(map[string]string), account: make(map[Account]string),
	}
}

// AddEmail says that person uses the email address (with or without
// "mailto:"). The error matches ErrInvalid when the address is malformed,
// the person is empty, or a form of the address (see Agents) already
// belongs to someone else; then nothing is added.
func (a *Agents) AddEmail(email, person string) error {
	addr, err := mailbox.Parse(email)
	if err != nil {
		return &compliance.ValidationError{Field: "email", Reason: fmt.Sprintf("%q %v", email, err)}
	}
	if person == "" {
		return &compliance.ValidationError{Field: "person", Reason: "is empty"}
	}
	forms := addr.Forms()
	for _, f := range forms {
		if old, ok := a.mbox[f]; ok && old != person {
			return &compliance.ValidationError{Field: "email", Reason: fmt.Sprintf("%s already belongs to %s (addresses are matched in the forms %s)", email, old, strings.Join(forms, ", "))}
		}
	}
	for _, f := range forms {
		a.mbox[f] = person
		a.sha1[mailbox.MboxSHA1(f)] = person
	}
	return nil
}

// AddAccount says that person has the account name on the system whose
// home page is homePage. The error matches ErrInvalid when either is
// empty, the person is empty, or the account already belongs to someone
// else.
func (a *Agents) AddAccount(homePage, name, person string) error {
	if homePage == "" || name == "" {
		return &compliance.ValidationError{Field: "account", Reason: "needs a home page and a name"}
	}
	return claim(a.account, Account{HomePage: homePage, Name: name}, person, "account", homePage+" "+name)
}

// AddOpenID says that person uses the OpenID URI. The error matches
// ErrInvalid when it is empty, the person is empty, or it already belongs
// to someone else.
func (a *Agents) AddOpenID(openID, person string) error {
	if openID == "" {
		return &compliance.ValidationError{Field: "openid", Reason: "is empty"}
	}
	return claim(a.openID, openID, person, "openid", openID)
}

// claim records key -> person unless key is someone else's.
func claim[K comparable](m map[K]string, key K, person, path, shown string) error {
	if person == "" {
		return &compliance.ValidationError{Field: "person", Reason: "is empty"}
	}
	if old, ok := m[key]; ok && old != person {
		return &compliance.ValidationError{Field: path, Reason: fmt.Sprintf("%s already belongs to %s", shown, old)}
	}
	m[key] = person
	return nil
}

// Person returns the person the actor is.
func (a *Agents) Person(act Actor) (string, bool) {
	var id string
	var ok bool
	switch {
	case act.Mbox != "":
		if addr, err := mailbox.Parse(act.Mbox); err == nil && strings.HasPrefix(act.Mbox, "mailto:") {
			id, ok = a.mbox[addr.DomainFolded()]
		}
	case act.MboxSHA1Sum != "":
		id, ok = a.sha1[strings.ToLower(act.MboxSHA1Sum)]
	case act.OpenID != "":
		id, ok = a.openID[act.OpenID]
	case act.Account != (Account{}):
		id, ok = a.account[act.Account]
	}
	return id, ok
}

// Catalogue is a ready-made Activities: a map from activity IRI to what it
// is. A Catalogue is safe for concurrent reads.
type Catalogue map[string]Course

var _ Activities = Catalogue(nil)

// Course returns the catalogue's entry for the IRI.
func (c Catalogue) Course(iri string) (Course, bool) {
	course, ok := c[iri]
	return course, ok
}
