package compliance

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestEvaluateLeaversAndYearEnd covers a leaver after their last day, an
// hours shortfall on the academic year's last day, and the reason text of
// an extension.
func TestEvaluateLeaversAndYearEnd(t *testing.T) {
	p := Policy{ID: "p", AcademicYearStart: MonthDay{9, 1}, Requirements: []Requirement{
		{ID: "safeguarding", Kind: RenewableTraining, Validity: period.MustParse("P1Y")},
		{ID: "hours", Kind: MinimumHours, Hours: &HoursRule{Minimum: decimal.NewFromInt(30)}},
	}}
	e, err := NewEvaluator(p)
	require.NoError(t, err)
	start := date.MustParseISO("2020-09-01")
	sixHours := []Evidence{{ID: "w", Topic: "webinar", Date: date.MustParseISO("2026-10-01"), Hours: decimal.NewFromInt(6)}}
	type view struct {
		Status Status
		DueBy  date.Date
		Reason string
	}
	tests := []struct {
		name   string
		person Person
		ev     []Evidence
		on     string
		req    string
		want   view
	}{
		{name: "leaver on their last day is still assessed", person: Person{ID: "a", Start: start, Leaving: date.MustParseISO("2026-11-30")},
			on: "2026-11-30", req: "safeguarding", want: view{Missing, 0, "No evidence held."}},
		{name: "leaver after their last day is not applicable", person: Person{ID: "a", Start: start, Leaving: date.MustParseISO("2026-11-30")},
			on: "2026-12-01", req: "safeguarding", want: view{NotApplicable, 0, "Left on 2026-11-30."}},
		{name: "hours short the day before the year ends is pending", person: Person{ID: "b", Start: start}, ev: sixHours,
			on: "2027-08-30", req: "hours", want: view{Pending, date.MustParseISO("2027-08-31"), "6.0 of 30.0 hours done in 2026/27; due by 2027-08-31."}},
		{name: "hours short on the year's last day is missing", person: Person{ID: "b", Start: start}, ev: sixHours,
			on: "2027-08-31", req: "hours", want: view{Missing, date.MustParseISO("2027-08-31"), "6.0 of 30.0 hours done in 2026/27, which ends today."}},
		{name: "hours short on the year's last day with an extension is pending", person: Person{ID: "b", Start: start,
			Extensions: []Extension{{Requirement: "hours", Until: date.MustParseISO("2027-09-30"), Reason: "long illness", GrantedBy: "line manager"}}}, ev: sixHours,
			on: "2027-08-31", req: "hours", want: view{Pending, date.MustParseISO("2027-09-30"), "6.0 of 30.0 hours done in 2026/27, which ends today. Extended to 2027-09-30 by line manager: long illness."}},
		{name: "hours short on the year's last day after an extension is missing", person: Person{ID: "b", Start: start,
			Extensions: []Extension{{Requirement: "hours", Until: date.MustParseISO("2027-08-30"), Reason: "long illness", GrantedBy: "line manager"}}}, ev: sixHours,
			on: "2027-08-31", req: "hours", want: view{Missing, date.MustParseISO("2027-08-31"), "6.0 of 30.0 hours done in 2026/27, which ends today. Extended to 2027-08-30 by line manager: long illness."}},
		{name: "a new year starts pending again", person: Person{ID: "b", Start: start}, ev: sixHours,
			on: "2027-09-01", req: "hours", want: view{Pending, date.MustParseISO("2028-08-31"), "0.0 of 30.0 hours done in 2027/28; due by 2028-08-31."}},
		{name: "extension reason names its date once", person: Person{ID: "c", Start: start,
			Extensions: []Extension{{Requirement: "safeguarding", Until: date.MustParseISO("2026-12-09"), Reason: "course booked", GrantedBy: "line manager"}}},
			on: "2026-11-25", req: "safeguarding", want: view{Pending, date.MustParseISO("2026-12-09"), "No evidence held. Extended to 2026-12-09 by line manager: course booked."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := e.Evaluate(tc.person, tc.ev, date.MustParseISO(tc.on))
			require.NoError(t, err)
			it, ok := res.Item(tc.req)
			require.True(t, ok)
			if diff := cmp.Diff(tc.want, view{it.Status, it.DueBy, it.Reason()}); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestItemMarshalJSON checks the JSON form of items: the requirement by
// ID, the stable status name, ISO 8601 dates, exact hours and the reason.
func TestItemMarshalJSON(t *testing.T) {
	p := Policy{ID: "p", AcademicYearStart: MonthDay{9, 1}, Requirements: []Requirement{
		{ID: "safeguarding", Kind: RenewableTraining, Validity: period.MustParse("P1Y"), RenewalWindow: period.MustParse("P1M")},
		{ID: "hours", Kind: MinimumHours, Hours: &HoursRule{Minimum: decimal.NewFromInt(30)}},
	}}
	person := Person{ID: "a", Start: date.MustParseISO("2020-09-01")}
	evs := []Evidence{{ID: "c1", Topic: "safeguarding", Date: date.MustParseISO("2025-12-10"), Hours: decimal.RequireFromString("1.5")}}
	res, err := Evaluate(p, person, evs, date.MustParseISO("2026-11-25"))
	require.NoError(t, err)
	tests := []struct {
		name string
		item Item
		want string
	}{
		{name: "renewable training due soon", item: res.Items[0], want: `{"requirement": "safeguarding", "status": "due_soon",
			"valid_until": "2026-12-09", "due_by": "2026-12-09", "evidence": "c1", "evidence_date": "2025-12-10",
			"reason": "Completed 2025-12-10 (c1); valid until 2026-12-09, so due for renewal."}`},
		{name: "hours", item: res.Items[1], want: `{"requirement": "hours", "status": "pending", "due_by": "2027-08-31",
			"hours_done": "0", "hours_required": "30", "reason": "0.0 of 30.0 hours done in 2026/27; due by 2027-08-31."}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.Marshal(tc.item)
			require.NoError(t, err)
			require.JSONEq(t, tc.want, string(got))
		})
	}
}
