package report_test

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/report"
	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
)

// render renders data and returns the page.
func render(t *testing.T, d report.Data) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, report.Render(context.Background(), &b, d))
	return b.String()
}

// tagRE finds tags: their slash, name and whether they close themselves.
var tagRE = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>`)

// balanced checks that every element the page opens is closed, in order
// (HTML's void elements aside): a check on the template's structure that
// needs no HTML parser.
func balanced(page string) error {
	void := map[string]bool{"meta": true, "br": true, "img": true, "input": true, "link": true, "hr": true}
	start, end := strings.Index(page, "<style>"), strings.Index(page, "</style>")
	if start >= 0 && end > start {
		page = page[:start] + page[end+len("</style>"):]
	}
	var stack []string
	for _, m := range tagRE.FindAllStringSubmatch(page, -1) {
		closing, name, self := m[1] == "/", strings.ToLower(m[2]), m[3] == "/"
		switch {
		case void[name] || self:
		case !closing:
			stack = append(stack, name)
		case len(stack) == 0 || stack[len(stack)-1] != name:
			return fmt.Errorf("</%s> closes %v", name, stack)
		default:
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		return fmt.Errorf("never closed: %v", stack)
	}
	return nil
}

func TestBalancedCatchesBrokenMarkup(t *testing.T) {
	tests := []struct {
		name string
		page string
		ok   bool
	}{
		{"nested", "<div><p>a<br></p><svg><rect/></svg></div>", true},
		{"crossed", "<div><p></div></p>", false},
		{"unclosed", "<table><tr><td>x</td></tr>", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.ok, balanced(tc.page) == nil)
		})
	}
}

func TestRenderIsSelfContained(t *testing.T) {
	d := newDemo(t, 80)
	data, err := report.Gather(as(d.org.Head), d.svc, &report.GatherOptions{Budget: d.org.Budget.ID})
	require.NoError(t, err)
	page := render(t, data)
	require.True(t, strings.HasPrefix(page, "<!DOCTYPE html>"))
	require.Contains(t, page, `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`)
	require.Contains(t, page, "@media print")
	for _, banned := range []string{"<script", "src=", "href=", "url(", "@import", "@font-face", "http://", "https://", "<link", "<iframe", "<object"} {
		require.NotContains(t, page, banned, "the page reaches nothing outside itself")
	}
	require.NoError(t, balanced(page))
}

func TestRenderShowsTheData(t *testing.T) {
	d := newDemo(t, 80)
	data, err := report.Gather(as(d.org.Head), d.svc, &report.GatherOptions{Budget: d.org.Budget.ID, Organisation: "Demo College"})
	require.NoError(t, err)
	page := render(t, data)
	withMinimum := 0
	for _, p := range data.People {
		if p.HasMinimum {
			withMinimum++
		}
	}
	teams := map[string]bool{}
	for _, p := range data.People {
		teams[p.Team] = true
	}
	require.NotEmpty(t, data.Expiring)
	require.NotNil(t, data.Forecast)
	require.NotEmpty(t, data.Forecast.Lapses, "a generated organisation has items lapsing within a term")
	tests := []struct {
		name string
		got  int
		want int
	}{
		{"a heat-map row per person", strings.Count(page, `<td class="person">`), len(data.People)},
		{"a header row per team", strings.Count(page, `<tr class="team">`), len(teams)},
		{"a cell per person and requirement", strings.Count(page, `<td class="c s-`), len(data.People) * len(data.Requirements)},
		{"a column per requirement", strings.Count(page, `<th class="req"`), len(data.Requirements)},
		{"leavers marked", strings.Count(page, `<span class="left">left</span>`), countLeavers(data)},
		{"four charts and a bar per person with a minimum", strings.Count(page, "<svg"), 4 + withMinimum},
		{"a row per expiring item", strings.Count(between(page, `id="expiring"`, `id="forecast"`), "<tr><td>"), len(data.Expiring)},
		{"a row per forecast lapse", strings.Count(between(page, `id="forecast"`, `id="heatmap"`), "<tr><td>"), len(data.Forecast.Lapses)},
		{"a chart bar per budget line", strings.Count(page, `class="bar-spent"`), spentLines(data)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, tc.got)
		})
	}
	for _, want := range []string{"Demo College", "figures for 2026-11-25", ">ok</span> Compliant", ">OVER</span> Overdue", ">MISS</span> Missing",
		">due</span> Due soon", ">wait</span> Pending", ">plan</span> Planned", ">ex</span> Exempt", "Budget 2026/27",
		"Expiring in the next 60 days", "Falling out of compliance by 2027-02-23", "Hours against minimum", "All staff in post"} {
		require.Contains(t, page, want)
	}
	for _, l := range data.Budget.Lines {
		require.Contains(t, page, fmt.Sprintf(`<tr><td>%s</td><td>%s</td>`, l.Name, l.HolderName), "line %s", l.ID)
	}
	for _, e := range data.Expiring {
		require.Contains(t, page, fmt.Sprintf("<tr><td>%s</td><td class=\"num\">%d</td>", e.ValidUntil, e.DaysLeft))
	}
}

