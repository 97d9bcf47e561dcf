package cpd

import (
	"fmt"
	"slices"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/compliance"
)

// Person is a member of staff, employed or associate, as cpd keeps them.
type Person struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email,omitzero"`
	// JobRole is the job role ("teacher"), which compliance scopes use.
	JobRole string `json:"job_role"`
	// Team is the subject, area or department that budgets, targets and
	// reports group by.
	Team string `json:"team,omitzero"`
	// Roles are the person's organisational roles and LineManager the
	// person who manages them. What a person may do is decided by the
	// Service's Directory, and these fields are never allowed to disagree
	// with it silently: with StoredDirectory over the Service's own store
	// they are the Directory, so setting them (UpdatePerson) is what grants
	// the rights; with any other Directory (an embedder's HR system) they
	// are its copy, which every write of the person (AddPerson,
	// UpdatePerson, ImportPeople, Resign, UpdatePenPortrait and the like)
	// overwrites with the Directory's answer (none for a person it does
	// not know), whatever the caller gave.
	Roles       []Role `json:"roles,omitzero"`
	LineManager string `json:"line_manager,omitzero"`
	// Employment says whether the person is employed or an associate.
	Employment compliance.Employment `json:"employment"`
	Start      date.Date             `json:"start"`
	// ResignedOn is the day notice was given; Leaving the last day in post.
	ResignedOn date.Date `json:"resigned_on,omitzero"`
	Leaving    date.Date `json:"leaving,omitzero"`
	// FTE is the full-time equivalent, more than 0 and at most 1.
	FTE            decimal.Decimal `json:"fte"`
	Qualifications []Qualification `json:"qualifications,omitzero"`
	Memberships    []Membership    `json:"memberships,omitzero"`
	// PenPortrait is captured at induction and kept current.
	PenPortrait PenPortrait `json:"pen_portrait,omitzero"`
	// Absences, Extensions, Exemptions and Plans feed compliance.
	Absences   []compliance.Absence   `json:"absences,omitzero"`
	Extensions []compliance.Extension `json:"extensions,omitzero"`
	Exemptions []compliance.Exemption `json:"exemptions,omitzero"`
	Plans      []compliance.Plan      `json:"plans,omitzero"`
	// Version is the stored version, for optimistic concurrency.
	Version int64 `json:"-"`
}

// Qualification is a qualification a person holds, such as QTS.
type Qualification struct {
	// Topic is the compliance topic it evidences ("qts").
	Topic   string    `json:"topic"`
	Name    string    `json:"name"`
	Awarded date.Date `json:"awarded"`
	// ValidUntil is its last valid day, if it expires.
	ValidUntil date.Date `json:"valid_until,omitzero"`
	// Evidence refers to the certificate (a document ID or URL).
	Evidence string `json:"evidence,omitzero"`
}

// Membership is a professional membership, such as the Chartered College
// of Teaching. It is valid for its current period: from its last renewal
// (Renewed, or Since when it has not been renewed) to its own expiry
// (ValidUntil) when it has one; the requirement's validity applies, from
// the last renewal, only when it has none. So a member of many years whose
// card runs to next year is current, whatever the requirement's validity.
type Membership struct {
	// Topic is the compliance topic it evidences ("chartered-college-membership").
	Topic string `json:"topic"`
	Body  string `json:"body"`
	// Level is the grade of membership held ("member", "fellow"), for a
	// job role that requires one (compliance.RoleRequirement.Levels).
	Level  string `json:"level,omitzero"`
	Number string `json:"number,omitzero"`
	// Since is the day the person joined (required).
	Since date.Date `json:"since"`
	// Renewed is the day the current period began, when the membership has
	// been renewed since joining.
	Renewed date.Date `json:"renewed,omitzero"`
	// ValidUntil is the last day of the current period, when the card
	// gives one.
	ValidUntil date.Date `json:"valid_until,omitzero"`
	Evidence   string    `json:"evidence,omitzero"`
}

// periodStart is the first day of the membership's current period.
func (m *Membership) periodStart() date.Date {
	if m.Renewed != 0 {
		return m.Renewed
	}
	return m.Since
}

// PenPortrait is the initial profile captured at induction: a summary,
// areas of expertise and sector experience, kept current as skills grow.
// Once captured it is compliance evidence of topic PenPortraitTopic, dated
// the day it was first captured, and of PenPortraitUpdateTopic, dated the
// day it was last brought up to date.
type PenPortrait struct {
	Summary          string   `json:"summary,omitzero"`
	Expertise        []string `json:"expertise,omitzero"`
	SectorExperience string   `json:"sector_experience,omitzero"`
	// Captured is the day it was first captured; updates keep it.
	Captured date.Date `json:"captured,omitzero"`
	// Updated is the day it was last brought up to date.
	Updated date.Date `json:"updated,omitzero"`
}

// PenPortraitTopic is the evidence topic of a captured pen portrait: a
// policy requirement with this topic (an induction pen portrait) is met
// by the person's pen portrait, dated the day it was first captured.
const PenPortraitTopic = "pen-portrait"

