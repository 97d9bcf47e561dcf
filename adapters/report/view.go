package report

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
)

// view is Data made ready for the template: every figure written out and
// every bar measured, so that the template only places them.
type view struct {
	Title, Organisation, On string
	HorizonDays             int
	Cards                   []card
	Legend                  []legendItem
	// RAG is the key to the bars' red, amber and green, with the
	// thresholds.
	RAG          ragLegend
	Requirements chart
	TeamRates    chart
	TeamHours    chart
	Teams        []indicatorRow
	Overall      indicatorRow
	HasBudget    bool
	Budget       *budgetView
	Expiring     []expiryRow
	Forecast     *forecastView
	// Unreadable lists the records that could not be read.
	Unreadable []unreadableRow
	Columns    []column
	Groups     []group
	// HeatColumns is the heat map's column count, for team header rows.
	HeatColumns int
}

// card is one headline figure.
type card struct{ Label, Value, Note string }

type legendItem struct{ Class, Label, Name string }

// ragLegend says what red, amber and green mean, for compliance rates and
// for hours, in words.
type ragLegend struct{ Rate, Hours []ragKey }

// ragKey is one colour of the key: its class, its word and its meaning.
type ragKey struct{ Class, Word, Text string }

// chart is a horizontal bar chart drawn in SVG.
type chart struct {
	ID, Title     string
	Width, Height int
	LabelWidth    int
	BarWidth      int
	// Pad is the height above the first bar, where the title goes.
	Pad  int
	Bars []bar
	// Markers are reference lines: the thresholds, the minimum.
	Markers []marker
}

// marker is a reference line at X, labelled Text: to its left when
// Left (the lower of two close lines), to its right otherwise.
type marker struct {
	X    int
	Text string
	Left bool
}

// bar is one row of a chart: its label (shortened; Full in full), its
// segments and its value text.
type bar struct {
	Label    string
	Full     string
	Y        int
	Segments []segment
	Text     string
	TextX    int
}

type segment struct {
	Class string
	X, W  int
	Title string
}

// indicatorRow is one team's (or everyone's) indicators, written out.
type indicatorRow struct {
	Name, People, Rate, Compliant, Hours, Required, Meeting, Committed, Spent string
}

type budgetView struct {
	Name  string
	Chart chart
	Lines []budgetRow
	Total budgetRow
}

type budgetRow struct{ Name, Holder, Allocated, Committed, Spent, Available string }

type unreadableRow struct{ Kind, ID, Reason string }

type expiryRow struct{ Date, DaysLeft, Person, Name, Team, Requirement string }

// column is one requirement's heat-map column: its name, shortened to
// fit the header (Full in full).
type column struct{ ID, Name, Full, Rate string }

// group is one team's rows of the heat map.
type group struct {
	Team, Summary string
	Rows          []personRow
}

type personRow struct {
	ID, Name, JobRole string
	Leaver            bool
	Cells             []cellView
	Rate              string
	Hours             string
	HoursBar          miniBar
	Committed, Spent  string
}

type cellView struct{ Class, Label, Title string }

// miniBar is the small bar of a person's hours against their minimum.
type miniBar struct {
	Show       bool
	Done, Mark int
	Class      string
	Title      string
}

// Chart geometry, in CSS pixels.
const (
	chartWidth = 1040
	labelWidth = 270
	barWidth   = 420
	textX      = labelWidth + barWidth + 10
	maxLabel   = 38
	maxHeader  = 24
	rowHeight  = 22
	barHeight  = 14
	chartPad   = 32
	miniWidth  = 110
)

// newView measures and writes out the data.
func newView(d *Data) *view {
	th := d.thresholds()
	v := &view{RAG: d.ragLegend(&th), Title: d.Title, Organisation: d.Organisation, On: dayText(d.On), HorizonDays: d.HorizonDays, HasBudget: d.Budget != nil}
	for _, s := range statuses() {
		label, name := statusLabel(s)
		v.Legend = append(v.Legend, legendItem{Class: "s-" + s.String(), Label: label, Name: name})
	}
	v.Cards = d.cards()
	v.Requirements = d.requirementChart(&th)
	v.TeamRates, v.TeamHours = d.teamCharts(&th)
	for _, t := range d.Teams {
		v.Teams = append(v.Teams, indicators(t.Name, &t.Indicators))
	}
	v.Overall = indicators("All staff in post", &d.Overall)
	if d.Budget != nil {
		v.Budget = budgetOf(d.Budget)
	}
	for _, e := range d.Expiring {
		v.Expiring = append(v.Expiring, expiryRow{Date: dayText(e.ValidUntil), DaysLeft: fmt.Sprint(e.DaysLeft),
			Person: e.Person, Name: e.Name, Team: e.Team, Requirement: e.Requirement})
	}
	if d.Forecast != nil {
		v.Forecast = forecastOf(d.Forecast)
	}
	for _, u := range d.Unreadable {
		v.Unreadable = append(v.Unreadable, unreadableRow{Kind: string(u.Kind), ID: u.ID, Reason: u.Reason})
	}
	for _, r := range d.Requirements {
		v.Columns = append(v.Columns, column{ID: r.ID, Name: shortTo(r.Name, maxHeader), Full: r.Name, Rate: rate(r.Tally)})
	}
	v.HeatColumns = 1 + len(v.Columns) + 2
	if v.HasBudget {
		v.HeatColumns += 2
	}
	v.Groups = d.groups(&th)
	return v
}

