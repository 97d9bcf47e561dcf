package cpd_test

import (
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// forecastFixture: on 25 November 2026, three people's safeguarding
// (valid a year) runs out in December. Tina has nothing planned; Pete has
// a course booked for 5 December, in time; the line manager has one only
// requested, for 20 December, after theirs runs out on the 15th.
func forecastFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	record := func(person string, on date.Date, topics ...string) {
		_, err := f.svc.Activities.RecordCompleted(as("admin"), done(person, on, topics...))
		require.NoError(t, err)
	}
	record("tina", date.New(2025, 12, 10), "safeguarding")
	record("tina", date.New(2026, 1, 5), "prevent")
	record("pete", date.New(2025, 12, 10), "safeguarding")
	record("pete", date.New(2026, 1, 5), "prevent")
	record("mgr", date.New(2025, 12, 15), "safeguarding")
	record("mgr", date.New(2026, 1, 5), "prevent")

	a, err := f.svc.Activities.Request(as("pete"), course("pete", "safeguarding"))
	require.NoError(t, err)
	_, err = f.svc.Activities.Approve(as("head"), a.ID)
	require.NoError(t, err)
	_, err = f.svc.Activities.Book(as("pete"), a.ID, cpd.Booking{Start: date.New(2026, 12, 5), End: date.New(2026, 12, 5)})
	require.NoError(t, err)

	late := course("mgr", "safeguarding")
	late.Start = date.New(2026, 12, 20)
	_, err = f.svc.Activities.Request(as("mgr"), late)
	require.NoError(t, err)
	return f
}

// TestForecastBeforeAnInspection: for the window from today to the
// inspection, who falls out of compliance with what and when, what a
// booked course covers, and what a requested one would fix (at risk).
func TestForecastBeforeAnInspection(t *testing.T) {
	f := forecastFixture(t)
	fc, err := f.svc.Compliance.Forecast(as("head"), cpd.ForecastQuery{To: date.New(2027, 1, 31)})
	require.NoError(t, err)
	require.Equal(t, date.New(2026, 11, 25), fc.From, "from today")

	byPerson := func(ls []cpd.Lapse, req string) map[string]cpd.Lapse {
		out := map[string]cpd.Lapse{}
		for _, l := range ls {
			if l.Requirement == req {
				out[l.Person] = l
			}
		}
		return out
	}
	lapses := byPerson(fc.Lapses, "safeguarding")
	require.Len(t, lapses, 2, "tina and mgr: %+v", fc.Lapses)

	tina := lapses["tina"]
	require.Equal(t, date.New(2026, 12, 10), tina.On, "the day after a year's validity ends")
	require.Equal(t, compliance.Overdue, tina.Status)
	require.Equal(t, date.New(2026, 12, 9), tina.ValidUntil)
	require.Nil(t, tina.Fix, "nothing planned")

	mgr := lapses["mgr"]
	require.Equal(t, date.New(2026, 12, 15), mgr.On)
	require.NotNil(t, mgr.Fix, "the requested course would renew it")
	require.True(t, mgr.Fix.AtRisk, "only requested, and after the lapse")
	require.Equal(t, cpd.Requested, mgr.Fix.State)
	require.Equal(t, date.New(2026, 12, 20), mgr.Fix.On)

	covered := byPerson(fc.Covered, "safeguarding")
	require.Len(t, covered, 1)
	pete := covered["pete"]
	require.NotNil(t, pete.Fix)
	require.False(t, pete.Fix.AtRisk)
	require.Equal(t, cpd.Booked, pete.Fix.State)
	require.Equal(t, date.New(2026, 12, 5), pete.Fix.On)
	require.Equal(t, date.New(2026, 12, 10), pete.On, "the day it would have lapsed")
	require.NotContains(t, byPerson(fc.Lapses, "safeguarding"), "pete")

	// The admin never did safeguarding: already missing, not a lapse.
	require.Contains(t, byPerson(fc.Outstanding, "safeguarding"), "admin")
	require.NotContains(t, lapses, "admin")

	// Ordered by day; counted by requirement and team.
	for i := 1; i < len(fc.Lapses); i++ {
		require.LessOrEqual(t, fc.Lapses[i-1].On, fc.Lapses[i].On)
	}
	require.Contains(t, fc.ByRequirement, cpd.ForecastCount{Key: "safeguarding", Lapses: 2})

	// A window that ends before the lapses shows none of them.
	early, err := f.svc.Compliance.Forecast(as("head"), cpd.ForecastQuery{To: date.New(2026, 12, 9)})
	require.NoError(t, err)
	require.Empty(t, byPerson(early.Lapses, "safeguarding"))
}

// TestForecastRules: who may ask, and the window's bounds.
func TestForecastRules(t *testing.T) {
	f := forecastFixture(t)
	_, err := f.svc.Compliance.Forecast(as("tina"), cpd.ForecastQuery{To: date.New(2027, 1, 31)})
	require.ErrorIs(t, err, cpd.ErrForbidden)
	_, err = f.svc.Compliance.Forecast(as("audrey"), cpd.ForecastQuery{To: date.New(2027, 1, 31)})
	require.NoError(t, err, "an auditor reads everyone")
	_, err = f.svc.Compliance.Forecast(as("head"), cpd.ForecastQuery{To: date.New(2026, 11, 1)})
	require.ErrorIs(t, err, cpd.ErrInvalid)
	_, err = f.svc.Compliance.Forecast(as("head"), cpd.ForecastQuery{})
	require.ErrorIs(t, err, cpd.ErrInvalid, "the window needs an end")
	_, err = f.svc.Compliance.Forecast(as("head"), cpd.ForecastQuery{To: date.New(2029, 11, 25)})
	require.ErrorIs(t, err, cpd.ErrInvalid, "over 800 days")
}

// TestComplianceOnAnyDay: a person and the organisation on a day in the
// future and in the past, from the records as they stand.
func TestComplianceOnAnyDay(t *testing.T) {
	f := forecastFixture(t)
	later, err := f.svc.Compliance.ComplianceOn(as("tina"), "tina", date.New(2026, 12, 10))
	require.NoError(t, err)
	it, ok := later.Item("safeguarding")
	require.True(t, ok)
	require.Equal(t, compliance.Overdue, it.Status)

	earlier, err := f.svc.Compliance.ComplianceOn(as("tina"), "tina", date.New(2025, 12, 1))
	require.NoError(t, err)
	it, _ = earlier.Item("safeguarding")
	require.True(t, it.Status.Failing(), "before the course was done: %s", it.Status)

	_, err = f.svc.Compliance.ComplianceOn(as("pete"), "tina", date.New(2026, 12, 10))
	require.ErrorIs(t, err, cpd.ErrForbidden)

	today, err := f.svc.Compliance.OrgCompliance(as("head"))
	require.NoError(t, err)
	onDay, err := f.svc.Compliance.OrgComplianceOn(as("head"), date.New(2026, 12, 10))
	require.NoError(t, err)
	require.Equal(t, date.New(2026, 12, 10), onDay.On)
	status := func(v cpd.OrgView, person string) compliance.Status {
		for _, r := range v.Rows {
			if r.Person == person {
				for _, it := range r.Items {
					if it.Requirement == "safeguarding" {
						return it.Status
					}
				}
			}
		}
		t.Fatalf("%s has no safeguarding row", person)
		return 0
	}
	require.True(t, status(today, "tina").OK())
	require.Equal(t, compliance.Overdue, status(onDay, "tina"))
	require.Equal(t, compliance.Overdue, status(onDay, "pete"), "a booked course counts in the forecast, not in the view of a day")
}
