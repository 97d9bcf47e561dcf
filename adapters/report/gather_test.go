package report_test

import (
	stdcmp "cmp"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/adapters/report"
	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
	"github.com/cpdkit/cpdkit/demo"
)

// small is a hand-made organisation whose report is worked out by hand:
// a head of education; a lead teacher (maths, and the budget holder);
// Ann (maths teacher, safeguarding expiring in 45 days, 35 CPD hours, a
// funded course committed at £200); Bob (English tutor, safeguarding
// overdue, 11 hours, a funded course claimed at £90 of £100); and Cat
// (English teacher, left on 31 October, safeguarding expiring in 36 days).
type small struct {
	svc *cpd.Service
	day *date.Date
}

func smallPolicy() compliance.Policy {
	return compliance.Policy{ID: "small", Name: "Small", AcademicYearStart: compliance.MonthDay{Month: 9, Day: 1},
		Requirements: []compliance.Requirement{
			{ID: "safeguarding", Name: "Safeguarding", Kind: compliance.RenewableTraining, Validity: period.MustParse("P1Y"),
				RenewalWindow: period.MustParse("P1M"), InductionDeadline: period.MustParse("P30D")},
			{ID: "qts", Name: "QTS", Kind: compliance.Qualification, AppliesTo: compliance.Scope{JobRoles: []string{"teacher"}}},
			{ID: "hours", Name: "CPD hours", Kind: compliance.MinimumHours, Hours: &compliance.HoursRule{Minimum: decimal.NewFromInt(30)}},
		}}
}

func newSmall(t *testing.T) *small {
	t.Helper()
	day := date.New(2026, 9, 1)
	s := &small{day: &day}
	dir := memory.NewDirectory()
	money := demo.BudgetPolicy()
	ids := 0
	svc, err := cpd.New(memory.New(), dir, smallPolicy(), &cpd.Options{
		Now: func() time.Time { return s.day.Midnight().Add(12 * time.Hour) }, Location: time.UTC, Budget: &money,
		NewID: func() string { ids++; return fmt.Sprintf("id-%02d", ids) }})
	require.NoError(t, err)
	s.svc = svc
	qts := []cpd.Qualification{{Topic: "qts", Name: "QTS", Awarded: date.New(2015, 7, 1)}}
	people := []cpd.Person{
		{ID: "head", Name: "Head of Education", JobRole: "manager", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleHeadOfEducation}},
		{ID: "lead", Name: "Lead Teacher", JobRole: "teacher", Team: "Maths", LineManager: "head",
			Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager, cpd.RoleBudgetHolder}, Qualifications: qts},
		{ID: "ann", Name: "Ann", JobRole: "teacher", Team: "Maths", LineManager: "lead", Roles: []cpd.Role{cpd.RoleStaff}, Qualifications: qts},
		{ID: "bob", Name: "Bob", JobRole: "tutor", Team: "English", LineManager: "lead", Roles: []cpd.Role{cpd.RoleStaff}},
		{ID: "cat", Name: "Cat", JobRole: "teacher", Team: "English", LineManager: "lead", Roles: []cpd.Role{cpd.RoleStaff},
			ResignedOn: date.New(2026, 9, 30), Leaving: date.New(2026, 10, 31)},
	}
	for i := range people {
		p := &people[i]
		p.Employment, p.Start, p.FTE = compliance.Employed, date.New(2020, 9, 1), decimal.NewFromInt(1)
		dir.Set(org, cpd.Identity{Person: p.ID, Roles: p.Roles, LineManager: p.LineManager})
	}
	_, err = svc.Staff.ImportPeople(as("head"), people, nil)
	require.NoError(t, err)
	_, err = svc.Budgets.AllocateBudget(as("head"), budget.Budget{ID: "b1", Year: "2026/27", Currency: budget.GBP, Lines: []budget.Line{
		{ID: "maths", Name: "Maths", Kind: budget.AreaLine, Holder: "lead", Amount: budget.MustParse("GBP 1000")},
		{ID: "english", Name: "English", Kind: budget.AreaLine, Holder: "lead", Amount: budget.MustParse("GBP 500")},
	}})
	require.NoError(t, err)
	funded := func(person, line, fee string, start date.Date) string {
		a, err := svc.Activities.Request(as(person), cpd.Activity{Person: person, Title: "Course", Kind: cpd.ExternalCourse,
			Aspect: cpd.TrainingForJob, Necessity: cpd.Necessary, Source: cpd.Appraisal, Hours: decimal.NewFromInt(6), Start: start,
			Funding: &cpd.Funding{Budget: "b1", Line: line, Costs: budget.Costs{Items: []budget.Cost{{Kind: budget.Fee, Amount: budget.MustParse(fee)}}}}})
		require.NoError(t, err)
		for _, by := range []string{"lead", "head"} {
			_, err := svc.Activities.Approve(as(by), a.ID)
			require.NoError(t, err)
		}
		return a.ID
	}
	day = date.New(2026, 9, 10)
	bobs := funded("bob", "english", "GBP 100", date.New(2026, 10, 1))
	day = date.New(2026, 10, 1)
	_, err = svc.Activities.Complete(as("bob"), bobs, cpd.Completion{On: day, Hours: decimal.NewFromInt(6), Evidence: "certificate"})
	require.NoError(t, err)
	day = date.New(2026, 10, 4)
	claim, err := svc.Budgets.SubmitClaim(as("bob"), bobs, []budget.Cost{{Kind: budget.Fee, Amount: budget.MustParse("GBP 90")}}, true)
	require.NoError(t, err)
	_, err = svc.Budgets.ApproveClaim(as("lead"), claim.ID)
	require.NoError(t, err)
	day = date.New(2026, 11, 1)
	funded("ann", "maths", "GBP 200", date.New(2026, 12, 10))
	day = date.New(2026, 11, 25)
	done := func(person, title string, on date.Date, hours int64, topics ...string) cpd.Activity {
		return cpd.Activity{Person: person, Title: title, Kind: cpd.InternalCourse, Aspect: cpd.KeepingUpToDate,
			Necessity: cpd.Necessary, Source: cpd.Required, Topics: topics, Hours: decimal.NewFromInt(hours), Completed: on, Evidence: "e"}
	}
	_, err = svc.Activities.ImportCompletions(as("head"), []cpd.Activity{
		done("ann", "Safeguarding", date.New(2026, 1, 10), 0, "safeguarding"),
		done("ann", "Phonics", date.New(2026, 9, 15), 10),
		done("ann", "Assessment", date.New(2026, 10, 20), 25),
		done("bob", "Safeguarding", date.New(2025, 6, 1), 0, "safeguarding"),
		done("bob", "Webinar", date.New(2026, 9, 20), 5),
		done("cat", "Safeguarding", date.New(2026, 1, 1), 0, "safeguarding"),
	}, nil)
	require.NoError(t, err)
	return s
}

