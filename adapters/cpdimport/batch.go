package cpdimport

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/cpdkit/cpdkit/adapters/badges"
	"github.com/cpdkit/cpdkit/adapters/xapi"
	"github.com/cpdkit/cpdkit/cpd"
)

// Batch is one import for the Service: the completed activities to
// import and the imported activities to withdraw.
type Batch struct {
	// Activities are the completed activities to import, in input order.
	Activities []cpd.Activity
	// Sources names each activity where it came from, for a person
	// ("statement <id>", "badge #3 (<id>)", "line 14"): one entry per
	// activity, or none (then the activity's index names it).
	Sources []string
	// Withdrawals are the activities earlier imports made that the
	// source has retracted since.
	Withdrawals []cpd.Withdrawal
}

// Add appends an activity and its source.
func (b *Batch) Add(a cpd.Activity, source string) {
	b.Activities = append(b.Activities, a)
	b.Sources = append(b.Sources, source)
}

// Source names the activity at index i: its entry in Sources, or "activity
// #i" when Sources has none.
func (b *Batch) Source(i int) string {
	if i < len(b.Sources) && b.Sources[i] != "" {
		return b.Sources[i]
	}
	return fmt.Sprintf("activity #%d", i)
}

// Options fill in what the input does not say. A nil *Options, or a zero
// field, means the default.
type Options struct {
	// Kind is the activity kind when the course or achievement names none:
	// default ExternalCourse for xAPI credits and AccreditedQualification
	// for badges.
	Kind cpd.ActivityKind
	// Aspect defaults to KeepingUpToDate.
	Aspect cpd.Aspect
	// Necessity defaults to Necessary.
	Necessity cpd.Necessity
	// Source defaults to Required: mandatory training the organisation
	// requires.
	Source cpd.Source
	// Provider names who delivered xAPI courses (the LMS); badges name
	// their issuer themselves.
	Provider string
}

// The prefixes of the ExternalRefs of imported activities.
const (
	xapiPrefix  = "xapi:"
	badgePrefix = "badge:"
)

// XAPIRef returns the cpd ExternalRef of the activity an xAPI statement's
// credit becomes: "xapi:" and the statement id.
func XAPIRef(statement string) string { return xapiPrefix + statement }

// BadgeRef returns the cpd ExternalRef of the activity an Open Badge
// becomes: "badge:" and the assertion's or credential's id.
func BadgeRef(id string) string { return badgePrefix + id }

// FromXAPI turns an xAPI import into a Batch: one completed activity per
// credit, in order, named "statement <id>", and one withdrawal per
// statement the import voids (Result.Voided) of the activity its credit,
// if it gave one, was imported as. A statement voided in the same import
// gave no credit; one that gave none, or none yet imported, is reported
// by WithdrawImported as not found and changes nothing.
//
// The error matches cpd.ErrInvalid and names every statement whose course
// names a Kind or Aspect cpd does not know; no Batch is returned with it.
func FromXAPI(res *xapi.Result, opts *Options) (Batch, error) {
	b := Batch{Activities: make([]cpd.Activity, 0, len(res.Credits)), Sources: make([]string, 0, len(res.Credits))}
	var errs []error
	for i := range res.Credits {
		c := &res.Credits[i]
		source := "statement " + c.Statement
		var course xapi.Course
		if c.Course != nil {
			course = *c.Course
		}
		a, err := activity(opts, cpd.ExternalCourse, course.Kind, course.Aspect)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", source, err))
			continue
		}
		a.Person, a.Title, a.Topics, a.Hours = c.Person, cmp.Or(course.Title, c.Activity), slices.Clone(course.Topics), c.Hours
		a.Completed, a.Evidence, a.ExternalRef = c.Date, c.Statement, XAPIRef(c.Statement)
		if opts != nil {
			a.Provider = opts.Provider
		}
		b.Add(a, source)
	}
	if len(errs) > 0 {
		return Batch{}, errors.Join(errs...)
	}
	for _, id := range res.Voided {
		b.Withdrawals = append(b.Withdrawals, cpd.Withdrawal{ExternalRef: XAPIRef(id), Reason: "the LMS voided xAPI statement " + id})
	}
	return b, nil
}

// FromBadges turns an Open Badges import into a Batch: one completed
// activity per award, in order, named "badge #<index> (<id>)", accredited
// by the badge's issuer, completed the day issued and valid until the
// badge's expiry; and one withdrawal per badge id the import refused as
// revoked (badges.Revoked), of the activity an earlier import made from
// it, so that a badge revoked after it was imported stops counting (an
// Open Badges 3.0 credential imported unchecked, Award.StatusUnchecked,
// is withdrawn so once an import with badges.Options.Status finds it
// revoked). A badge revoked in the same import gave no award; one never
// imported is reported by WithdrawImported as not found and changes
// nothing.
//
// Its error is that of FromXAPI, naming the badges.
func FromBadges(res *badges.Result, opts *Options) (Batch, error) {
	b := Batch{Activities: make([]cpd.Activity, 0, len(res.Awards)), Sources: make([]string, 0, len(res.Awards))}
	var errs []error
	for i := range res.Awards {
		w := &res.Awards[i]
		source := fmt.Sprintf("badge #%d (%s)", w.Index, w.ID)
		var ach badges.Achievement
		if w.Achievement != nil {
			ach = *w.Achievement
		}
		a, err := activity(opts, cpd.AccreditedQualification, ach.Kind, ach.Aspect)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", source, err))
			continue
		}
		a.Person, a.Title, a.Topics, a.Hours = w.Person, cmp.Or(w.Title(), w.Badge), slices.Clone(ach.Topics), ach.Hours
		a.Completed, a.ValidUntil, a.Evidence, a.Provider = w.Issued, w.ValidUntil, w.ID, w.Issuer
		a.ExternalRef = BadgeRef(w.ID)
		if w.Issuer != "" {
			a.Accreditation = &cpd.Accreditation{AwardingBody: w.Issuer, Qualification: cmp.Or(w.Name, w.Title())}
		}
		b.Add(a, source)
	}
	if len(errs) > 0 {
		return Batch{}, errors.Join(errs...)
	}
	revoked := make(map[string]bool)
	for _, r := range res.Refused {
		if r.Status != badges.Revoked || r.ID == "" || revoked[r.ID] {
			continue
		}
		revoked[r.ID] = true
		b.Withdrawals = append(b.Withdrawals, cpd.Withdrawal{ExternalRef: BadgeRef(r.ID), Reason: "Open Badge " + r.ID + " " + r.Reason})
	}
	return b, nil
}

// activity returns an activity with its kind, aspect, necessity and
// source: the named kind and aspect when given, the options' otherwise,
// and the defaults last.
func activity(opts *Options, kind cpd.ActivityKind, kindName, aspectName string) (cpd.Activity, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	a := cpd.Activity{
		Kind: cmp.Or(o.Kind, kind), Aspect: cmp.Or(o.Aspect, cpd.KeepingUpToDate),
		Necessity: cmp.Or(o.Necessity, cpd.Necessary), Source: cmp.Or(o.Source, cpd.Required),
	}
	if kindName != "" {
		if err := a.Kind.UnmarshalText([]byte(kindName)); err != nil {
			return a, err
		}
	}
	if aspectName != "" {
		if err := a.Aspect.UnmarshalText([]byte(aspectName)); err != nil {
			return a, err
		}
	}
	return a, nil
}
