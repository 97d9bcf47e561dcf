package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/cpd"
	"github.com/cpdkit/cpdkit/demo"
	"github.com/cpdkit/cpdkit/presets"
)

// BenchmarkWithdrawImportedSQLite measures what applying an LRS page with
// a few voiding statements costs: cpd.Activities.WithdrawImported of ten
// references in an organisation of 4,000 staff and their 30,000 or so
// imported completions, which it reads once to find them, then withdraws
// and refreshes ten statuses.
func BenchmarkWithdrawImportedSQLite(b *testing.B) {
	const org, perCall = "org-withdraw", 10
	on := date.New(2026, 11, 25)
	pol, err := presets.Load("letta")
	require.NoError(b, err)
	o := demo.Generate(demo.Options{People: importPeople, Seed: 7, On: on, Policy: pol})
	dir := memory.NewDirectory()
	for _, id := range o.Identities {
		dir.Set(org, id)
	}
	ctx := cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: o.Admin})
	s, err := sqlstore.Open(ctx, sqliteFile(b), nil)
	require.NoError(b, err)
	b.Cleanup(func() { require.NoError(b, s.Close()) })
	svc, err := cpd.New(s, dir, pol, &cpd.Options{Now: func() time.Time { return on.Midnight().Add(12 * time.Hour) }, Location: time.UTC})
	require.NoError(b, err)
	_, err = svc.Staff.ImportPeople(ctx, o.People, nil)
	require.NoError(b, err)
	acts := o.Completions
	for i := range acts {
		acts[i].ExternalRef = fmt.Sprintf("xapi:%08d", i)
	}
	_, err = svc.Activities.ImportCompletions(ctx, acts, nil)
	require.NoError(b, err)
	next := 0
	b.ReportAllocs()
	for b.Loop() {
		ws := make([]cpd.Withdrawal, perCall)
		for i := range ws {
			ws[i] = cpd.Withdrawal{ExternalRef: fmt.Sprintf("xapi:%08d", next%len(acts)), Reason: "voided"}
			next++
		}
		if _, err := svc.Activities.WithdrawImported(ctx, ws); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(acts)), "activities")
}
