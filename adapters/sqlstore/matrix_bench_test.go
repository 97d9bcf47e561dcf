package sqlstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// The organisation of BenchmarkOrgMatrixPostgres: matrixPeople people
// with matrixPerPerson completed activities each (3,000,000 records),
// under a policy of 15 requirements, on a fixed day.
const (
	matrixOrg       = "org-matrix"
	matrixPeople    = 100_000
	matrixPerPerson = 30
	// matrixSchema keeps the seeded organisation between runs, since
	// seeding takes minutes. Change its version whenever the fixture or
	// what the Service stores changes, so that a run never reads a stale
	// one; drop the schema to seed again.
	matrixSchema = "cpdkit_bench_matrix_v1"
)

var matrixDay = date.New(2026, time.November, 25)

// BenchmarkOrgMatrixPostgres builds the organisation compliance view of
// 100,000 people, whose 3,000,000 completed activities are in
// PostgreSQL, through the Service ("OrgCompliance"): it reads the status
// each person's writes keep up to date, one record per person, not the
// activities. "ListStatuses" only reads those records, for the floor.
//
// The first run seeds the organisation in a schema of its own (minutes:
// people in bulk, then the activities through Activities.ImportCompletions,
// which keeps the statuses), and later runs reuse it.
func BenchmarkOrgMatrixPostgres(b *testing.B) { benchOrgMatrix(b, matrixPeople, matrixSchema) }

// BenchmarkOrgMatrixPostgres10k is BenchmarkOrgMatrixPostgres with a
// tenth of the people (and of the activities), which seeds in a tenth of
// the time: for iterating on the view, before measuring at full size.
func BenchmarkOrgMatrixPostgres10k(b *testing.B) {
	benchOrgMatrix(b, matrixPeople/10, "cpdkit_bench_matrix10k_v1")
}

// benchOrgMatrix runs BenchmarkOrgMatrixPostgres on an organisation of
// people people, kept in the schema.
func benchOrgMatrix(b *testing.B, people int, schema string) {
	store := open(b, keptSchema(b, schema), nil)
	svc, ctx := matrixService(b, store)
	if n := countStatuses(b, ctx, store); n != people {
		require.Zero(b, n, "schema %s is half seeded: drop it and run again", schema)
		started := time.Now()
		seedMatrix(b, ctx, store, svc, people)
		b.Logf("seeded %d people and %d activities in %v", people, people*matrixPerPerson, time.Since(started).Round(time.Second))
	}
	b.Run("OrgCompliance", func(b *testing.B) {
		b.ReportAllocs()
		cpu := processCPU(b)
		for b.Loop() {
			v, err := svc.Compliance.OrgCompliance(ctx)
			require.NoError(b, err)
			require.Len(b, v.Rows, people)
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
		b.ReportMetric(float64((processCPU(b)-cpu).Milliseconds())/float64(b.N), "client-cpu-ms/op")
	})
	b.Run("ListStatuses", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			require.Equal(b, people, countStatuses(b, ctx, store))
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
	})
}

// matrixService is a Service on the store for the benchmark's
// organisation, acting as its administrator.
func matrixService(b *testing.B, store *sqlstore.Store) (*cpd.Service, context.Context) {
	dir := memory.NewDirectory()
	dir.Set(matrixOrg, cpd.Identity{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}})
	ids := 0
	svc, err := cpd.New(store, dir, matrixPolicy(), &cpd.Options{
		Now:      func() time.Time { return matrixDay.MidnightUTC().Add(12 * time.Hour) },
		Location: time.UTC,
		NewID:    func() string { ids++; return fmt.Sprintf("a%08d", ids) },
	})
	require.NoError(b, err)
	return svc, cpd.WithActor(context.Background(), cpd.Actor{Org: matrixOrg, Person: "admin"})
}

