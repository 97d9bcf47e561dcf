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
//
// Each iteration also writes the records the import wrote, as they were
// stored, into a new store of the same kind with one PutMany (each with
// its audit event, every index, check and trigger), untimed by the
// benchmark's clock but timed on its own: the store's own rate for these
// records (store-records/s), the most an import could reach without a
// cheaper schema, and the import's share of it (of-store), measured in
// the same run.
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
	var store time.Duration // the reference writes' time
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
		store += storeReference(b, ctx, s, dsn(b), org, res.IDs)
		require.NoError(b, s.Close())
		b.StartTimer()
	}
	imported := float64(len(o.Completions) * b.N)
	b.ReportMetric(imported/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(imported/store.Seconds(), "store-records/s")
	b.ReportMetric(store.Seconds()/b.Elapsed().Seconds(), "of-store")
}

// storeReference reads the organisation's activities with the IDs from s,
// as stored, and returns how long one PutMany of them takes in a new
// store at dsn.
func storeReference(b *testing.B, ctx context.Context, s *sqlstore.Store, dsn, org string, ids []string) time.Duration {
	var rs []cpd.Record
	require.NoError(b, s.View(ctx, org, func(tx cpd.Tx) error {
		var err error
		rs, err = tx.(cpd.ReadManyTx).GetMany(ctx, cpd.KindActivity, ids)
		return err
	}))
	require.Len(b, rs, len(ids))
	for i := range rs {
		rs[i].Version = 0
	}
	ref, err := sqlstore.Open(ctx, dsn, nil)
	require.NoError(b, err)
	defer func() { require.NoError(b, ref.Close()) }()
	start := time.Now()
	require.NoError(b, ref.Update(ctx, org, func(tx cpd.Tx) error {
		_, err := tx.(cpd.BulkTx).PutMany(ctx, rs, cpd.Change{Actor: "admin", Action: "activity.import", At: time.Now()})
		return err
	}))
	return time.Since(start)
}