func gbp(s string) budget.Money { return budget.MustParse("GBP " + s) }

func tallyOf(ss ...compliance.Status) compliance.Tally {
	var t compliance.Tally
	for _, s := range ss {
		t.Add(s)
	}
	return t
}

func TestGather(t *testing.T) {
	s := newSmall(t)
	var progress [][2]int
	d, err := report.Gather(as("head"), s.svc, &report.GatherOptions{Budget: "b1", Title: "Autumn report",
		Progress: func(done, total int) { progress = append(progress, [2]int{done, total}) }})
	require.NoError(t, err)
	opts := cmp.Options{
		cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
		cmp.Comparer(func(a, b budget.Money) bool { return a.Equal(b) }),
		cmp.Comparer(func(a, b compliance.Tally) bool { return a == b }),
		cmp.AllowUnexported(compliance.Tally{}),
	}
	type row struct {
		ID, Team      string
		Leaver        bool
		Statuses      []compliance.Status
		Dates         []date.Date
		Hours, Needed decimal.Decimal
		Committed     budget.Money
		Spent         budget.Money
	}
	var rows []row
	for _, p := range d.People {
		r := row{ID: p.ID, Team: p.Team, Leaver: p.Leaver, Hours: p.Hours, Needed: p.HoursRequired, Committed: p.Committed, Spent: p.Spent}
		for _, c := range p.Cells {
			r.Statuses, r.Dates = append(r.Statuses, c.Status), append(r.Dates, c.Date)
			require.NotEmpty(t, c.Reason, "%s: every cell says why", p.ID)
		}
		rows = append(rows, r)
	}
	c, pe, ov, mi, na := compliance.Compliant, compliance.Pending, compliance.Overdue, compliance.Missing, compliance.NotApplicable
	h := func(n int64) decimal.Decimal { return decimal.NewFromInt(n) }
	yearEnd := date.New(2027, 8, 31)
	induction := date.New(2020, 9, 30)
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"title", d.Title, "Autumn report"},
		{"organisation defaults to the actor's", d.Organisation, org},
		{"day", d.On, date.New(2026, 11, 25)},
		{"horizon", d.HorizonDays, report.DefaultHorizonDays},
		{"requirements", []string{d.Requirements[0].Name, d.Requirements[1].Name, d.Requirements[2].Name}, []string{"Safeguarding", "QTS", "CPD hours"}},
		{"rows by team, then name; leavers kept and marked", rows, []row{
			{ID: "head", Team: report.NoTeam, Statuses: []compliance.Status{mi, na, pe}, Dates: []date.Date{induction, 0, yearEnd},
				Hours: h(0), Needed: h(30), Committed: gbp("0"), Spent: gbp("0")},
			{ID: "bob", Team: "English", Statuses: []compliance.Status{ov, na, pe}, Dates: []date.Date{date.New(2026, 5, 31), 0, yearEnd},
				Hours: h(11), Needed: h(30), Committed: gbp("0"), Spent: gbp("90")},
			{ID: "cat", Team: "English", Leaver: true, Statuses: []compliance.Status{na, na, na}, Dates: []date.Date{0, 0, 0},
				Hours: h(0), Committed: gbp("0"), Spent: gbp("0")},
			{ID: "ann", Team: "Maths", Statuses: []compliance.Status{c, c, c}, Dates: []date.Date{date.New(2027, 1, 9), 0, yearEnd},
				Hours: h(35), Needed: h(30), Committed: gbp("200"), Spent: gbp("0")},
			{ID: "lead", Team: "Maths", Statuses: []compliance.Status{mi, c, pe}, Dates: []date.Date{induction, 0, yearEnd},
				Hours: h(0), Needed: h(30), Committed: gbp("0"), Spent: gbp("0")},
		}},
		{"expiring: Ann's safeguarding, not the leaver's", d.Expiring, []report.Expiry{
			{Person: "ann", Name: "Ann", Team: "Maths", Requirement: "Safeguarding", ValidUntil: date.New(2027, 1, 9), DaysLeft: 45}}},
		{"requirement tallies, people in post", []compliance.Tally{d.Requirements[0].Tally, d.Requirements[1].Tally, d.Requirements[2].Tally},
			[]compliance.Tally{tallyOf(mi, ov, c, mi), tallyOf(na, na, c, c), tallyOf(pe, pe, c, pe)}},
		{"teams", d.Teams, []report.Team{
			{Name: report.NoTeam, Indicators: report.Indicators{People: 1, Tally: tallyOf(mi, na, pe), Hours: h(0), HoursRequired: h(30),
				WithMinimum: 1, Committed: gbp("0"), Spent: gbp("0")}},
			{Name: "English", Indicators: report.Indicators{People: 1, Tally: tallyOf(ov, na, pe), Hours: h(11), HoursRequired: h(30),
				WithMinimum: 1, Committed: gbp("0"), Spent: gbp("90")}},
			{Name: "Maths", Indicators: report.Indicators{People: 2, Tally: tallyOf(c, c, c, mi, c, pe), Hours: h(35), HoursRequired: h(60),
				WithMinimum: 2, MeetingMinimum: 1, Committed: gbp("200"), Spent: gbp("0")}},
		}},
		{"overall", d.Overall, report.Indicators{People: 4, Tally: tallyOf(mi, na, pe, ov, na, pe, c, c, c, mi, c, pe), Hours: h(46),
			HoursRequired: h(120), WithMinimum: 4, MeetingMinimum: 1, Committed: gbp("200"), Spent: gbp("90")}},
		{"budget", d.Budget, &report.Budget{ID: "b1", Name: "Budget 2026/27", Currency: budget.GBP,
			Lines: []report.BudgetLine{
				{ID: "maths", Name: "Maths", Holder: "lead", HolderName: "Lead Teacher", Allocated: gbp("1000"), Committed: gbp("200"), Spent: gbp("0"), Available: gbp("800")},
				{ID: "english", Name: "English", Holder: "lead", HolderName: "Lead Teacher", Allocated: gbp("500"), Committed: gbp("0"), Spent: gbp("90"), Available: gbp("410")},
			},
			Total: report.BudgetLine{ID: "total", Name: "total", Allocated: gbp("1500"), Committed: gbp("200"), Spent: gbp("90"), Available: gbp("1210")}}},
		{"progress per person", progress, [][2]int{{0, 5}, {1, 5}, {2, 5}, {3, 5}, {4, 5}, {5, 5}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Empty(t, cmp.Diff(tc.want, tc.got, opts))
		})
	}
}

