package demo

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// BudgetPolicy is the generated organisation's money rules: the head of
// education allocates the year's budget; every cost is approved by the
// line's holder and then the head of education, before the learning
// starts; expense claims are approved by the line's holder and are due
// within a month of the learning.
func BudgetPolicy() budget.Policy {
	return budget.Policy{
		ID: "demo-money", Name: "Demo budget rules", Currency: budget.GBP,
		Budget: budget.Setting{AllocatedBy: budget.RoleHeadOfEducation},
		Rules: []budget.Rule{{ID: "costs", Name: "Costs", When: budget.Condition{CostOver: budget.MustParse("GBP 0")},
			Approvers: []budget.Role{budget.RoleBudgetHolder, budget.RoleHeadOfEducation}, Ordered: true, BeforeStart: true}},
		Claims: budget.ClaimRules{Approver: budget.RoleBudgetHolder, DueWithin: period.MustParse("P1M")},
	}
}

// Funded is one funded course: requested on Requested by the person,
// approved the same day, and, when Claim is set, completed on its start
// day and claimed (a final claim) three days later.
type Funded struct {
	Activity  cpd.Activity
	Requested date.Date
	Claim     budget.Money
}

// planBudget makes the year's budget (a line per team, held by its lead,
// and a mandatory-training line held by the administrator) and funded
// courses for about a third of the staff in post since before the year,
// as far as each line's money goes.
func (g *gen) planBudget(org *Org) {
	year := compliance.AcademicYearOf(g.policy.AcademicYearStart, g.on)
	b := &budget.Budget{ID: "budget-" + strings.ReplaceAll(year.String(), "/", "-"), Year: year.String(), Currency: budget.GBP}
	size := map[string]int64{}
	for _, p := range org.People {
		size[p.Team]++
	}
	lead := map[string]string{}
	for i, t := range org.Teams {
		lead[t] = staffID(4 + i)
		b.Lines = append(b.Lines, budget.Line{ID: lineID(t), Name: t, Kind: budget.AreaLine, Holder: lead[t],
			Amount: pounds(150 * max(size[t], 1))})
	}
	b.Lines = append(b.Lines, budget.Line{ID: "mandatory", Name: "Mandatory training", Kind: budget.MandatoryLine,
		Holder: org.Admin, Amount: pounds(25 * int64(len(org.People)))})
	org.Budget = b
	if year.Start+40 > g.on {
		return // too early in the year for anything to have happened
	}
	left := map[string]budget.Money{}
	for _, l := range b.Lines {
		left[l.ID] = l.Amount
	}
	for _, p := range org.People {
		if p.Leaving != 0 || p.Start >= year.Start || lead[p.Team] == "" || p.LineManager != lead[p.Team] || g.rnd.IntN(3) != 0 {
			continue
		}
		f := g.funded(&p, b, year)
		line, fee := f.Activity.Funding.Line, f.Activity.Funding.Costs.Items[0].Amount
		if rest, err := left[line].Sub(fee); err == nil && !rest.IsNegative() {
			left[line] = rest
			org.Funded = append(org.Funded, f)
		}
	}
}

// funded makes one person's funded course.
func (g *gen) funded(p *cpd.Person, b *budget.Budget, year compliance.AcademicYear) Funded {
	requested := year.Start + date.Date(g.rnd.IntN(int(g.on-year.Start)-10))
	start := requested + date.Date(7+g.rnd.IntN(40))
	fee := pounds(int64(50 + 5*g.rnd.IntN(71))) // £50 to £400
	a := cpd.Activity{Person: p.ID, Title: "External course", Kind: cpd.ExternalCourse, Aspect: cpd.TrainingForJob,
		Necessity: cpd.Necessary, Source: cpd.Appraisal, Hours: decimal.NewFromInt(int64(3 + g.rnd.IntN(4))),
		Start: start, End: start, Provider: "Demo training provider",
		Funding: &cpd.Funding{Budget: b.ID, Line: lineID(p.Team),
			Costs: budget.Costs{Items: []budget.Cost{{Kind: budget.Fee, Amount: fee}}}}}
	f := Funded{Activity: a, Requested: requested}
	if start+3 <= g.on {
		f.Claim = fee
		if g.rnd.IntN(4) == 0 { // came in under the estimate: the rest is released
			f.Claim, _ = fee.Sub(pounds(int64(5 * (1 + g.rnd.IntN(8)))))
		}
	}
	return f
}

