package csvio

import "strings"

// Field names a value cpd keeps, which a file holds in one column. Its
// name is cpd's JSON name for it, and by default the header of the column
// it is read from.
type Field string

// The fields of a staff roster (ReadPeople).
const (
	FieldID          Field = "id"
	FieldName        Field = "name"
	FieldEmail       Field = "email"
	FieldJobRole     Field = "job_role"
	FieldTeam        Field = "team"
	FieldRoles       Field = "roles"
	FieldLineManager Field = "line_manager"
	FieldEmployment  Field = "employment"
	FieldStart       Field = "start"
	FieldLeaving     Field = "leaving"
	FieldResignedOn  Field = "resigned_on"
	FieldFTE         Field = "fte"
)

// The fields of a completion record (ReadCompletions). FieldStart is
// shared with the roster: an activity's planned start.
const (
	FieldPerson        Field = "person"
	FieldTitle         Field = "title"
	FieldKind          Field = "kind"
	FieldAspect        Field = "aspect"
	FieldNecessity     Field = "necessity"
	FieldSource        Field = "source"
	FieldTopics        Field = "topics"
	FieldHours         Field = "hours"
	FieldEnd           Field = "end"
	FieldCompleted     Field = "completed"
	FieldValidUntil    Field = "valid_until"
	FieldProvider      Field = "provider"
	FieldAwardingBody  Field = "awarding_body"
	FieldQualification Field = "qualification"
	FieldEvidence      Field = "evidence"
	// FieldExternalRef is the record's ID in the system it came from
	// (cpd.Activity.ExternalRef): a row imported again with the same one
	// is not recorded twice.
	FieldExternalRef Field = "external_ref"
	FieldReflection  Field = "reflection"
	FieldImpact      Field = "impact"
	FieldTargets     Field = "targets"
)

// normal is a header as it is matched: lower case, trimmed, with "-" and
// " " read as "_".
func normal(header string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return r
	}, strings.ToLower(strings.TrimSpace(header)))
}

// fieldOf maps a cpd validation field ("accreditation.awarding_body",
// "topics[2]") to the Field that holds it, if any.
func fieldOf(name string) (Field, bool) {
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	f := Field(strings.TrimPrefix(name, "accreditation."))
	switch f {
	case FieldID, FieldName, FieldEmail, FieldJobRole, FieldTeam, FieldRoles, FieldLineManager, FieldEmployment,
		FieldStart, FieldLeaving, FieldResignedOn, FieldFTE, FieldPerson, FieldTitle, FieldKind, FieldAspect,
		FieldNecessity, FieldSource, FieldTopics, FieldHours, FieldEnd, FieldCompleted, FieldValidUntil, FieldProvider,
		FieldAwardingBody, FieldQualification, FieldEvidence, FieldExternalRef, FieldReflection, FieldImpact, FieldTargets:
		return f, true
	}
	return "", false
}