func TestGatherWithoutBudget(t *testing.T) {
	s := newSmall(t)
	d, err := report.Gather(as("head"), s.svc, &report.GatherOptions{HorizonDays: 30, Organisation: "Small College"})
	require.NoError(t, err)
	require.Nil(t, d.Budget)
	require.Equal(t, "Small College", d.Organisation)
	require.Empty(t, d.Expiring, "Ann's safeguarding is 45 days away")
	for _, p := range d.People {
		require.Empty(t, p.Committed.Currency(), "%s: no money without a budget", p.ID)
	}
}

func TestGatherRefused(t *testing.T) {
	s := newSmall(t)
	tests := []struct {
		name string
		ctx  context.Context
		opts *report.GatherOptions
		want error
	}{
		{"teacher", as("ann"), nil, cpd.ErrForbidden},
		{"line manager", as("lead"), nil, cpd.ErrForbidden},
		{"no actor", context.Background(), nil, cpd.ErrNoActor},
		{"unknown budget", as("head"), &report.GatherOptions{Budget: "nope"}, cpd.ErrNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := report.Gather(tc.ctx, s.svc, tc.opts)
			require.True(t, errors.Is(err, tc.want), "%v", err)
		})
	}
}

// TestGatherAgreesWithTheService checks a generated organisation's report
// against what the Service says itself: the expiring items are exactly
// the expiring alerts of the people in post, the requirement tallies are
// the organisation view's without its leavers, and the budget totals are
// the budget report's.
func TestGatherAgreesWithTheService(t *testing.T) {
	d := newDemo(t, 120)
	got, err := report.Gather(as(d.org.Head), d.svc, &report.GatherOptions{Budget: d.org.Budget.ID})
	require.NoError(t, err)
	v, err := d.svc.Compliance.OrgCompliance(as(d.org.Head))
	require.NoError(t, err)
	var alerts []report.Expiry
	tallies := make([]compliance.Tally, len(v.Requirements))
	inPost := 0
	for _, r := range v.Rows {
		if r.Leaver {
			continue
		}
		inPost++
		for i, it := range r.Items {
			tallies[i].Add(it.Status)
		}
		as, err := d.svc.Compliance.Alerts(as(d.org.Head), r.Person, report.DefaultHorizonDays)
		require.NoError(t, err)
		for _, a := range as {
			if a.Kind == cpd.Expiring {
				req, _ := d.svc.Evaluator().Requirement(a.Requirement)
				alerts = append(alerts, report.Expiry{Person: r.Person, Name: r.Name, Team: stdcmp.Or(r.Team, report.NoTeam),
					Requirement: req.Name, ValidUntil: a.Date, DaysLeft: int(a.Date - v.On)})
			}
		}
	}
	require.NotEmpty(t, alerts)
	require.ElementsMatch(t, alerts, got.Expiring)
	for i, r := range got.Requirements {
		require.Equal(t, tallies[i], r.Tally, "requirement %s", r.ID)
	}
	require.Equal(t, inPost, got.Overall.People)
	rep, err := d.svc.Budgets.BudgetReport(as(d.org.Head), d.org.Budget.ID)
	require.NoError(t, err)
	require.True(t, rep.Total.Spent.Equal(got.Budget.Total.Spent))
	require.True(t, rep.Total.Committed.Equal(got.Budget.Total.Committed))
	require.True(t, got.Overall.Spent.IsPositive())
}

