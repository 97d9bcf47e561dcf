package csvio

import (
	"context"
	"fmt"
	"io"

	"github.com/cpdkit/cpdkit/cpd"
)

// WriteForecast writes a compliance forecast (cpd.Compliance.Forecast): one
// row per item, the lapses first, then those a booked course covers, then
// those already overdue or missing on the first day. Its columns are the
// row's kind ("lapse", "covered" or "outstanding"), the day the item is
// first overdue or missing, the person's ID, name, team and line manager,
// the requirement, the status it becomes, the last day its evidence
// counted, and the planned course that puts it right: its activity ID,
// title, state, the day it completes and "yes" when it is at risk (not
// booked, or completing too late). Every date is ISO 8601. Its errors are
// the writer's, or the context's when ctx is done.
func WriteForecast(ctx context.Context, w io.Writer, f cpd.Forecast, opts *WriteOptions) error {
	header := []string{"kind", "on", "person", "name", "team", "line_manager", "requirement", "status", "valid_until",
		"fix_activity", "fix_title", "fix_state", "fix_on", "fix_at_risk"}
	wr, err := newWriter(ctx, w, opts, len(f.Lapses)+len(f.Covered)+len(f.Outstanding), header)
	if err != nil {
		return err
	}
	for _, part := range []struct {
		kind   string
		lapses []cpd.Lapse
	}{{"lapse", f.Lapses}, {"covered", f.Covered}, {"outstanding", f.Outstanding}} {
		for _, l := range part.lapses {
			cells := []string{part.kind, day(l.On), l.Person, l.Name, l.Team, l.LineManager, l.Requirement,
				l.Status.String(), day(l.ValidUntil)}
			if x := l.Fix; x != nil {
				cells = append(cells, x.Activity, x.Title, x.State.String(), day(x.On), yesNo(x.AtRisk))
			} else {
				cells = append(cells, "", "", "", "", "")
			}
			if err := wr.row(cells...); err != nil {
				return err
			}
		}
	}
	return wr.flush()
}

// ExportForecast writes the forecast for q, read with svc.Compliance.Forecast as the
// actor in ctx (one of the roles that read everyone), with WriteForecast.
// Errors: the Service's (cpd.ErrForbidden, cpd.ErrInvalid for a bad
// window, cpd.ErrNoActor, the Store's) or the writer's.
func ExportForecast(ctx context.Context, w io.Writer, svc *cpd.Service, q cpd.ForecastQuery, opts *WriteOptions) error {
	f, err := svc.Compliance.Forecast(ctx, q)
	if err != nil {
		return fmt.Errorf("export forecast: %w", err)
	}
	return WriteForecast(ctx, w, f, opts)
}
