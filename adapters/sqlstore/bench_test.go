package sqlstore_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/cpd"
)

// benchData is a typical activity record's JSON.
const benchData = `{"title":"Safeguarding refresher","aspect":"keeping_up_to_date","hours":"1.5","provider":"LSCB","start":"2026-03-02"}`

var benchChange = cpd.Change{Actor: "p-ada", Action: "edit", At: time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)}

func BenchmarkPutSQLite(b *testing.B) {
	b.Run("memory", func(b *testing.B) { benchPut(b, open(b, "sqlite::memory:", nil)) })
	b.Run("file", func(b *testing.B) { benchPut(b, open(b, sqliteFile(b), nil)) })
}

func BenchmarkGetSQLite(b *testing.B) {
	b.Run("memory", func(b *testing.B) { benchGet(b, open(b, "sqlite::memory:", nil)) })
	b.Run("file", func(b *testing.B) { benchGet(b, open(b, sqliteFile(b), nil)) })
}

func BenchmarkPutPostgres(b *testing.B) { benchPut(b, open(b, freshSchema(b), nil)) }

func BenchmarkGetPostgres(b *testing.B) { benchGet(b, open(b, freshSchema(b), nil)) }

// benchPut measures one Update that creates one record ("create") and one
// that updates it ("update"): each is a transaction with its audit event.
func benchPut(b *testing.B, s *sqlstore.Store) {
	ctx := b.Context()
	b.Run("create", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			err := s.Update(ctx, "org-bench", func(tx cpd.Tx) error {
				_, err := tx.Put(ctx, cpd.Record{Kind: cpd.KindActivity, ID: fmt.Sprintf("c-%09d", i), Owner: "p-ada", Data: []byte(benchData)}, benchChange)
				return err
			})
			require.NoError(b, err)
		}
	})
	b.Run("update", func(b *testing.B) {
		r := cpd.Record{Kind: cpd.KindActivity, ID: "u-1", Owner: "p-ada", Data: []byte(benchData)}
		b.ReportAllocs()
		for b.Loop() {
			err := s.Update(ctx, "org-bench", func(tx cpd.Tx) error {
				var err error
				r, err = tx.Put(ctx, r, benchChange)
				return err
			})
			require.NoError(b, err)
		}
	})
}

// benchGet measures a View that reads one of 1,000 records.
func benchGet(b *testing.B, s *sqlstore.Store) {
	ctx := b.Context()
	const n = 1000
	require.NoError(b, s.Update(ctx, "org-bench", func(tx cpd.Tx) error {
		for i := range n {
			if _, err := tx.Put(ctx, cpd.Record{Kind: cpd.KindActivity, ID: fmt.Sprintf("a-%04d", i), Owner: "p-ada", Data: []byte(benchData)}, benchChange); err != nil {
				return err
			}
		}
		return nil
	}))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		err := s.View(ctx, "org-bench", func(tx cpd.Tx) error {
			_, err := tx.Get(ctx, cpd.KindActivity, fmt.Sprintf("a-%04d", i%n))
			return err
		})
		require.NoError(b, err)
	}
}

// bulkImportSize is how many records BenchmarkBulkImport* imports per op.
const bulkImportSize = 100_000

func BenchmarkBulkImportSQLite(b *testing.B) {
	b.Run("memory", func(b *testing.B) { benchBulkImport(b, open(b, "sqlite::memory:", nil)) })
	b.Run("file", func(b *testing.B) { benchBulkImport(b, open(b, sqliteFile(b), nil)) })
}

func BenchmarkBulkImportPostgres(b *testing.B) { benchBulkImport(b, open(b, freshSchema(b), nil)) }

// benchBulkImport measures one Update that creates bulkImportSize records
// with PutMany, each with its audit event, and reports records/s.
func benchBulkImport(b *testing.B, s *sqlstore.Store) {
	ctx := b.Context()
	batches := make([][]cpd.Record, 0, 4)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		b.StopTimer()
		if len(batches) <= i {
			batches = append(batches, bulkRecords(fmt.Sprintf("op%04d", i), bulkImportSize))
		}
		rs := batches[i]
		b.StartTimer()
		err := s.Update(ctx, "org-bench", func(tx cpd.Tx) error {
			_, err := tx.(cpd.BulkTx).PutMany(ctx, rs, benchChange)
			return err
		})
		require.NoError(b, err)
		i++
		batches[i-1] = nil
	}
	b.ReportMetric(float64(bulkImportSize)*float64(i)/b.Elapsed().Seconds(), "records/s")
}
