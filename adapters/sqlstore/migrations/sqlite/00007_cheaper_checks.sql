-- PostgreSQL's migration 00007 writes its CHECKs on hours and FTE, and its
-- once-per-statement check of the rows' organisations, in cheaper forms.
-- SQLite's checks are plain expressions already and its organisations are
-- foreign keys, so its schema does not change; the version is kept in
-- step with PostgreSQL's.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
