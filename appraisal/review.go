package appraisal

import (
	"fmt"
	"slices"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
)

// Review is one appraisal meeting: the annual appraisal or an interim
// review. It records the targets set or carried forward, the professional
// development plan, and the signatures of the appraiser and the appraisee.
type Review struct {
	ID     string     `json:"id"`
	Person string     `json:"person"`
	Kind   ReviewKind `json:"kind"`
	// Appraiser is the person's line manager, who holds the review.
	Appraiser string `json:"appraiser"`
	// Year is the academic year's label, such as "2026/27".
	Year string    `json:"year"`
	Held date.Date `json:"held"`
	// Targets are the IDs of the targets set at this review, or carried
	// forward and reviewed at it. Every need that is not aspirational
	// serves one of them.
	Targets []string `json:"targets,omitzero"`
	// Plan is the professional development plan: the development needed.
	Plan    []Need `json:"plan,omitzero"`
	Summary string `json:"summary,omitzero"`
	// AppraiserSigned and AppraiseeSigned are the sign-offs, each given
	// by that person alone.
	AppraiserSigned *Signature `json:"appraiser_signed,omitzero"`
	AppraiseeSigned *Signature `json:"appraisee_signed,omitzero"`
}

// Need is one development need in a plan: what to learn, for which target
// (or marked aspirational), and the activity it should become. Package cpd
// turns it into a requested activity when the plan is signed off.
type Need struct {
	Title  string `json:"title"`
	Detail string `json:"detail,omitzero"`
	// Target is the ID of the target it serves; empty when Aspirational.
	Target string `json:"target,omitzero"`
	// Aspirational marks development for career aspirations rather than a
	// target.
	Aspirational bool `json:"aspirational,omitzero"`
	// Kind and Aspect are the activity's kind and aspect, as cpd's stable
	// names ("external_course", "training_for_job"); cpd checks them.
	Kind   string          `json:"kind"`
	Aspect string          `json:"aspect"`
	Hours  decimal.Decimal `json:"hours"`
	// Activity is the ID of the activity requested for it, once the plan
	// is signed off.
	Activity string `json:"activity,omitzero"`
}

// Signature is one party's sign-off.
type Signature struct {
	By string    `json:"by"`
	On date.Date `json:"on"`
}

// Validate checks the review's fields, its plan and its signatures. An
// annual appraisal sets at least one target; an interim review may not.
func (r *Review) Validate() error {
	switch {
	case r.Person == "":
		return invalid("person", "is required")
	case r.Appraiser == "":
		return invalid("appraiser", "is required")
	case r.Appraiser == r.Person:
		return invalid("appraiser", "a person cannot appraise themself")
	case !reviewKindNames.Valid(uint8(r.Kind)):
		return invalid("kind", "is required: annual or interim")
	case r.Held == 0:
		return invalid("held", "is required")
	case r.Kind == Annual && len(r.Targets) == 0:
		return invalid("targets", "an annual appraisal sets at least one target")
	}
	if err := checkYear("year", r.Year); err != nil {
		return err
	}
	for i, t := range r.Targets {
		if t == "" {
			return invalid(fmt.Sprintf("targets[%d]", i), "is empty")
		}
	}
	if d := duplicate(r.Targets); d != "" {
		return invalid("targets", "%s is listed twice", d)
	}
	for i, n := range r.Plan {
		if err := n.check(r.Targets); err != nil {
			return within(fmt.Sprintf("plan[%d]", i), err)
		}
		if n.Activity != "" && !r.SignedOff() {
			return invalid(fmt.Sprintf("plan[%d].activity", i), "is set only once the review is signed off")
		}
	}
	if err := r.checkSignature("appraiser_signed", r.AppraiserSigned, r.Appraiser); err != nil {
		return err
	}
	return r.checkSignature("appraisee_signed", r.AppraiseeSigned, r.Person)
}

// check checks a need against the targets it may serve.
func (n *Need) check(targets []string) error {
	switch {
	case n.Title == "":
		return invalid("title", "is required")
	case n.Aspirational && n.Target != "":
		return invalid("target", "an aspirational need serves no target")
	case !n.Aspirational && n.Target == "":
		return invalid("target", "is required unless the need is aspirational")
	case n.Target != "" && !slices.Contains(targets, n.Target):
		return invalid("target", "%s is not one of the targets set or reviewed (%v)", n.Target, targets)
	case n.Kind == "":
		return invalid("kind", "is required")
	case n.Aspect == "":
		return invalid("aspect", "is required")
	case n.Hours.IsNegative():
		return invalid("hours", "%s is negative", n.Hours)
	}
	return nil
}