// lineID is a team's budget line.
func lineID(team string) string { return strings.ReplaceAll(strings.ToLower(team), " ", "-") }

// pounds is a whole number of pounds.
func pounds(n int64) budget.Money {
	m, _ := budget.FromMinor(n*100, budget.GBP)
	return m
}

// LoadBudget runs the budget's year in a Service built with BudgetPolicy,
// after Load: the head of education allocates the budget on the first
// day of the year; each funded course is requested by its person and
// approved by their lead and the head of education on its day, completed
// on its start day, and claimed and the claim approved soon after. setDay
// moves the Service's clock to a day; LoadBudget calls it in day order,
// and last with Options.On. progress, if not nil, is called with the
// steps done (the allocation is the first) and the number of steps.
func (o *Org) LoadBudget(ctx context.Context, svc *cpd.Service, org string, setDay func(date.Date), progress func(done, total int)) error {
	if o.Budget == nil {
		return nil
	}
	as := func(person string) context.Context {
		return cpd.WithActor(ctx, cpd.Actor{Org: org, Person: person})
	}
	year := compliance.AcademicYearOf(svc.Evaluator().Policy().AcademicYearStart, o.On)
	steps := append([]step{{year.Start, func() error {
		if _, err := svc.Budgets.AllocateBudget(as(o.Head), *o.Budget); err != nil {
			return fmt.Errorf("allocate budget: %w", err)
		}
		return nil
	}}}, o.budgetSteps(svc, as)...)
	slices.SortStableFunc(steps, func(a, b step) int { return cmp.Compare(a.day, b.day) })
	for i, s := range steps {
		if progress != nil {
			progress(i, len(steps))
		}
		setDay(s.day)
		if err := s.run(); err != nil {
			return err
		}
	}
	if progress != nil {
		progress(len(steps), len(steps))
	}
	setDay(o.On)
	return nil
}

// step is one dated action of the budget's year.
type step struct {
	day date.Date
	run func() error
}

// budgetSteps lists each funded course's actions, each on its day.
func (o *Org) budgetSteps(svc *cpd.Service, as func(string) context.Context) []step {
	lead := map[string]string{}
	for _, l := range o.Budget.Lines {
		lead[l.ID] = l.Holder
	}
	var steps []step
	for _, f := range o.Funded {
		var id string
		a := f.Activity
		steps = append(steps, step{f.Requested, func() error {
			stored, err := svc.Activities.Request(as(a.Person), a)
			if err != nil {
				return fmt.Errorf("request for %s: %w", a.Person, err)
			}
			id = stored.ID
			for _, by := range []string{lead[a.Funding.Line], o.Head} {
				if _, err := svc.Activities.Approve(as(by), id); err != nil {
					return fmt.Errorf("approve %s by %s: %w", id, by, err)
				}
			}
			return nil
		}})
		if f.Claim.Currency() == "" {
			continue
		}
		steps = append(steps, step{a.Start, func() error {
			_, err := svc.Activities.Complete(as(a.Person), id, cpd.Completion{On: a.Start, Hours: a.Hours, Evidence: "certificate"})
			return err
		}}, step{a.Start + 3, func() error {
			c, err := svc.Budgets.SubmitClaim(as(a.Person), id, []budget.Cost{{Kind: budget.Fee, Amount: f.Claim}}, true)
			if err != nil {
				return fmt.Errorf("claim for %s: %w", id, err)
			}
			_, err = svc.Budgets.ApproveClaim(as(lead[a.Funding.Line]), c.ID)
			return err
		}})
	}
	return steps
}