// cards are the headline figures.
func (d *Data) cards() []card {
	o := &d.Overall
	cs := []card{
		{"Staff in post", fmt.Sprint(o.People), fmt.Sprintf("%d teams", len(d.Teams))},
		{"Compliance", rate(o.Tally), fmt.Sprintf("%d of %d items", o.Tally.Compliant(), o.Tally.Applicable())},
		{"Overdue or missing", fmt.Sprint(o.Tally.Count(compliance.Overdue) + o.Tally.Count(compliance.Missing)), "items held against staff"},
		{fmt.Sprintf("Expiring in %d days", d.HorizonDays), fmt.Sprint(len(d.Expiring)), "items to renew"},
	}
	if o.WithMinimum > 0 {
		cs = append(cs, card{"Hours minimum met", fmt.Sprintf("%d of %d", o.MeetingMinimum, o.WithMinimum),
			fmt.Sprintf("%s of %s hours done", hoursText(o.Hours), hoursText(o.HoursRequired))})
	}
	if d.Budget != nil {
		cs = append(cs, card{"Budget spent", moneyText(d.Budget.Total.Spent),
			fmt.Sprintf("%s committed of %s", moneyText(d.Budget.Total.Committed), moneyText(d.Budget.Total.Allocated))})
	}
	return cs
}

// rateBar is a bar of a compliance rate out of 100%, coloured by its
// rating, which its text says in words.
func rateBar(label string, t compliance.Tally, y int, th *Thresholds) bar {
	b := bar{Label: short(label), Full: label, Y: y, TextX: textX,
		Text:     fmt.Sprintf("%s (%d/%d), not rated: nothing applies", rate(t), t.Compliant(), t.Applicable()),
		Segments: []segment{{Class: "bar-rest", X: labelWidth, W: barWidth}}}
	r := th.rateRating(t)
	if r == none {
		return b
	}
	w := scale(t.Rate(), decimal.NewFromInt(100), barWidth)
	b.Text = fmt.Sprintf("%s: %s (%d/%d)", r.word(), rate(t), t.Compliant(), t.Applicable())
	b.Segments = []segment{{Class: r.class(), X: labelWidth, W: w, Title: r.word() + ", " + percent(t.Rate())},
		{Class: "bar-rest", X: labelWidth + w, W: barWidth - w}}
	return b
}

// rateMarkers mark the amber and green thresholds on a chart of rates.
func rateMarkers(th *Thresholds) []marker {
	hundred := decimal.NewFromInt(100)
	ms := []marker{{X: labelWidth + scale(th.Green, hundred, barWidth), Text: "green " + th.Green.String() + "%"}}
	if th.Amber.LessThan(th.Green) {
		ms = append([]marker{{X: labelWidth + scale(th.Amber, hundred, barWidth), Text: "amber " + th.Amber.String() + "%", Left: true}}, ms...)
	}
	return ms
}

// ragLegend says what the colours mean under th, with the figures.
func (d *Data) ragLegend(th *Thresholds) ragLegend {
	g, a := th.Green.String()+"%", th.Amber.String()+"%"
	l := ragLegend{Rate: []ragKey{
		{green.class(), green.word(), g + " of items compliant or more"},
		{amber.class(), amber.word(), a + " to under " + g},
		{red.class(), red.word(), "under " + a},
	}}
	if !th.Amber.LessThan(th.Green) {
		l.Rate[1].Text = "not used (amber starts at green)"
	}
	onTrack := "at least " + th.HoursAmber.String() + "% of it"
	if elapsed, days := yearGone(d.Year, d.On); days > 0 {
		share := decimal.NewFromInt(int64(elapsed)).Mul(decimal.NewFromInt(100)).Div(decimal.NewFromInt(int64(days)))
		onTrack += fmt.Sprintf(", or on track pro rata: at least %s of it (%d of the %d days of %s gone)",
			percent(share), elapsed, days, d.Year)
	}
	l.Hours = []ragKey{
		{green.class(), green.word() + ", " + green.hoursWord(), "the minimum is done"},
		{amber.class(), amber.word() + ", " + amber.hoursWord(), "short of the minimum, but " + onTrack},
		{red.class(), red.word() + ", " + red.hoursWord(), "less than that"},
	}
	return l
}

