package compliance

import (
	stdcmp "cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// mixedPolicy uses every kind, basis, scope, window, grace period and
// hours option, so that a random organisation reaches every rule, and
// topics that meet more than one requirement (one of them chained) or a
// requirement some job role needs at a level, and a membership with a
// validity (which a card's own expiry replaces), so that the evidence pass
// takes every way it has with a record.
func mixedPolicy() Policy {
	p := benchPolicy()
	p.JobRoles = []JobRole{
		{ID: "teacher", Requires: []RoleRequirement{{Requirement: "college", Levels: []string{"chartered", "fellow"}}}},
		{ID: "assessor", Requires: []RoleRequirement{{Requirement: "college"}}},
	}
	p.Requirements = append(p.Requirements,
		Requirement{ID: "overlap", Kind: RenewableTraining, Validity: per("P18M"), RenewalWindow: per("P1M"), Topics: []string{"overlap", "training-0", "dsl"}},
		Requirement{ID: "college", Kind: Membership, ByJobRole: true, RenewalWindow: per("P1M"), Topics: []string{"college-card"}},
		Requirement{ID: "registration", Kind: Membership, Validity: per("P1Y"), RenewalWindow: per("P1M")},
		Requirement{ID: "graced", Kind: RenewableTraining, Validity: per("P1Y"), RenewalWindow: per("P2M"), GracePeriod: per("P1M"),
			InductionDeadline: per("P1M"), Except: Scope{Employment: []Employment{Associate}}},
		Requirement{ID: "chained", Kind: RenewableTraining, Validity: per("P2Y"), RenewalWindow: per("P3M"), GracePeriod: per("P14D"),
			Basis: FromPreviousExpiry, MinimumActive: per("P18M"), Topics: []string{"chained", "chained-plus"}},
		Requirement{ID: "summer", Kind: RenewableTraining, Validity: per("P2Y"), RenewalWindow: per("P1M"), Basis: FixedDate,
			DueBy: MonthDay{time.February, 29}, AppliesTo: Scope{Roles: []string{"line_manager", "administrator"}}},
		Requirement{ID: "qts-exp", Kind: Qualification, Validity: per("P5Y"), InductionDeadline: per("P3M"), AppliesTo: Scope{JobRoles: []string{"teacher", "assessor"}}},
		Requirement{ID: "aspect-hours", Kind: MinimumHours, Hours: &HoursRule{Minimum: hrs("12.5"), Aspects: []string{"keeping_up_to_date", "career_progression"},
			ActivityKinds: []string{"webinar", "external_course"}, ProRataService: true, AbsenceThreshold: per("P3M")}},
		Requirement{ID: "log", Kind: Submission, Every: per("P2M"), RenewalWindow: per("P14D"), GracePeriod: per("P7D")},
	)
	return p
}

// randomOrg builds people with random facts, decisions and evidence
// around on. With distinct set, every record has a topic string of its
// own, as records scanned from a database do. A third of the people have
// their records on a few days only, so that records of one requirement
// often share a day.
func randomOrg(r *rand.Rand, p Policy, people int, on date.Date, distinct bool) []Subject {
	var topics []string
	for _, req := range p.Requirements {
		if req.Kind != MinimumHours {
			topics = append(topics, req.ID)
		}
		topics = append(topics, req.Topics...)
	}
	topics = append(topics, "webinar", "unknown", "")
	ids := make([]string, 0, len(p.Requirements))
	var quals []string
	for _, req := range p.Requirements {
		ids = append(ids, req.ID)
		if req.Kind == Qualification {
			quals = append(quals, req.ID)
		}
	}
	pickOf := func(s []string) string { return s[r.IntN(len(s))] }
	around := func(days int) date.Date { return on + date.Date(r.IntN(2*days+1)-days) }
	hours := []string{"0", "1.5", "3", "0.75", "7.25", "0.001"}
	subjects := make([]Subject, people)
	for i := range subjects {
		person := Person{
			ID: fmt.Sprintf("p%d", i), Start: around(1500), JobRole: pickOf([]string{"teacher", "assessor", "administrator", "tutor"}),
			Employment: Employment(r.IntN(3)), Roles: slices.Clip([]string{"staff", "line_manager", "administrator"}[:r.IntN(4)]),
		}
		if r.IntN(3) == 0 {
			person.FTE = decimal.New(int64(1+r.IntN(1000)), -3)
		}
		if r.IntN(8) == 0 {
			person.Leaving = person.Start + date.Date(r.IntN(2000))
		}
		if r.IntN(5) == 0 {
			from := around(400)
			person.Absences = []Absence{{From: from, To: from + date.Date(r.IntN(200)), Reason: "leave"}}
		}
		for range r.IntN(3) {
			person.Extensions = append(person.Extensions, Extension{Requirement: pickOf(ids), Until: around(120), Reason: "r", GrantedBy: "m"})
		}
		if r.IntN(6) == 0 {
			person.Exemptions = []Exemption{{Requirement: pickOf(ids), Reason: "r", GrantedBy: "m"}}
		}
		if r.IntN(4) == 0 {
			person.Plans = []Plan{{Requirement: pickOf(quals), By: around(300), Description: "d"}}
		}
		evs := make([]Evidence, r.IntN(40))
		crowded := r.IntN(3) == 0
		for k := range evs {
			ev := Evidence{ID: fmt.Sprintf("e%d-%d", i, k), Topic: pickOf(topics), Date: around(1200) - 200,
				Hours: decimal.RequireFromString(pickOf(hours)), Aspect: pickOf([]string{"", "induction", "keeping_up_to_date", "career_progression"}),
				Kind: pickOf([]string{"", "webinar", "external_course", "mentoring"}), Level: pickOf([]string{"", "fellow", "associate"})}
			if crowded {
				ev.Date = on + 60 - date.Date(90*r.IntN(5))
			}
			if distinct {
				ev.Topic = string([]byte(ev.Topic))
			}
			if r.IntN(5) == 0 {
				ev.ValidUntil = ev.Date + date.Date(r.IntN([]int{1, 400, 1500, 6000}[r.IntN(4)])) // 1: valid on its own day only
			}
			evs[k] = ev
		}
		subjects[i] = Subject{Person: person, Evidence: evs}
	}
	return subjects
}

// TestMatrixMatchesEvaluate evaluates random organisations both ways: the
// matrix (with its memo, topic cache and fast paths) and each person alone
// with Evaluate. Every tally, every reminder and every row must agree.
func TestMatrixMatchesEvaluate(t *testing.T) {
	policy := mixedPolicy()
	e, err := NewEvaluator(policy)
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 8 {
		on := date.New(2024, time.January, 1) + date.Date(r.IntN(3*365))
		distinct := trial%2 == 1
		t.Run(fmt.Sprintf("%s distinct=%t", on, distinct), func(t *testing.T) {
			subjects := randomOrg(r, policy, 400, on, distinct)
			m, err := e.Matrix(subjects, on)
			require.NoError(t, err)

			columns := make([]Tally, len(policy.Requirements))
			var overall Tally
			horizons := []int{90, 3000}
			reminders := make([][]Reminder, len(horizons))
			for i, sub := range subjects {
				res, err := e.Evaluate(sub.Person, sub.Evidence, on)
				require.NoError(t, err)
				for j, it := range res.Items {
					require.Equal(t, it.Status, m.Status(i, j), "Status(%d, %d)", i, j)
					columns[j].Add(it.Status)
					overall.Add(it.Status)
					for h, days := range horizons {
						if it.Status.OK() && it.Requirement.Kind != MinimumHours && it.ValidUntil >= on && it.ValidUntil < on+date.Date(days) {
							reminders[h] = append(reminders[h], Reminder{PersonID: sub.Person.ID, Requirement: it.Requirement, Status: it.Status, ValidUntil: it.ValidUntil})
						}
					}
				}
				if diff := cmp.Diff(resultView(res), resultView(m.Row(i)), decimalEqual()); diff != "" {
					t.Fatalf("row %d differs from Evaluate (-evaluate +matrix):\n%s", i, diff)
				}
				if len(sub.Person.Exemptions) == 0 {
					// An exemption from the hours takes every other
					// requirement off the fast path: the answers must not change.
					slow := sub.Person
					slow.Exemptions = []Exemption{{Requirement: "hours", Reason: "r"}}
					res2, err := e.Evaluate(slow, sub.Evidence, on)
					require.NoError(t, err)
					hours := slices.IndexFunc(res.Items, func(it Item) bool { return it.Requirement.ID == "hours" })
					fast, general := resultView(res), resultView(res2)
					fast, general = slices.Delete(fast, hours, hours+1), slices.Delete(general, hours, hours+1)
					if diff := cmp.Diff(fast, general, decimalEqual()); diff != "" {
						t.Fatalf("row %d: fast path differs from the general one (-fast +general):\n%s", i, diff)
					}
				}
			}
			for j := range columns {
				require.Equal(t, countsOf(columns[j]), countsOf(m.Columns[j].Tally), "column %s", policy.Requirements[j].ID)
			}
			require.Equal(t, countsOf(overall), countsOf(m.Overall))
			for h, days := range horizons {
				slices.SortFunc(reminders[h], func(a, b Reminder) int {
					return stdcmp.Or(stdcmp.Compare(a.ValidUntil, b.ValidUntil), stdcmp.Compare(a.PersonID, b.PersonID), stdcmp.Compare(a.Requirement.ID, b.Requirement.ID))
				})
				if diff := cmp.Diff(reminderIDs(reminders[h]), reminderIDs(m.Expiring(days))); diff != "" {
					t.Errorf("Expiring(%d) differs from Evaluate (-evaluate +matrix):\n%s", days, diff)
				}
			}
		})
	}
}

// itemFields is every field of an Item that a caller sees, with the
// evidence and decisions by value.
type itemFields struct {
	Requirement, Status, Reason string
	ValidUntil, DueBy           date.Date
	Evidence                    *Evidence
	Done, Required              string
	Extension                   *Extension
	Exemption                   *Exemption
	Plan                        *Plan
	FutureIgnored               bool
}

func resultView(res Result) []itemFields {
	out := make([]itemFields, len(res.Items))
	for i, it := range res.Items {
		out[i] = itemFields{
			Requirement: it.Requirement.ID, Status: it.Status.String(), Reason: it.Reason(), ValidUntil: it.ValidUntil, DueBy: it.DueBy,
			Evidence: it.Evidence, Done: it.HoursDone.String(), Required: it.HoursRequired.String(),
			Extension: it.Extension, Exemption: it.Exemption, Plan: it.Plan, FutureIgnored: it.FutureIgnored,
		}
	}
	return out
}

func reminderIDs(rs []Reminder) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = fmt.Sprintf("%s %s %s %s", r.ValidUntil, r.PersonID, r.Requirement.ID, r.Status)
	}
	return out
}

