package sqlstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
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

const (
	matrixOrg       = "org-matrix"
	matrixPeople    = 100_000
	matrixPerPerson = 30
)

var matrixDay = date.New(2026, time.November, 25)

// matrixPolicy has 15 requirements of every kind.
func matrixPolicy() compliance.Policy {
	p := compliance.Policy{ID: "matrix", AcademicYearStart: compliance.MonthDay{Month: time.September, Day: 1}}
	add := func(r compliance.Requirement) {
		if r.Name == "" {
			r.Name = r.ID
		}
		p.Requirements = append(p.Requirements, r)
	}
	y1, y2, y3 := period.MustParse("P1Y"), period.MustParse("P2Y"), period.MustParse("P3Y")
	win, ded := period.MustParse("P1M"), period.MustParse("P30D")
	for i, v := range []period.Period{y1, y2, y3, y1, y2, y1, y3, y1} {
		add(compliance.Requirement{ID: fmt.Sprintf("training-%d", i), Kind: compliance.RenewableTraining, Validity: v, RenewalWindow: win, InductionDeadline: ded})
	}
	add(compliance.Requirement{ID: "safeguarding", Kind: compliance.RenewableTraining, Validity: y1, RenewalWindow: win, Basis: compliance.FromPreviousExpiry, Topics: []string{"safeguarding", "dsl"}})
	add(compliance.Requirement{ID: "fire", Kind: compliance.RenewableTraining, Validity: y1, Basis: compliance.FixedDate, DueBy: compliance.MonthDay{Month: 12, Day: 31}})
	add(compliance.Requirement{ID: "induction", Kind: compliance.OneOffTraining, InductionDeadline: ded})
	add(compliance.Requirement{ID: "qts", Kind: compliance.Qualification, AppliesTo: compliance.Scope{JobRoles: []string{"teacher"}}})
	add(compliance.Requirement{ID: "membership", Kind: compliance.Membership, AppliesTo: compliance.Scope{JobRoles: []string{"teacher"}}, RenewalWindow: win})
	add(compliance.Requirement{ID: "hours", Kind: compliance.MinimumHours, Hours: &compliance.HoursRule{Minimum: decimal.NewFromInt(30)}})
	add(compliance.Requirement{ID: "cpd-log", Kind: compliance.Submission, Every: period.MustParse("P2M")})
	return p
}

func BenchmarkOrgMatrixPostgres(b *testing.B) {
	dsn := keptSchema(b, "cpdkit_bench_matrix")
	store := open(b, dsn, nil)
	dir := memory.NewDirectory()
	dir.Set(matrixOrg, cpd.Identity{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}})
	ids := 0
	svc, err := cpd.New(store, dir, matrixPolicy(), &cpd.Options{
		Now:      func() time.Time { return matrixDay.MidnightUTC().Add(12 * time.Hour) },
		Location: time.UTC,
		NewID:    func() string { ids++; return fmt.Sprintf("a%08d", ids) },
	})
	require.NoError(b, err)
	ctx := cpd.WithActor(context.Background(), cpd.Actor{Org: matrixOrg, Person: "admin"})
	started := time.Now()
	if _, err := svc.Person(ctx, "p000000"); err != nil {
		seedMatrix(b, ctx, store, svc)
	}
	b.Logf("seeded in %v", time.Since(started))
	b.ReportAllocs()
	for b.Loop() {
		v, err := svc.OrgCompliance(ctx)
		require.NoError(b, err)
		require.Len(b, v.Rows, matrixPeople)
	}
}

func seedMatrix(b *testing.B, ctx context.Context, store *sqlstore.Store, svc *cpd.Service) {
	topics := []string{"training-0", "training-1", "training-2", "training-3", "training-4", "training-5", "training-6", "training-7", "safeguarding", "fire", "induction", "cpd-log", "dsl", "webinar"}
	jobs := []string{"teacher", "assessor", "administrator"}
	const batch = 5000
	ch := cpd.Change{Actor: "admin", Action: "seed", At: time.Now().UTC()}
	seq := 0
	for start := 0; start < matrixPeople; start += batch {
		var rs []cpd.Record
		var acts []cpd.Activity
		for i := start; i < start+batch; i++ {
			p := cpd.Person{ID: fmt.Sprintf("p%06d", i), Name: fmt.Sprintf("Person %d", i), JobRole: jobs[i%3], Roles: []cpd.Role{cpd.RoleStaff},
				Employment: compliance.Employed, Start: matrixDay - date.Date(100+i%2000), FTE: decimal.NewFromInt(1)}
			data, err := json.Marshal(p)
			require.NoError(b, err)
			rs = append(rs, cpd.Record{Kind: cpd.KindPerson, ID: p.ID, Owner: p.ID, Data: data})
			for k := 0; k < matrixPerPerson; k++ {
				seq = (seq*1103515245 + 12345) & 0x7fffffff
				acts = append(acts, cpd.Activity{Person: p.ID, Title: "Course", Kind: cpd.ExternalCourse, Aspect: cpd.KeepingUpToDate,
					Necessity: cpd.Necessary, Source: cpd.SelfIdentified, Topics: []string{topics[seq%len(topics)]},
					Hours: decimal.RequireFromString("1.5"), Completed: matrixDay - date.Date(seq%90), Evidence: "cert"})
			}
		}
		require.NoError(b, store.Update(ctx, matrixOrg, func(tx cpd.Tx) error {
			_, err := tx.(cpd.BulkTx).PutMany(ctx, rs, ch)
			return err
		}))
		_, err := svc.ImportCompletions(ctx, acts, nil)
		require.NoError(b, err)
	}
}

func keptSchema(t testing.TB, schema string) string {
	dsn := postgresDSN(t)
	admin := adminDB(t, dsn)
	_, err := admin.ExecContext(t.Context(), "CREATE SCHEMA IF NOT EXISTS "+schema)
	require.NoError(t, err)
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func BenchmarkOrgMatrixPostgresListOnly(b *testing.B) {
	dsn := keptSchema(b, "cpdkit_bench_matrix")
	store := open(b, dsn, nil)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		err := store.View(ctx, matrixOrg, func(tx cpd.Tx) error {
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
		})
		require.NoError(b, err)
		require.Equal(b, matrixPeople, n)
	}
}
