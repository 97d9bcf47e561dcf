-- Domain rules in the schema, under the Service's own checks: whatever
-- writes the records, the database refuses negative CPD hours, an FTE
-- outside (0, 1], and money that is negative or has no ISO 4217 currency
-- code in the budget's ledger. Records keep their data as JSON bytes, so
-- each rule reads the fields it guards from it; each constraint names the
-- kind and field it guards, and applies to that kind of record alone,
-- when it has data.
-- Money is JSON {"amount": "12.50", "currency": "GBP"}, or null for none;
-- amounts and hours are decimal strings, compared exactly as numeric. The
-- SQLite schema has the same rules.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION cpdkit_doc(data bytea) RETURNS jsonb
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT convert_from(data, 'UTF8')::jsonb $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION cpdkit_money_ok(m jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT jsonb_typeof(m) IS DISTINCT FROM 'object'
        OR (coalesce(m->>'currency', '') ~ '^[A-Z]{3}$' AND coalesce((m->>'amount')::numeric, -1) >= 0) $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION cpdkit_decimal_ok(v text, lo numeric, lo_inclusive boolean, hi numeric) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT v IS NULL
        OR ((CASE WHEN lo_inclusive THEN v::numeric >= lo ELSE v::numeric > lo END) AND (hi IS NULL OR v::numeric <= hi)) $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION cpdkit_ledger_entry_ok(d jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT cpdkit_money_ok(d->'amount') AND cpdkit_money_ok(d->'settles') $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION cpdkit_budget_account_ok(d jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT cpdkit_money_ok(d->'committed') AND cpdkit_money_ok(d->'spent')
        AND (jsonb_typeof(d->'allocated') IS DISTINCT FROM 'object'
            OR coalesce(d->'allocated'->>'currency', '') ~ '^[A-Z]{3}$') $$;
-- +goose StatementEnd

ALTER TABLE records
    ADD CONSTRAINT records_activity_hours_check CHECK (kind <> 'activity' OR data IS NULL OR octet_length(data) = 0
        OR cpdkit_decimal_ok(cpdkit_doc(data)->>'hours', 0, true, NULL)),
    ADD CONSTRAINT records_person_fte_check CHECK (kind <> 'person' OR data IS NULL OR octet_length(data) = 0
        OR cpdkit_decimal_ok(cpdkit_doc(data)->>'fte', 0, false, 1)),
    ADD CONSTRAINT records_ledger_entry_amount_check CHECK (kind <> 'ledger_entry' OR data IS NULL OR octet_length(data) = 0
        OR cpdkit_ledger_entry_ok(cpdkit_doc(data))),
    ADD CONSTRAINT records_budget_account_money_check CHECK (kind <> 'budget_account' OR data IS NULL OR octet_length(data) = 0
        OR cpdkit_budget_account_ok(cpdkit_doc(data)));

-- +goose Down
ALTER TABLE records
    DROP CONSTRAINT records_budget_account_money_check,
    DROP CONSTRAINT records_ledger_entry_amount_check,
    DROP CONSTRAINT records_person_fte_check,
    DROP CONSTRAINT records_activity_hours_check;
DROP FUNCTION cpdkit_budget_account_ok(jsonb);
DROP FUNCTION cpdkit_ledger_entry_ok(jsonb);
DROP FUNCTION cpdkit_decimal_ok(text, numeric, boolean, numeric);
DROP FUNCTION cpdkit_money_ok(jsonb);
DROP FUNCTION cpdkit_doc(bytea);
