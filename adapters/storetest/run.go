package storetest

import (
	"testing"

	"github.com/cpdkit/cpdkit/cpd"
)

// Run runs the conformance suite: one named subtest per behaviour the
// cpd.Store contract promises, each with a fresh, empty store from
// newStore. newStore may register cleanups with t.Cleanup.
//
// Beyond the words of cpd.Store, a store that passes:
//
//   - keeps Data bytes exactly (no JSON normalisation, so not PostgreSQL
//     jsonb) and orders IDs by bytes (in SQL, COLLATE "C");
//   - leaves a transaction usable after Put or Delete fail with
//     cpd.ErrConflict or cpd.ErrNotFound, writing nothing for that call;
//   - numbers events without gaps, even after rollbacks (so not with a SQL
//     sequence);
//   - reports a write-write conflict between concurrent Updates (such as a
//     serialisation failure) as an error wrapping cpd.ErrConflict, so that
//     callers can retry;
//   - gives a View a consistent snapshot (in PostgreSQL, REPEATABLE READ or
//     stronger);
//   - returns an error wrapping context.Canceled, and commits nothing, when
//     the context is cancelled before or during an Update;
//   - refuses with cpd.ErrInvalid, wherever it is given and before touching
//     any data, a name longer than cpd.MaxNameLen bytes, with a NUL byte or
//     not valid UTF-8, and an audit time outside the years 1 to 9999 (by
//     calling cpd's Check functions), and keeps a name of exactly
//     cpd.MaxNameLen bytes.
//
// The PutMany subtest runs only for stores whose Tx offers cpd.BulkTx,
// ReadMany only for those whose Tx offers cpd.ReadManyTx, UpdateMany only
// for those whose Tx offers cpd.UpdateManyTx, and Scan only for those
// whose Tx offers cpd.ScanTx; each is skipped for the others.
func Run(t *testing.T, newStore func(t *testing.T) cpd.Store) {
	tests := []struct {
		name string
		test func(*testing.T, func(*testing.T) cpd.Store)
	}{
		{"CreateReadUpdate", testCreateReadUpdate},
		{"CreateExisting", testCreateExisting},
		{"EmptyNames", testEmptyNames},
		{"Names", testNames},
		{"UsableAfterFailedWrite", testUsableAfterFailedWrite},
		{"NotFound", testNotFound},
		{"StaleVersion", testStaleVersion},
		{"DeleteThenCreate", testDeleteThenCreate},
		{"DataIsCopied", testDataIsCopied},
		{"ReadYourWrites", testReadYourWrites},
		{"UpdateReturnsFnError", testUpdateReturnsFnError},
		{"RollbackOnError", testRollbackOnError},
		{"RollbackOnPanic", testRollbackOnPanic},
		{"ViewIsReadOnly", testViewIsReadOnly},
		{"TenantIsolation", testTenantIsolation},
		{"ListFilters", testListFilters},
		{"ListOrder", testListOrder},
		{"Paging", testPaging},
		{"PageLimits", testPageLimits},
		{"PagingStableUnderInserts", testPagingStableUnderInserts},
		{"AuditEvents", testAuditEvents},
		{"EventSeq", testEventSeq},
		{"EventFilters", testEventFilters},
		{"EventsAppendOnly", testEventsAppendOnly},
		{"ConcurrentWriters", testConcurrentWriters},
		{"ViewSeesCommitted", testViewSeesCommitted},
		{"NoDirtyReads", testNoDirtyReads},
		{"ConsistentSnapshot", testConsistentSnapshot},
		{"Context", testContext},
		{"FaultInjection", testFaultInjection},
		{"PutMany", testPutMany},
		{"ReadMany", testReadMany},
		{"UpdateMany", testUpdateMany},
		{"Scan", testScan},
		{"Kinds", testKinds},
		{"FiltersFollowUpdates", testFiltersFollowUpdates},
		{"PrefixScan", testPrefixScan},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, newStore) })
	}
}
