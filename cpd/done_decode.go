package cpd

// The fast reader of a done activity's compliance fields. Every
// evaluation of a person reads all their done activities, so an
// organisation-wide report (report.Gather, through ComplianceOfMany), a
// refresh and every write that refreshes a status spend most of their
// time decoding activities, and that time grows with each person's
// history. encoding/json reads an activity twice (it checks the whole
// document before decoding it) and goes through reflection for every
// field, including the title, reflection and history that compliance
// does not read; this reader goes once through the bytes, with the
// scanner the xAPI importer uses, keeping ten fields and skipping the
// rest.
//
// It reads only what it is sure encoding/json would read the same way,
// and hands everything else to encoding/json (decodeRecord), which then
// gives the result or the error exactly as before: a document that is not
// one JSON object, a duplicate or case-folded name of a field it keeps, a
// value of an unexpected JSON type, invalid UTF-8 in a string it keeps, or
// a value its type refuses. FuzzDecodeDone checks that what it does read
// is what encoding/json reads.

import (
	"github.com/cpdkit/cpdkit/internal/jsonscan"
)

// decodeDone decodes a stored activity's compliance fields into a, as
// decodeRecord would, but without encoding/json when the fast reader
// can read it.
func decodeDone(r Record, a *doneActivity) error {
	if readDone(r.Data, a) {
		return nil
	}
	*a = doneActivity{}
	return decodeRecord(r, a)
}

// doneFields are the JSON names of doneActivity's fields, by position.
var doneFields = [...]string{"id", "topics", "hours", "completed", "valid_until", "aspect", "kind", "necessity", "source", "funding"}

// The positions of doneFields.
const (
	fieldID = iota
	fieldTopics
	fieldHours
	fieldCompleted
	fieldValidUntil
	fieldAspect
	fieldKind
	fieldNecessity
	fieldSource
	fieldFunding
)

// readDone reads data into a and reports whether it could; when it could
// not, a holds anything.
func readDone(data []byte, a *doneActivity) bool {
	*a = doneActivity{}
	s := &jsonscan.Scanner{B: data, EOF: true}
	return readDocument(s, doneFields[:], func(f int, c byte) error {
		switch f {
		case fieldID:
			return readString(s, c, &a.ID)
		case fieldAspect:
			return readString(s, c, &a.Aspect)
		case fieldKind:
			return readString(s, c, &a.Kind)
		case fieldTopics:
			return readTopics(s, c, &a.Topics)
		case fieldHours:
			return readJSONValue(s, &a.Hours)
		case fieldCompleted:
			return readText(s, c, &a.Completed)
		case fieldValidUntil:
			return readText(s, c, &a.ValidUntil)
		case fieldNecessity:
			return readText(s, c, &a.Necessity)
		case fieldSource:
			return readText(s, c, &a.Source)
		default: // fieldFunding
			return readPointer(s, c, &a.Funding, doneFundingFields, func(fu *doneFunding, _ int, c byte) error {
				return readBool(s, c, &fu.RelevantToRole)
			})
		}
	})
}

// doneFundingFields are the JSON names of doneFunding's fields.
var doneFundingFields = []string{"relevant_to_role"}
