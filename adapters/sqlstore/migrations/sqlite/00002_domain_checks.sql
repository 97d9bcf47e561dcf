-- Domain rules in the schema, under the Service's own checks: whatever
-- writes the records, the database refuses negative CPD hours, an FTE
-- outside (0, 1], and money that is negative or has no ISO 4217 currency
-- code in the budget's ledger, as the PostgreSQL schema does. Records keep
-- their data as JSON bytes, so each rule reads the fields it guards from
-- it; each constraint names the kind and field it guards, and applies to
-- that kind of record alone, when it has data. Money is JSON {"amount": "12.50", "currency":
-- "GBP"}, or null for none. SQLite adds a CHECK only with the table, so
-- this migration builds records again with them, keeping every row.

-- +goose Up
CREATE TABLE records_checked (
    org_id  TEXT NOT NULL,
    kind    TEXT NOT NULL,
    id      TEXT NOT NULL,
    version INTEGER NOT NULL,
    owner   TEXT NOT NULL DEFAULT '',
    state   TEXT NOT NULL DEFAULT '',
    data    BLOB,
    CONSTRAINT records_pkey PRIMARY KEY (org_id, kind, id),
    CONSTRAINT records_org_id_fkey FOREIGN KEY (org_id) REFERENCES orgs (org_id),
    CONSTRAINT records_kind_check CHECK (kind <> ''),
    CONSTRAINT records_id_check CHECK (id <> ''),
    CONSTRAINT records_version_check CHECK (version > 0),
    CONSTRAINT records_activity_hours_check CHECK (kind <> 'activity' OR data IS NULL OR length(data) = 0
        OR json_extract(CAST(data AS TEXT), '$.hours') IS NULL
        OR CAST(json_extract(CAST(data AS TEXT), '$.hours') AS REAL) >= 0),
    CONSTRAINT records_person_fte_check CHECK (kind <> 'person' OR data IS NULL OR length(data) = 0
        OR json_extract(CAST(data AS TEXT), '$.fte') IS NULL
        OR (CAST(json_extract(CAST(data AS TEXT), '$.fte') AS REAL) > 0
            AND CAST(json_extract(CAST(data AS TEXT), '$.fte') AS REAL) <= 1)),
    CONSTRAINT records_ledger_entry_amount_check CHECK (kind <> 'ledger_entry' OR data IS NULL OR length(data) = 0
        OR ((json_type(CAST(data AS TEXT), '$.amount') IS NOT 'object'
                OR (coalesce(json_extract(CAST(data AS TEXT), '$.amount.currency'), '') GLOB '[A-Z][A-Z][A-Z]'
                    AND coalesce(CAST(json_extract(CAST(data AS TEXT), '$.amount.amount') AS REAL), -1) >= 0))
            AND (json_type(CAST(data AS TEXT), '$.settles') IS NOT 'object'
                OR (coalesce(json_extract(CAST(data AS TEXT), '$.settles.currency'), '') GLOB '[A-Z][A-Z][A-Z]'
                    AND coalesce(CAST(json_extract(CAST(data AS TEXT), '$.settles.amount') AS REAL), -1) >= 0)))),
    CONSTRAINT records_budget_account_money_check CHECK (kind <> 'budget_account' OR data IS NULL OR length(data) = 0
        OR ((json_type(CAST(data AS TEXT), '$.committed') IS NOT 'object'
                OR (coalesce(json_extract(CAST(data AS TEXT), '$.committed.currency'), '') GLOB '[A-Z][A-Z][A-Z]'
                    AND coalesce(CAST(json_extract(CAST(data AS TEXT), '$.committed.amount') AS REAL), -1) >= 0))
            AND (json_type(CAST(data AS TEXT), '$.spent') IS NOT 'object'
                OR (coalesce(json_extract(CAST(data AS TEXT), '$.spent.currency'), '') GLOB '[A-Z][A-Z][A-Z]'
                    AND coalesce(CAST(json_extract(CAST(data AS TEXT), '$.spent.amount') AS REAL), -1) >= 0))
            AND (json_type(CAST(data AS TEXT), '$.allocated') IS NOT 'object'
                OR coalesce(json_extract(CAST(data AS TEXT), '$.allocated.currency'), '') GLOB '[A-Z][A-Z][A-Z]')))
) STRICT;
INSERT INTO records_checked (org_id, kind, id, version, owner, state, data)
    SELECT org_id, kind, id, version, owner, state, data FROM records;
DROP TABLE records;
ALTER TABLE records_checked RENAME TO records;
CREATE INDEX records_owner_idx ON records (org_id, kind, owner, id);
CREATE INDEX records_state_idx ON records (org_id, kind, state, id);

-- +goose Down
CREATE TABLE records_unchecked (
    org_id  TEXT NOT NULL,
    kind    TEXT NOT NULL,
    id      TEXT NOT NULL,
    version INTEGER NOT NULL,
    owner   TEXT NOT NULL DEFAULT '',
    state   TEXT NOT NULL DEFAULT '',
    data    BLOB,
    CONSTRAINT records_pkey PRIMARY KEY (org_id, kind, id),
    CONSTRAINT records_org_id_fkey FOREIGN KEY (org_id) REFERENCES orgs (org_id),
    CONSTRAINT records_kind_check CHECK (kind <> ''),
    CONSTRAINT records_id_check CHECK (id <> ''),
    CONSTRAINT records_version_check CHECK (version > 0)
) STRICT;
INSERT INTO records_unchecked (org_id, kind, id, version, owner, state, data)
    SELECT org_id, kind, id, version, owner, state, data FROM records;
DROP TABLE records;
ALTER TABLE records_unchecked RENAME TO records;
CREATE INDEX records_owner_idx ON records (org_id, kind, owner, id);
CREATE INDEX records_state_idx ON records (org_id, kind, state, id);