// TestGatherForecast: the report's forecast is the Service's for the days
// ahead, by default about a term, and can be left out or lengthened.
func TestGatherForecast(t *testing.T) {
	d := newDemo(t, 60)
	data, err := report.Gather(as(d.org.Head), d.svc, nil)
	require.NoError(t, err)
	require.NotNil(t, data.Forecast)
	require.Equal(t, on+report.DefaultForecastDays, data.Forecast.To)
	fc, err := d.svc.Compliance.Forecast(as(d.org.Head), cpd.ForecastQuery{From: on, To: on + report.DefaultForecastDays})
	require.NoError(t, err)
	require.Len(t, data.Forecast.Lapses, len(fc.Lapses))
	require.Equal(t, len(fc.Covered), data.Forecast.Covered)
	for i, l := range fc.Lapses {
		got := data.Forecast.Lapses[i]
		require.Equal(t, l.Person, got.Person)
		require.Equal(t, l.On, got.On)
		require.Equal(t, l.Status, got.Status)
		name := l.Requirement
		if r, ok := d.svc.Evaluator().Requirement(l.Requirement); ok && r.Name != "" {
			name = r.Name
		}
		require.Equal(t, name, got.Requirement, "the requirement's name, not its ID")
	}

	none, err := report.Gather(as(d.org.Head), d.svc, &report.GatherOptions{ForecastDays: -1})
	require.NoError(t, err)
	require.Nil(t, none.Forecast)

	year, err := report.Gather(as(d.org.Head), d.svc, &report.GatherOptions{ForecastDays: 365})
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(year.Forecast.Lapses), len(data.Forecast.Lapses), "a longer window holds at least as many lapses")
}