// matrixPolicy has 15 requirements of every kind.
func matrixPolicy() compliance.Policy {
	p := compliance.Policy{ID: "matrix", AcademicYearStart: compliance.MonthDay{Month: time.September, Day: 1}}
	add := func(r compliance.Requirement) {
		r.Name = r.ID
		p.Requirements = append(p.Requirements, r)
	}
	y1, y2, y3 := period.MustParse("P1Y"), period.MustParse("P2Y"), period.MustParse("P3Y")
	win, ded := period.MustParse("P1M"), period.MustParse("P30D")
	for i, v := range []period.Period{y1, y2, y3, y1, y2, y1, y3, y1} {
		add(compliance.Requirement{ID: fmt.Sprintf("training-%d", i), Kind: compliance.RenewableTraining, Validity: v, RenewalWindow: win, InductionDeadline: ded})
	}
	add(compliance.Requirement{ID: "safeguarding", Kind: compliance.RenewableTraining, Validity: y1, RenewalWindow: win,
		Basis: compliance.FromPreviousExpiry, Topics: []string{"safeguarding", "dsl"}})
	add(compliance.Requirement{ID: "fire", Kind: compliance.RenewableTraining, Validity: y1, Basis: compliance.FixedDate,
		DueBy: compliance.MonthDay{Month: time.December, Day: 31}})
	add(compliance.Requirement{ID: "induction", Kind: compliance.OneOffTraining, InductionDeadline: ded})
	add(compliance.Requirement{ID: "qts", Kind: compliance.Qualification, AppliesTo: compliance.Scope{JobRoles: []string{"teacher"}}})
	add(compliance.Requirement{ID: "membership", Kind: compliance.Membership, AppliesTo: compliance.Scope{JobRoles: []string{"teacher"}}, RenewalWindow: win})
	add(compliance.Requirement{ID: "hours", Kind: compliance.MinimumHours, Hours: &compliance.HoursRule{Minimum: decimal.NewFromInt(30)}})
	add(compliance.Requirement{ID: "cpd-log", Kind: compliance.Submission, Every: period.MustParse("P2M")})
	return p
}

// seedMatrix adds the people in bulk, then their activities through the
// Service, a batch of people at a time.
func seedMatrix(b *testing.B, ctx context.Context, store *sqlstore.Store, svc *cpd.Service, n int) {
	topics := []string{"training-0", "training-1", "training-2", "training-3", "training-4", "training-5", "training-6",
		"training-7", "safeguarding", "fire", "induction", "dsl"}
	jobs := []string{"teacher", "assessor", "administrator"}
	const batch = 5000
	ch := cpd.Change{Actor: "admin", Action: "seed", At: matrixDay.MidnightUTC()}
	seq := 0
	for start := 0; start < n; start += batch {
		var people []cpd.Record
		var acts []cpd.Activity
		for i := start; i < start+batch; i++ {
			p := cpd.Person{ID: fmt.Sprintf("p%06d", i), Name: fmt.Sprintf("Person %d", i), JobRole: jobs[i%len(jobs)],
				Roles: []cpd.Role{cpd.RoleStaff}, Employment: compliance.Employed, Start: matrixDay - date.Date(100+i%2000),
				FTE: decimal.NewFromInt(1)}
			data, err := json.Marshal(p)
			require.NoError(b, err)
			people = append(people, cpd.Record{Kind: cpd.KindPerson, ID: p.ID, Owner: p.ID, Data: data})
			for range matrixPerPerson {
				seq = (seq*1103515245 + 12345) & 0x7fffffff
				acts = append(acts, cpd.Activity{Person: p.ID, Title: "Course", Kind: cpd.ExternalCourse, Aspect: cpd.KeepingUpToDate,
					Necessity: cpd.Necessary, Source: cpd.SelfIdentified, Topics: []string{topics[seq%len(topics)]},
					Hours: decimal.RequireFromString("1.5"), Completed: matrixDay - date.Date(seq%90), Evidence: "certificate"})
			}
		}
		require.NoError(b, store.Update(ctx, matrixOrg, func(tx cpd.Tx) error {
			_, err := tx.(cpd.BulkTx).PutMany(ctx, people, ch)
			return err
		}))
		_, err := svc.Activities.ImportCompletions(ctx, acts, nil)
		require.NoError(b, err)
	}
}

// countStatuses reads every status record of the benchmark's
// organisation, a page at a time, and counts them.
func countStatuses(b *testing.B, ctx context.Context, store *sqlstore.Store) int {
	n := 0
	require.NoError(b, store.View(ctx, matrixOrg, func(tx cpd.Tx) error {
		q := cpd.Query{Limit: cpd.MaxLimit}
		for {
			p, err := tx.List(ctx, cpd.KindStatus, q)
			if err != nil {
				return err
			}
			n += len(p.Records)
			if p.Next == "" {
				return nil
			}
			q.After = p.Next
		}
	}))
	return n
}

// keptSchema creates, if missing, a PostgreSQL schema that outlives the
// run, and returns a DSN whose search_path puts everything in it.
func keptSchema(b *testing.B, schema string) string {
	dsn := postgresDSN(b)
	_, err := adminDB(b, dsn).ExecContext(b.Context(), "CREATE SCHEMA IF NOT EXISTS "+schema)
	require.NoError(b, err)
	return inSchema(b, dsn, schema)
}
