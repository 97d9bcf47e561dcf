package cpd

// The fast reader of a whole stored activity. The organisation's reports
// (BudgetReport, CheckBooks, ImprovementPlanReview, FeedbackReport) read
// every activity they cover, and spent most of their time in
// encoding/json, which checks the whole document before decoding it and
// goes through reflection for every field. This reader goes once through
// the bytes with the scanner decodeDone uses, reading every field of
// Activity itself (the funding with funding_decode.go, the history's
// revisions with readRevision) but the accreditation, which it hands to
// encoding/json on its own, as it does the history of a revision's
// previous version, which cpd never writes.
//
// As decodeDone does, it reads only what it is sure encoding/json would
// read the same way, and hands everything else to encoding/json
// (decodeRecord), which then gives the result or the error exactly as
// before. TestDecodeActivityIsEncodingJSON and FuzzDecodeActivity check
// that what it does read is what encoding/json reads, and
// TestActivityReaderKnowsEveryField that it knows every field.

import (
	"encoding/json"

	"github.com/cpdkit/cpdkit/internal/jsonscan"
)

// activityFields are the JSON names of Activity's fields, by position
// (the af constants).
var activityFields = [...]string{
	"id", "person", "title", "kind", "aspect", "necessity", "source", "topics", "hours", "start", "end",
	"completed", "valid_until", "provider", "accreditation", "evidence", "external_ref", "reflection",
	"impact", "targets", "state", "requested_by", "approved_by", "recorded_by", "reason", "delegated_to",
	"delegated_from", "history", "funding",
}

// The positions of activityFields.
const (
	afID = iota
	afPerson
	afTitle
	afKind
	afAspect
	afNecessity
	afSource
	afTopics
	afHours
	afStart
	afEnd
	afCompleted
	afValidUntil
	afProvider
	afAccreditation
	afEvidence
	afExternalRef
	afReflection
	afImpact
	afTargets
	afState
	afRequestedBy
	afApprovedBy
	afRecordedBy
	afReason
	afDelegatedTo
	afDelegatedFrom
	afHistory
	afFunding
)

// decodeActivityData decodes a stored activity's data into a, as
// decodeRecord would, but without encoding/json for the document as a
// whole when the fast reader can read it.
func decodeActivityData(r Record, a *Activity) error {
	if readActivity(r.Data, a) {
		return nil
	}
	*a = Activity{}
	return decodeRecord(r, a)
}

// readActivity reads data into a and reports whether it could; when it
// could not, a holds anything.
func readActivity(data []byte, a *Activity) bool {
	*a = Activity{}
	s := &jsonscan.Scanner{B: data, EOF: true}
	return readDocument(s, activityFields[:], func(f int, c byte) error { return readActivityField(s, a, f, c, true) })
}

// revisionFields are the JSON names of Revision's fields, by position.
var revisionFields = []string{"at", "by", "reason", "previous"}

// readRevision reads a revision of the history, field f of it (see
// revisionFields). The previous version is an Activity, read as the
// document is, but for its own history, which cpd never writes (a
// revision keeps the version before it without its history) and which
// goes to encoding/json, so that the reader does not recurse.
func readRevision(s *jsonscan.Scanner, r *Revision, f int, c byte) error {
	switch f {
	case 0:
		return readJSONValue(s, &r.At)
	case 1:
		return readString(s, c, &r.By)
	case 2:
		return readString(s, c, &r.Reason)
	default:
		return readStruct(s, c, activityFields[:], func(f int, c byte) error { return readActivityField(s, &r.Previous, f, c, false) })
	}
}

// readActivityField reads field f of an activity (see activityFields),
// whose value starts with c; history says whether it reads the history
// itself or hands it to encoding/json.
func readActivityField(s *jsonscan.Scanner, a *Activity, f int, c byte, history bool) error {
	switch f {
	case afID:
		return readString(s, c, &a.ID)
	case afPerson:
		return readString(s, c, &a.Person)
	case afTitle:
		return readString(s, c, &a.Title)
	case afKind:
		return readText(s, c, &a.Kind)
	case afAspect:
		return readText(s, c, &a.Aspect)
	case afNecessity:
		return readText(s, c, &a.Necessity)
	case afSource:
		return readText(s, c, &a.Source)
	case afTopics:
		return readTopics(s, c, &a.Topics)
	case afHours:
		return readJSONValue(s, &a.Hours)
	case afStart:
		return readText(s, c, &a.Start)
	case afEnd:
		return readText(s, c, &a.End)
	case afCompleted:
		return readText(s, c, &a.Completed)
	case afValidUntil:
		return readText(s, c, &a.ValidUntil)
	case afProvider:
		return readString(s, c, &a.Provider)
	case afAccreditation:
		return readByEncodingJSON(s, &a.Accreditation)
	case afEvidence:
		return readString(s, c, &a.Evidence)
	case afExternalRef:
		return readString(s, c, &a.ExternalRef)
	case afReflection:
		return readString(s, c, &a.Reflection)
	case afImpact:
		return readString(s, c, &a.Impact)
	case afTargets:
		return readTopics(s, c, &a.Targets)
	case afState:
		return readText(s, c, &a.State)
	case afRequestedBy:
		return readString(s, c, &a.RequestedBy)
	case afApprovedBy:
		return readString(s, c, &a.ApprovedBy)
	case afRecordedBy:
		return readString(s, c, &a.RecordedBy)
	case afReason:
		return readString(s, c, &a.Reason)
	case afDelegatedTo:
		return readString(s, c, &a.DelegatedTo)
	case afDelegatedFrom:
		return readString(s, c, &a.DelegatedFrom)
	case afHistory:
		if !history {
			return readByEncodingJSON(s, &a.History)
		}
		return readSlice(s, c, &a.History, func(r *Revision, c byte) error {
			return readStruct(s, c, revisionFields, func(f int, c byte) error { return readRevision(s, r, f, c) })
		})
	default: // afFunding
		return readActivityFunding(s, c, &a.Funding)
	}
}

// readByEncodingJSON reads the value at the scanner into v with
// encoding/json, as decoding the whole document would read it into the
// field (v is the field's address, at its zero value). An error is left
// to encoding/json, reading the whole document, to word.
func readByEncodingJSON(s *jsonscan.Scanner, v any) error {
	start := s.I
	if err := s.Skip(); err != nil {
		return err
	}
	if json.Unmarshal(s.B[start:s.I], v) != nil {
		return errNotFast
	}
	return nil
}
