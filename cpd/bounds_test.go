package cpd_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestActivityBounds: an activity with a value that would not read back,
// or is beyond its documented bound, is refused at once with ErrInvalid
// naming the field, and nothing is stored; the largest values within the
// bounds are stored and read back exactly.
func TestActivityBounds(t *testing.T) {
	with := func(edit func(*cpd.Activity)) cpd.Activity {
		a := done("tina", date.New(2026, 10, 1), "safeguarding")
		edit(&a)
		return a
	}
	tests := []struct {
		name     string
		activity cpd.Activity
		field    string // "" when the activity is within bounds
	}{
		{"hours with a huge exponent", with(func(a *cpd.Activity) { a.Hours = decimal.New(1, 10_000_000) }), "hours"},
		{"hours with a tiny exponent", with(func(a *cpd.Activity) { a.Hours = decimal.New(35, -20_000) }), "hours"},
		{"hours to thirty places", with(func(a *cpd.Activity) {
			a.Hours = decimal.RequireFromString("1.000000000000000000000000000001")
		}), "hours"},
		{"hours to four places", with(func(a *cpd.Activity) { a.Hours = decimal.RequireFromString("1.2345") }), "hours"},
		{"ten thousand hours", with(func(a *cpd.Activity) { a.Hours = decimal.NewFromInt(cpd.MaxHours) }), "hours"},
		{"most hours", with(func(a *cpd.Activity) { a.Hours = decimal.RequireFromString("9999.999") }), ""},
		{"title with a NUL", with(func(a *cpd.Activity) { a.Title = "Safe\x00guarding" }), "title"},
		{"title not UTF-8", with(func(a *cpd.Activity) { a.Title = "Safe\xffguarding" }), "title"},
		{"title too long", with(func(a *cpd.Activity) { a.Title = strings.Repeat("t", cpd.MaxTitleLen+1) }), "title"},
		{"longest title", with(func(a *cpd.Activity) { a.Title = strings.Repeat("é", cpd.MaxTitleLen/2) }), ""},
		{"evidence too long", with(func(a *cpd.Activity) { a.Evidence = strings.Repeat("e", cpd.MaxEvidenceLen+1) }), "evidence"},
		{"reflection too long", with(func(a *cpd.Activity) { a.Reflection = strings.Repeat("r", cpd.MaxTextLen+1) }), "reflection"},
		{"topic not UTF-8", with(func(a *cpd.Activity) { a.Topics = []string{"safeguarding", "\xc3"} }), "topics[1]"},
		{"completed after year 9999", with(func(a *cpd.Activity) { a.Completed = date.New(10000, 1, 1) }), "completed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			before := f.eventCount(t, org)
			start := time.Now()
			got, err := f.svc.Activities.RecordCompleted(as("tina"), tt.activity)
			require.Less(t, time.Since(start), 5*time.Second, "RecordCompleted must not hang")
			if tt.field != "" {
				requireField(t, err, tt.field)
				require.Equal(t, before, f.eventCount(t, org), "events")
				return
			}
			require.NoError(t, err)
			back, err := f.svc.Activities.Activity(as("tina"), got.ID)
			require.NoError(t, err)
			require.True(t, back.Hours.Equal(tt.activity.Hours), "hours %s read back as %s", tt.activity.Hours, back.Hours)
			require.Equal(t, tt.activity.Title, back.Title)
		})
	}
}

// TestIDBounds: a person's ID is at most cpd.MaxIDLen bytes and has no
// "/", since IDs are composed into others with it.
func TestIDBounds(t *testing.T) {
	tests := []struct {
		name string
		id   string
		ok   bool
	}{
		{"slash", "staff/42", false},
		{"too long", strings.Repeat("p", cpd.MaxIDLen+1), false},
		{"NUL", "p\x00", false},
		{"longest", strings.Repeat("p", cpd.MaxIDLen), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			p := validPerson()
			p.ID = tt.id
			_, err := f.svc.Staff.AddPerson(as("admin"), p)
			if !tt.ok {
				requireField(t, err, "id")
				return
			}
			require.NoError(t, err)
		})
	}
}

// TestImportRejectsOutOfBounds: an import rejects, by its index, the
// activity or person out of bounds, and (with SkipBad) stores the rest.
func TestImportRejectsOutOfBounds(t *testing.T) {
	f := newFixture(t)
	bad := done("tina", date.New(2026, 10, 1), "safeguarding")
	bad.Hours = decimal.New(1, 10_000_000)
	acts := []cpd.Activity{done("tina", date.New(2026, 10, 1), "safeguarding"), bad}
	res, err := f.svc.Activities.ImportCompletions(as("admin"), acts, &cpd.ImportOptions{SkipBad: true})
	require.NoError(t, err)
	require.Equal(t, 1, res.Imported)
	require.Len(t, res.Rejected, 1)
	require.Equal(t, 1, res.Rejected[0].Index)
	requireField(t, res.Rejected[0].Err, "hours")

	people := []cpd.Person{validPerson(), validPerson()}
	people[1].ID, people[1].Name = "new/2", "Two"
	pres, err := f.svc.Staff.ImportPeople(as("admin"), people, &cpd.ImportOptions{SkipBad: true})
	require.NoError(t, err)
	require.Equal(t, 1, pres.Imported)
	require.Len(t, pres.Rejected, 1)
	require.Equal(t, 1, pres.Rejected[0].Index)
	requireField(t, pres.Rejected[0].Err, "id")
}

// TestPersonBounds: a person's FTE has at most four places, and their
// text is bounded like an activity's.
func TestPersonBounds(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*cpd.Person)
		field string
	}{
		{"FTE to five places", func(p *cpd.Person) { p.FTE = decimal.RequireFromString("0.12345") }, "fte"},
		{"name too long", func(p *cpd.Person) { p.Name = strings.Repeat("n", cpd.MaxTitleLen+1) }, "name"},
		{"absence reason with a NUL", func(p *cpd.Person) {
			p.Absences = []compliance.Absence{{From: date.New(2026, 1, 1), To: date.New(2026, 2, 1), Reason: "\x00"}}
		}, "absences[0].Reason"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			p := validPerson()
			tt.edit(&p)
			_, err := f.svc.Staff.AddPerson(as("admin"), p)
			requireField(t, err, tt.field)
		})
	}
}
