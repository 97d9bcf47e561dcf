// Package sqlstore keeps cpdkit's records in an SQL database: it is the
// cpd.Store an embedding system gives [cpd.New], on SQLite (the default:
// pure Go, nothing to install) or PostgreSQL, with one set of semantics on
// both. It passes the conformance suite in adapters/storetest on both.
//
// # Opening a store
//
// [Open] takes a DSN whose scheme picks the database, migrates the schema
// and returns a Store; close it when done:
//
//	store, err := sqlstore.Open(ctx, "sqlite:cpd.db", nil)
//	if err != nil {
//		return err
//	}
//	defer store.Close()
//	svc, err := cpd.New(store, directory, policy, nil)
//
// SQLite, through modernc.org/sqlite (no cgo), is the embedded default:
// "sqlite:PATH" is a file, created if missing and opened in WAL mode, and
// "sqlite::memory:" a private in-memory database that lives until Close.
// For PostgreSQL, through github.com/jackc/pgx/v5, give a URL instead
// ("postgres://cpd@db.example.org/cpd?sslmode=verify-full"); nothing else
// changes. Add search_path=cpdkit to the URL to keep the tables in a
// schema of their own: Open creates the path's first schema if it is
// missing (or, for a role that may not, fails saying so). [New] does the
// same on a *sql.DB you opened yourself.
//
// [Options] (nil means the defaults) tune the store: NoMigrate (below);
// MaxOpenConns, the bound on Open's pool (DefaultMaxOpenConns, 16);
// RetryUnavailable, how long a transaction the server refuses to start is
// retried (DefaultRetryUnavailable); and SQLite's BusyTimeout.
//
// # Migrations
//
// Open and New migrate the schema first: embedded, numbered SQL files per
// dialect, applied by goose (github.com/pressly/goose/v3), each in its own
// transaction and recorded in [MigrationsTable]; an applied migration is
// never edited. Stores opening one PostgreSQL database at once take turns
// to migrate. With Options.NoMigrate, for deployments that migrate as a
// separate step, they check the version instead and fail with
// [ErrSchemaVersion] if the schema is behind; [Store.SchemaVersion] reads
// it.
//
// The rest of this documentation is how the store works inside.
//
// # Schema
//
// Three tables (and the read-only reporting views below), each table with a primary key that starts with org_id; no query
// crosses organisations, so the schema can be distributed by organisation
// (PostgreSQL with Citus, say):
//
//   - orgs (org_id, last_seq): the Seq of the organisation's last audit
//     event. A writing transaction counts on from it and stores the count
//     before it commits, so Seqs are 1, 2, 3, … without gaps, even after
//     rollbacks (a SQL sequence would leave gaps).
//   - records (org_id, kind, id, version, owner, state, data), keyed by
//     (org_id, kind, id), indexed for List's owner and state filters. Data
//     is bytea or BLOB, so the bytes are kept exactly (not jsonb).
//   - events (org_id, seq, at, actor, action, kind, id, owner, before,
//     after), keyed by (org_id, seq), indexed by record ID and by owner
//     for Events' filters (a filter by kind alone reads the
//     organisation's events in order). Times are kept to the microsecond,
//     in UTC.
//
// PostgreSQL has a fourth, statuses (org_id, id, data), keyed by (org_id,
// id): the records of kind status again, which a row trigger on records
// keeps equal to them in the same transaction (migration 6). Scan reads
// the statuses from it, where they lie together rather than among every
// other kind's records (see Bulk import). Nothing else reads or writes it.
//
// TestQueryPlans checks that List and Events use these indexes, on
// SQLite with and without statistics and on PostgreSQL.
//
// IDs are compared and ordered by their bytes: PostgreSQL columns use
// COLLATE "C", SQLite's default collation is BINARY. CHECK constraints
// reject empty ids and kinds and versions below 1. Every record and event
// belongs to an organisation that orgs has, and an organisation with
// records or events is neither deleted nor renamed: in SQLite by foreign
// keys; in PostgreSQL by triggers that check each INSERT's rows once per
// statement rather than once per row, as a foreign key would (which took
// a third of a bulk import's time), and that fail as the foreign key
// would, with SQLSTATE 23503 naming records_org_id_fkey or
// events_org_id_fkey.
//
// The domain's own rules are in the schema too, under the Service's
// checks, so that no writer can store what cpd would refuse: CHECK
// constraints on the JSON of each kind they concern refuse negative CPD
// hours (records_activity_hours_check), an FTE outside (0, 1]
// (records_person_fte_check), and in the budget's ledger a negative amount
// or one without an ISO 4217 currency code
// (records_ledger_entry_amount_check, records_budget_account_money_check).
// Money is stored exactly, as JSON {"amount": "12.50", "currency": "GBP"};
// dates as ISO dates; enumerations by their stable names. A refused write
// is a *DBError matching cpd.ErrInvalid whose Constraint names the rule.
// Uniqueness that the domain has lives in the keys: one record per
// (organisation, kind, ID), where an ID that must be unique in the domain
// is built from what makes it so (feedback on an activity has the
// activity's ID; a receipt of an update is the update and the person).
//
// # Reporting views
//
// For the reporting tools a provider already uses (Power BI, Metabase, a
// spreadsheet's database connection), migrations 4 and 5 add read-only
// views that read the records' JSON into typed columns, in both dialects.
// Each keeps org_id, so a report filters by organisation as the store
// does:
//
//   - cpdkit_people: person_id, name, email, job_role, team, line_manager,
//     employment, start_date, resigned_on, leaving, fte;
//   - cpdkit_activities: activity_id, person_id, title, kind, aspect,
//     necessity, source, state, hours, start_date, end_date, completed,
//     valid_until, provider, external_ref, budget_id, budget_line;
//   - cpdkit_activity_topics: activity_id, topic (one row per topic);
//   - cpdkit_budget_lines: budget_id, line_id, name, line_kind, holder,
//     enforcement, allocated, committed, spent, currency;
//   - cpdkit_ledger: budget_id, line_id, seq, kind, amount, currency,
//     settles, action, ref, by, on_date;
//   - cpdkit_compliance (migration 5): each person's stored compliance
//     status, one row per requirement: person_id, name, team, job_role,
//     line_manager, leaving, position, requirement_id, requirement_name,
//     status, valid_until, due_by, evaluated_on, next_change, policy_id,
//     policy.
//
// On PostgreSQL dates are date and hours, FTE and money numeric; SQLite has
// neither type, so dates are ISO 8601 text (which sorts as dates) and
// numbers NUMERIC. Enumerations are their stable JSON names. Money is
// always beside its ISO 4217 currency. The views take no writes and
// cpdkit never reads them; TestReportingViews checks that plain SQL over
// them answers as the Service does for a generated organisation.
//
// A person's status is stored compactly, one cell per requirement in the
// policy's order, under the policy's fingerprint; the requirements
// themselves are in the record of kind cpd.KindCompliancePolicy with that
// fingerprint, which the Service writes in the same transaction as the
// first status under it. cpdkit_compliance pairs the n-th requirement of
// that record with the n-th cell, and spells each status by its stable
// name (compliant, due_soon, pending, planned, overdue, missing, exempt,
// not_applicable). A row is the status as stored on evaluated_on, true
// until next_change (null: until a record changes): run
// cpd.Compliance.RefreshStatuses daily so that none is stale. After a policy
// change a status keeps the old policy's requirements (policy and
// policy_id say which) until it is refreshed. Leavers keep their rows,
// with leaving set. TestComplianceView checks every row against
// cpd.Compliance.OrgCompliance, before and after a policy change.
//
// # Transactions
//
// Put and Delete write only if the stored version is the one given, so a
// stale write fails with cpd.ErrConflict without writing, and the
// transaction goes on. On PostgreSQL a Put is one statement, which checks
// the version, writes the record and appends its event, as each statement
// costs a round trip to the server; on SQLite, in the same process, it is
// three. Writers to one organisation take
// turns (see [Store]). Errors from the database are classified by code,
// never by message text: see [DBError]. After any database error inside a
// transaction, its later calls fail and an Update does not commit, as
// PostgreSQL would insist anyway.
//
// # Connections and contention
//
// Open bounds its pool at Options.MaxOpenConns (DefaultMaxOpenConns, 16):
// past it, callers wait in the pool instead of asking the server for more
// connections than its max_connections allows. On PostgreSQL an Update
// waits for its organisation's turn among this process's Updates before
// it takes a connection, so a thousand concurrent approvals in one
// organisation queue in memory and use one connection between them, and
// Views and other organisations still get theirs; only then does it wait
// for the advisory lock that another process's writer may hold. While the
// server refuses to start a transaction with an error matching
// [ErrRetryable] (too many connections, 53300; starting up or shutting
// down, 57P03), Update and View try again, waiting longer each time, for
// Options.RetryUnavailable; fn has not run yet, so it runs once. After
// that the error matches [ErrUnavailable]. A serialisation failure or
// deadlock inside fn (40001, 40P01) is not retried here, as fn would run
// twice: it matches ErrRetryable and cpd.ErrConflict, which cpd's use
// cases retry. BenchmarkContendedPutPostgres measures contended writes.
//
// # Bulk import
//
// A Tx in an Update also implements cpd.BulkTx: PutMany creates many
// records and their events at once, all or nothing, for imports
// (cpd.Activities.ImportCompletions uses it). SQLite gets multi-row INSERTs,
// a thousand rows a statement; PostgreSQL gets COPY through pgx on the
// transaction's own connection. A conflicting ID rolls PutMany back to a
// savepoint, so the transaction goes on without it. On PostgreSQL, a
// PutMany of a thousand records or more that grows records by a tenth or
// more runs ANALYZE in the transaction, so that its later statements (an
// import's status refreshes) are planned for the tables' new size.
//
// It also implements cpd.UpdateManyTx: UpdateMany rewrites many existing
// records at their versions, with their events, all or nothing (an
// import's status refreshes use it). PostgreSQL checks every version,
// writes the records and appends the events in one statement per
// thousand records, each column one array parameter; SQLite reads the
// stored versions first, then writes with UPDATE … FROM (VALUES …) and
// multi-row INSERTs. And every Tx implements cpd.ScanTx: Scan reads the
// ID and data of every record of a kind in one query (the organisation
// view reads the statuses so), each row into sql.RawBytes on SQLite and,
// on PostgreSQL, as views of pgx's read buffer on the transaction's own
// connection (a View holds one too), which cost no allocation per row. On
// PostgreSQL the statuses come from their own table: in records, 100,000
// statuses lay on 83,000 pages among 3,000,000 activities, each page read
// for one row (BenchmarkOrgMatrixPostgres); in statuses they fill 5,600.
//
// Each record costs two rows (the record and its audit event), each with
// its keys and indexes, which bound the rate: BenchmarkBulkFloorSQLite and
// BenchmarkBulkFloorPostgres run the same import into the same columns
// with no key, index, constraint or trigger, to show how much of the time
// is the schema's.
//
// # Distributing by organisation
//
// Every primary key and index of orgs, records and events leads with
// org_id, and every statement the store sends names its organisation
// (org_id in its WHERE clause, in the columns it inserts or copies, or as
// the key of the organisation's writer lock). TestIndexesLeadWithOrgID
// reads the catalogue of both dialects, and TestConformance records every
// statement the conformance suite makes the store send (on an SQLite file
// and on PostgreSQL) and fails on one that doesn't,
// apart from a short list of transaction control and schema-version
// checks that hold no organisation's data.
//
// So on PostgreSQL with Citus the tables can be distributed by
// org_id, co-located, after the migrations have run and before data is
// loaded:
//
//	SELECT create_distributed_table('orgs', 'org_id');
//	SELECT create_distributed_table('records', 'org_id', colocate_with => 'orgs');
//	SELECT create_distributed_table('events', 'org_id', colocate_with => 'orgs');
//	SELECT create_distributed_table('statuses', 'org_id', colocate_with => 'orgs');
//
// Each transaction then runs on the one worker that holds its
// organisation. The PostgreSQL triggers that stand in for the foreign keys
// check rows of one organisation against orgs, which is co-located. What
// such a schema does not give is a query across organisations: a
// multi-academy trust's report over its schools reads each school through
// its own Service (one organisation per call, as every Service call is)
// and combines the results in the application, or reads a replica built
// for reporting; it never asks one Store for several organisations.
package sqlstore
