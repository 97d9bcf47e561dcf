-- Cheaper writes, the same rules, again (see migration 00003). An import
-- of 30,552 activities for 4,000 staff (BenchmarkImportCompletionsPostgres)
-- spent most of its database time COPYing the records and their events;
-- measured on the server's CPU, with the rows inserted again and again
-- from a copy, two things cost more than they need to:
--
--   - records_activity_hours_check and records_person_fte_check called
--     cpdkit_decimal_ok, an SQL function that names its argument three
--     times, on cpdkit_json; PostgreSQL does not inline a function whose
--     argument is that costly and is named more than once, so each row
--     paid for calls to SQL functions. They are now plain expressions of
--     the same rule, each reading the field out of the JSON and converting
--     it to numeric once: hours, if given, are >= 0; an FTE, if given, is
--     in (0, 1]. A value that is not a number is an error, as before;
--   - cpdkit_rows_have_orgs, the once-per-statement check that each new
--     row's organisation is in orgs, read the statement's rows twice (a
--     sorted count of the distinct organisations, then a semi-join). It
--     now reads them once, grouping by organisation, and locks the
--     organisations it finds FOR KEY SHARE as before.
--
-- Together they took about a third off the server's time for the records
-- and events of an import (30,552 rows each: from about 1.4 s and 0.6 s of
-- CPU to 0.9 s and 0.45 s, on a shared two-core machine).

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION cpdkit_rows_have_orgs() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
    AS $$
DECLARE
    wanted text[];
    found  bigint;
BEGIN
    SELECT array_agg(n.org_id) INTO wanted FROM (SELECT org_id FROM new_rows GROUP BY org_id) AS n;
    SELECT count(*) INTO found FROM (
        SELECT 1 FROM orgs o WHERE o.org_id = ANY (wanted) FOR KEY SHARE OF o) AS x;
    IF found <> coalesce(cardinality(wanted), 0) THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_ARGV[0],
            TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA,
            MESSAGE = format('insert into %s violates %s: an organisation is not in orgs', TG_TABLE_NAME, TG_ARGV[0]);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

ALTER TABLE records
    DROP CONSTRAINT records_activity_hours_check,
    DROP CONSTRAINT records_person_fte_check,
    ADD CONSTRAINT records_activity_hours_check CHECK (kind <> 'activity' OR data IS NULL OR octet_length(data) = 0
        OR coalesce((convert_from(data, 'UTF8')::json->>'hours')::numeric >= 0, true)),
    ADD CONSTRAINT records_person_fte_check CHECK (kind <> 'person' OR data IS NULL OR octet_length(data) = 0
        OR coalesce((convert_from(data, 'UTF8')::json->>'fte')::numeric <@ numrange(0, 1, '(]'), true));

-- +goose Down
ALTER TABLE records
    DROP CONSTRAINT records_activity_hours_check,
    DROP CONSTRAINT records_person_fte_check,
    ADD CONSTRAINT records_activity_hours_check CHECK (kind <> 'activity' OR data IS NULL OR octet_length(data) = 0
        OR cpdkit_decimal_ok(cpdkit_json(data)->>'hours', 0, true, NULL)),
    ADD CONSTRAINT records_person_fte_check CHECK (kind <> 'person' OR data IS NULL OR octet_length(data) = 0
        OR cpdkit_decimal_ok(cpdkit_json(data)->>'fte', 0, false, 1));

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION cpdkit_rows_have_orgs() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
    AS $$
DECLARE
    wanted bigint;
    found  bigint;
BEGIN
    SELECT count(DISTINCT n.org_id) INTO wanted FROM new_rows n;
    SELECT count(*) INTO found FROM (
        SELECT 1 FROM orgs o WHERE o.org_id IN (SELECT n.org_id FROM new_rows n) FOR KEY SHARE OF o) AS x;
    IF found <> wanted THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_ARGV[0],
            TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA,
            MESSAGE = format('insert into %s violates %s: an organisation is not in orgs', TG_TABLE_NAME, TG_ARGV[0]);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
