package report_test

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/report"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// tally counts compliant and missing items.
func tally(compliant, missing int) compliance.Tally {
	var t compliance.Tally
	for range compliant {
		t.Add(compliance.Compliant)
	}
	for range missing {
		t.Add(compliance.Missing)
	}
	return t
}

// ragData is three teams of one person each, on 2026-11-25, 86 days into
// the academic year 2026/27 (23.6% of it): Full is 100% compliant and has
// done all 30 of their hours, Mid 90% and 10 hours (33%, on track pro
// rata), Half 50% and 3 hours (10%). A requirement, First aid, is 50%
// compliant, another, Safeguarding, 100%.
func ragData() report.Data {
	d := report.Data{Title: "RAG", Organisation: "College", On: date.New(2026, 11, 25), HorizonDays: 60,
		Year: compliance.AcademicYearOf(compliance.MonthDay{Month: 9, Day: 1}, date.New(2026, 11, 25)),
		Requirements: []report.Requirement{
			{ID: "first-aid", Name: "First aid", Kind: compliance.RenewableTraining, Tally: tally(1, 1)},
			{ID: "safeguarding", Name: "Safeguarding", Kind: compliance.RenewableTraining, Tally: tally(2, 0)}},
	}
	for _, x := range []struct {
		team              string
		compliant, hours  int
		missing, required int
	}{{"Full", 10, 30, 0, 30}, {"Half", 1, 3, 1, 30}, {"Mid", 9, 10, 1, 30}} {
		in := report.Indicators{People: 1, Tally: tally(x.compliant, x.missing), Hours: decimal.NewFromInt(int64(x.hours)),
			HoursRequired: decimal.NewFromInt(int64(x.required)), WithMinimum: 1}
		if x.hours >= x.required {
			in.MeetingMinimum = 1
		}
		d.Teams = append(d.Teams, report.Team{Name: x.team, Indicators: in})
		d.People = append(d.People, report.Person{ID: x.team + "-1", Name: "Teacher of " + x.team, Team: x.team,
			Cells: []report.Cell{{Status: compliance.Compliant}, {Status: compliance.Compliant}}, Tally: tally(2, 0),
			Hours: in.Hours, HoursRequired: in.HoursRequired, HasMinimum: true})
	}
	return d
}

// barRE finds a chart's bar: its label, its first segment's class and
// its text.
var barRE = regexp.MustCompile(`<title>([^<]+)</title>[^<]*</text><rect [^>]*class="([a-z-]+)">.*?\n<text [^>]*>([^<]*)</text>`)

// bars returns, by label, the class and text of each bar of the chart
// with the given id.
func bars(t *testing.T, page, id string) map[string][2]string {
	t.Helper()
	chart := between(page, `aria-labelledby="`+id+`-title"`, "</svg>")
	require.NotEmpty(t, chart, "chart %s", id)
	out := map[string][2]string{}
	for _, m := range barRE.FindAllStringSubmatch(chart, -1) {
		out[m[1]] = [2]string{m[2], m[3]}
	}
	return out
}

// miniRE finds a person's hours bar: its label and its class.
var miniRE = regexp.MustCompile(`class="mini" role="img" aria-label="([^"]+)"><rect [^>]*/><rect [^>]*class="([a-z-]+)"/>`)

