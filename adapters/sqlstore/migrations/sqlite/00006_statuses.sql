-- PostgreSQL's migration 00006 keeps the status records again in a table
-- of their own, which its organisation views scan. SQLite reads them from
-- records, its pages local to the process, so its schema does not change;
-- the version is kept in step with PostgreSQL's.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
