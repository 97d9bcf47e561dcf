package appraisal

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
)

// Update is a regulator or sector update cascaded to the staff it
// concerns: a funding-body bulletin, an inspection-framework change, an
// awarding-body notice. Each recipient acknowledges it (see Receipt), and
// the acknowledgement becomes a short CPD record.
type Update struct {
	ID   string     `json:"id"`
	Kind UpdateKind `json:"kind"`
	// Issuer is who published it ("ESFA", "Ofsted", an awarding body).
	Issuer    string    `json:"issuer"`
	Title     string    `json:"title"`
	Summary   string    `json:"summary,omitzero"`
	Link      string    `json:"link,omitzero"`
	Published date.Date `json:"published,omitzero"`
	// SentBy sent it on Sent to its Audience.
	SentBy   string    `json:"sent_by"`
	Sent     date.Date `json:"sent"`
	Audience Audience  `json:"audience"`
	// Hours are the CPD hours reading it is worth; more than zero.
	Hours decimal.Decimal `json:"hours"`
	// Topics are compliance topics an acknowledgement evidences, each one
	// a requirement of the policy lists ("ofsted-update" or "esfa-update"
	// meet the AVCT preset's regulatory-updates); package cpd refuses a
	// topic that meets no requirement.
	Topics []string `json:"topics,omitzero"`
	// Recipients are the people it was sent to, in order, fixed when sent.
	Recipients []string `json:"recipients"`
}

// Audience says whom an update concerns: everyone, or anyone who holds one
// of the roles, has one of the job roles or is in one of the teams.
type Audience struct {
	Everyone bool `json:"everyone,omitzero"`
	// Roles are organisational roles by cpd's stable names ("line_manager").
	Roles    []string `json:"roles,omitzero"`
	JobRoles []string `json:"job_roles,omitzero"`
	Teams    []string `json:"teams,omitzero"`
}

// Member is what an audience is matched against: one member of staff.
type Member struct {
	Person  string
	Roles   []string
	JobRole string
	Team    string
}

// Validate checks that the audience names someone and has no empty entry.
func (a *Audience) Validate() error {
	if !a.Everyone && len(a.Roles)+len(a.JobRoles)+len(a.Teams) == 0 {
		return invalid("audience", "names nobody: set everyone, or roles, job roles or teams")
	}
	for _, l := range []struct {
		field string
		list  []string
	}{{"roles", a.Roles}, {"job_roles", a.JobRoles}, {"teams", a.Teams}} {
		if slices.Contains(l.list, "") {
			return invalid("audience."+l.field, "has an empty entry")
		}
	}
	return nil
}

// Includes reports whether the audience covers a member.
func (a *Audience) Includes(m Member) bool {
	if a.Everyone {
		return true
	}
	for _, r := range m.Roles {
		if slices.Contains(a.Roles, r) {
			return true
		}
	}
	return (m.JobRole != "" && slices.Contains(a.JobRoles, m.JobRole)) || (m.Team != "" && slices.Contains(a.Teams, m.Team))
}

// Validate checks the update's fields (not its recipients, which Address
// sets).
func (u *Update) Validate() error {
	switch {
	case !updateKindNames.Valid(uint8(u.Kind)):
		return invalid("kind", "is required")
	case u.Issuer == "":
		return invalid("issuer", "is required")
	case u.Title == "":
		return invalid("title", "is required")
	case u.SentBy == "":
		return invalid("sent_by", "is required")
	case u.Sent == 0:
		return invalid("sent", "is required")
	case u.Published != 0 && u.Published > u.Sent:
		return invalid("published", "%s is after it was sent on %s", u.Published, u.Sent)
	case !u.Hours.IsPositive():
		return invalid("hours", "%s is not more than zero", u.Hours)
	}
	for i, t := range u.Topics {
		if t == "" {
			return invalid(fmt.Sprintf("topics[%d]", i), "is empty")
		}
	}
	return u.Audience.Validate()
}

// Address sets the recipients: every member the audience covers, in
// person order. An audience that covers nobody is ErrInvalid.
func (u *Update) Address(members []Member) error {
	var to []string
	for _, m := range members {
		if m.Person != "" && u.Audience.Includes(m) {
			to = append(to, m.Person)
		}
	}
	slices.Sort(to)
	to = slices.Compact(to)
	if len(to) == 0 {
		return invalid("audience", "covers none of the %d members of staff", len(members))
	}
	u.Recipients = to
	return nil
}

// Receipt is one recipient's copy of an update: when it was sent and,
// once they acknowledge reading it, when and the CPD activity that
// records it.
type Receipt struct {
	Update string    `json:"update"`
	Person string    `json:"person"`
	Sent   date.Date `json:"sent"`
	// Read is the day they acknowledged it (zero: not yet).
	Read     date.Date `json:"read,omitzero"`
	Activity string    `json:"activity,omitzero"`
}

// Receipts returns a receipt for each recipient, unread.
func (u *Update) Receipts() []Receipt {
	out := make([]Receipt, len(u.Recipients))
	for i, p := range u.Recipients {
		out[i] = Receipt{Update: u.ID, Person: p, Sent: u.Sent}
	}
	return out
}

// Acknowledge records that the receipt's person read the update on a day,
// and the activity that records it. Only the recipient acknowledges their
// own copy (ErrNotRecipient); acknowledging twice is ErrDuplicate.
func (r *Receipt) Acknowledge(person string, on date.Date, activity string) error {
	switch {
	case person != r.Person:
		return state(ErrNotRecipient, "%s acknowledging %s's copy of update %s", person, r.Person, r.Update)
	case r.Read != 0:
		return state(ErrDuplicate, "%s acknowledged update %s on %s", r.Person, r.Update, r.Read)
	case on == 0:
		return invalid("read", "is required")
	case on < r.Sent:
		return invalid("read", "%s is before the update was sent on %s", on, r.Sent)
	case activity == "":
		return invalid("activity", "is required")
	}
	r.Read, r.Activity = on, activity
	return nil
}

// Readership is who has and has not yet read an update, for its sender.
type Readership struct {
	Update     string `json:"update"`
	Recipients int    `json:"recipients"`
	// Read are the acknowledged receipts, earliest first; Unread the people
	// who have not yet read it, in order.
	Read   []Receipt `json:"read"`
	Unread []string  `json:"unread"`
}

// ReadershipOf sums up an update's receipts (receipts of other updates
// are ignored).
func ReadershipOf(u *Update, receipts []Receipt) Readership {
	r := Readership{Update: u.ID, Read: []Receipt{}, Unread: []string{}}
	for _, rc := range receipts {
		if rc.Update != u.ID {
			continue
		}
		r.Recipients++
		if rc.Read != 0 {
			r.Read = append(r.Read, rc)
		} else {
			r.Unread = append(r.Unread, rc.Person)
		}
	}
	slices.SortStableFunc(r.Read, func(a, b Receipt) int { return cmp.Or(cmp.Compare(a.Read, b.Read), cmp.Compare(a.Person, b.Person)) })
	slices.Sort(r.Unread)
	return r
}