// PenPortraitUpdateTopic is the evidence topic of the pen portrait's
// latest update (its Updated day, or Captured until it is updated): a
// cadence requirement with this topic (AVCT's pen portrait "updated as
// additional skills and training is accumulated", reviewed yearly in the
// preset) is met while it is kept up to date.
const PenPortraitUpdateTopic = "pen-portrait-update"

// captured reports whether the pen portrait says anything.
func (pp *PenPortrait) captured() bool {
	return pp.Summary != "" || len(pp.Expertise) > 0 || pp.SectorExperience != ""
}

// Validate checks the person's own fields.
func (p *Person) Validate() error {
	one := decimal.NewFromInt(1)
	switch {
	case p.ID == "":
		return invalid("id", "is required")
	case p.Name == "":
		return invalid("name", "is required")
	case p.Start == 0:
		return invalid("start", "is required")
	case p.Employment == 0 || p.Employment > compliance.Associate:
		return invalid("employment", "must be employed or associate")
	case !p.FTE.IsPositive() || p.FTE.GreaterThan(one):
		return invalid("fte", "%s is not more than 0 and at most 1", p.FTE)
	case p.Leaving != 0 && p.Leaving < p.Start:
		return invalid("leaving", "%s is before the start date %s", p.Leaving, p.Start)
	case p.ResignedOn != 0 && p.ResignedOn < p.Start:
		return invalid("resigned_on", "%s is before the start date %s", p.ResignedOn, p.Start)
	case p.LineManager == p.ID:
		return invalid("line_manager", "a person cannot manage themself")
	}
	for _, r := range p.Roles {
		if !roleNames.Valid(uint8(r)) {
			return invalid("roles", "%d is not a role", r)
		}
	}
	for i, q := range p.Qualifications {
		field := fmt.Sprintf("qualifications[%d]", i)
		switch {
		case q.Topic == "":
			return invalid(field+".topic", "is required")
		case q.Awarded == 0:
			return invalid(field+".awarded", "is required")
		case q.ValidUntil != 0 && q.ValidUntil < q.Awarded:
			return invalid(field+".valid_until", "%s is before the award %s", q.ValidUntil, q.Awarded)
		}
	}
	if pp := p.PenPortrait; pp.Captured != 0 && pp.Updated != 0 && pp.Updated < pp.Captured {
		return invalid("pen_portrait.updated", "%s is before it was captured on %s", pp.Updated, pp.Captured)
	}
	for i, m := range p.Memberships {
		field := fmt.Sprintf("memberships[%d]", i)
		switch {
		case m.Topic == "":
			return invalid(field+".topic", "is required")
		case m.Since == 0:
			return invalid(field+".since", "is required")
		case m.Renewed != 0 && m.Renewed < m.Since:
			return invalid(field+".renewed", "%s is before joining on %s", m.Renewed, m.Since)
		case m.ValidUntil != 0 && m.ValidUntil < m.periodStart():
			return invalid(field+".valid_until", "%s is before the period's start %s", m.ValidUntil, m.periodStart())
		}
	}
	return nil
}

// subject maps the person to compliance's view of them.
func (p *Person) subject() compliance.Person {
	roles := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		roles[i] = r.String()
	}
	return compliance.Person{
		ID: p.ID, Start: p.Start, Leaving: p.Leaving, Employment: p.Employment, JobRole: p.JobRole,
		Roles: roles, FTE: p.FTE, Absences: p.Absences, Extensions: p.Extensions,
		Exemptions: p.Exemptions, Plans: p.Plans,
	}
}

// evidence lists the person's qualifications, memberships and
// captured pen portrait as evidence.
func (p *Person) evidence() []compliance.Evidence {
	var out []compliance.Evidence
	for _, q := range p.Qualifications {
		out = append(out, compliance.Evidence{ID: "qualification:" + q.Topic, Topic: q.Topic, Date: q.Awarded, ValidUntil: q.ValidUntil})
	}
	for _, m := range p.Memberships {
		out = append(out, compliance.Evidence{ID: "membership:" + m.Topic, Topic: m.Topic, Date: m.periodStart(), ValidUntil: m.ValidUntil, Level: m.Level})
	}
	if pp := p.PenPortrait; pp.Captured != 0 {
		out = append(out, compliance.Evidence{ID: PenPortraitTopic, Topic: PenPortraitTopic, Date: pp.Captured},
			compliance.Evidence{ID: PenPortraitUpdateTopic, Topic: PenPortraitUpdateTopic, Date: max(pp.Updated, pp.Captured)})
	}
	return out
}

// Clone returns a deep copy of p: no slice of the copy, at any depth, is
// shared with p, so changing one cannot reach the other (a Store's record,
// or defaults an importer copies into every row). It is the one deep copy
// of a Person; a slice field added to Person is added here.
func (p Person) Clone() Person {
	p.Roles = slices.Clone(p.Roles)
	p.Qualifications = slices.Clone(p.Qualifications)
	p.Memberships = slices.Clone(p.Memberships)
	p.PenPortrait.Expertise = slices.Clone(p.PenPortrait.Expertise)
	p.Absences = slices.Clone(p.Absences)
	p.Extensions = slices.Clone(p.Extensions)
	p.Exemptions = slices.Clone(p.Exemptions)
	p.Plans = slices.Clone(p.Plans)
	return p
}
