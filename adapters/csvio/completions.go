package csvio

import (
	"context"
	"io"
	"slices"

	"github.com/cpdkit/cpdkit/cpd"
)

// CompletionOptions tune ReadCompletions and ImportCompletions. A nil
// *CompletionOptions means the defaults.
type CompletionOptions struct {
	ReadOptions
	// Defaults gives each activity's fields that the file leaves out: a
	// field with no column, or a blank cell, takes the value here. An LMS
	// export rarely says an activity's aspect, necessity or source, say.
	Defaults *cpd.Activity
}

// completionSpecs are a completion's fields; it must name the person,
// the title, its kind, aspect, necessity and source, the day it was
// completed and its evidence.
func completionSpecs() []spec {
	return []spec{
		{FieldPerson, true}, {FieldTitle, true}, {FieldKind, true}, {FieldAspect, true}, {FieldNecessity, true},
		{FieldSource, true}, {FieldTopics, false}, {FieldHours, false}, {FieldStart, false}, {FieldEnd, false},
		{FieldCompleted, true}, {FieldValidUntil, false}, {FieldProvider, false}, {FieldAwardingBody, false},
		{FieldQualification, false}, {FieldEvidence, true}, {FieldExternalRef, false}, {FieldReflection, false},
		{FieldImpact, false}, {FieldTargets, false},
	}
}

// ReadCompletions reads completion records, one completed activity per
// row, checking each as cpd.Activity.Validate does and requiring a
// completion date and evidence, as cpd.Activities.ImportCompletions will.
// Hours left blank are zero. The activities are ready for
// ImportCompletions, which gives them IDs and checks them against their
// people. Its errors match cpd.ErrInvalid (an *ImportError), or are the
// context's.
func ReadCompletions(ctx context.Context, r io.Reader, opts *CompletionOptions) (Parsed[cpd.Activity], error) {
	if opts == nil {
		opts = &CompletionOptions{}
	}
	var def cpd.Activity
	if opts.Defaults != nil {
		def = *opts.Defaults
	}
	defaulted := func(f Field) bool {
		switch f {
		case FieldPerson:
			return def.Person != ""
		case FieldTitle:
			return def.Title != ""
		case FieldKind:
			return def.Kind != 0
		case FieldAspect:
			return def.Aspect != 0
		case FieldNecessity:
			return def.Necessity != 0
		case FieldSource:
			return def.Source != 0
		case FieldCompleted:
			return def.Completed != 0
		case FieldEvidence:
			return def.Evidence != ""
		}
		return false
	}
	return read(ctx, r, &opts.ReadOptions, completionSpecs(), defaulted, func(r *row) (cpd.Activity, bool) {
		return r.activity(&def)
	})
}

// activity reads one completion row over the defaults.
func (r *row) activity(def *cpd.Activity) (cpd.Activity, bool) {
	a := *def
	a.ID, a.State, a.History, a.Version = "", cpd.Completed, nil, 0
	a.Topics, a.Targets = slices.Clone(a.Topics), slices.Clone(a.Targets)
	if a.Accreditation != nil {
		acc := *a.Accreditation
		a.Accreditation = &acc
	}
	text := func(f Field, dst *string) {
		if s := r.cell(f); s != "" {
			*dst = s
		}
	}
	text(FieldPerson, &a.Person)
	text(FieldTitle, &a.Title)
	text(FieldProvider, &a.Provider)
	text(FieldEvidence, &a.Evidence)
	text(FieldExternalRef, &a.ExternalRef)
	text(FieldReflection, &a.Reflection)
	text(FieldImpact, &a.Impact)
	r.enum(FieldKind, &a.Kind)
	r.enum(FieldAspect, &a.Aspect)
	r.enum(FieldNecessity, &a.Necessity)
	r.enum(FieldSource, &a.Source)
	if l := r.list(FieldTopics); l != nil {
		a.Topics = l
	}
	if l := r.list(FieldTargets); l != nil {
		a.Targets = l
	}
	if h, ok := r.decimal(FieldHours); ok {
		a.Hours = h
	}
	if d := r.date(FieldStart); d != 0 {
		a.Start = d
	}
	if d := r.date(FieldEnd); d != 0 {
		a.End = d
	}
	if d := r.date(FieldCompleted); d != 0 {
		a.Completed = d
	}
	if d := r.date(FieldValidUntil); d != 0 {
		a.ValidUntil = d
	}
	body, qual := r.cell(FieldAwardingBody), r.cell(FieldQualification)
	if body != "" || qual != "" {
		if a.Accreditation == nil {
			a.Accreditation = &cpd.Accreditation{}
		}
		if body != "" {
			a.Accreditation.AwardingBody = body
		}
		if qual != "" {
			a.Accreditation.Qualification = qual
		}
	}
	switch {
	case len(r.errs) > 0:
		return cpd.Activity{}, false
	case a.Completed == 0:
		r.fail(FieldCompleted, "is required: the day the activity was completed")
	case a.Evidence == "":
		r.fail(FieldEvidence, "is required: a reference to the proof of completion")
	}
	if len(r.errs) > 0 {
		return cpd.Activity{}, false
	}
	if err := a.Validate(); err != nil {
		r.errs = append(r.errs, refusedRow(r.line, err, r.t.headers))
		return cpd.Activity{}, false
	}
	return a, true
}
