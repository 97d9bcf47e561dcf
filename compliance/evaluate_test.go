package compliance

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// decimalEqual compares decimals by value, so 15 equals 15.000.
func decimalEqual() cmp.Option {
	return cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })
}

// itemView is the part of an Item most tests compare.
type itemView struct {
	Status        Status
	ValidUntil    date.Date
	DueBy         date.Date
	Evidence      string // ID of the deciding evidence; "" for none
	FutureIgnored bool
}

func viewOf(it Item) itemView {
	v := itemView{Status: it.Status, ValidUntil: it.ValidUntil, DueBy: it.DueBy, FutureIgnored: it.FutureIgnored}
	if it.Evidence != nil {
		v.Evidence = it.Evidence.ID
	}
	return v
}

// overrideView is an Item with the extension, exemption and plan that shaped it.
type overrideView struct {
	Status     Status
	ValidUntil date.Date
	DueBy      date.Date
	Extension  *Extension
	Exemption  *Exemption
	Plan       *Plan
}

func overrideOf(it Item) overrideView {
	return overrideView{Status: it.Status, ValidUntil: it.ValidUntil, DueBy: it.DueBy, Extension: it.Extension, Exemption: it.Exemption, Plan: it.Plan}
}

// testPolicy is a policy with a 1 September academic year, the given
// requirements and, last, a one-off "other" requirement that extensions and
// exemptions in tests can name.
func testPolicy(reqs ...Requirement) Policy {
	reqs = append(reqs, Requirement{ID: "other", Kind: OneOffTraining})
	return Policy{ID: "test", AcademicYearStart: MonthDay{Month: time.September, Day: 1}, Requirements: reqs}
}

// evaluateItem evaluates a person against testPolicy(req) and returns req's item.
func evaluateItem(t *testing.T, req Requirement, p Person, evs []Evidence, on date.Date) Item {
	t.Helper()
	e, err := NewEvaluator(testPolicy(req))
	require.NoError(t, err)
	res, err := e.Evaluate(p, evs, on)
	require.NoError(t, err)
	require.Len(t, res.Items, 2)
	require.Equal(t, req.ID, res.Items[0].Requirement.ID)
	return res.Items[0]
}

func ev(id, topic, on string) Evidence { return Evidence{ID: id, Topic: topic, Date: day(on)} }

func evUntil(id, topic, on, until string) Evidence {
	return Evidence{ID: id, Topic: topic, Date: day(on), ValidUntil: day(until)}
}

// veteran is a person who started long before any test date.
func veteran() Person { return Person{ID: "p1", Start: date.New(2010, time.January, 4)} }

