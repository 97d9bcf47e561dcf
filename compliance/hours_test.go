package compliance

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// hoursView is the part of a MinimumHours item the tests compare.
type hoursView struct {
	Status     Status
	ValidUntil date.Date
	DueBy      date.Date
	Done       decimal.Decimal
	Required   decimal.Decimal
}

func hoursOf(it Item) hoursView {
	return hoursView{Status: it.Status, ValidUntil: it.ValidUntil, DueBy: it.DueBy, Done: it.HoursDone, Required: it.HoursRequired}
}

func hrs(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// activity is evidence of CPD time with an aspect and a kind.
func activity(id, on, hours, aspect, kind string) Evidence {
	return Evidence{ID: id, Topic: "activity", Date: day(on), Hours: hrs(hours), Aspect: aspect, Kind: kind}
}

// evaluateHours evaluates one MinimumHours rule for a person, in a policy
// whose academic year starts on yearStart.
func evaluateHours(t *testing.T, yearStart MonthDay, rule HoursRule, p Person, evs []Evidence, on date.Date) Item {
	t.Helper()
	policy := Policy{ID: "test", AcademicYearStart: yearStart, Requirements: []Requirement{{ID: "hours", Kind: MinimumHours, Hours: &rule}}}
	res, err := Evaluate(policy, p, evs, on)
	require.NoError(t, err)
	require.Len(t, res.Items, 1)
	return res.Items[0]
}

func TestEvaluateMinimumHours(t *testing.T) {
	september, august := MonthDay{Month: time.September, Day: 1}, MonthDay{Month: time.August, Day: 1}
	flat := HoursRule{Minimum: hrs("30")}
	fte := HoursRule{Minimum: hrs("30"), ProRataFTE: true}
	floored := HoursRule{Minimum: hrs("30"), ProRataFTE: true, PartTimeFloor: hrs("6")}
	service := HoursRule{Minimum: hrs("30"), ProRataService: true}
	both := HoursRule{Minimum: hrs("30"), ProRataFTE: true, ProRataService: true, PartTimeFloor: hrs("6")}
	absences := HoursRule{Minimum: hrs("30"), ProRataService: true, AbsenceThreshold: per("P3M")}
	upToDate := HoursRule{Minimum: hrs("10"), Aspects: []string{"keeping_up_to_date", "career_progression"}}
	courses := HoursRule{Minimum: hrs("10"), ActivityKinds: []string{"external_course"}}
	halfUp := HoursRule{Minimum: hrs("7.3"), ProRataFTE: true}

	veteranAt := func(f string) Person { return Person{ID: "p1", Start: day("2015-09-01"), FTE: hrs(f)} }
	fullTime := Person{ID: "p1", Start: day("2015-09-01")}
	absent := func(from, to string) Person {
		return Person{ID: "p1", Start: day("2015-09-01"), Absences: []Absence{{From: day(from), To: day(to), Reason: "leave"}}}
	}
	thirty := []Evidence{activity("a1", "2026-10-01", "20", "training_for_job", "external_course"), activity("a2", "2027-02-01", "10", "keeping_up_to_date", "webinar")}
	midYear := day("2027-03-01")
	yearEnd := day("2027-08-31")

	tests := []struct {
		name      string
		yearStart MonthDay
		rule      HoursRule
		person    Person
		evidence  []Evidence
		on        date.Date
		want      hoursView
	}{
		{name: "minimum met", yearStart: september, rule: flat, person: fullTime, evidence: thirty, on: midYear,
			want: hoursView{Status: Compliant, ValidUntil: yearEnd, Done: hrs("30"), Required: hrs("30")}},
		{name: "just short", yearStart: september, rule: flat, person: fullTime, on: midYear,
			evidence: []Evidence{activity("a1", "2026-10-01", "29.9", "", "")},
			want:     hoursView{Status: Pending, DueBy: yearEnd, Done: hrs("29.9"), Required: hrs("30")}},
		{name: "decimal hours add exactly", yearStart: september, rule: upToDate, person: fullTime, on: midYear,
			evidence: []Evidence{activity("a1", "2026-10-01", "1.25", "keeping_up_to_date", ""), activity("a2", "2026-10-02", "8.75", "career_progression", "")},
			want:     hoursView{Status: Compliant, ValidUntil: yearEnd, Done: hrs("10"), Required: hrs("10")}},
		{name: "year start counts, the day before does not", yearStart: september, rule: flat, person: fullTime, on: midYear,
			evidence: []Evidence{activity("a1", "2026-08-31", "10", "", ""), activity("a2", "2026-09-01", "5", "", "")},
			want:     hoursView{Status: Pending, DueBy: yearEnd, Done: hrs("5"), Required: hrs("30")}},
		{name: "last day of the year counts", yearStart: september, rule: flat, person: fullTime, on: yearEnd,
			evidence: []Evidence{activity("a1", "2027-08-31", "30", "", "")},
			want:     hoursView{Status: Compliant, ValidUntil: yearEnd, Done: hrs("30"), Required: hrs("30")}},
		{name: "hours after the evaluation day do not count", yearStart: september, rule: flat, person: fullTime, on: day("2027-01-31"), evidence: thirty,
			want: hoursView{Status: Pending, DueBy: yearEnd, Done: hrs("20"), Required: hrs("30")}},
		{name: "August year start", yearStart: august, rule: flat, person: fullTime, on: day("2026-08-01"),
			evidence: []Evidence{activity("a1", "2026-07-31", "10", "", ""), activity("a2", "2026-08-01", "30", "", "")},
			want:     hoursView{Status: Compliant, ValidUntil: day("2027-07-31"), Done: hrs("30"), Required: hrs("30")}},
		{name: "aspects filter", yearStart: september, rule: upToDate, person: fullTime, evidence: thirty, on: midYear,
			want: hoursView{Status: Compliant, ValidUntil: yearEnd, Done: hrs("10"), Required: hrs("10")}},
		{name: "activity kinds filter", yearStart: september, rule: courses, person: fullTime, on: midYear,
			evidence: []Evidence{activity("a1", "2026-10-01", "6", "", "external_course"), activity("a2", "2026-11-01", "6", "", "webinar")},
			want:     hoursView{Status: Pending, DueBy: yearEnd, Done: hrs("6"), Required: hrs("10")}},
		{name: "FTE 0.5 halves", yearStart: september, rule: fte, person: veteranAt("0.5"), on: midYear,
			evidence: []Evidence{activity("a1", "2026-10-01", "15", "", "")},
			want:     hoursView{Status: Compliant, ValidUntil: yearEnd, Done: hrs("15"), Required: hrs("15")}},
		{name: "FTE ignored without pro rata", yearStart: september, rule: flat, person: veteranAt("0.5"), on: midYear,
			evidence: []Evidence{activity("a1", "2026-10-01", "15", "", "")},
			want:     hoursView{Status: Pending, DueBy: yearEnd, Done: hrs("15"), Required: hrs("30")}},
		{name: "FTE 1 is full time", yearStart: september, rule: fte, person: veteranAt("1"), on: midYear,
			want: hoursView{Status: Pending, DueBy: yearEnd, Done: hrs("0"), Required: hrs("30")}},
		{name: "FTE 0.1 raised to the floor", yearStart: september, rule: floored, person: veteranAt("0.1"), on: midYear,
			want: hoursView{Status: Pending, DueBy: yearEnd, Done: hrs("0"), Required: hrs("6")}},
		{name: "FTE 0.3 above the floor", yearStart: september, rule: floored, person: veteranAt("0.3"), on: midYear,
			want: hoursView{Status: Pending, DueBy: yearEnd, Done: hrs("0"), Required: hrs("9")}},
		{name: "rounded half up to a tenth", yearStart: september, rule: halfUp, person: veteranAt("0.5"), on: midYear,
			want: hoursView{Status: Pending, DueBy: yearEnd, Done: hrs("0"), Required: hrs("3.7")}},
		{name: "starter in November at FTE 0.5", yearStart: september, rule: both, on: midYear,
			person: Person{ID: "p1", Start: day("2026-11-01"), FTE: hrs("0.5")},
			want:   hoursView{Status: Pending, DueBy: yearEnd, Done: hrs("0"), Required: hrs("12.5")}},
		{name: "starter in November full time", yearStart: september, rule: service, on: midYear,
			person: Person{ID: "p1", Start: day("2026-11-01")},
			want:   hoursView{Status: Pending, DueBy: yearEnd, Done: hrs("0"), Required: hrs("25")}},
		{name: "leaver at end of February", yearStart: september, rule: service, on: day("2027-02-15"),
			person: Person{ID: "p1", Start: day("2015-09-01"), Leaving: day("2027-02-28")},
			want:   hoursView{Status: Pending, DueBy: yearEnd, Done: hrs("0"), Required: hrs("14.9")}},
		{name: "starter in a 366-day year", yearStart: september, rule: service, on: day("2028-03-01"),
			person: Person{ID: "p1", Start: day("2028-03-01")},
			want:   hoursView{Status: Pending, DueBy: day("2028-08-31"), Done: hrs("0"), Required: hrs("15.1")}},
		{name: "four-month absence reduces", yearStart: september, rule: absences, person: absent("2027-01-01", "2027-04-30"), on: midYear,
			want: hoursView{Status: Pending, DueBy: yearEnd, Done: hrs("0"), Required: hrs("20.1")}},
		{name: "two-month absence does not reduce", yearStart: september, rule: absences, person: absent("2027-01-01", "2027-02-28"), on: midYear,
			want: hoursView{Status: Pending, DueBy: yearEnd, Done: hrs("0"), Required: hrs("30")}},
		{name: "absence exactly the threshold reduces", yearStart: september, rule: absences, person: absent("2026-10-01", "2026-12-31"), on: midYear,
			want: hoursView{Status: Pending, DueBy: yearEnd, Done: hrs("0"), Required: hrs("22.4")}},
		{name: "absence a day short of the threshold does not reduce", yearStart: september, rule: absences, person: absent("2026-10-01", "2026-12-30"), on: midYear,
			want: hoursView{Status: Pending, DueBy: yearEnd, Done: hrs("0"), Required: hrs("30")}},
		{name: "absence straddling the year start reduces only its days in the year", yearStart: september, rule: absences, person: absent("2026-07-01", "2026-10-31"), on: midYear,
			want: hoursView{Status: Pending, DueBy: yearEnd, Done: hrs("0"), Required: hrs("25")}},
		{name: "not started yet: not applicable", yearStart: september, rule: flat, on: midYear,
			person: Person{ID: "p1", Start: day("2027-04-01")}, evidence: []Evidence{activity("a1", "2026-10-01", "30", "", "")},
			want: hoursView{Status: NotApplicable, Done: hrs("0"), Required: hrs("0")}},
		{name: "no days in post: nothing required", yearStart: september, rule: service, on: day("2026-09-05"),
			person: Person{ID: "p1", Start: day("2015-09-01"), Leaving: day("2026-08-20")},
			want:   hoursView{Status: NotApplicable, Done: hrs("0"), Required: hrs("0")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := hoursOf(evaluateHours(t, tc.yearStart, tc.rule, tc.person, tc.evidence, tc.on))
			if diff := cmp.Diff(tc.want, got, decimalEqual()); diff != "" {
				t.Errorf("hours item mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEvaluateMinimumHoursHugeSum adds up more hours than 64 bits of
// thousandths hold: the sum stops at the largest it can hold instead of
// wrapping round to a shortfall.
func TestEvaluateMinimumHoursHugeSum(t *testing.T) {
	evs := make([]Evidence, 10_000)
	for i := range evs {
		evs[i] = activity(fmt.Sprintf("a%d", i), "2026-10-01", "999999999999", "", "")
	}
	it := evaluateHours(t, MonthDay{Month: time.September, Day: 1}, HoursRule{Minimum: hrs("30")}, Person{ID: "p1", Start: day("2015-09-01")}, evs, day("2027-03-01"))
	want := hoursView{Status: Compliant, ValidUntil: day("2027-08-31"), Done: hrs("9223372036854775.807"), Required: hrs("30")}
	if diff := cmp.Diff(want, hoursOf(it), decimalEqual()); diff != "" {
		t.Errorf("hours item mismatch (-want +got):\n%s", diff)
	}
}

// TestEvaluateHoursRelevantOnly: LETTA L53, "Only professional learning
// relevant to an individual's job role or specifically required by the
// organisation will be within the scope of this policy". With RelevantOnly
// a record's hours count when it is marked relevant or it meets one of the
// policy's requirements (training the organisation requires); a 20-hour
// personal-interest evening class does not count.
func TestEvaluateHoursRelevantOnly(t *testing.T) {
	september := MonthDay{Month: time.September, Day: 1}
	relevantOnly := &HoursRule{Minimum: hrs("30"), RelevantOnly: true}
	policy := func(h *HoursRule) Policy {
		return Policy{ID: "test", AcademicYearStart: september, Requirements: []Requirement{
			{ID: "hours", Kind: MinimumHours, Hours: h},
			{ID: "safeguarding", Kind: RenewableTraining, Validity: per("P1Y")},
		}}
	}
	evening := Evidence{ID: "pottery", Topic: "evening-class", Date: day("2026-10-01"), Hours: hrs("20")}
	course := Evidence{ID: "phonics", Topic: "phonics", Date: day("2026-10-08"), Hours: hrs("6"), Relevant: true}
	required := Evidence{ID: "sg", Topic: "safeguarding", Date: day("2026-09-10"), Hours: hrs("3")}
	evs := []Evidence{evening, course, required}
	tests := []struct {
		name string
		rule *HoursRule
		want string
	}{
		{name: "every record counts without the filter", rule: &HoursRule{Minimum: hrs("30")}, want: "29"},
		{name: "relevant and required learning only", rule: relevantOnly, want: "9"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Evaluate(policy(tc.rule), Person{ID: "p1", Start: day("2015-09-01")}, evs, day("2026-11-25"))
			require.NoError(t, err)
			require.True(t, hrs(tc.want).Equal(res.Items[0].HoursDone), "hours done %s, want %s", res.Items[0].HoursDone, tc.want)
		})
	}
}
