package report

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
	"github.com/rickb777/date/v2"
)

// DefaultHorizonDays is how far ahead the report looks for expiring items
// unless GatherOptions say otherwise.
const DefaultHorizonDays = 60

// DefaultForecastDays is how far ahead the report's forecast looks (about
// a term) unless GatherOptions say otherwise.
const DefaultForecastDays = 90

// NoTeam is the team name of people whose record names none.
const NoTeam = "(no team)"

// GatherOptions tune Gather. A nil *GatherOptions means the defaults.
type GatherOptions struct {
	// Title heads the report; default "CPD report".
	Title string
	// Organisation names whose report it is; default the actor's
	// organisation ID.
	Organisation string
	// HorizonDays is how far ahead to look for expiring items; 0 means
	// DefaultHorizonDays.
	HorizonDays int
	// Budget is the ID of the budget to report on; "" for none.
	Budget string
	// ForecastDays is how far ahead the forecast looks (to an inspection
	// date, say); 0 means DefaultForecastDays, and a negative number
	// leaves the forecast out.
	ForecastDays int
	// Thresholds rate the report's bars red, amber or green; nil means
	// DefaultThresholds.
	Thresholds *Thresholds
	// Progress, when set, is called with the people gathered so far and
	// the number to gather.
	Progress func(done, total int)
}

