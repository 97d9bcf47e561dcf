package sqlstore_test

import (
	"context"
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

// BenchmarkImportCompletionsSQLite and BenchmarkImportCompletionsPostgres
// measure what an LMS migration sees: cpd.Activities.ImportCompletions of a
// generated organisation's completions (about 30,000 for 4,000 staff)
// into a store that has the staff already, all or nothing in one
// transaction, with every check, the duplicate lookup by ExternalRef, the
// audit events and each person's status refreshed. BenchmarkBulkImport*
// measure the store's part alone.
func BenchmarkImportCompletionsSQLite(b *testing.B) {
	b.Run("memory", func(b *testing.B) { benchImportCompletions(b, func(b *testing.B) string { return "sqlite::memory:" }) })
	b.Run("file", func(b *testing.B) { benchImportCompletions(b, func(b *testing.B) string { return sqliteFile(b) }) })
}

func BenchmarkImportCompletionsPostgres(b *testing.B) {
	benchImportCompletions(b, func(b *testing.B) string { return freshSchema(b) })
}

// importPeople is how many staff BenchmarkImportCompletions* generates.
const importPeople = 4000

func benchImportCompletions(b *testing.B, dsn func(*testing.B) string) {
	const org = "org-import"
	on := date.New(2026, 11, 25)
	pol, err := presets.Load("letta")
	require.NoError(b, err)
	o := demo.Generate(demo.Options{People: importPeople, Seed: 7, On: on, Policy: pol})
	dir := memory.NewDirectory()
	for _, id := range o.Identities {
		dir.Set(org, id)
	}
	ctx := cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: o.Admin})
	opts := &cpd.Options{Now: func() time.Time { return on.Midnight().Add(12 * time.Hour) }, Location: time.UTC}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s, err := sqlstore.Open(ctx, dsn(b), nil)
		require.NoError(b, err)
		svc, err := cpd.New(s, dir, pol, opts)
		require.NoError(b, err)
		_, err = svc.Staff.ImportPeople(ctx, o.People, nil)
		require.NoError(b, err)
		b.StartTimer()
		res, err := svc.Activities.ImportCompletions(ctx, o.Completions, nil)
		b.StopTimer()
		require.NoError(b, err)
		require.Len(b, res.IDs, len(o.Completions))
		require.Empty(b, res.Duplicates)
		require.NoError(b, s.Close())
		b.StartTimer()
	}
	b.ReportMetric(float64(len(o.Completions)*b.N)/b.Elapsed().Seconds(), "records/s")
}
