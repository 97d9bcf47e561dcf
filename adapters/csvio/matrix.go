package csvio

import (
	"context"
	"fmt"
	"io"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// WriteMatrix writes an organisation's compliance (cpd.Service's
// OrgCompliance) in the style of a single central register: one row per
// person, in the view's order, leavers included and marked; the person's
// ID, name, job role, team, line manager, employment, start date and
// leaving date, and "yes" in the leaver column for someone whose last day
// has passed; then two columns for each requirement of the policy,
// "<requirement> status" (compliant, due_soon, pending, planned, overdue,
// missing, exempt or not_applicable) and "<requirement> date".
//
// The date is compliance.RegisterDate's: the last day the evidence counts
// (valid until) when the status is compliant or due_soon; the day by which
// to act (due by) when it is pending, planned, overdue or missing (for
// overdue and missing, the day that passed); and blank when there is none
// (exempt, not applicable, or evidence that never expires). Every date is
// ISO 8601.
//
// people gives the start date and employment of each person; a person it
// does not hold has those cells blank.
// Its errors are the writer's, or the context's when ctx is done.
func WriteMatrix(ctx context.Context, w io.Writer, v cpd.OrgView, people []cpd.Person, opts *WriteOptions) error {
	header := []string{"person", "name", "job_role", "team", "line_manager", "employment", "start", "leaving", "leaver"}
	for _, r := range v.Requirements {
		header = append(header, r+" status", r+" date")
	}
	byID := make(map[string]*cpd.Person, len(people))
	for i := range people {
		byID[people[i].ID] = &people[i]
	}
	wr, err := newWriter(ctx, w, opts, len(v.Rows), header)
	if err != nil {
		return err
	}
	for _, row := range v.Rows {
		var employment, start string
		if p := byID[row.Person]; p != nil {
			employment, start = p.Employment.String(), day(p.Start)
		}
		cells := []string{row.Person, row.Name, row.JobRole, row.Team, row.LineManager, employment, start,
			day(row.Leaving), yesNo(row.Leaver)}
		items := make(map[string]cpd.StatusItem, len(row.Items))
		for _, it := range row.Items {
			items[it.Requirement] = it
		}
		for _, r := range v.Requirements {
			it, ok := items[r]
			if !ok {
				cells = append(cells, "", "")
				continue
			}
			cells = append(cells, it.Status.String(), day(compliance.RegisterDate(it.Status, it.ValidUntil, it.DueBy)))
		}
		if err := wr.row(cells...); err != nil {
			return err
		}
	}
	return wr.flush()
}

// ExportMatrix writes the organisation's compliance today, read with
// svc.Compliance.OrgCompliance and svc.Staff.People as the actor in ctx (one of the roles
// that read everyone), with WriteMatrix. Errors: the Service's
// (cpd.ErrForbidden, cpd.ErrNoActor, the Store's) or the writer's.
func ExportMatrix(ctx context.Context, w io.Writer, svc *cpd.Service, opts *WriteOptions) error {
	v, err := svc.Compliance.OrgCompliance(ctx)
	if err != nil {
		return fmt.Errorf("export matrix: %w", err)
	}
	var people []cpd.Person
	for p, err := range svc.Staff.People(ctx) {
		if err != nil {
			return fmt.Errorf("export matrix: %w", err)
		}
		people = append(people, p)
	}
	return WriteMatrix(ctx, w, v, people, opts)
}