// TestMatrixExpiringFar checks reminders for evidence valid for longer than
// a matrix cell holds exactly (untilFar−1 days and more), which Expiring
// works out again when asked to look that far ahead.
func TestMatrixExpiringFar(t *testing.T) {
	policy := Policy{ID: "org", AcademicYearStart: MonthDay{Month: time.September, Day: 1}, Requirements: []Requirement{
		{ID: "cert", Kind: OneOffTraining},
	}}
	e, err := NewEvaluator(policy)
	require.NoError(t, err)
	on := day("2026-06-01")
	people := []string{"a-last", "b-near", "c-far", "d-today"}
	subjects := make([]Subject, len(people))
	for i, until := range []date.Date{day("9999-12-31"), on + untilFar - 2, on + untilFar - 1, on} {
		subjects[i] = Subject{Person: Person{ID: people[i], Start: day("2020-01-01")},
			Evidence: []Evidence{{ID: people[i], Topic: "cert", Date: day("2020-01-01"), ValidUntil: until}}}
	}
	m, err := e.Matrix(subjects, on)
	require.NoError(t, err)

	tests := []struct {
		name string
		days int
		want []string
	}{
		{name: "one day", days: 1, want: []string{"d-today"}},
		{name: "the last horizon a cell holds exactly", days: untilFar - 1, want: []string{"d-today", "b-near"}},
		{name: "one day more reaches the first far one", days: untilFar, want: []string{"d-today", "b-near", "c-far"}},
		{name: "every day an int holds", days: math.MaxInt, want: []string{"d-today", "b-near", "c-far", "a-last"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, r := range m.Expiring(tc.days) {
				got = append(got, r.PersonID)
				require.Equal(t, m.Row(slices.Index(people, r.PersonID)).Items[0].ValidUntil, r.ValidUntil, "ValidUntil of %s", r.PersonID)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Expiring(%d) mismatch (-want +got):\n%s", tc.days, diff)
			}
		})
	}
}

// TestTopicCache looks up topic strings through the cache, shared and
// copied, many more than it has slots, and checks every answer against the
// topic table.
func TestTopicCache(t *testing.T) {
	e, err := NewEvaluator(mixedPolicy())
	require.NoError(t, err)
	var topics []string
	for _, r := range e.policy.Requirements {
		topics = append(topics, r.ID)
		topics = append(topics, r.Topics...)
	}
	topics = append(topics, "unknown", "")
	for i := range 400 { // copies: the same bytes at other addresses
		topics = append(topics, string([]byte(topics[i%len(topics)])))
	}
	r := rand.New(rand.NewPCG(3, 4))
	c := &topicCache{on: true}
	for range 20_000 {
		topic := topics[r.IntN(len(topics))]
		c.seen++
		got := c.get(topic)
		if got == nil {
			got = c.find(&e.topics, topic)
		}
		require.Equal(t, e.topics.lookup(topic).acts, got.acts, "topic %q", topic)
	}
}