// hoursMarkers mark the minimum and where amber starts on a chart of
// hours that runs to full percent of the minimum.
func (d *Data) hoursMarkers(th *Thresholds, full decimal.Decimal) []marker {
	from := th.HoursAmber
	if elapsed, days := yearGone(d.Year, d.On); days > 0 {
		from = decimal.Min(from, decimal.NewFromInt(int64(elapsed)).Mul(decimal.NewFromInt(100)).Div(decimal.NewFromInt(int64(days))))
	}
	return []marker{{X: labelWidth + scale(from, full, barWidth), Text: "amber", Left: true},
		{X: labelWidth + scale(decimal.NewFromInt(100), full, barWidth), Text: "minimum"}}
}

// newChart sizes a chart for n bars.
func newChart(id, title string, n int) chart {
	return chart{ID: id, Title: title, Width: chartWidth, Height: chartPad + n*rowHeight, LabelWidth: labelWidth, BarWidth: barWidth, Pad: chartPad}
}

// requirementChart is each requirement's compliance rate.
func (d *Data) requirementChart(th *Thresholds) chart {
	c := newChart("chart-requirements", "Compliance by requirement (staff in post)", len(d.Requirements))
	c.Markers = rateMarkers(th)
	for i, r := range d.Requirements {
		c.Bars = append(c.Bars, rateBar(r.Name, r.Tally, chartPad+i*rowHeight, th))
	}
	return c
}

// teamCharts are each team's compliance rate, and its hours done against
// the hours its people must do (markers at where amber starts and at
// 100%; bars go to 150%), each bar coloured by its rating.
func (d *Data) teamCharts(th *Thresholds) (rates, hours chart) {
	rates = newChart("chart-team-rates", "Compliance rate by team", len(d.Teams))
	rates.Markers = rateMarkers(th)
	hours = newChart("chart-team-hours", "CPD hours done against the minimum, by team", len(d.Teams))
	full := decimal.NewFromInt(150)
	hours.Markers = d.hoursMarkers(th, full)
	for i, t := range d.Teams {
		y := chartPad + i*rowHeight
		rates.Bars = append(rates.Bars, rateBar(t.Name, t.Tally, y, th))
		b := bar{Label: short(t.Name), Full: t.Name, Y: y, Text: "no minimum applies", TextX: textX}
		if r := th.hoursRating(t.Hours, t.HoursRequired, d.Year, d.On); t.WithMinimum > 0 && r != none {
			pct := t.Hours.Mul(decimal.NewFromInt(100)).Div(t.HoursRequired)
			w := scale(decimal.Min(pct, full), full, barWidth)
			b.Segments = []segment{{Class: r.class(), X: labelWidth, W: w, Title: r.word() + ", " + percent(pct)}}
			b.Text = fmt.Sprintf("%s, %s: %s of %s h (%s); %d of %d met", r.word(), r.hoursWord(), hoursText(t.Hours),
				hoursText(t.HoursRequired), percent(pct), t.MeetingMinimum, t.WithMinimum)
		}
		hours.Bars = append(hours.Bars, b)
	}
	return rates, hours
}

// indicators writes out a group's indicators.
func indicators(name string, in *Indicators) indicatorRow {
	r := indicatorRow{Name: name, People: fmt.Sprint(in.People), Rate: rate(in.Tally),
		Compliant: fmt.Sprintf("%d of %d", in.Tally.Compliant(), in.Tally.Applicable()),
		Committed: moneyText(in.Committed), Spent: moneyText(in.Spent)}
	if in.WithMinimum > 0 {
		r.Hours, r.Required = hoursText(in.Hours), hoursText(in.HoursRequired)
		r.Meeting = fmt.Sprintf("%d of %d", in.MeetingMinimum, in.WithMinimum)
	}
	return r
}