func TestRenderRatesBars(t *testing.T) {
	pct := decimal.NewFromInt
	tests := []struct {
		name       string
		thresholds *report.Thresholds
		noYear     bool
		rates      map[string][2]string // team: class, text
		reqs       map[string][2]string // requirement: class, text
		hours      map[string][2]string // team: class, text
		minis      []string             // each person's hours bar, by team
	}{
		{name: "default: green from 95%, amber from 85%, hours pro rata",
			rates: map[string][2]string{"Full": {"rag-green", "Green: 100.0% (10/10)"}, "Half": {"rag-red", "Red: 50.0% (1/2)"},
				"Mid": {"rag-amber", "Amber: 90.0% (9/10)"}},
			reqs: map[string][2]string{"First aid": {"rag-red", "Red: 50.0% (1/2)"}, "Safeguarding": {"rag-green", "Green: 100.0% (2/2)"}},
			hours: map[string][2]string{"Full": {"rag-green", "Green, met: 30 of 30 h (100.0%); 1 of 1 met"},
				"Half": {"rag-red", "Red, behind: 3 of 30 h (10.0%); 0 of 1 met"},
				"Mid":  {"rag-amber", "Amber, on track: 10 of 30 h (33.3%); 0 of 1 met"}},
			minis: []string{`Green: 30 / 30 h, met" class="rag-green`, `Red: 3 / 30 h, behind" class="rag-red`, `Amber: 10 / 30 h, on track" class="rag-amber`}},
		{name: "no academic year: hours against the share of the minimum alone", noYear: true,
			rates: map[string][2]string{"Half": {"rag-red", "Red: 50.0% (1/2)"}},
			hours: map[string][2]string{"Full": {"rag-green", "Green, met: 30 of 30 h (100.0%); 1 of 1 met"},
				"Mid": {"rag-red", "Red, behind: 10 of 30 h (33.3%); 0 of 1 met"}},
			minis: []string{`Red: 10 / 30 h, behind" class="rag-red`}},
		{name: "custom: green from 50%, amber from 40%, hours amber from 10%",
			thresholds: &report.Thresholds{Green: pct(50), Amber: pct(40), HoursAmber: pct(10)},
			rates: map[string][2]string{"Full": {"rag-green", "Green: 100.0% (10/10)"}, "Half": {"rag-green", "Green: 50.0% (1/2)"},
				"Mid": {"rag-green", "Green: 90.0% (9/10)"}},
			reqs:  map[string][2]string{"First aid": {"rag-green", "Green: 50.0% (1/2)"}},
			hours: map[string][2]string{"Half": {"rag-amber", "Amber, on track: 3 of 30 h (10.0%); 0 of 1 met"}}},
		{name: "custom: green only at 100%, amber from 50%",
			thresholds: &report.Thresholds{Green: pct(100), Amber: pct(50), HoursAmber: pct(75)},
			rates: map[string][2]string{"Full": {"rag-green", "Green: 100.0% (10/10)"}, "Half": {"rag-amber", "Amber: 50.0% (1/2)"},
				"Mid": {"rag-amber", "Amber: 90.0% (9/10)"}},
			reqs: map[string][2]string{"First aid": {"rag-amber", "Amber: 50.0% (1/2)"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := ragData()
			d.Thresholds = tc.thresholds
			if tc.noYear {
				d.Year = compliance.AcademicYear{}
			}
			page := render(t, d)
			require.NoError(t, balanced(page))
			for _, c := range []struct {
				id   string
				want map[string][2]string
			}{{"chart-team-rates", tc.rates}, {"chart-requirements", tc.reqs}, {"chart-team-hours", tc.hours}} {
				got := bars(t, page, c.id)
				for label, want := range c.want {
					require.Equal(t, want, got[label], "%s: %s", c.id, label)
				}
			}
			minis := map[string]bool{}
			for _, m := range miniRE.FindAllStringSubmatch(page, -1) {
				minis[m[1]+`" class="`+m[2]] = true
			}
			for _, want := range tc.minis {
				require.True(t, minis[want], "person's hours bar %s among %v", want, minis)
			}
		})
	}
}

func TestRenderShowsThresholdsAndLegend(t *testing.T) {
	d := ragData()
	page := render(t, d)
	for _, want := range []string{
		"<strong>Compliance bars:</strong>",
		`<span class="swatch sw-rag-green"></span><span><strong>Green</strong>: 95% of items compliant or more`,
		`<span class="swatch sw-rag-amber"></span><span><strong>Amber</strong>: 85% to under 95%`,
		`<span class="swatch sw-rag-red"></span><span><strong>Red</strong>: under 85%`,
		"<strong>Hours bars:</strong>",
		"<strong>Green, met</strong>: the minimum is done",
		"<strong>Amber, on track</strong>: short of the minimum, but at least 75% of it, or on track pro rata: at least 23.6% of it (86 of the 365 days of 2026/27 gone)",
		"<strong>Red, behind</strong>: less than that",
		">green 95%</text>", ">amber 85%</text>", ">minimum</text>", ">amber</text>",
	} {
		require.Contains(t, page, want)
	}
	require.Equal(t, 2, countOf(page, "<strong>Compliance bars:</strong>"), "teams and requirements")
	require.Equal(t, 2, countOf(page, "<strong>Hours bars:</strong>"), "teams and the heat map")

	d.Thresholds = &report.Thresholds{Green: decimal.RequireFromString("92.5"), Amber: decimal.NewFromInt(80), HoursAmber: decimal.NewFromInt(60)}
	page = render(t, d)
	for _, want := range []string{"<strong>Green</strong>: 92.5% of items compliant or more", "<strong>Amber</strong>: 80% to under 92.5%",
		"<strong>Red</strong>: under 80%", "but at least 60% of it", ">green 92.5%</text>", ">amber 80%</text>"} {
		require.Contains(t, page, want)
	}
	require.NotContains(t, page, "95%")

	d.Thresholds = &report.Thresholds{Green: decimal.NewFromInt(90), Amber: decimal.NewFromInt(90), HoursAmber: decimal.NewFromInt(60)}
	page = render(t, d)
	require.Contains(t, page, "<strong>Amber</strong>: not used (amber starts at green)")
	require.NotContains(t, page, ">amber 90%</text>", "one marker where amber and green meet")
}

func countOf(s, sub string) int {
	return len(regexp.MustCompile(regexp.QuoteMeta(sub)).FindAllStringIndex(s, -1))
}

func TestThresholdsValidate(t *testing.T) {
	pct := decimal.RequireFromString
	tests := []struct {
		name  string
		th    report.Thresholds
		field string // "" when valid
	}{
		{"defaults", report.DefaultThresholds(), ""},
		{"all zero", report.Thresholds{}, ""},
		{"all 100", report.Thresholds{Green: pct("100"), Amber: pct("100"), HoursAmber: pct("100")}, ""},
		{"decimal", report.Thresholds{Green: pct("97.5"), Amber: pct("87.25"), HoursAmber: pct("0.5")}, ""},
		{"green above 100", report.Thresholds{Green: pct("100.01"), Amber: pct("85"), HoursAmber: pct("75")}, "Thresholds.Green"},
		{"amber negative", report.Thresholds{Green: pct("95"), Amber: pct("-1"), HoursAmber: pct("75")}, "Thresholds.Amber"},
		{"hours above 100", report.Thresholds{Green: pct("95"), Amber: pct("85"), HoursAmber: pct("150")}, "Thresholds.HoursAmber"},
		{"amber above green", report.Thresholds{Green: pct("85"), Amber: pct("95"), HoursAmber: pct("75")}, "Thresholds.Amber"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.th.Validate()
			if tc.field == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, cpd.ErrInvalid)
			var ve *cpd.ValidationError
			require.True(t, errors.As(err, &ve))
			require.Equal(t, tc.field, ve.Field)
			require.Contains(t, err.Error(), tc.field)
		})
	}
	require.Contains(t, report.Thresholds{Green: pct("85"), Amber: pct("95")}.Validate().Error(), "above Thresholds.Green")
}

