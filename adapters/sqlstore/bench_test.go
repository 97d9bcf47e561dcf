package sqlstore_test

import (
	"database/sql"
	"fmt"
	"runtime"
	"sync/atomic"
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

// BenchmarkContendedPutPostgres measures Updates that each create one
// record in the same organisation, from many goroutines at once (writers
// in all, as b.RunParallel runs them), as when a whole department's
// approvals arrive together: each waits for the organisation's turn.
func BenchmarkContendedPutPostgres(b *testing.B) {
	for _, writers := range []int{8, 64, 1000} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			s := open(b, freshSchema(b), nil)
			ctx := b.Context()
			var n atomic.Int64
			b.SetParallelism(max(1, writers/runtime.GOMAXPROCS(0)))
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					id := fmt.Sprintf("c-%09d", n.Add(1))
					err := s.Update(ctx, "org-bench", func(tx cpd.Tx) error {
						_, err := tx.Put(ctx, cpd.Record{Kind: cpd.KindActivity, ID: id, Owner: "p-ada", Data: []byte(benchData)}, benchChange)
						return err
					})
					if err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

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

// BenchmarkBulkFloorSQLite and BenchmarkBulkFloorPostgres measure the
// bulk import of BenchmarkBulkImport* into records and events tables that
// have the same columns but no index, constraint or trigger: the most any
// schema that keeps each record and its audit event could reach on this
// machine, through the same code. The difference is what the schema's
// keys, indexes and checks cost.
func BenchmarkBulkFloorSQLite(b *testing.B) {
	dsn := sqliteFile(b)
	s := open(b, dsn, nil)
	db := rawDB(b, dsn)
	// The reporting views name the tables, and SQLite will not rename a
	// table into a name a broken view reads; the floor has no views.
	rows, err := db.QueryContext(b.Context(), "SELECT name FROM sqlite_master WHERE type = 'view'")
	require.NoError(b, err)
	var views []string
	for rows.Next() {
		var name string
		require.NoError(b, rows.Scan(&name))
		views = append(views, name)
	}
	require.NoError(b, rows.Err())
	for _, v := range views {
		_, err := db.ExecContext(b.Context(), "DROP VIEW "+v)
		require.NoError(b, err)
	}
	bareTables(b, db, "CREATE TABLE %[1]s_bare AS SELECT * FROM %[1]s WHERE false", "DROP TABLE %s")
	benchBulkImport(b, s)
}

func BenchmarkBulkFloorPostgres(b *testing.B) {
	dsn := freshSchema(b)
	s := open(b, dsn, nil)
	// CASCADE: the reporting views and the statuses trigger depend on
	// the tables; the floor has neither.
	bareTables(b, rawDB(b, dsn), "CREATE TABLE %[1]s_bare (LIKE %[1]s INCLUDING DEFAULTS)", "DROP TABLE %s CASCADE")
	benchBulkImport(b, s)
}

// bareTables replaces records and events with tables of the same columns
// made by create, dropping the old ones with drop; both are formats with
// the table's name as their argument.
func bareTables(b *testing.B, db *sql.DB, create, drop string) {
	for _, table := range []string{"records", "events"} {
		for _, stmt := range []string{fmt.Sprintf(create, table), fmt.Sprintf(drop, table), "ALTER TABLE " + table + "_bare RENAME TO " + table} {
			_, err := db.ExecContext(b.Context(), stmt)
			require.NoError(b, err, stmt)
		}
	}
}

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

// BenchmarkUpdateManySQLite and BenchmarkUpdateManyPostgres measure what
// refreshing an organisation's statuses writes: one Update that rewrites
// 8,000 records (4,000 people's statuses and reasons, each keeping its
// owner and state) with UpdateMany, each with its audit event, in an
// organisation that also holds 40,000 activities. It reports records/s.
func BenchmarkUpdateManySQLite(b *testing.B) { benchUpdateMany(b, open(b, sqliteFile(b), nil)) }

func BenchmarkUpdateManyPostgres(b *testing.B) { benchUpdateMany(b, open(b, freshSchema(b), nil)) }

func benchUpdateMany(b *testing.B, s *sqlstore.Store) {
	ctx := b.Context()
	const people = 4000
	rs := make([]cpd.Record, 0, 2*people)
	for _, kind := range []cpd.Kind{cpd.KindStatus, cpd.KindStatusReasons} {
		for i := range people {
			id := fmt.Sprintf("p-%05d", i)
			rs = append(rs, cpd.Record{Kind: kind, ID: id, Owner: id, Data: []byte(benchData)})
		}
	}
	require.NoError(b, s.Update(ctx, "org-bench", func(tx cpd.Tx) error {
		if _, err := tx.(cpd.BulkTx).PutMany(ctx, bulkRecords("act", 40_000), benchChange); err != nil {
			return err
		}
		stored, err := tx.(cpd.BulkTx).PutMany(ctx, rs, benchChange)
		rs = stored
		return err
	}))
	b.ReportAllocs()
	for b.Loop() {
		for i := range rs {
			rs[i].Data = fmt.Appendf(nil, `{"title":"status %d","hours":"%d"}`, rs[i].Version, i%40)
		}
		err := s.Update(ctx, "org-bench", func(tx cpd.Tx) error {
			stored, err := tx.(cpd.UpdateManyTx).UpdateMany(ctx, rs, benchChange)
			if err == nil {
				rs = stored
			}
			return err
		})
		require.NoError(b, err)
	}
	b.ReportMetric(float64(len(rs)*b.N)/b.Elapsed().Seconds(), "records/s")
}