// budgetOf draws each line's money: spent, then committed, then what is
// still available, as parts of the line's allocation, every line on the
// scale of the largest.
func budgetOf(b *Budget) *budgetView {
	bv := &budgetView{Name: b.Name, Total: budgetRowOf("Total", &b.Total)}
	bv.Chart = newChart("chart-budget", "Budget by line: spent, committed and available", len(b.Lines))
	largest := decimal.Zero
	for _, l := range b.Lines {
		largest = decimal.Max(largest, l.Allocated.Amount(), l.Spent.Amount().Add(l.Committed.Amount()))
	}
	for i, l := range b.Lines {
		bv.Lines = append(bv.Lines, budgetRowOf(l.Name, &l))
		x := labelWidth
		var segs []segment
		for _, part := range []struct {
			class, name string
			m           budget.Money
		}{{"bar-spent", "spent", l.Spent}, {"bar-committed", "committed", l.Committed}, {"bar-available", "available", l.Available}} {
			w := scale(part.m.Amount(), largest, barWidth)
			if w > 0 {
				segs = append(segs, segment{Class: part.class, X: x, W: w, Title: part.name + " " + moneyText(part.m)})
				x += w
			}
		}
		bv.Chart.Bars = append(bv.Chart.Bars, bar{Label: short(l.Name), Full: l.Name, Y: chartPad + i*rowHeight, Segments: segs, TextX: textX,
			Text: fmt.Sprintf("%s spent, %s committed of %s", moneyText(l.Spent), moneyText(l.Committed), moneyText(l.Allocated))})
	}
	return bv
}

func budgetRowOf(name string, l *BudgetLine) budgetRow {
	return budgetRow{Name: name, Holder: l.HolderName, Allocated: moneyText(l.Allocated), Committed: moneyText(l.Committed),
		Spent: moneyText(l.Spent), Available: moneyText(l.Available)}
}

// groups splits the heat map's rows by team, in the data's order.
func (d *Data) groups(th *Thresholds) []group {
	byTeam := make(map[string]*Team, len(d.Teams))
	for i := range d.Teams {
		byTeam[d.Teams[i].Name] = &d.Teams[i]
	}
	var out []group
	for i := range d.People {
		p := &d.People[i]
		if len(out) == 0 || out[len(out)-1].Team != p.Team {
			g := group{Team: p.Team}
			if t := byTeam[p.Team]; t != nil {
				g.Summary = fmt.Sprintf("%d in post, %s compliant", t.People, rate(t.Tally))
			}
			out = append(out, g)
		}
		out[len(out)-1].Rows = append(out[len(out)-1].Rows, d.personRow(p, th))
	}
	return out
}

// personRow writes out one person's row.
func (d *Data) personRow(p *Person, th *Thresholds) personRow {
	r := personRow{ID: p.ID, Name: p.Name, JobRole: p.JobRole, Leaver: p.Leaver, Rate: rate(p.Tally),
		Hours: hoursText(p.Hours) + " h", Committed: moneyText(p.Committed), Spent: moneyText(p.Spent)}
	for j, c := range p.Cells {
		label, name := statusLabel(c.Status)
		title := d.Requirements[j].Name + ": " + strings.ToLower(name[:1]) + name[1:]
		if c.Date != 0 {
			title += " (" + dayText(c.Date) + ")"
		}
		if c.Reason != "" {
			title += ". " + c.Reason
		}
		r.Cells = append(r.Cells, cellView{Class: "s-" + c.Status.String(), Label: label, Title: title})
	}
	if p.HasMinimum {
		rg := th.hoursRating(p.Hours, p.HoursRequired, d.Year, d.On)
		r.Hours = fmt.Sprintf("%s / %s h", hoursText(p.Hours), hoursText(p.HoursRequired))
		if rg != none {
			r.Hours += ", " + rg.hoursWord()
		}
		full := decimal.Max(p.HoursRequired, p.Hours)
		r.HoursBar = miniBar{Show: true, Done: scale(p.Hours, full, miniWidth), Mark: scale(p.HoursRequired, full, miniWidth),
			Class: rg.class(), Title: r.Hours}
		if rg != none {
			r.HoursBar.Title = rg.word() + ": " + r.Hours
		}
	}
	return r
}

// short cuts a chart's label to maxLabel characters.
func short(s string) string { return shortTo(s, maxLabel) }

// shortTo cuts s to n characters, ending it with "…".
func shortTo(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// rate writes a tally's compliance rate, or "–" when nothing applies.
func rate(t compliance.Tally) string {
	if t.Applicable() == 0 {
		return "–"
	}
	return percent(t.Rate())
}

// forecastView is the forecast's section: its window and a row per lapse.
type forecastView struct {
	To      string
	Covered int
	Rows    []lapseRow
}

type lapseRow struct {
	Date, Person, Name, Team, Requirement string
	Class, Label, Status                  string
	Fix                                   string
}

func forecastOf(f *Forecast) *forecastView {
	v := &forecastView{To: dayText(f.To), Covered: f.Covered}
	for _, l := range f.Lapses {
		label, name := statusLabel(l.Status)
		v.Rows = append(v.Rows, lapseRow{Date: dayText(l.On), Person: l.Person, Name: l.Name, Team: l.Team,
			Requirement: l.Requirement, Class: "s-" + l.Status.String(), Label: label, Status: name, Fix: l.Fix})
	}
	return v
}