func TestEvaluateValidity(t *testing.T) {
	graced := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y"), RenewalWindow: per("P1M"), GracePeriod: per("P1M")}
	year := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y")}
	yearWindow := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y"), RenewalWindow: per("P1M")}
	yearFortnight := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y"), RenewalWindow: per("P2W")}
	month := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1M")}
	monthGraced := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1M"), GracePeriod: per("P1M")}
	leapDay := []Evidence{ev("e1", "sg", "2024-02-29")}

	tests := []struct {
		name     string
		req      Requirement
		evidence []Evidence
		on       date.Date
		want     itemView
	}{
		{name: "29 Feb: completion day counts", req: graced, evidence: leapDay, on: day("2024-02-29"),
			want: itemView{Status: Compliant, ValidUntil: day("2025-02-27"), Evidence: "e1"}},
		{name: "29 Feb: day before renewal window", req: graced, evidence: leapDay, on: day("2025-01-27"),
			want: itemView{Status: Compliant, ValidUntil: day("2025-02-27"), Evidence: "e1"}},
		{name: "29 Feb: first day of renewal window", req: graced, evidence: leapDay, on: day("2025-01-28"),
			want: itemView{Status: DueSoon, ValidUntil: day("2025-02-27"), DueBy: day("2025-02-27"), Evidence: "e1"}},
		{name: "29 Feb: last valid day is last day of window", req: graced, evidence: leapDay, on: day("2025-02-27"),
			want: itemView{Status: DueSoon, ValidUntil: day("2025-02-27"), DueBy: day("2025-02-27"), Evidence: "e1"}},
		{name: "29 Feb: first expired day is first day of grace", req: graced, evidence: leapDay, on: day("2025-02-28"),
			want: itemView{Status: DueSoon, ValidUntil: day("2025-02-27"), DueBy: day("2025-03-27"), Evidence: "e1"}},
		{name: "29 Feb: last day of grace", req: graced, evidence: leapDay, on: day("2025-03-27"),
			want: itemView{Status: DueSoon, ValidUntil: day("2025-02-27"), DueBy: day("2025-03-27"), Evidence: "e1"}},
		{name: "29 Feb: first day after grace is overdue", req: graced, evidence: leapDay, on: day("2025-03-28"),
			want: itemView{Status: Overdue, ValidUntil: day("2025-02-27"), DueBy: day("2025-03-27"), Evidence: "e1"}},
		{name: "29 Feb plus P1Y: last valid day", req: year, evidence: leapDay, on: day("2025-02-27"),
			want: itemView{Status: Compliant, ValidUntil: day("2025-02-27"), Evidence: "e1"}},
		{name: "29 Feb plus P1Y: first expired day, no grace", req: year, evidence: leapDay, on: day("2025-02-28"),
			want: itemView{Status: Overdue, ValidUntil: day("2025-02-27"), DueBy: day("2025-02-27"), Evidence: "e1"}},
		{name: "31 Jan plus P1M: last valid day", req: month, evidence: []Evidence{ev("e1", "sg", "2025-01-31")}, on: day("2025-02-27"),
			want: itemView{Status: Compliant, ValidUntil: day("2025-02-27"), Evidence: "e1"}},
		{name: "31 Jan plus P1M: first expired day", req: month, evidence: []Evidence{ev("e1", "sg", "2025-01-31")}, on: day("2025-02-28"),
			want: itemView{Status: Overdue, ValidUntil: day("2025-02-27"), DueBy: day("2025-02-27"), Evidence: "e1"}},
		{name: "31 Jan 2024 plus P1M: last valid day 28 Feb", req: month, evidence: []Evidence{ev("e1", "sg", "2024-01-31")}, on: day("2024-02-28"),
			want: itemView{Status: Compliant, ValidUntil: day("2024-02-28"), Evidence: "e1"}},
		{name: "31 Jan 2024 plus P1M: 29 Feb is expired", req: month, evidence: []Evidence{ev("e1", "sg", "2024-01-31")}, on: day("2024-02-29"),
			want: itemView{Status: Overdue, ValidUntil: day("2024-02-28"), DueBy: day("2024-02-28"), Evidence: "e1"}},
		{name: "month-end expiry: day before window clamps to Feb", req: yearWindow, evidence: []Evidence{ev("e1", "sg", "2024-03-31")}, on: day("2025-02-27"),
			want: itemView{Status: Compliant, ValidUntil: day("2025-03-30"), Evidence: "e1"}},
		{name: "month-end expiry: window opens 28 Feb", req: yearWindow, evidence: []Evidence{ev("e1", "sg", "2024-03-31")}, on: day("2025-02-28"),
			want: itemView{Status: DueSoon, ValidUntil: day("2025-03-30"), DueBy: day("2025-03-30"), Evidence: "e1"}},
		{name: "month-end grace: last grace day", req: monthGraced, evidence: []Evidence{ev("e1", "sg", "2025-01-31")}, on: day("2025-03-27"),
			want: itemView{Status: DueSoon, ValidUntil: day("2025-02-27"), DueBy: day("2025-03-27"), Evidence: "e1"}},
		{name: "month-end grace: overdue after grace", req: monthGraced, evidence: []Evidence{ev("e1", "sg", "2025-01-31")}, on: day("2025-03-28"),
			want: itemView{Status: Overdue, ValidUntil: day("2025-02-27"), DueBy: day("2025-03-27"), Evidence: "e1"}},
		{name: "fortnight window: day before", req: yearFortnight, evidence: []Evidence{ev("e1", "sg", "2025-06-15")}, on: day("2026-05-31"),
			want: itemView{Status: Compliant, ValidUntil: day("2026-06-14"), Evidence: "e1"}},
		{name: "fortnight window: first day", req: yearFortnight, evidence: []Evidence{ev("e1", "sg", "2025-06-15")}, on: day("2026-06-01"),
			want: itemView{Status: DueSoon, ValidUntil: day("2026-06-14"), DueBy: day("2026-06-14"), Evidence: "e1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := viewOf(evaluateItem(t, tc.req, veteran(), tc.evidence, tc.on))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("item mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEvaluateInduction(t *testing.T) {
	withDeadline := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y"), InductionDeadline: per("P30D")}
	monthDeadline := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y"), InductionDeadline: per("P1M")}
	noDeadline := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y")}
	starter := Person{ID: "p1", Start: day("2026-01-15")}
	monthEndStarter := Person{ID: "p1", Start: day("2026-01-31")}

	tests := []struct {
		name     string
		req      Requirement
		person   Person
		evidence []Evidence
		on       date.Date
		want     itemView
	}{
		{name: "day before start is not applicable", req: withDeadline, person: starter, on: day("2026-01-14"),
			want: itemView{Status: NotApplicable}},
		{name: "start day is pending", req: withDeadline, person: starter, on: day("2026-01-15"),
			want: itemView{Status: Pending, DueBy: day("2026-02-13")}},
		{name: "start plus 29 days is still pending", req: withDeadline, person: starter, on: day("2026-02-13"),
			want: itemView{Status: Pending, DueBy: day("2026-02-13")}},
		{name: "start plus 30 days is missing", req: withDeadline, person: starter, on: day("2026-02-14"),
			want: itemView{Status: Missing, DueBy: day("2026-02-13")}},
		{name: "no deadline is missing at once", req: noDeadline, person: starter, on: day("2026-01-15"),
			want: itemView{Status: Missing}},
		{name: "starter who completed is compliant", req: withDeadline, person: starter, evidence: []Evidence{ev("e1", "sg", "2026-01-20")}, on: day("2026-01-25"),
			want: itemView{Status: Compliant, ValidUntil: day("2027-01-19"), Evidence: "e1"}},
		{name: "late completion still counts", req: withDeadline, person: starter, evidence: []Evidence{ev("e1", "sg", "2026-03-01")}, on: day("2026-03-02"),
			want: itemView{Status: Compliant, ValidUntil: day("2027-02-28"), Evidence: "e1"}},
		{name: "starter's expired certificate is pending on the start day", req: withDeadline, person: starter, evidence: []Evidence{ev("e1", "sg", "2024-06-01")}, on: day("2026-01-15"),
			want: itemView{Status: Pending, ValidUntil: day("2025-05-31"), DueBy: day("2026-02-13"), Evidence: "e1"}},
		{name: "starter's expired certificate is pending on the deadline day", req: withDeadline, person: starter, evidence: []Evidence{ev("e1", "sg", "2024-06-01")}, on: day("2026-02-13"),
			want: itemView{Status: Pending, ValidUntil: day("2025-05-31"), DueBy: day("2026-02-13"), Evidence: "e1"}},
		{name: "starter's expired certificate is overdue after the deadline", req: withDeadline, person: starter, evidence: []Evidence{ev("e1", "sg", "2024-06-01")}, on: day("2026-02-14"),
			want: itemView{Status: Overdue, ValidUntil: day("2025-05-31"), DueBy: day("2025-05-31"), Evidence: "e1"}},
		{name: "starter's expired certificate without a deadline is overdue at once", req: noDeadline, person: starter, evidence: []Evidence{ev("e1", "sg", "2024-06-01")}, on: day("2026-01-15"),
			want: itemView{Status: Overdue, ValidUntil: day("2025-05-31"), DueBy: day("2025-05-31"), Evidence: "e1"}},
		{name: "starter's certificate expiring during induction is pending to the deadline", req: withDeadline, person: starter, evidence: []Evidence{ev("e1", "sg", "2025-01-20")}, on: day("2026-01-25"),
			want: itemView{Status: Pending, ValidUntil: day("2026-01-19"), DueBy: day("2026-02-13"), Evidence: "e1"}},
		{name: "P1M deadline from 31 Jan: last pending day", req: monthDeadline, person: monthEndStarter, on: day("2026-02-27"),
			want: itemView{Status: Pending, DueBy: day("2026-02-27")}},
		{name: "P1M deadline from 31 Jan: 28 Feb is missing", req: monthDeadline, person: monthEndStarter, on: day("2026-02-28"),
			want: itemView{Status: Missing, DueBy: day("2026-02-27")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := viewOf(evaluateItem(t, tc.req, tc.person, tc.evidence, tc.on))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("item mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEvaluateBases(t *testing.T) {
	completion := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y"), RenewalWindow: per("P1M"), GracePeriod: per("P1M")}
	previous := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y"), RenewalWindow: per("P1M"), GracePeriod: per("P1M"), Basis: FromPreviousExpiry}
	previousGraceOnly := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y"), GracePeriod: per("P1M"), Basis: FromPreviousExpiry}
	previousMin := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y"), RenewalWindow: per("P1M"), GracePeriod: per("P1M"), Basis: FromPreviousExpiry, MinimumActive: per("P13M")}
	fixed := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y"), RenewalWindow: per("P1M"), Basis: FixedDate, DueBy: MonthDay{Month: time.December, Day: 31}}
	fixedLeap := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y"), Basis: FixedDate, DueBy: MonthDay{Month: time.February, Day: 29}}
	// The first completion expires on 2025-09-15: its renewal window is
	// [2025-08-15, 2025-09-15) and its grace period [2025-09-15, 2025-10-15).
	renewal := func(on string) []Evidence { return []Evidence{ev("e1", "sg", "2024-09-15"), ev("e2", "sg", on)} }
	later := day("2026-01-01")

	tests := []struct {
		name     string
		req      Requirement
		evidence []Evidence
		on       date.Date
		want     itemView
	}{
		{name: "from completion: early renewal runs from its own date", req: completion, evidence: renewal("2025-08-20"), on: later,
			want: itemView{Status: Compliant, ValidUntil: day("2026-08-19"), Evidence: "e2"}},
		{name: "previous expiry: renewal inside window keeps every day", req: previous, evidence: renewal("2025-08-20"), on: later,
			want: itemView{Status: Compliant, ValidUntil: day("2026-09-14"), Evidence: "e2"}},
		{name: "previous expiry: renewal on first day of window", req: previous, evidence: renewal("2025-08-15"), on: later,
			want: itemView{Status: Compliant, ValidUntil: day("2026-09-14"), Evidence: "e2"}},
		{name: "previous expiry: renewal the day before window runs from completion", req: previous, evidence: renewal("2025-08-14"), on: later,
			want: itemView{Status: Compliant, ValidUntil: day("2026-08-13"), Evidence: "e2"}},
		{name: "previous expiry: renewal in grace extends previous expiry", req: previous, evidence: renewal("2025-10-01"), on: later,
			want: itemView{Status: Compliant, ValidUntil: day("2026-09-14"), Evidence: "e2"}},
		{name: "previous expiry: renewal on last grace day", req: previous, evidence: renewal("2025-10-14"), on: later,
			want: itemView{Status: Compliant, ValidUntil: day("2026-09-14"), Evidence: "e2"}},
		{name: "previous expiry: renewal after grace runs from completion", req: previous, evidence: renewal("2025-10-15"), on: later,
			want: itemView{Status: Compliant, ValidUntil: day("2026-10-14"), Evidence: "e2"}},
		{name: "previous expiry, no window: renewal on the expiry day extends", req: previousGraceOnly, evidence: renewal("2025-09-15"), on: later,
			want: itemView{Status: Compliant, ValidUntil: day("2026-09-14"), Evidence: "e2"}},
		{name: "previous expiry, no window: renewal in grace extends", req: previousGraceOnly, evidence: renewal("2025-09-20"), on: later,
			want: itemView{Status: Compliant, ValidUntil: day("2026-09-14"), Evidence: "e2"}},
		{name: "previous expiry, no window: renewal before expiry runs from completion", req: previousGraceOnly, evidence: renewal("2025-09-14"), on: later,
			want: itemView{Status: Compliant, ValidUntil: day("2026-09-13"), Evidence: "e2"}},
		{name: "previous expiry: minimum active wins when longer", req: previousMin, evidence: renewal("2025-08-20"), on: later,
			want: itemView{Status: Compliant, ValidUntil: day("2026-09-19"), Evidence: "e2"}},
		{name: "previous expiry: evidence out of order", req: previous, evidence: []Evidence{ev("e2", "sg", "2025-08-20"), ev("e1", "sg", "2024-09-15")}, on: later,
			want: itemView{Status: Compliant, ValidUntil: day("2026-09-14"), Evidence: "e2"}},
		{name: "previous expiry: chain of three renewals", req: previous,
			evidence: []Evidence{ev("e1", "sg", "2023-09-15"), ev("e2", "sg", "2024-08-20"), ev("e3", "sg", "2025-08-25")}, on: later,
			want: itemView{Status: Compliant, ValidUntil: day("2026-09-14"), Evidence: "e3"}},
		{name: "previous expiry: window status uses the chained expiry", req: previous, evidence: renewal("2025-08-20"), on: day("2026-08-15"),
			want: itemView{Status: DueSoon, ValidUntil: day("2026-09-14"), DueBy: day("2026-09-14"), Evidence: "e2"}},
		{name: "fixed date: completion in March counts to next year's due date", req: fixed, evidence: []Evidence{ev("e1", "sg", "2026-03-01")}, on: day("2026-06-01"),
			want: itemView{Status: Compliant, ValidUntil: day("2027-12-31"), Evidence: "e1"}},
		{name: "fixed date: completion on the due date", req: fixed, evidence: []Evidence{ev("e1", "sg", "2026-12-31")}, on: day("2027-01-15"),
			want: itemView{Status: Compliant, ValidUntil: day("2027-12-31"), Evidence: "e1"}},
		{name: "fixed date: completion the day after the due date", req: fixed, evidence: []Evidence{ev("e1", "sg", "2027-01-01")}, on: day("2027-06-01"),
			want: itemView{Status: Compliant, ValidUntil: day("2028-12-31"), Evidence: "e1"}},
		{name: "fixed date: renewal window before the due date", req: fixed, evidence: []Evidence{ev("e1", "sg", "2026-03-01")}, on: day("2027-12-01"),
			want: itemView{Status: DueSoon, ValidUntil: day("2027-12-31"), DueBy: day("2027-12-31"), Evidence: "e1"}},
		{name: "fixed date: overdue the day after", req: fixed, evidence: []Evidence{ev("e1", "sg", "2026-03-01")}, on: day("2028-01-01"),
			want: itemView{Status: Overdue, ValidUntil: day("2027-12-31"), DueBy: day("2027-12-31"), Evidence: "e1"}},
		{name: "fixed date 29 Feb clamps in common years", req: fixedLeap, evidence: []Evidence{ev("e1", "sg", "2027-03-01")}, on: day("2027-06-01"),
			want: itemView{Status: Compliant, ValidUntil: day("2029-02-28"), Evidence: "e1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := viewOf(evaluateItem(t, tc.req, veteran(), tc.evidence, tc.on))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("item mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEvaluateEvidenceChoice(t *testing.T) {
	threeYears := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P3Y")}
	year := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y")}
	equivalent := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y"), Topics: []string{"safeguarding", "dsl"}}

	tests := []struct {
		name     string
		req      Requirement
		evidence []Evidence
		on       date.Date
		want     itemView
	}{
		{name: "certificate expiring before D+V wins", req: threeYears, evidence: []Evidence{evUntil("e1", "sg", "2025-01-10", "2026-01-09")}, on: day("2026-01-09"),
			want: itemView{Status: Compliant, ValidUntil: day("2026-01-09"), Evidence: "e1"}},
		{name: "certificate expiry passed", req: threeYears, evidence: []Evidence{evUntil("e1", "sg", "2025-01-10", "2026-01-09")}, on: day("2026-01-10"),
			want: itemView{Status: Overdue, ValidUntil: day("2026-01-09"), DueBy: day("2026-01-09"), Evidence: "e1"}},
		{name: "certificate expiring after D+V does not extend", req: year, evidence: []Evidence{evUntil("e1", "sg", "2025-01-10", "2027-06-30")}, on: day("2025-06-01"),
			want: itemView{Status: Compliant, ValidUntil: day("2026-01-09"), Evidence: "e1"}},
		{name: "latest expiry decides, not latest date", req: year,
			evidence: []Evidence{ev("e1", "sg", "2025-06-01"), evUntil("e2", "sg", "2025-09-01", "2025-12-31")}, on: day("2026-01-15"),
			want: itemView{Status: Compliant, ValidUntil: day("2026-05-31"), Evidence: "e1"}},
		{name: "latest completion decides whatever the order", req: year,
			evidence: []Evidence{ev("e2", "sg", "2025-03-01"), ev("e1", "sg", "2024-05-01")}, on: day("2025-06-01"),
			want: itemView{Status: Compliant, ValidUntil: day("2026-02-28"), Evidence: "e2"}},
		{name: "certificate with later expiry beats plain completion", req: year,
			evidence: []Evidence{ev("e1", "sg", "2025-01-10"), evUntil("e2", "sg", "2025-06-01", "2025-12-31")}, on: day("2026-01-15"),
			want: itemView{Status: Overdue, ValidUntil: day("2026-01-09"), DueBy: day("2026-01-09"), Evidence: "e1"}},
		{name: "evidence dated on the evaluation day counts", req: year, evidence: []Evidence{ev("e1", "sg", "2025-06-01")}, on: day("2025-06-01"),
			want: itemView{Status: Compliant, ValidUntil: day("2026-05-31"), Evidence: "e1"}},
		{name: "future evidence is ignored", req: year,
			evidence: []Evidence{ev("e1", "sg", "2025-01-10"), ev("e2", "sg", "2026-02-01")}, on: day("2026-01-15"),
			want: itemView{Status: Overdue, ValidUntil: day("2026-01-09"), DueBy: day("2026-01-09"), Evidence: "e1", FutureIgnored: true}},
		{name: "only future evidence is missing", req: year, evidence: []Evidence{ev("e2", "sg", "2026-01-16")}, on: day("2026-01-15"),
			want: itemView{Status: Missing, FutureIgnored: true}},
		{name: "future evidence for another topic is not flagged", req: year,
			evidence: []Evidence{ev("e1", "sg", "2025-06-01"), ev("e2", "other", "2026-02-01")}, on: day("2026-01-15"),
			want: itemView{Status: Compliant, ValidUntil: day("2026-05-31"), Evidence: "e1"}},
		{name: "equivalent topic satisfies", req: equivalent, evidence: []Evidence{ev("e1", "dsl", "2025-06-01")}, on: day("2026-01-15"),
			want: itemView{Status: Compliant, ValidUntil: day("2026-05-31"), Evidence: "e1"}},
		{name: "listed topics replace the ID", req: equivalent, evidence: []Evidence{ev("e1", "sg", "2025-06-01")}, on: day("2026-01-15"),
			want: itemView{Status: Missing}},
		{name: "empty topics: the ID is the topic", req: year, evidence: []Evidence{ev("e1", "sg", "2025-06-01")}, on: day("2026-01-15"),
			want: itemView{Status: Compliant, ValidUntil: day("2026-05-31"), Evidence: "e1"}},
		{name: "unrelated topic does not satisfy", req: year, evidence: []Evidence{ev("e1", "prevent", "2025-06-01")}, on: day("2026-01-15"),
			want: itemView{Status: Missing}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := viewOf(evaluateItem(t, tc.req, veteran(), tc.evidence, tc.on))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("item mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEvaluateIgnored(t *testing.T) {
	policy := testPolicy(Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y")})
	tests := []struct {
		name     string
		evidence []Evidence
		on       date.Date
		want     []Evidence
	}{
		{name: "none in the future", evidence: []Evidence{ev("e1", "sg", "2025-06-01")}, on: day("2026-01-15"), want: nil},
		{name: "future records listed in order", on: day("2026-01-15"),
			evidence: []Evidence{ev("e3", "other", "2026-03-01"), ev("e1", "sg", "2025-06-01"), ev("e2", "sg", "2026-01-16")},
			want:     []Evidence{ev("e3", "other", "2026-03-01"), ev("e2", "sg", "2026-01-16")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Evaluate(policy, veteran(), tc.evidence, tc.on)
			require.NoError(t, err)
			if diff := cmp.Diff(tc.want, res.Ignored, decimalEqual()); diff != "" {
				t.Errorf("Ignored mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEvaluateKinds(t *testing.T) {
	oneOff := Requirement{ID: "sg", Kind: OneOffTraining}
	qualification := Requirement{ID: "sg", Kind: Qualification}
	expiringQualification := Requirement{ID: "sg", Kind: Qualification, Validity: per("P5Y")}
	membership := Requirement{ID: "sg", Kind: Membership}
	submission := Requirement{ID: "sg", Kind: Submission, Every: per("P2M")}
	starter := Person{ID: "p1", Start: day("2026-01-15")}

	tests := []struct {
		name     string
		req      Requirement
		person   Person
		evidence []Evidence
		on       date.Date
		want     itemView
	}{
		{name: "one-off training never expires", req: oneOff, person: veteran(), evidence: []Evidence{ev("e1", "sg", "2015-05-01")}, on: day("2026-06-01"),
			want: itemView{Status: Compliant, Evidence: "e1"}},
		{name: "one-off training with an expiring certificate", req: oneOff, person: veteran(), evidence: []Evidence{evUntil("e1", "sg", "2015-05-01", "2020-12-31")}, on: day("2026-06-01"),
			want: itemView{Status: Overdue, ValidUntil: day("2020-12-31"), DueBy: day("2020-12-31"), Evidence: "e1"}},
		{name: "one-off training not done", req: oneOff, person: veteran(), on: day("2026-06-01"),
			want: itemView{Status: Missing}},
		{name: "qualification without validity never expires", req: qualification, person: veteran(), evidence: []Evidence{ev("e1", "sg", "1999-07-01")}, on: day("2026-06-01"),
			want: itemView{Status: Compliant, Evidence: "e1"}},
		{name: "qualification with validity expires", req: expiringQualification, person: veteran(), evidence: []Evidence{ev("e1", "sg", "2020-01-01")}, on: day("2026-01-01"),
			want: itemView{Status: Overdue, ValidUntil: day("2024-12-31"), DueBy: day("2024-12-31"), Evidence: "e1"}},
		{name: "membership current on its last day", req: membership, person: veteran(), evidence: []Evidence{evUntil("e1", "sg", "2025-09-01", "2026-08-31")}, on: day("2026-08-31"),
			want: itemView{Status: Compliant, ValidUntil: day("2026-08-31"), Evidence: "e1"}},
		{name: "membership lapsed the day after", req: membership, person: veteran(), evidence: []Evidence{evUntil("e1", "sg", "2025-09-01", "2026-08-31")}, on: day("2026-09-01"),
			want: itemView{Status: Overdue, ValidUntil: day("2026-08-31"), DueBy: day("2026-08-31"), Evidence: "e1"}},
		{name: "membership renewed: latest expiry decides", req: membership, person: veteran(),
			evidence: []Evidence{evUntil("e2", "sg", "2026-08-15", "2027-08-31"), evUntil("e1", "sg", "2025-09-01", "2026-08-31")}, on: day("2026-09-01"),
			want: itemView{Status: Compliant, ValidUntil: day("2027-08-31"), Evidence: "e2"}},
		{name: "submission: first not yet due", req: submission, person: starter, on: day("2026-03-14"),
			want: itemView{Status: Pending, DueBy: day("2026-03-14")}},
		{name: "submission: first overdue is missing", req: submission, person: starter, on: day("2026-03-15"),
			want: itemView{Status: Missing, DueBy: day("2026-03-14")}},
		{name: "submission: last day it counts", req: submission, person: starter, evidence: []Evidence{ev("e1", "sg", "2026-03-01")}, on: day("2026-04-30"),
			want: itemView{Status: Compliant, ValidUntil: day("2026-04-30"), Evidence: "e1"}},
		{name: "submission: next one overdue", req: submission, person: starter, evidence: []Evidence{ev("e1", "sg", "2026-03-01")}, on: day("2026-05-01"),
			want: itemView{Status: Overdue, ValidUntil: day("2026-04-30"), DueBy: day("2026-04-30"), Evidence: "e1"}},
		{name: "submission from 31 Dec counts to 27 Feb", req: submission, person: veteran(), evidence: []Evidence{ev("e1", "sg", "2025-12-31")}, on: day("2026-02-28"),
			want: itemView{Status: Overdue, ValidUntil: day("2026-02-27"), DueBy: day("2026-02-27"), Evidence: "e1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := viewOf(evaluateItem(t, tc.req, tc.person, tc.evidence, tc.on))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("item mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEvaluateScope(t *testing.T) {
	scoped := func(applies, except Scope) Requirement {
		return Requirement{ID: "sg", Kind: OneOffTraining, AppliesTo: applies, Except: except}
	}
	teacher := Person{ID: "p1", Start: day("2020-01-01"), JobRole: "teacher", Employment: Employed, Roles: []string{"staff"}}
	assessor := Person{ID: "p2", Start: day("2020-01-01"), JobRole: "assessor", Employment: Associate, Roles: []string{"staff", "administrator"}}
	on := day("2026-01-15")

	tests := []struct {
		name   string
		req    Requirement
		person Person
		want   Status
	}{
		{name: "empty scope applies to everyone", req: scoped(Scope{}, Scope{}), person: assessor, want: Missing},
		{name: "job role matches", req: scoped(Scope{JobRoles: []string{"teacher"}}, Scope{}), person: teacher, want: Missing},
		{name: "job role does not match", req: scoped(Scope{JobRoles: []string{"teacher"}}, Scope{}), person: assessor, want: NotApplicable},
		{name: "any one organisational role matches", req: scoped(Scope{Roles: []string{"line_manager", "administrator"}}, Scope{}), person: assessor, want: Missing},
		{name: "no organisational role matches", req: scoped(Scope{Roles: []string{"line_manager"}}, Scope{}), person: teacher, want: NotApplicable},
		{name: "employment does not match", req: scoped(Scope{Employment: []Employment{Associate}}, Scope{}), person: teacher, want: NotApplicable},
		{name: "employment matches", req: scoped(Scope{Employment: []Employment{Associate}}, Scope{}), person: assessor, want: Missing},
		{name: "every non-empty list must match", req: scoped(Scope{JobRoles: []string{"teacher"}, Employment: []Employment{Associate}}, Scope{}), person: teacher, want: NotApplicable},
		{name: "except by employment excludes", req: scoped(Scope{}, Scope{Employment: []Employment{Associate}}), person: assessor, want: NotApplicable},
		{name: "except by employment keeps others", req: scoped(Scope{}, Scope{Employment: []Employment{Associate}}), person: teacher, want: Missing},
		{name: "except by role excludes", req: scoped(Scope{JobRoles: []string{"assessor"}}, Scope{Roles: []string{"administrator"}}), person: assessor, want: NotApplicable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := evaluateItem(t, tc.req, tc.person, nil, on)
			if got.Status != tc.want {
				t.Errorf("Status = %s, want %s", got.Status, tc.want)
			}
		})
	}
}

func TestEvaluateOverrides(t *testing.T) {
	sg := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y"), GracePeriod: per("P1M")}
	sgInduction := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y"), InductionDeadline: per("P30D")}
	teachersOnly := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y"), AppliesTo: Scope{JobRoles: []string{"teacher"}}}
	qts := Requirement{ID: "sg", Kind: Qualification}
	expiringQTS := Requirement{ID: "sg", Kind: Qualification, Validity: per("P5Y")}
	oldQTS := []Evidence{ev("e1", "sg", "2020-01-01")} // expires 2025-01-01
	ext := func(until string) Extension {
		return Extension{Requirement: "sg", Until: day(until), Reason: "long-term illness", GrantedBy: "hr-lead"}
	}
	exempt := Exemption{Requirement: "sg", Reason: "holds the DSL qualification", GrantedBy: "head"}
	plan := Plan{Requirement: "sg", By: day("2026-07-31"), Description: "assessment-only route"}
	with := func(start string, exts []Extension, exs []Exemption, plans []Plan) Person {
		return Person{ID: "p1", Start: day(start), JobRole: "assessor", Extensions: exts, Exemptions: exs, Plans: plans}
	}
	lapsed := []Evidence{ev("e1", "sg", "2025-01-10")} // expires 2026-01-10, grace to 2026-02-09
	otherExt := Extension{Requirement: "other", Until: day("2026-12-31"), Reason: "n/a", GrantedBy: "hr-lead"}
	qtsExt := Extension{Requirement: "sg", Until: day("2026-03-31"), Reason: "awaiting result", GrantedBy: "hr-lead"}
	latePlan := Plan{Requirement: "sg", By: day("2026-01-31"), Description: "later plan"}
	earlyPlan := Plan{Requirement: "sg", By: day("2025-06-30"), Description: "earlier plan"}
	twoExts := []Extension{ext("2026-03-31"), ext("2026-05-31")}
	planAndExt := with("2020-01-01", []Extension{otherExt, qtsExt}, nil, []Plan{latePlan, earlyPlan})

	tests := []struct {
		name     string
		req      Requirement
		person   Person
		evidence []Evidence
		on       date.Date
		want     overrideView
	}{
		{name: "missing: extension running on its last day", req: sg, person: with("2020-01-01", []Extension{ext("2026-03-31")}, nil, nil), on: day("2026-03-31"),
			want: overrideView{Status: Pending, DueBy: day("2026-03-31"), Extension: ptr(ext("2026-03-31"))}},
		// An item once planned and missed is overdue, not missing as if
		// nothing had ever been agreed (issue: "a lapsed plan is overdue").
		{name: "overdue: extension passed with nothing done", req: sg, person: with("2020-01-01", []Extension{ext("2026-03-31")}, nil, nil), on: day("2026-04-01"),
			want: overrideView{Status: Overdue, DueBy: day("2026-03-31"), Extension: ptr(ext("2026-03-31"))}},
		{name: "overdue: extension running", req: sg, person: with("2020-01-01", []Extension{ext("2026-03-31")}, nil, nil), evidence: lapsed, on: day("2026-03-31"),
			want: overrideView{Status: Pending, ValidUntil: day("2026-01-09"), DueBy: day("2026-03-31"), Extension: ptr(ext("2026-03-31"))}},
		{name: "overdue: extension passed", req: sg, person: with("2020-01-01", []Extension{ext("2026-03-31")}, nil, nil), evidence: lapsed, on: day("2026-04-01"),
			want: overrideView{Status: Overdue, ValidUntil: day("2026-01-09"), DueBy: day("2026-03-31"), Extension: ptr(ext("2026-03-31"))}},
		{name: "grace period is not changed by an extension", req: sg, person: with("2020-01-01", []Extension{ext("2026-03-31")}, nil, nil), evidence: lapsed, on: day("2026-02-09"),
			want: overrideView{Status: DueSoon, ValidUntil: day("2026-01-09"), DueBy: day("2026-02-09")}},
		{name: "compliant item ignores an extension", req: sg, person: with("2020-01-01", []Extension{ext("2026-03-31")}, nil, nil), evidence: []Evidence{ev("e1", "sg", "2025-06-01")}, on: day("2026-01-15"),
			want: overrideView{Status: Compliant, ValidUntil: day("2026-05-31")}},
		{name: "latest of two extensions applies", req: sg, person: with("2020-01-01", twoExts, nil, nil), on: day("2026-04-15"),
			want: overrideView{Status: Pending, DueBy: day("2026-05-31"), Extension: ptr(ext("2026-05-31"))}},
		{name: "extension beyond the induction deadline", req: sgInduction, person: with("2026-01-15", []Extension{ext("2026-03-31")}, nil, nil), on: day("2026-03-01"),
			want: overrideView{Status: Pending, DueBy: day("2026-03-31"), Extension: ptr(ext("2026-03-31"))}},
		{name: "starter's extension beyond the induction deadline sets the due date", req: sgInduction, person: with("2026-01-15", []Extension{ext("2026-03-31")}, nil, nil), on: day("2026-01-20"),
			want: overrideView{Status: Pending, DueBy: day("2026-03-31"), Extension: ptr(ext("2026-03-31"))}},
		{name: "starter's extension ending before the induction deadline: the deadline decides", req: sgInduction, person: with("2026-01-15", []Extension{ext("2026-01-31")}, nil, nil), on: day("2026-01-20"),
			want: overrideView{Status: Pending, DueBy: day("2026-02-13")}},
		{name: "starter's extension to the deadline day: the deadline decides", req: sgInduction, person: with("2026-01-15", []Extension{ext("2026-02-13")}, nil, nil), on: day("2026-01-20"),
			want: overrideView{Status: Pending, DueBy: day("2026-02-13")}},
		{name: "starter's expired certificate with a later extension", req: sgInduction, person: with("2026-01-15", []Extension{ext("2026-03-31")}, nil, nil), evidence: lapsed, on: day("2026-01-20"),
			want: overrideView{Status: Pending, ValidUntil: day("2026-01-09"), DueBy: day("2026-03-31"), Extension: ptr(ext("2026-03-31"))}},
		{name: "expired qualification with a running plan is planned", req: expiringQTS, person: with("2020-01-01", nil, nil, []Plan{plan}), evidence: oldQTS, on: day("2026-07-31"),
			want: overrideView{Status: Planned, ValidUntil: day("2024-12-31"), DueBy: day("2026-07-31"), Plan: ptr(plan)}},
		{name: "expired qualification whose plan passed is overdue", req: expiringQTS, person: with("2020-01-01", nil, nil, []Plan{plan}), evidence: oldQTS, on: day("2026-08-01"),
			want: overrideView{Status: Overdue, ValidUntil: day("2024-12-31"), DueBy: day("2024-12-31")}},
		{name: "exemption", req: sg, person: with("2020-01-01", nil, []Exemption{exempt}, nil), on: day("2026-01-15"),
			want: overrideView{Status: Exempt, Exemption: ptr(exempt)}},
		{name: "exemption over valid evidence", req: sg, person: with("2020-01-01", nil, []Exemption{exempt}, nil), evidence: []Evidence{ev("e1", "sg", "2025-06-01")}, on: day("2026-01-15"),
			want: overrideView{Status: Exempt, Exemption: ptr(exempt)}},
		{name: "exemption before start is not applicable", req: sg, person: with("2026-02-01", nil, []Exemption{exempt}, nil), on: day("2026-01-15"),
			want: overrideView{Status: NotApplicable}},
		{name: "exemption out of scope is not applicable", req: teachersOnly, person: with("2020-01-01", nil, []Exemption{exempt}, nil), on: day("2026-01-15"),
			want: overrideView{Status: NotApplicable}},
		{name: "qualification planned", req: qts, person: with("2020-01-01", nil, nil, []Plan{plan}), on: day("2026-01-15"),
			want: overrideView{Status: Planned, DueBy: day("2026-07-31"), Plan: ptr(plan)}},
		{name: "qualification planned on the plan's day", req: qts, person: with("2020-01-01", nil, nil, []Plan{plan}), on: day("2026-07-31"),
			want: overrideView{Status: Planned, DueBy: day("2026-07-31"), Plan: ptr(plan)}},
		{name: "qualification plan passed is overdue, not missing", req: qts, person: with("2020-01-01", nil, nil, []Plan{plan}), on: day("2026-08-01"),
			want: overrideView{Status: Overdue, DueBy: day("2026-07-31"), Plan: ptr(plan)}},
		{name: "qualification with no plan at all is missing", req: qts, person: with("2020-01-01", nil, nil, nil), on: day("2026-08-01"),
			want: overrideView{Status: Missing}},
		{name: "qualification held needs no plan", req: qts, person: with("2020-01-01", nil, nil, []Plan{plan}), evidence: []Evidence{ev("e1", "sg", "2026-05-01")}, on: day("2026-08-01"),
			want: overrideView{Status: Compliant}},
		{name: "plan passed and extension passed: overdue, with the latest plan and the extension", req: qts, person: planAndExt, on: day("2026-04-15"),
			want: overrideView{Status: Overdue, DueBy: day("2026-03-31"), Extension: ptr(qtsExt), Plan: ptr(latePlan)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := overrideOf(evaluateItem(t, tc.req, tc.person, tc.evidence, tc.on))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("item mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestItemReason(t *testing.T) {
	sg := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y")}
	extended := Person{ID: "p1", Start: day("2020-01-01"),
		Extensions: []Extension{{Requirement: "sg", Until: day("2026-03-31"), Reason: "long-term illness", GrantedBy: "hr-lead"}}}
	exempted := Person{ID: "p1", Start: day("2020-01-01"),
		Exemptions: []Exemption{{Requirement: "sg", Reason: "holds the DSL qualification", GrantedBy: "head"}}}

	tests := []struct {
		name        string
		person      Person
		evidence    []Evidence
		wantReason  string
		wantGranter string
	}{
		{name: "missing with extension", person: extended, wantReason: "long-term illness", wantGranter: "hr-lead"},
		{name: "overdue with extension", person: extended, evidence: []Evidence{ev("e1", "sg", "2025-01-10")}, wantReason: "long-term illness", wantGranter: "hr-lead"},
		{name: "exemption", person: exempted, wantReason: "holds the DSL qualification", wantGranter: "head"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reason := evaluateItem(t, sg, tc.person, tc.evidence, day("2026-02-15")).Reason()
			require.Contains(t, reason, tc.wantReason)
			require.Contains(t, reason, tc.wantGranter)
		})
	}
}

// TestItemReasonText checks the whole reason an HR screen shows for the
// reasons that wait on something: a starter's deadline, a plan, an
// extension.
func TestItemReasonText(t *testing.T) {
	sg := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y"), InductionDeadline: per("P30D")}
	qts := Requirement{ID: "sg", Kind: Qualification, Validity: per("P5Y")}
	starter := Person{ID: "p1", Start: day("2026-01-15")}
	extended := Person{ID: "p1", Start: day("2026-01-15"),
		Extensions: []Extension{{Requirement: "sg", Until: day("2026-03-31"), Reason: "course booked", GrantedBy: "line manager"}}}
	planned := Person{ID: "p1", Start: day("2020-01-01"),
		Plans: []Plan{{Requirement: "sg", By: day("2026-07-31"), Description: "assessment-only route"}}}

	tests := []struct {
		name     string
		req      Requirement
		person   Person
		evidence []Evidence
		on       date.Date
		want     string
	}{
		{name: "starter with nothing yet", req: sg, person: starter, on: day("2026-01-20"),
			want: "Not done yet; a new starter has until 2026-02-13."},
		{name: "starter with an expired certificate", req: sg, person: starter, evidence: []Evidence{ev("e1", "sg", "2024-06-01")}, on: day("2026-01-20"),
			want: "Expired after 2025-05-31; a new starter has until 2026-02-13."},
		{name: "starter with an extension past the deadline", req: sg, person: extended, on: day("2026-01-20"),
			want: "No evidence held. Extended to 2026-03-31 by line manager: course booked."},
		{name: "expired qualification with a plan", req: qts, person: planned, evidence: []Evidence{ev("e1", "sg", "2020-01-01")}, on: day("2026-01-20"),
			want: "Expired after 2024-12-31; plan to achieve it again by 2026-07-31: assessment-only route."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := evaluateItem(t, tc.req, tc.person, tc.evidence, tc.on).Reason(); got != tc.want {
				t.Errorf("Reason() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestEvaluateRejects(t *testing.T) {
	policy := testPolicy(
		Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y")},
		Requirement{ID: "qts", Kind: Qualification},
		Requirement{ID: "hours", Kind: MinimumHours, Hours: &HoursRule{Minimum: decimal.NewFromInt(30)}},
	)
	start := day("2020-01-01")
	ok := ev("e0", "sg", "2025-06-01")

	tests := []struct {
		name     string
		person   Person
		evidence []Evidence
		want     string
	}{
		{name: "extension for unknown requirement", want: "extensions[0].requirement",
			person: Person{ID: "p1", Start: start, Extensions: []Extension{{Requirement: "fire", Until: day("2026-01-01"), Reason: "r"}}}},
		{name: "second extension for unknown requirement", want: "extensions[1].requirement",
			person: Person{ID: "p1", Start: start, Extensions: []Extension{{Requirement: "sg", Until: day("2026-01-01"), Reason: "r"}, {Requirement: "fire", Until: day("2026-01-01"), Reason: "r"}}}},
		{name: "exemption for unknown requirement", want: "exemptions[0].requirement",
			person: Person{ID: "p1", Start: start, Exemptions: []Exemption{{Requirement: "fire", Reason: "r"}}}},
		{name: "exemption without a reason", want: "exemptions[0].reason",
			person: Person{ID: "p1", Start: start, Exemptions: []Exemption{{Requirement: "sg"}}}},
		{name: "plan for unknown requirement", want: "plans[0].requirement",
			person: Person{ID: "p1", Start: start, Plans: []Plan{{Requirement: "fire", By: day("2026-07-31")}}}},
		{name: "plan for a requirement that is not a qualification", want: "plans[0].requirement",
			person: Person{ID: "p1", Start: start, Plans: []Plan{{Requirement: "sg", By: day("2026-07-31")}}}},
		{name: "person without a start date", want: "start", person: Person{ID: "p1"}},
		{name: "FTE above one", want: "fte", person: Person{ID: "p1", Start: start, FTE: decimal.RequireFromString("1.2")}},
		{name: "negative evidence hours", want: "evidence[1]", person: Person{ID: "p1", Start: start},
			evidence: []Evidence{ok, {ID: "e1", Topic: "sg", Date: day("2025-10-01"), Hours: decimal.RequireFromString("-1.5")}}},
		{name: "negative hours on future evidence", want: "evidence[1]", person: Person{ID: "p1", Start: start},
			evidence: []Evidence{ok, {ID: "e1", Topic: "x", Date: day("2027-10-01"), Hours: decimal.RequireFromString("-1")}}},
		{name: "evidence valid until before its date", want: "evidence[0]", person: Person{ID: "p1", Start: start},
			evidence: []Evidence{evUntil("e1", "sg", "2025-06-01", "2025-05-31")}},
		{name: "hours too many to count, before a record without a date", want: "evidence[0].hours", person: Person{ID: "p1", Start: start},
			evidence: []Evidence{{ID: "e0", Topic: "sg", Date: day("2025-10-01"), Hours: decimal.RequireFromString("1e20")}, {ID: "e1", Topic: "sg"}}},
		{name: "evidence without a date", want: "evidence[1]", person: Person{ID: "p1", Start: start},
			evidence: []Evidence{ok, {ID: "e1", Topic: "sg"}}},
		{name: "evidence dated before year 1", want: "evidence[1]", person: Person{ID: "p1", Start: start},
			evidence: []Evidence{ok, {ID: "e1", Topic: "sg", Date: -400}}},
		{name: "evidence valid until after year 9999", want: "evidence[1]", person: Person{ID: "p1", Start: start},
			evidence: []Evidence{ok, {ID: "e1", Topic: "sg", Date: day("2025-06-01"), ValidUntil: date.Date(math.MaxInt64)}}},
		{name: "start after year 9999", want: "start", person: Person{ID: "p1", Start: day("9999-12-31") + 1}},
		{name: "leaving after year 9999", want: "leaving", person: Person{ID: "p1", Start: start, Leaving: date.Date(math.MaxInt64)}},
		{name: "extension after year 9999", want: "extensions[0].until",
			person: Person{ID: "p1", Start: start, Extensions: []Extension{{Requirement: "sg", Until: day("9999-12-31") + 1, Reason: "r"}}}},
		{name: "plan after year 9999", want: "plans[0].by",
			person: Person{ID: "p1", Start: start, Plans: []Plan{{Requirement: "qts", By: day("9999-12-31") + 1}}}},
		{name: "absence after year 9999", want: "absences[0]",
			person: Person{ID: "p1", Start: start, Absences: []Absence{{From: day("2026-01-01"), To: day("9999-12-31") + 1}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Evaluate(policy, tc.person, tc.evidence, day("2026-01-15"))
			require.ErrorIs(t, err, ErrInvalid)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			if ve.Field != tc.want {
				t.Errorf("Field = %q, want %q (error: %v)", ve.Field, tc.want, err)
			}
			// A matrix, which takes its own evidence pass, names the same field.
			e, err := NewEvaluator(policy)
			require.NoError(t, err)
			subjects := []Subject{{Person: Person{ID: "p0", Start: start}}, {Person: tc.person, Evidence: tc.evidence}}
			_, err = e.Matrix(subjects, day("2026-01-15"))
			require.ErrorIs(t, err, ErrInvalid)
			require.ErrorAs(t, err, &ve)
			if ve.Field != tc.want {
				t.Errorf("Matrix: Path = %q, want %q (error: %v)", ve.Field, tc.want, err)
			}
		})
	}
}

func TestNewEvaluatorRejectsInvalidPolicy(t *testing.T) {
	_, err := NewEvaluator(testPolicy(Requirement{ID: "sg", Kind: RenewableTraining}))
	require.ErrorIs(t, err, ErrInvalid)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	require.Equal(t, "requirements[0].validity", ve.Field)
}

// tallyOf builds a Tally with the given counts.
func tallyOf(counts map[Status]int) Tally {
	var t Tally
	for s, n := range counts {
		for range n {
			t.add(s)
		}
	}
	return t
}

// countsOf lists a tally's non-zero counts through its public API.
func countsOf(t Tally) map[Status]int {
	out := make(map[Status]int)
	for s := Compliant; s <= NotApplicable; s++ {
		if n := t.Count(s); n != 0 {
			out[s] = n
		}
	}
	return out
}

// matrixFixture is a small organisation evaluated on 2026-06-15.
//
//	person  job       sg (P1Y, window P1M, grace P1M) qts (teachers)  hours (10 h)     first-aid (P3Y)
//	a       teacher   2025-07-01: due soon        held: ok        12 h: ok         2023-07-14: ok to 2026-07-13
//	b       assessor  2025-06-01: in grace        n/a             0 h: pending     2023-06-16: ok to 2026-06-15
//	c       teacher   exempt                      missing         10 h: ok         missing
//	d       teacher   starts 2026-07-01: every item not applicable
//	e       assessor  2026-01-10: ok to 2027-01-09 n/a            3 h: pending     2023-07-14: ok to 2026-07-13
func matrixFixture(t *testing.T) *Matrix {
	t.Helper()
	policy := Policy{ID: "org", AcademicYearStart: MonthDay{Month: time.September, Day: 1}, Requirements: []Requirement{
		{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y"), RenewalWindow: per("P1M"), GracePeriod: per("P1M")},
		{ID: "qts", Kind: Qualification, AppliesTo: Scope{JobRoles: []string{"teacher"}}},
		{ID: "hours", Kind: MinimumHours, Hours: &HoursRule{Minimum: decimal.NewFromInt(10)}},
		{ID: "first-aid", Kind: RenewableTraining, Validity: per("P3Y")},
	}}
	withHours := func(e Evidence, h string) Evidence { e.Hours = decimal.RequireFromString(h); return e }
	start := day("2015-09-01")
	subjects := []Subject{
		{Person: Person{ID: "a", Start: start, JobRole: "teacher"}, Evidence: []Evidence{
			ev("a1", "sg", "2025-07-01"), ev("a2", "qts", "2010-07-01"), withHours(ev("a3", "course", "2025-10-01"), "12"), ev("a4", "first-aid", "2023-07-14")}},
		{Person: Person{ID: "b", Start: start, JobRole: "assessor"}, Evidence: []Evidence{
			ev("b1", "sg", "2025-06-01"), ev("b2", "first-aid", "2023-06-16")}},
		{Person: Person{ID: "c", Start: start, JobRole: "teacher", Exemptions: []Exemption{{Requirement: "sg", Reason: "DSL"}}}, Evidence: []Evidence{
			withHours(ev("c1", "course", "2026-02-01"), "10")}},
		{Person: Person{ID: "d", Start: day("2026-07-01"), JobRole: "teacher"}},
		{Person: Person{ID: "e", Start: start, JobRole: "assessor"}, Evidence: []Evidence{
			ev("e1", "sg", "2026-01-10"), withHours(ev("e2", "course", "2026-03-01"), "3"), ev("e3", "first-aid", "2023-07-14")}},
	}
	e, err := NewEvaluator(policy)
	require.NoError(t, err)
	m, err := e.Matrix(subjects, day("2026-06-15"))
	require.NoError(t, err)
	require.Equal(t, 5, m.Len())
	require.Len(t, m.Columns, 4)
	return m
}

func TestMatrixTallies(t *testing.T) {
	m := matrixFixture(t)
	tests := []struct {
		name     string
		got      Tally
		want     map[Status]int
		wantRate string
	}{
		{name: "sg", got: m.Columns[0].Tally, wantRate: "100",
			want: map[Status]int{Compliant: 1, DueSoon: 2, Exempt: 1, NotApplicable: 1}},
		{name: "qts", got: m.Columns[1].Tally, wantRate: "50",
			want: map[Status]int{Compliant: 1, Missing: 1, NotApplicable: 3}},
		{name: "hours", got: m.Columns[2].Tally, wantRate: "50",
			want: map[Status]int{Compliant: 2, Pending: 2, NotApplicable: 1}},
		{name: "first-aid", got: m.Columns[3].Tally, wantRate: "75",
			want: map[Status]int{Compliant: 3, Missing: 1, NotApplicable: 1}},
		{name: "overall", got: m.Overall, wantRate: "69.2",
			want: map[Status]int{Compliant: 7, DueSoon: 2, Pending: 2, Missing: 2, Exempt: 1, NotApplicable: 6}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, countsOf(tc.got)); diff != "" {
				t.Errorf("tally mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(decimal.RequireFromString(tc.wantRate), tc.got.Rate(), decimalEqual()); diff != "" {
				t.Errorf("Rate mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMatrixRowMatchesEvaluate(t *testing.T) {
	m := matrixFixture(t)
	tests := []struct {
		name string
		row  int
		req  string
		want itemView
	}{
		{name: "a sg due soon", row: 0, req: "sg", want: itemView{Status: DueSoon, ValidUntil: day("2026-06-30"), DueBy: day("2026-06-30"), Evidence: "a1"}},
		{name: "b sg in grace", row: 1, req: "sg", want: itemView{Status: DueSoon, ValidUntil: day("2026-05-31"), DueBy: day("2026-06-30"), Evidence: "b1"}},
		{name: "c hours met", row: 2, req: "hours", want: itemView{Status: Compliant, ValidUntil: day("2026-08-31")}},
		{name: "d not started", row: 3, req: "first-aid", want: itemView{Status: NotApplicable}},
		{name: "e hours short", row: 4, req: "hours", want: itemView{Status: Pending, DueBy: day("2026-08-31")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := m.Row(tc.row)
			it, ok := res.Item(tc.req)
			require.True(t, ok)
			if diff := cmp.Diff(tc.want, viewOf(it)); diff != "" {
				t.Errorf("item mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTallyRate(t *testing.T) {
	tests := []struct {
		name string
		t    Tally
		want string
	}{
		{name: "nothing applicable is 100", t: tallyOf(map[Status]int{NotApplicable: 4, Exempt: 2}), want: "100"},
		{name: "due soon counts as compliant, exempt and n/a left out", t: tallyOf(map[Status]int{Compliant: 1, DueSoon: 1, Missing: 2, NotApplicable: 5, Exempt: 3}), want: "50"},
		{name: "pending, planned, overdue and missing count against", t: tallyOf(map[Status]int{Compliant: 4, Pending: 1, Planned: 1, Overdue: 1, Missing: 1}), want: "50"},
		{name: "two thirds", t: tallyOf(map[Status]int{Compliant: 2, Missing: 1}), want: "66.7"},
		{name: "one third", t: tallyOf(map[Status]int{Compliant: 1, Overdue: 2}), want: "33.3"},
		{name: "half up: 6.25 is 6.3", t: tallyOf(map[Status]int{Compliant: 1, Missing: 15}), want: "6.3"},
		{name: "no double rounding: 501 of 1001 is 50.0", t: tallyOf(map[Status]int{Compliant: 501, Missing: 500}), want: "50.0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(decimal.RequireFromString(tc.want), tc.t.Rate(), decimalEqual()); diff != "" {
				t.Errorf("Rate mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMatrixExpiring(t *testing.T) {
	type reminderView struct {
		Person, Requirement string
		Status              Status
		ValidUntil          date.Date
	}
	view := func(rs []Reminder) []reminderView {
		var out []reminderView
		for _, r := range rs {
			out = append(out, reminderView{r.PersonID, r.Requirement.ID, r.Status, r.ValidUntil})
		}
		return out
	}
	bFirstAid := reminderView{"b", "first-aid", Compliant, day("2026-06-15")}
	aSG := reminderView{"a", "sg", DueSoon, day("2026-06-30")}
	aFirstAid := reminderView{"a", "first-aid", Compliant, day("2026-07-13")}
	eFirstAid := reminderView{"e", "first-aid", Compliant, day("2026-07-13")}
	eSG := reminderView{"e", "sg", Compliant, day("2027-01-09")}
	m := matrixFixture(t)

	tests := []struct {
		name string
		days int
		want []reminderView
	}{
		{name: "none within zero days", days: 0, want: nil},
		{name: "last valid day today", days: 1, want: []reminderView{bFirstAid}},
		{name: "within 16 days", days: 16, want: []reminderView{bFirstAid, aSG}},
		{name: "28 days stops before 13 July", days: 28, want: []reminderView{bFirstAid, aSG}},
		{name: "29 days reaches 13 July, ties by person", days: 29, want: []reminderView{bFirstAid, aSG, aFirstAid, eFirstAid}},
		{name: "a year: never-expiring, hours and in-grace left out", days: 365, want: []reminderView{bFirstAid, aSG, aFirstAid, eFirstAid, eSG}},
		{name: "the most days an int holds", days: math.MaxInt, want: []reminderView{bFirstAid, aSG, aFirstAid, eFirstAid, eSG}},
		{name: "negative days", days: -5, want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, view(m.Expiring(tc.days))); diff != "" {
				t.Errorf("Expiring(%d) mismatch (-want +got):\n%s", tc.days, diff)
			}
		})
	}
}

// TestEvaluateManyRequirements evaluates several requirements at once,
// including some with the same validity and some with the same validity but
// different fixed due dates, so that no requirement's expiry leaks into
// another's.
func TestEvaluateManyRequirements(t *testing.T) {
	december, august := MonthDay{Month: time.December, Day: 31}, MonthDay{Month: time.August, Day: 31}
	policy := Policy{ID: "org", AcademicYearStart: MonthDay{Month: time.September, Day: 1}, Requirements: []Requirement{
		{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y")},
		{ID: "prevent", Kind: RenewableTraining, Validity: per("P1Y")},
		{ID: "xmas", Kind: RenewableTraining, Validity: per("P1Y"), Basis: FixedDate, DueBy: december},
		{ID: "summer", Kind: RenewableTraining, Validity: per("P1Y"), Basis: FixedDate, DueBy: august},
		{ID: "fire", Kind: RenewableTraining, Validity: per("P3Y")},
		{ID: "bcs", Kind: Membership, Validity: per("P1Y")},
	}}
	evidence := []Evidence{
		ev("e1", "sg", "2026-03-01"), ev("e2", "prevent", "2025-03-01"), ev("e3", "xmas", "2026-03-01"),
		ev("e4", "summer", "2026-03-01"), ev("e5", "fire", "2026-03-01"), evUntil("e6", "bcs", "2026-03-01", "2026-12-31"),
	}
	res, err := Evaluate(policy, veteran(), evidence, day("2026-06-01"))
	require.NoError(t, err)
	require.Len(t, res.Items, 6)

	tests := []struct {
		name string
		want itemView
	}{
		{name: "sg", want: itemView{Status: Compliant, ValidUntil: day("2027-02-28"), Evidence: "e1"}},
		{name: "prevent", want: itemView{Status: Overdue, ValidUntil: day("2026-02-28"), DueBy: day("2026-02-28"), Evidence: "e2"}},
		{name: "xmas", want: itemView{Status: Compliant, ValidUntil: day("2027-12-31"), Evidence: "e3"}},
		{name: "summer", want: itemView{Status: Compliant, ValidUntil: day("2027-08-31"), Evidence: "e4"}},
		{name: "fire", want: itemView{Status: Compliant, ValidUntil: day("2029-02-28"), Evidence: "e5"}},
		{name: "bcs", want: itemView{Status: Compliant, ValidUntil: day("2026-12-31"), Evidence: "e6"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			it, ok := res.Item(tc.name)
			require.True(t, ok)
			if diff := cmp.Diff(tc.want, viewOf(it)); diff != "" {
				t.Errorf("item mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEvaluateMembershipPeriod: LETTA L89, staff ensure "that membership is
// maintained at the appropriate level". A membership is valid for its
// current period: from its last renewal (or joining) to the card's own
// expiry when it has one; the requirement's validity applies only when it
// has none.
func TestEvaluateMembershipPeriod(t *testing.T) {
	yearly := Requirement{ID: "sg", Kind: Membership, Validity: per("P1Y"), RenewalWindow: per("P1M")}
	scoped := yearly
	scoped.AppliesTo = Scope{JobRoles: []string{"teacher"}}
	teacher := veteran()
	teacher.JobRole = "teacher"
	tests := []struct {
		name     string
		req      Requirement
		person   Person
		evidence []Evidence
		on       date.Date
		want     itemView
	}{
		{name: "member since 2015, card expires next year: current", req: yearly, person: veteran(),
			evidence: []Evidence{evUntil("e1", "sg", "2015-03-01", "2027-08-31")}, on: day("2026-12-07"),
			want: itemView{Status: Compliant, ValidUntil: day("2027-08-31"), Evidence: "e1"}},
		{name: "the same through the scoped (slow) path", req: scoped, person: teacher,
			evidence: []Evidence{evUntil("e1", "sg", "2015-03-01", "2027-08-31")}, on: day("2026-12-07"),
			want: itemView{Status: Compliant, ValidUntil: day("2027-08-31"), Evidence: "e1"}},
		{name: "card's expiry inside the renewal window", req: yearly, person: veteran(),
			evidence: []Evidence{evUntil("e1", "sg", "2015-03-01", "2026-12-31")}, on: day("2026-12-07"),
			want: itemView{Status: DueSoon, ValidUntil: day("2026-12-31"), DueBy: day("2026-12-31"), Evidence: "e1"}},
		{name: "card expired", req: yearly, person: veteran(),
			evidence: []Evidence{evUntil("e1", "sg", "2015-03-01", "2026-11-30")}, on: day("2026-12-07"),
			want: itemView{Status: Overdue, ValidUntil: day("2026-11-30"), DueBy: day("2026-11-30"), Evidence: "e1"}},
		{name: "no expiry on the card: validity from the last renewal", req: yearly, person: veteran(),
			evidence: []Evidence{ev("e1", "sg", "2026-03-01")}, on: day("2026-12-07"),
			want: itemView{Status: Compliant, ValidUntil: day("2027-02-28"), Evidence: "e1"}},
		{name: "no expiry on the card: lapses a validity after the last renewal", req: yearly, person: veteran(),
			evidence: []Evidence{ev("e1", "sg", "2015-03-01")}, on: day("2026-12-07"),
			want: itemView{Status: Overdue, ValidUntil: day("2016-02-29"), DueBy: day("2016-02-29"), Evidence: "e1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := viewOf(evaluateItem(t, tc.req, tc.person, tc.evidence, tc.on))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("item mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