// Gather reads the report's data from a Service today, as the actor in
// ctx, who must be one of the roles that read everyone. It reads the
// organisation's compliance view (the maintained statuses), each person's
// cells with their reasons and their hours against their minimum, or their
// hours from their CPD record when no minimum applies to them
// (cpd.Compliance.ExplainMany, a thousand people a call: from each
// person's maintained status and its reasons while those hold, so that
// its cost follows the people, not their history) and, when opts name a
// budget, the budget's report, and the forecast (cpd.Compliance.Forecast)
// for the days ahead. A stored record that does not decode
// (cpd.ErrUnreadable) is listed in Data.Unreadable and what it holds left
// out: a person whose own record or evidence cannot be read, when they are
// evaluated, has no row (one whose maintained status and reasons still
// hold is shown as they were last evaluated; a record edited past the
// Service shows when the person is next evaluated, and the forecast, which
// evaluates everyone, lists it). Errors: the
// Service's (cpd.ErrForbidden, cpd.ErrNoActor, cpd.ErrNotFound for an
// unknown budget, the Store's), the context's, or a *cpd.ValidationError
// (cpd.ErrInvalid) for thresholds that do not validate, before anything
// is read.
func Gather(ctx context.Context, svc *cpd.Service, opts *GatherOptions) (Data, error) {
	o := GatherOptions{}
	if opts != nil {
		o = *opts
	}
	var th *Thresholds
	if o.Thresholds != nil {
		if err := o.Thresholds.Validate(); err != nil {
			return Data{}, fmt.Errorf("report: %w", err)
		}
		t := *o.Thresholds
		th = &t
	}
	actor, _ := cpd.ActorFrom(ctx)
	v, err := svc.Compliance.OrgCompliance(ctx)
	if err != nil {
		return Data{}, fmt.Errorf("report: %w", err)
	}
	d := Data{
		Title: cmp.Or(o.Title, "CPD report"), Organisation: cmp.Or(o.Organisation, actor.Org),
		On: v.On, HorizonDays: cmp.Or(o.HorizonDays, DefaultHorizonDays),
		Unreadable: slices.Clone(v.Unreadable),
	}
	policy := svc.Evaluator().Policy()
	for _, id := range v.Requirements {
		r, _ := svc.Evaluator().Requirement(id)
		d.Requirements = append(d.Requirements, Requirement{ID: id, Name: cmp.Or(r.Name, id), Kind: r.Kind})
	}
	year := compliance.AcademicYearOf(policy.AcademicYearStart, v.On)
	d.Year, d.Thresholds = year, th
	for start := 0; start < len(v.Rows); start += gatherChunk {
		rows := v.Rows[start:min(start+gatherChunk, len(v.Rows))]
		ids := make([]string, len(rows))
		for i, row := range rows {
			ids[i] = row.Person
		}
		many, err := svc.Compliance.ExplainMany(ctx, ids)
		if err != nil {
			return Data{}, fmt.Errorf("report: compliance: %w", err)
		}
		// A person whose compliance cannot be worked out is left out, and
		// the record that stopped it listed.
		d.Unreadable = append(d.Unreadable, many.Unreadable...)
		explained := make(map[string]*cpd.Explained, len(many.People))
		for i := range many.People {
			explained[many.People[i].Person] = &many.People[i]
		}
		for i, row := range rows {
			if o.Progress != nil {
				o.Progress(start+i, len(v.Rows))
			}
			pc, ok := explained[row.Person]
			if !ok {
				continue
			}
			p, expiring := gatherPerson(&d, row, pc, year)
			d.People = append(d.People, p)
			d.Expiring = append(d.Expiring, expiring...)
		}
	}
	if o.Progress != nil {
		o.Progress(len(v.Rows), len(v.Rows))
	}
	slices.SortStableFunc(d.People, func(a, b Person) int {
		return cmp.Or(strings.Compare(a.Team, b.Team), strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	if o.Budget != "" {
		if err := gatherBudget(ctx, svc, &d, o.Budget); err != nil {
			return Data{}, err
		}
	}
	if o.ForecastDays >= 0 {
		if err := gatherForecast(ctx, svc, &d, cmp.Or(o.ForecastDays, DefaultForecastDays)); err != nil {
			return Data{}, err
		}
	}
	if err := d.summarise(); err != nil {
		return Data{}, fmt.Errorf("report: %w", err)
	}
	return d, nil
}

// gatherForecast adds the forecast for the days after d.On.
func gatherForecast(ctx context.Context, svc *cpd.Service, d *Data, days int) error {
	fc, err := svc.Compliance.Forecast(ctx, cpd.ForecastQuery{From: d.On, To: d.On + date.Date(days)})
	if err != nil {
		return fmt.Errorf("report: forecast: %w", err)
	}
	names := map[string]string{}
	for _, r := range d.Requirements {
		names[r.ID] = r.Name
	}
	people := map[string]string{}
	for _, p := range d.People {
		people[p.ID] = p.Name
	}
	d.Unreadable = append(d.Unreadable, fc.Unreadable...)
	f := &Forecast{To: fc.To, Lapses: []Lapse{}, Covered: len(fc.Covered)}
	for _, l := range fc.Lapses {
		x := Lapse{Person: l.Person, Name: cmp.Or(people[l.Person], l.Name, l.Person), Team: cmp.Or(l.Team, NoTeam),
			Requirement: cmp.Or(names[l.Requirement], l.Requirement), On: l.On, Status: l.Status}
		if l.Fix != nil {
			x.Fix = l.Fix.Title
		}
		f.Lapses = append(f.Lapses, x)
	}
	d.Forecast = f
	return nil
}

// gatherChunk is how many people Gather explains a call
// (cpd.Compliance.ExplainMany).
const gatherChunk = 1000

// gatherPerson builds one row from the person's compliance today: their
// cells (with the reason for each) and their hours against their minimum,
// or, when no minimum applies to them, their hours this academic year
// from their CPD record (and its unreadable activities, into d); and
// their items expiring within the horizon.
func gatherPerson(d *Data, row cpd.OrgRow, pc *cpd.Explained, year compliance.AcademicYear) (Person, []Expiry) {
	p := Person{ID: row.Person, Name: cmp.Or(row.Name, row.Person), Team: cmp.Or(row.Team, NoTeam), JobRole: row.JobRole, Leaver: row.Leaver}
	items := make(map[string]*cpd.ExplainedItem, len(pc.Items))
	for i := range pc.Items {
		items[pc.Items[i].Requirement] = &pc.Items[i]
	}
	var exp []Expiry
	for _, r := range d.Requirements {
		c := Cell{Status: compliance.NotApplicable}
		it, ok := items[r.ID]
		if ok {
			c = Cell{Status: it.Status, Date: compliance.RegisterDate(it.Status, it.ValidUntil, it.DueBy), Reason: it.Reason}
		}
		p.Cells = append(p.Cells, c)
		p.Tally.Add(c.Status)
		if ok && !row.Leaver && expiring(r.Kind, it.StatusItem, d.On, d.HorizonDays) {
			exp = append(exp, Expiry{Person: p.ID, Name: p.Name, Team: p.Team, Requirement: r.Name,
				ValidUntil: it.ValidUntil, DaysLeft: int(it.ValidUntil - d.On)})
		}
	}
	if pc.Minimum {
		p.Hours, p.HoursRequired, p.HasMinimum = pc.HoursDone, pc.HoursRequired, true
		return p, exp
	}
	d.Unreadable = append(d.Unreadable, pc.Unreadable...)
	for _, yh := range pc.Hours {
		if yh.Year == year.String() {
			p.Hours = yh.Hours
		}
	}
	return p, exp
}

// expiring reports whether an item still counts but stops counting within
// days: training, qualifications and memberships (not a year's hours nor
// a submission's cadence), as the Service's expiring alerts choose them.
func expiring(kind compliance.Kind, it cpd.StatusItem, on date.Date, days int) bool {
	if kind == compliance.MinimumHours || kind == compliance.Submission {
		return false
	}
	return it.Status.OK() && it.ValidUntil != 0 && it.ValidUntil >= on && it.ValidUntil < on+date.Date(days)
}

// summarise works out the requirements' tallies and the team and overall
// indicators, over the people in post, and orders the expiring items and
// the unreadable records.
func (d *Data) summarise() error {
	teams := map[string]*Team{}
	d.Overall = d.newIndicators()
	for i := range d.People {
		p := &d.People[i]
		if p.Leaver {
			continue
		}
		for j, c := range p.Cells {
			d.Requirements[j].Tally.Add(c.Status)
		}
		t := teams[p.Team]
		if t == nil {
			t = &Team{Name: p.Team, Indicators: d.newIndicators()}
			teams[p.Team] = t
		}
		if err := t.add(p); err != nil {
			return err
		}
		if err := d.Overall.add(p); err != nil {
			return err
		}
	}
	for _, t := range teams {
		d.Teams = append(d.Teams, *t)
	}
	slices.SortFunc(d.Teams, func(a, b Team) int { return strings.Compare(a.Name, b.Name) })
	slices.SortStableFunc(d.Expiring, func(a, b Expiry) int {
		return cmp.Or(cmp.Compare(a.ValidUntil, b.ValidUntil), strings.Compare(a.Name, b.Name), strings.Compare(a.Person, b.Person))
	})
	// The same record can be unreadable to several views: list it once.
	slices.SortStableFunc(d.Unreadable, func(a, b cpd.Unreadable) int {
		return cmp.Or(strings.Compare(string(a.Kind), string(b.Kind)), strings.Compare(a.ID, b.ID))
	})
	d.Unreadable = slices.CompactFunc(d.Unreadable, func(a, b cpd.Unreadable) bool { return a.Kind == b.Kind && a.ID == b.ID })
	return nil
}

// newIndicators are empty indicators, with money in the budget's
// currency when there is a budget.
func (d *Data) newIndicators() Indicators {
	in := Indicators{}
	if d.Budget != nil {
		in.Committed, in.Spent = zero(d.Budget.Currency), zero(d.Budget.Currency)
	}
	return in
}

// zero is no money in a currency (unset for an unknown currency, which a
// budget never has).
func zero(cur budget.Currency) budget.Money {
	m, _ := budget.FromMinor(0, cur)
	return m
}

// add counts one person in.
func (in *Indicators) add(p *Person) error {
	in.People++
	for _, c := range p.Cells {
		in.Tally.Add(c.Status)
	}
	if p.HasMinimum {
		in.WithMinimum++
		in.Hours, in.HoursRequired = in.Hours.Add(p.Hours), in.HoursRequired.Add(p.HoursRequired)
		if p.Hours.GreaterThanOrEqual(p.HoursRequired) {
			in.MeetingMinimum++
		}
	}
	if in.Committed.Currency() == "" {
		return nil // no budget
	}
	var err error
	if in.Committed, err = in.Committed.Add(p.Committed); err != nil {
		return err
	}
	in.Spent, err = in.Spent.Add(p.Spent)
	return err
}

// gatherBudget reads a budget's report (cpd.Budgets.BudgetReport) into d
// and gives each person the money committed and spent for them.
func gatherBudget(ctx context.Context, svc *cpd.Service, d *Data, id string) error {
	rep, err := svc.Budgets.BudgetReport(ctx, id)
	if err != nil {
		return fmt.Errorf("report: budget %s: %w", id, err)
	}
	b := &Budget{ID: rep.Budget.ID, Name: "Budget " + rep.Budget.Year, Currency: rep.Budget.Currency, Total: lineOf(rep.Total)}
	for _, l := range rep.Lines {
		b.Lines = append(b.Lines, lineOf(l))
	}
	names := make(map[string]string, len(d.People))
	for _, p := range d.People {
		names[p.ID] = p.Name
	}
	for i := range b.Lines {
		b.Lines[i].HolderName = cmp.Or(names[b.Lines[i].Holder], b.Lines[i].Holder)
	}
	d.Budget = b
	d.Unreadable = append(d.Unreadable, rep.Unreadable...)
	spend := make(map[string]cpd.Spend, len(rep.ByPerson))
	for _, sp := range rep.ByPerson {
		spend[sp.Key] = sp
	}
	for i := range d.People {
		p := &d.People[i]
		p.Committed, p.Spent = zero(b.Currency), zero(b.Currency)
		if sp, ok := spend[p.ID]; ok {
			p.Committed, p.Spent = sp.Committed, sp.Spent
		}
	}
	return nil
}

// lineOf copies a line's balance.
func lineOf(l cpd.LineBalance) BudgetLine {
	return BudgetLine{ID: l.Line, Name: cmp.Or(l.Name, l.Line), Holder: l.Holder, Allocated: l.Allocated,
		Committed: l.Committed, Spent: l.Spent, Available: l.Available}
}