// TestBadThresholdsRefused: Render and Gather refuse thresholds that do
// not validate, before writing or reading anything.
func TestBadThresholdsRefused(t *testing.T) {
	bad := &report.Thresholds{Green: decimal.NewFromInt(80), Amber: decimal.NewFromInt(90), HoursAmber: decimal.NewFromInt(75)}
	d := ragData()
	d.Thresholds = bad
	var b bytes.Buffer
	err := report.Render(context.Background(), &b, d)
	require.ErrorIs(t, err, cpd.ErrInvalid)
	require.Contains(t, err.Error(), "Thresholds.Amber")
	require.Zero(t, b.Len(), "nothing is written")

	dm := newDemo(t, 10)
	_, err = report.Gather(as(dm.org.Head), dm.svc, &report.GatherOptions{Thresholds: bad})
	require.ErrorIs(t, err, cpd.ErrInvalid)
	_, err = report.Gather(context.Background(), dm.svc, &report.GatherOptions{Thresholds: bad})
	require.ErrorIs(t, err, cpd.ErrInvalid, "the thresholds are checked before anything is read, even without an actor")

	good := &report.Thresholds{Green: decimal.NewFromInt(90), Amber: decimal.NewFromInt(70), HoursAmber: decimal.NewFromInt(50)}
	data, err := report.Gather(as(dm.org.Head), dm.svc, &report.GatherOptions{Thresholds: good})
	require.NoError(t, err)
	require.Equal(t, good, data.Thresholds)
	require.Equal(t, compliance.AcademicYear{Start: date.New(2026, 9, 1), End: date.New(2027, 9, 1)}, data.Year)
	require.Contains(t, render(t, data), "<strong>Green</strong>: 90% of items compliant or more")
}
