// Package xapicpd is the bridge from the standalone importers to the cpd
// Service: it turns xAPI credits (package xapi) and Open Badges awards
// (package badges) into completed cpd.Activity values, ready for
// cpd.Service.ImportCompletions, so that an HR system that embeds the
// Service takes the same LMS and awarding-body input as a vendor that uses
// package compliance alone.
//
// Each activity carries the person, a title, the compliance topics, the
// hours, the completion day, any expiry (a badge's), and as its evidence
// reference the statement's or badge's id, which is also its ExternalRef
// ("xapi:" or "badge:" and the id), so that ImportCompletions records the
// same input imported twice only once. What an LMS does not say (the kind of
// activity, its aspect, whether it was necessary, where the need came
// from) comes from the course's or achievement's Kind and Aspect when they
// are cpd names ("webinar", "keeping_up_to_date"), and from Options
// otherwise.
//
// An LMS retracts a statement by voiding it. A statement voided in the
// same import gives no credit; one voided in a later import gave credit
// already, so [Withdrawals] names the activities its credit became, for
// cpd.Service.WithdrawImported, and [Apply] does both steps for an import.
//
// The functions other than Apply are pure; all are safe for concurrent
// use.
package xapicpd

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/cpdkit/cpdkit/adapters/badges"
	"github.com/cpdkit/cpdkit/adapters/xapi"
	"github.com/cpdkit/cpdkit/cpd"
)

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

// Activities turns xAPI credits into completed activities, in the same
// order. The error matches cpd.ErrInvalid and lists, by index, every
// credit whose course names a Kind or Aspect cpd does not know; nothing
// is returned with it.
func Activities(credits []xapi.Credit, opts *Options) ([]cpd.Activity, error) {
	out := make([]cpd.Activity, len(credits))
	var errs []error
	for i := range credits {
		c := &credits[i]
		var course xapi.Course
		if c.Course != nil {
			course = *c.Course
		}
		a, err := activity(opts, cpd.ExternalCourse, course.Kind, course.Aspect)
		if err != nil {
			errs = append(errs, fmt.Errorf("credit %d (%s): %w", i, c.Statement, err))
			continue
		}
		a.Person, a.Title, a.Topics, a.Hours = c.Person, orDefault(course.Title, c.Activity), slices.Clone(course.Topics), c.Hours
		a.Completed, a.Evidence, a.ExternalRef = c.Date, c.Statement, ExternalRef(c.Statement)
		if opts != nil {
			a.Provider = opts.Provider
		}
		out[i] = a
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// Withdrawals returns one withdrawal for each statement the result voids
// (Result.Voided): the ExternalRef its credit, if it gave one, was
// imported with, and a reason naming the statement. Give them to
// cpd.Service.WithdrawImported; a statement that gave no credit, or none
// yet imported, is reported there as not found and changes nothing.
func Withdrawals(res *xapi.Result) []cpd.Withdrawal {
	out := make([]cpd.Withdrawal, len(res.Voided))
	for i, id := range res.Voided {
		out[i] = cpd.Withdrawal{ExternalRef: ExternalRef(id), Reason: "the LMS voided xAPI statement " + id}
	}
	return out
}

// ExternalRef returns the cpd ExternalRef of the activity an xAPI
// statement's credit becomes: "xapi:" and the statement id.
func ExternalRef(statement string) string { return "xapi:" + statement }

// Applied says what Apply did.
type Applied struct {
	// Imported is ImportCompletions' result for the credits.
	Imported cpd.ImportResult
	// Withdrawn is WithdrawImported's result for the voided statements.
	Withdrawn cpd.WithdrawResult
}

// Apply records an xAPI import in the Service: its credits as completed
// activities (ImportCompletions, with importOpts), then the withdrawal of
// the activities earlier imports made from the statements it voids
// (WithdrawImported). They are two transactions: if the second fails,
// the first stays, and applying the same result again imports nothing
// twice and withdraws what is left. The caller needs the roles both use
// cases need (an administrator or the head of education).
//
// Errors: those of Activities, ImportCompletions and WithdrawImported,
// with Applied saying what was done before the error.
func Apply(ctx context.Context, svc *cpd.Service, res *xapi.Result, opts *Options, importOpts *cpd.ImportOptions) (Applied, error) {
	var out Applied
	acts, err := Activities(res.Credits, opts)
	if err != nil {
		return out, err
	}
	if len(acts) > 0 {
		if out.Imported, err = svc.ImportCompletions(ctx, acts, importOpts); err != nil {
			return out, err
		}
	}
	if ws := Withdrawals(res); len(ws) > 0 {
		if out.Withdrawn, err = svc.WithdrawImported(ctx, ws); err != nil {
			return out, err
		}
	}
	return out, nil
}

// Awards turns badge awards into completed activities, in the same order:
// accredited by the badge's issuer, completed the day issued, valid until
// the badge's expiry. Its error is that of Activities.
func Awards(awards []badges.Award, opts *Options) ([]cpd.Activity, error) {
	out := make([]cpd.Activity, len(awards))
	var errs []error
	for i := range awards {
		w := &awards[i]
		var ach badges.Achievement
		if w.Achievement != nil {
			ach = *w.Achievement
		}
		a, err := activity(opts, cpd.AccreditedQualification, ach.Kind, ach.Aspect)
		if err != nil {
			errs = append(errs, fmt.Errorf("award %d (%s): %w", i, w.ID, err))
			continue
		}
		a.Person, a.Title, a.Topics, a.Hours = w.Person, orDefault(w.Title(), w.Badge), slices.Clone(ach.Topics), ach.Hours
		a.Completed, a.ValidUntil, a.Evidence, a.Provider = w.Issued, w.ValidUntil, w.ID, w.Issuer
		a.ExternalRef = "badge:" + w.ID
		if w.Issuer != "" {
			a.Accreditation = &cpd.Accreditation{AwardingBody: w.Issuer, Qualification: orDefault(w.Name, w.Title())}
		}
		out[i] = a
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
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
		Kind: or(o.Kind, kind), Aspect: or(o.Aspect, cpd.KeepingUpToDate),
		Necessity: or(o.Necessity, cpd.Necessary), Source: or(o.Source, cpd.Required),
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

// or returns v, or def when v is zero.
func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string { return or(s, def) }
