package csvio

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/cpd"
)

// budgetHeader is WriteBudget's header.
func budgetHeader() []string {
	return []string{"budget", "year", "on", "section", "key", "name", "holder", "activities", "currency",
		"allocated", "committed", "spent", "available"}
}

// WriteBudget writes a budget report (cpd.Budgets.BudgetReport) as one
// table, each row led by the budget's ID, academic year and the report's
// day, then a section:
//
//   - "line": one row per line, in the budget's order: its ID, name,
//     holder, and money allocated, committed (still outstanding), spent
//     and available;
//   - "total": the lines' sums;
//   - "aspect", "kind" and "person": the money committed and spent on the
//     budget's activities, and how many, by their aspect, kind and person;
//   - "waiting": per role, the requests waiting for its approval (their
//     number, and their IDs in the name column, separated by ";");
//   - "late_claim": one row per claim submitted after it was due.
//
// Amounts are exact decimals with the currency's minor digits (1234.50),
// never floats, in the currency column's currency; a cell that does not
// apply to a section is blank.
// Its errors are the writer's, or the context's when ctx is done.
func WriteBudget(ctx context.Context, w io.Writer, rep cpd.BudgetReport, opts *WriteOptions) error {
	rows := len(rep.Lines) + 1 + len(rep.ByAspect) + len(rep.ByKind) + len(rep.ByPerson) + len(rep.Waiting) + len(rep.LateClaims)
	wr, err := newWriter(ctx, w, opts, rows, budgetHeader())
	if err != nil {
		return err
	}
	b := &rep.Budget
	lead := []string{b.ID, b.Year, day(rep.On)}
	line := func(section string, l cpd.LineBalance) error {
		return wr.row(append(lead, section, l.Line, l.Name, l.Holder, "", string(b.Currency),
			amount(l.Allocated), amount(l.Committed), amount(l.Spent), amount(l.Available))...)
	}
	for _, l := range rep.Lines {
		if err := line("line", l); err != nil {
			return err
		}
	}
	if err := line("total", rep.Total); err != nil {
		return err
	}
	for _, g := range []struct {
		section string
		spends  []cpd.Spend
	}{{"aspect", rep.ByAspect}, {"kind", rep.ByKind}, {"person", rep.ByPerson}} {
		for _, s := range g.spends {
			err := wr.row(append(lead, g.section, s.Key, "", "", fmt.Sprint(s.Activities), string(b.Currency),
				"", amount(s.Committed), amount(s.Spent), "")...)
			if err != nil {
				return err
			}
		}
	}
	for _, wt := range rep.Waiting {
		err := wr.row(append(lead, "waiting", wt.Role.String(), strings.Join(wt.Activities, listSep), "",
			fmt.Sprint(len(wt.Activities)), "", "", "", "", "")...)
		if err != nil {
			return err
		}
	}
	for _, id := range rep.LateClaims {
		if err := wr.row(append(lead, "late_claim", id, "", "", "", "", "", "", "", "")...); err != nil {
			return err
		}
	}
	return wr.flush()
}

// amount writes money as an exact decimal with its currency's minor
// digits, or "" when unset.
func amount(m budget.Money) string {
	if m.Currency() == "" {
		return ""
	}
	return m.Amount().StringFixed(int32(m.Currency().Digits()))
}

// ExportBudget writes a budget's report today, read with
// svc.Budgets.BudgetReport as the actor in ctx (anyone who may read the budget),
// with WriteBudget. Errors: the Service's (cpd.ErrNotFound,
// cpd.ErrForbidden, cpd.ErrNoActor) or the writer's.
func ExportBudget(ctx context.Context, w io.Writer, svc *cpd.Service, id string, opts *WriteOptions) error {
	rep, err := svc.Budgets.BudgetReport(ctx, id)
	if err != nil {
		return fmt.Errorf("export budget: %w", err)
	}
	return WriteBudget(ctx, w, rep, opts)
}
