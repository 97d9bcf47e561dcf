-- Cheaper writes, the same rules, as in the PostgreSQL schema: drop
-- events_kind_idx, which no query needs (events are read by organisation,
-- record ID or owner, and a kind with an ID, which events_id_idx serves).
-- A bulk import of 100,000 activities (BenchmarkBulkImportSQLite) spends
-- most of its time inserting into B-trees; this is one fewer a record.
--
-- records and events stay rowid tables: as WITHOUT ROWID tables they took
-- less time to write, but SQLite's planner, with no statistics, then read
-- a person's records through the primary key, scanning the whole kind
-- (TestQueryPlans).

-- +goose Up
DROP INDEX events_kind_idx;

-- +goose Down
CREATE INDEX events_kind_idx ON events (org_id, kind, seq);