// CheckNeed checks one need on its own against the targets it may serve,
// as a review or a performance improvement plan checks each of its needs.
func CheckNeed(n Need, targets []string) error { return n.check(targets) }

func (r *Review) checkSignature(field string, s *Signature, who string) error {
	switch {
	case s == nil:
		return nil
	case s.By != who:
		return invalid(field+".by", "%s signed for %s", s.By, who)
	case s.On == 0:
		return invalid(field+".on", "is required")
	case s.On < r.Held:
		return invalid(field+".on", "%s is before the review was held on %s", s.On, r.Held)
	}
	return nil
}

// SignedOff reports whether both the appraiser and the appraisee have
// signed.
func (r *Review) SignedOff() bool { return r.AppraiserSigned != nil && r.AppraiseeSigned != nil }

// Stage is the review's stage as a stable name for storage and filtering:
// "draft", "appraiser_signed", "appraisee_signed" or "signed_off".
func (r *Review) Stage() string {
	switch {
	case r.SignedOff():
		return "signed_off"
	case r.AppraiserSigned != nil:
		return "appraiser_signed"
	case r.AppraiseeSigned != nil:
		return "appraisee_signed"
	}
	return "draft"
}

// Sign records one party's sign-off: the appraiser's or the appraisee's,
// whichever person is. Anyone else is ErrNotSignatory; signing twice is
// ErrDuplicate; signing a signed-off review is ErrSignedOff.
func (r *Review) Sign(person string, on date.Date) error {
	var slot **Signature
	switch {
	case r.SignedOff():
		return state(ErrSignedOff, "review %s", r.ID)
	case person == "":
		return invalid("by", "is required")
	case person == r.Appraiser:
		slot = &r.AppraiserSigned
	case person == r.Person:
		slot = &r.AppraiseeSigned
	default:
		return state(ErrNotSignatory, "%s signing review %s of %s", person, r.ID, r.Person)
	}
	switch {
	case *slot != nil:
		return state(ErrDuplicate, "%s has already signed review %s", person, r.ID)
	case on == 0:
		return invalid("on", "is required")
	case on < r.Held:
		return invalid("on", "%s is before the review was held on %s", on, r.Held)
	}
	*slot = &Signature{By: person, On: on}
	return nil
}

// Amend replaces what a review records (its held date, targets, plan and
// summary) before it is signed off; any signature already given is
// cleared, since both parties sign the amended review. A signed-off
// review is ErrSignedOff. The person, appraiser, kind and year stay.
func (r *Review) Amend(next Review) error {
	if r.SignedOff() {
		return state(ErrSignedOff, "review %s cannot be amended", r.ID)
	}
	amended := *r
	amended.Held, amended.Summary = next.Held, next.Summary
	amended.Targets, amended.Plan = slices.Clone(next.Targets), slices.Clone(next.Plan)
	amended.AppraiserSigned, amended.AppraiseeSigned = nil, nil
	if err := amended.Validate(); err != nil {
		return err
	}
	*r = amended
	return nil
}

// Cycle is one person's appraisal cycle for an academic year: one annual
// appraisal and any number of interim reviews.
type Cycle struct {
	Person  string   `json:"person"`
	Year    string   `json:"year"`
	Reviews []Review `json:"reviews"`
}

// Add adds a valid review to the cycle. It must be of the cycle's person
// and year, and a second annual appraisal in the year is ErrDuplicate.
func (c *Cycle) Add(r Review) error {
	if err := r.Validate(); err != nil {
		return err
	}
	switch {
	case r.Person != c.Person:
		return invalid("person", "%s is not the cycle's person %s", r.Person, c.Person)
	case r.Year != c.Year:
		return invalid("year", "%s is not the cycle's year %s", r.Year, c.Year)
	case r.Kind == Annual && c.Annual() != nil:
		return state(ErrDuplicate, "%s already has an annual appraisal in %s (%s)", c.Person, c.Year, c.Annual().ID)
	}
	c.Reviews = append(c.Reviews, r)
	return nil
}

// Annual returns the year's annual appraisal, or nil.
func (c *Cycle) Annual() *Review {
	for i := range c.Reviews {
		if c.Reviews[i].Kind == Annual {
			return &c.Reviews[i]
		}
	}
	return nil
}

// Interims returns the year's interim reviews, in the order added.
func (c *Cycle) Interims() []Review {
	var out []Review
	for _, r := range c.Reviews {
		if r.Kind == Interim {
			out = append(out, r)
		}
	}
	return out
}
