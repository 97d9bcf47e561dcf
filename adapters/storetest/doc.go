// Package storetest is the conformance suite every cpd.Store must pass, and
// tools for proving that the use cases built on a Store are atomic.
//
// An adapter's tests call [Run] with a function that makes a fresh, empty
// store:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) cpd.Store { return memory.New() })
//	}
//
// Run checks one behaviour per named subtest (so `go test -run
// 'Conformance/Paging'` runs one): versions and conflicts, rollback on
// error and on panic, empty, over-long, NUL and invalid UTF-8 names
// refused alike by every store, a transaction usable after a
// failed write, read-only Views, tenant isolation, keyset paging, the
// audit trail, concurrent writers, isolation between transactions,
// context cancellation and, for stores that offer cpd.BulkTx,
// cpd.ReadManyTx, cpd.UpdateManyTx and cpd.ScanTx, PutMany, GetMany,
// ListOwners, UpdateMany and Scan. A store that passes
// behaves like the database the cpd package was written against; see
// cpd.Store for the contract.
//
// [Faulty] wraps any store and makes its k-th write fail with
// [ErrInjected]. [AtomicUseCase] uses it to check a use case (typically a
// cpd.Service method) for every k: whenever a write fails, the
// organisation's records and events must be exactly as before.
package storetest
