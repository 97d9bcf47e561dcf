package csvio

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// recordHeader is WriteRecord's header. The columns ReadCompletions reads
// keep their field names, so a record's completed activities read back.
func recordHeader() []string {
	return []string{
		"person", "name", "activity", string(FieldTitle), string(FieldKind), string(FieldAspect),
		string(FieldNecessity), string(FieldSource), "state", string(FieldTopics), string(FieldHours),
		string(FieldStart), string(FieldEnd), string(FieldCompleted), string(FieldValidUntil), "academic_year",
		string(FieldProvider), string(FieldAwardingBody), string(FieldQualification), string(FieldEvidence),
		string(FieldReflection), string(FieldImpact), string(FieldTargets), "requested_by", "approved_by", "reason",
	}
}

// WriteRecord writes a person's CPD record (cpd.Activities.Record): one row
// per activity, in the record's order, with the person's ID and name on
// each, its state, hours as an exact decimal, dates as ISO 8601, lists
// separated by ";", and the academic year of its completion for an
// organisation whose year starts on yearStart (blank when not completed,
// or when yearStart is zero).
// Its errors are the writer's, or the context's when ctx is done.
func WriteRecord(ctx context.Context, w io.Writer, rec cpd.CPDRecord, yearStart compliance.MonthDay, opts *WriteOptions) error {
	wr, err := newWriter(ctx, w, opts, len(rec.Activities), recordHeader())
	if err != nil {
		return err
	}
	for _, a := range rec.Activities {
		var body, qual, year string
		if a.Accreditation != nil {
			body, qual = a.Accreditation.AwardingBody, a.Accreditation.Qualification
		}
		if a.Completed != 0 && !yearStart.IsZero() {
			year = compliance.AcademicYearOf(yearStart, a.Completed).String()
		}
		err := wr.row(rec.Person.ID, rec.Person.Name, a.ID, a.Title, a.Kind.String(), a.Aspect.String(),
			a.Necessity.String(), a.Source.String(), a.State.String(), strings.Join(a.Topics, listSep), a.Hours.String(),
			day(a.Start), day(a.End), day(a.Completed), day(a.ValidUntil), year, a.Provider, body, qual, a.Evidence,
			a.Reflection, a.Impact, strings.Join(a.Targets, listSep), a.RequestedBy, a.ApprovedBy, a.Reason)
		if err != nil {
			return err
		}
	}
	return wr.flush()
}

// ExportRecord writes a person's CPD record, read with svc.Activities.Record as the
// actor in ctx (who must be allowed to read it), with WriteRecord. Errors:
// the Service's (cpd.ErrForbidden, cpd.ErrNotFound, cpd.ErrNoActor) or
// the writer's.
func ExportRecord(ctx context.Context, w io.Writer, svc *cpd.Service, person string, opts *WriteOptions) error {
	rec, err := svc.Activities.Record(ctx, person)
	if err != nil {
		return fmt.Errorf("export record: %w", err)
	}
	return WriteRecord(ctx, w, rec, svc.Evaluator().Policy().AcademicYearStart, opts)
}
