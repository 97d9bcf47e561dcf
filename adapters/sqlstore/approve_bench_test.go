package sqlstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// BenchmarkApprovalsPostgres measures approvals through cpd.Service on
// PostgreSQL, each an Update of one organisation (the activity, its
// audit event and its person's status) in a pool of approvalConns
// connections: "sequential" approves 100 requests one after another,
// "concurrent" 1,000 at once from as many goroutines, as when a whole
// department's requests are approved together (approvalsEach requests a
// person in both); the writers queue for the organisation's turn holding
// no connection, and none may fail. Each
// reports approvals/s, so the two compare in one run; the requests are
// made, untimed, before each op.
func BenchmarkApprovalsPostgres(b *testing.B) {
	b.Run("sequential", func(b *testing.B) { benchApprovals(b, 100, false) })
	b.Run("concurrent", func(b *testing.B) { benchApprovals(b, 1000, true) })
}

// approvalConns bounds the pool of BenchmarkApprovalsPostgres's store.
const approvalConns = 8

// approvalsEach is how many of the requests each person made, in both
// sub-benchmarks alike, so that an approval costs the same in each (it
// re-evaluates the person's status from their activities).
const approvalsEach = 5

func benchApprovals(b *testing.B, n int, concurrent bool) {
	const org = "org-approve"
	on := date.New(2026, 11, 25)
	s := open(b, freshSchema(b), &sqlstore.Options{MaxOpenConns: approvalConns})
	require.Equal(b, approvalConns, sqlstore.DB(s).Stats().MaxOpenConnections)
	dir := memory.NewDirectory()
	dir.Set(org, cpd.Identity{Person: "head", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleHeadOfEducation, cpd.RoleAdministrator}})
	people := []cpd.Person{{ID: "head", Name: "Head", JobRole: "head", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleHeadOfEducation, cpd.RoleAdministrator},
		Start: on - 1000, Employment: compliance.Employed, FTE: decimal.NewFromInt(1)}}
	staff := n / approvalsEach
	for i := range staff {
		id := fmt.Sprintf("p%03d", i)
		dir.Set(org, cpd.Identity{Person: id, Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "head"})
		people = append(people, cpd.Person{ID: id, Name: id, JobRole: "teacher", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "head",
			Start: on - 1000, Employment: compliance.Employed, FTE: decimal.NewFromInt(1)})
	}
	svc, err := cpd.New(s, dir, matrixPolicy(), &cpd.Options{Now: func() time.Time { return on.MidnightUTC().Add(12 * time.Hour) }, Location: time.UTC})
	require.NoError(b, err)
	as := func(person string) context.Context {
		return cpd.WithActor(b.Context(), cpd.Actor{Org: org, Person: person})
	}
	_, err = svc.Staff.ImportPeople(as("head"), people, nil)
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		ids := make([]string, n)
		for i := range ids {
			person := people[1+i%staff].ID
			a, err := svc.Activities.Request(as(person), cpd.Activity{Person: person, Title: "Course", Kind: cpd.ExternalCourse,
				Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.SelfIdentified, Topics: []string{"safeguarding"},
				Hours: decimal.RequireFromString("3")})
			require.NoError(b, err)
			ids[i] = a.ID
		}
		errs := make([]error, n)
		b.StartTimer()
		if concurrent {
			var wg sync.WaitGroup
			for i, id := range ids {
				wg.Go(func() { _, errs[i] = svc.Activities.Approve(as("head"), id) })
			}
			wg.Wait()
		} else {
			for i, id := range ids {
				_, errs[i] = svc.Activities.Approve(as("head"), id)
			}
		}
		b.StopTimer()
		for i, err := range errs {
			require.NoError(b, err, "approval %d", i)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "approvals/s")
}