// between returns the part of page from the first from to the next to.
func between(page, from, to string) string {
	_, rest, _ := strings.Cut(page, from)
	part, _, _ := strings.Cut(rest, to)
	return part
}

func countLeavers(d report.Data) int {
	n := 0
	for _, p := range d.People {
		if p.Leaver {
			n++
		}
	}
	return n
}

func spentLines(d report.Data) int {
	n := 0
	for _, l := range d.Budget.Lines {
		if l.Spent.IsPositive() {
			n++
		}
	}
	return n
}

// hostile is a report whose every text tries to break out of its place.
func hostile() report.Data {
	evil := `<script>alert("x")</script>"'><img src=x onerror=alert(1)>`
	gbp := func(s string) budget.Money { return budget.MustParse("GBP " + s) }
	return report.Data{
		Title: evil, Organisation: evil, On: date.New(2026, 11, 25), HorizonDays: 60,
		Requirements: []report.Requirement{{ID: "r", Name: evil, Kind: compliance.RenewableTraining}},
		People: []report.Person{{ID: evil, Name: evil, Team: evil, JobRole: evil, HasMinimum: true,
			Hours: decimal.NewFromInt(3), HoursRequired: decimal.NewFromInt(30), Committed: gbp("1"), Spent: gbp("2"),
			Cells: []report.Cell{{Status: compliance.Compliant, Date: date.New(2027, 1, 1), Reason: evil}}}},
		Teams:    []report.Team{{Name: evil, Indicators: report.Indicators{People: 1, Committed: gbp("1"), Spent: gbp("2")}}},
		Overall:  report.Indicators{People: 1, Committed: gbp("1"), Spent: gbp("2")},
		Expiring: []report.Expiry{{Person: evil, Name: evil, Team: evil, Requirement: evil, ValidUntil: date.New(2027, 1, 1), DaysLeft: 37}},
		Budget: &report.Budget{ID: evil, Name: evil, Currency: budget.GBP,
			Lines: []report.BudgetLine{{ID: evil, Name: evil, HolderName: evil, Allocated: gbp("10"), Committed: gbp("1"), Spent: gbp("2"), Available: gbp("7")}},
			Total: report.BudgetLine{Allocated: gbp("10"), Committed: gbp("1"), Spent: gbp("2"), Available: gbp("7")}},
	}
}

func TestRenderEscapes(t *testing.T) {
	page := render(t, hostile())
	require.NotContains(t, page, "<script")
	require.NotContains(t, page, "<img")
	require.Contains(t, page, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&#34;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;")
	require.NoError(t, balanced(page))
}

func TestRenderWithoutBudget(t *testing.T) {
	d := hostile()
	d.Budget = nil
	for i := range d.People {
		d.People[i].Committed, d.People[i].Spent = budget.Money{}, budget.Money{}
	}
	page := render(t, d)
	require.Contains(t, page, "This report covers no budget.")
	require.NotContains(t, page, ">Committed<")
	require.NoError(t, balanced(page))
}

func TestRenderEmpty(t *testing.T) {
	page := render(t, report.Data{Title: "Empty", HorizonDays: 60})
	require.Contains(t, page, "Nothing expires in the next 60 days.")
	require.NoError(t, balanced(page))
	require.True(t, slices.Contains(strings.Split(page, "\n"), "</html>"))
}

func TestRenderCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var b bytes.Buffer
	require.ErrorIs(t, report.Render(ctx, &b, hostile()), context.Canceled)
	require.Zero(t, b.Len(), "nothing is written")
}
