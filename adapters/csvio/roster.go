package csvio

import (
	"context"
	"io"

	"github.com/cpdkit/cpdkit/cpd"
)

// RosterOptions tune ReadPeople and ImportPeople. A nil *RosterOptions
// means the defaults.
type RosterOptions struct {
	ReadOptions
	// Defaults gives each person's fields that the file leaves out: a
	// field with no column, or a blank cell, takes the value here (an
	// employment type, or an FTE of 1, for a file without them).
	Defaults *cpd.Person
}

// rosterSpecs are the roster's fields; a person must have an ID, a name,
// a job role, an employment type, a start date and an FTE.
func rosterSpecs() []spec {
	return []spec{
		{FieldID, true}, {FieldName, true}, {FieldEmail, false}, {FieldJobRole, true}, {FieldTeam, false},
		{FieldRoles, false}, {FieldLineManager, false}, {FieldEmployment, true}, {FieldStart, true},
		{FieldLeaving, false}, {FieldResignedOn, false}, {FieldFTE, true},
	}
}

// ReadPeople reads a staff roster, one person per row, checking each as
// cpd.Person.Validate does. The people are ready for
// cpd.Staff.ImportPeople (or AddPerson): their Roles are the HR
// record's (the Directory still decides what each may do), and the rest
// of the record (qualifications, memberships) is left for the Service.
// Its errors match cpd.ErrInvalid (an *ImportError), or are the context's.
func ReadPeople(ctx context.Context, r io.Reader, opts *RosterOptions) (Parsed[cpd.Person], error) {
	if opts == nil {
		opts = &RosterOptions{}
	}
	var def cpd.Person
	if opts.Defaults != nil {
		def = *opts.Defaults
	}
	defaulted := func(f Field) bool {
		switch f {
		case FieldID:
			return def.ID != ""
		case FieldName:
			return def.Name != ""
		case FieldJobRole:
			return def.JobRole != ""
		case FieldEmployment:
			return def.Employment != 0
		case FieldStart:
			return def.Start != 0
		case FieldFTE:
			return !def.FTE.IsZero()
		}
		return false
	}
	return read(ctx, r, &opts.ReadOptions, rosterSpecs(), defaulted, func(r *row) (cpd.Person, bool) {
		return r.person(&def)
	})
}

// person reads one roster row over the defaults.
func (r *row) person(def *cpd.Person) (cpd.Person, bool) {
	p := cloned(def)
	text := func(f Field, dst *string) {
		if s := r.cell(f); s != "" {
			*dst = s
		}
	}
	text(FieldID, &p.ID)
	text(FieldName, &p.Name)
	text(FieldEmail, &p.Email)
	text(FieldJobRole, &p.JobRole)
	text(FieldTeam, &p.Team)
	text(FieldLineManager, &p.LineManager)
	r.enum(FieldEmployment, &p.Employment)
	if names := r.list(FieldRoles); names != nil {
		p.Roles = nil
		for _, name := range names {
			var role cpd.Role
			if err := role.UnmarshalText([]byte(normal(name))); err != nil {
				r.fail(FieldRoles, "%q is not a role", name)
				continue
			}
			p.Roles = append(p.Roles, role)
		}
	}
	if d := r.date(FieldStart); d != 0 {
		p.Start = d
	}
	if d := r.date(FieldLeaving); d != 0 {
		p.Leaving = d
	}
	if d := r.date(FieldResignedOn); d != 0 {
		p.ResignedOn = d
	}
	if fte, ok := r.decimal(FieldFTE); ok {
		p.FTE = fte
	}
	if len(r.errs) > 0 {
		return cpd.Person{}, false
	}
	if err := p.Validate(); err != nil {
		r.errs = append(r.errs, refusedRow(r.line, err, r.t.headers))
		return cpd.Person{}, false
	}
	return p, true
}

// cloned copies the defaults (cpd.Person.Clone), so that no two rows
// share a slice, and clears the version.
func cloned(def *cpd.Person) cpd.Person {
	p := def.Clone()
	p.Version = 0
	return p
}
