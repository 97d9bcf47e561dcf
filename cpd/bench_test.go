package cpd_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// The benchmarks' organisation: benchPeople teachers (benchPeopleShort
// with -short), each with benchActivities completed activities, on the
// memory store, on a fixed day.
//
// Building it goes through the Service, one call per person and per
// activity, as an administrator would: a few seconds for 10,000 people and
// 30,000 activities (each call re-evaluates only its person, whose records
// the memory store finds through its owner index). -short builds a tenth
// of the organisation.
const (
	benchOrg         = "bench-org"
	benchPeople      = 10_000
	benchPeopleShort = 1_000
	benchActivities  = 3
)

// benchSize is the number of people the benchmarks' organisation has.
func benchSize() int {
	if testing.Short() {
		return benchPeopleShort
	}
	return benchPeople
}

var benchDay = date.New(2026, 11, 25)

// benchPolicy is shaped like the LETTA preset: four renewable trainings, a
// qualification and a membership for teachers, and a minimum of hours.
func benchPolicy() compliance.Policy {
	training := func(id, validity string) compliance.Requirement {
		return compliance.Requirement{ID: id, Name: id, Kind: compliance.RenewableTraining, Validity: period.MustParse(validity),
			RenewalWindow: period.MustParse("P1M"), InductionDeadline: period.MustParse("P1M")}
	}
	teachers := compliance.Scope{JobRoles: []string{"teacher"}}
	return compliance.Policy{ID: "bench", AcademicYearStart: compliance.MonthDay{Month: time.September, Day: 1},
		Requirements: []compliance.Requirement{
			training("safeguarding", "P1Y"), training("health-and-safety", "P3Y"), training("prevent", "P2Y"),
			training("equality-and-diversity", "P3Y"),
			{ID: "qts", Name: "QTS", Kind: compliance.Qualification, AppliesTo: teachers},
			{ID: "membership", Name: "Membership", Kind: compliance.Membership, AppliesTo: teachers,
				Validity: period.MustParse("P1Y"), InductionDeadline: period.MustParse("P1M")},
			{ID: "cpd-hours", Name: "CPD hours", Kind: compliance.MinimumHours, Hours: &compliance.HoursRule{Minimum: decimal.NewFromInt(30)}},
		}}
}

// benchTopics are the topics the benchmarks' completed activities cover,
// in turn.
var benchTopics = []string{"safeguarding", "health-and-safety", "prevent", "equality-and-diversity"}

// benchPerson is the ID of the i-th person.
func benchPerson(i int) string { return fmt.Sprintf("p%05d", i) }

// benchAdmin returns a context acting as the benchmarks' administrator.
func benchAdmin() context.Context {
	return cpd.WithActor(context.Background(), cpd.Actor{Org: benchOrg, Person: "admin"})
}

// benchCompleted is person i's k-th completed activity, k days before the
// benchmark day.
func benchCompleted(i, k int) cpd.Activity {
	return cpd.Activity{
		Person: benchPerson(i), Title: "Course", Kind: cpd.ExternalCourse, Aspect: cpd.KeepingUpToDate,
		Necessity: cpd.Necessary, Source: cpd.SelfIdentified, Topics: []string{benchTopics[k%len(benchTopics)]},
		Hours: decimal.RequireFromString("3.5"), Completed: benchDay - date.Date(1+k%60), Evidence: "certificate.pdf",
	}
}

// newBenchService builds an organisation of n people, each with
// benchActivities completed activities, through the Service as the
// administrator, and logs how long that took.
func newBenchService(b *testing.B, n int) *cpd.Service {
	b.Helper()
	started := time.Now()
	dir := memory.NewDirectory()
	ids := 0
	svc, err := cpd.New(memory.New(), dir, benchPolicy(), &cpd.Options{
		Now:      func() time.Time { return benchDay.MidnightUTC().Add(12 * time.Hour) },
		Location: time.UTC,
		NewID:    func() string { ids++; return fmt.Sprintf("a%08d", ids) },
	})
	if err != nil {
		b.Fatal(err)
	}
	dir.Set(benchOrg, cpd.Identity{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}})
	ctx := benchAdmin()
	for i := range n {
		p := cpd.Person{
			ID: benchPerson(i), Name: benchPerson(i), JobRole: "teacher", Roles: []cpd.Role{cpd.RoleStaff},
			Employment: compliance.Employed, Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1),
			Qualifications: []cpd.Qualification{{Topic: "qts", Name: "QTS", Awarded: date.New(2015, 7, 1)}},
		}
		dir.Set(benchOrg, cpd.Identity{Person: p.ID, Roles: p.Roles})
		if _, err := svc.Staff.AddPerson(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
	added := time.Since(started)
	for i := range n {
		for k := range benchActivities {
			if _, err := svc.Activities.RecordCompleted(ctx, benchCompleted(i, k)); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Logf("setup: %d people in %v, then %d completed activities in %v", n, added.Round(time.Millisecond),
		n*benchActivities, (time.Since(started) - added).Round(time.Millisecond))
	return svc
}

// BenchmarkServiceRecordCompletion records one completed activity for one
// person per iteration, in an organisation of benchPeople: the Service
// re-evaluates only that person and rewrites their status.
func BenchmarkServiceRecordCompletion(b *testing.B) {
	n := benchSize()
	svc := newBenchService(b, n)
	ctx := benchAdmin()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := svc.Activities.RecordCompleted(ctx, benchCompleted(i%n, benchActivities+i)); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkServiceOrgCompliance builds the organisation view of benchPeople
// people per iteration, from their maintained statuses (all fresh, since
// the clock does not move).
func BenchmarkServiceOrgCompliance(b *testing.B) {
	n := benchSize()
	svc := newBenchService(b, n)
	ctx := benchAdmin()
	b.ReportAllocs()
	for b.Loop() {
		v, err := svc.Compliance.OrgCompliance(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if len(v.Rows) != n {
			b.Fatalf("%d rows, want %d", len(v.Rows), n)
		}
	}
}
