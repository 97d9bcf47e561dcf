-- Read-only views for the reporting tools a provider already uses (Power
-- BI, Metabase, a spreadsheet's database connection): records are JSON in
-- a bytea column, opaque to them, so each view reads one kind's JSON into
-- typed columns: dates as date, money as numeric beside its ISO 4217
-- currency, hours and FTE as numeric. Every view keeps org_id: a report
-- filters by it, as the store does. The views hold no data and take no
-- writes; cpdkit never reads them.

-- +goose Up
CREATE VIEW cpdkit_people AS
SELECT r.org_id, r.id AS person_id,
       d->>'name' AS name, d->>'email' AS email, d->>'job_role' AS job_role,
       d->>'team' AS team, d->>'line_manager' AS line_manager,
       d->>'employment' AS employment,
       (d->>'start')::date AS start_date, (d->>'resigned_on')::date AS resigned_on,
       (d->>'leaving')::date AS leaving, (d->>'fte')::numeric AS fte
FROM records r, LATERAL (SELECT convert_from(r.data, 'UTF8')::jsonb AS d) j
WHERE r.kind = 'person' AND r.data IS NOT NULL;

CREATE VIEW cpdkit_activities AS
SELECT r.org_id, r.id AS activity_id, d->>'person' AS person_id,
       d->>'title' AS title, d->>'kind' AS kind, d->>'aspect' AS aspect,
       d->>'necessity' AS necessity, d->>'source' AS source,
       d->>'state' AS state, (d->>'hours')::numeric AS hours,
       (d->>'start')::date AS start_date, (d->>'end')::date AS end_date,
       (d->>'completed')::date AS completed, (d->>'valid_until')::date AS valid_until,
       d->>'provider' AS provider, d->>'external_ref' AS external_ref,
       d->'funding'->>'budget' AS budget_id, d->'funding'->>'line' AS budget_line
FROM records r, LATERAL (SELECT convert_from(r.data, 'UTF8')::jsonb AS d) j
WHERE r.kind = 'activity' AND r.data IS NOT NULL;

CREATE VIEW cpdkit_activity_topics AS
SELECT r.org_id, r.id AS activity_id, t.topic
FROM records r,
     LATERAL jsonb_array_elements_text(
         COALESCE(convert_from(r.data, 'UTF8')::jsonb->'topics', '[]'::jsonb)) AS t(topic)
WHERE r.kind = 'activity' AND r.data IS NOT NULL;

CREATE VIEW cpdkit_budget_lines AS
SELECT a.org_id, split_part(a.id, '/', 1) AS budget_id, d->>'line' AS line_id,
       l->>'name' AS name, l->>'kind' AS line_kind, l->>'holder' AS holder,
       COALESCE(d->>'enforcement', 'stop') AS enforcement,
       (d->'allocated'->>'amount')::numeric AS allocated,
       (d->'committed'->>'amount')::numeric AS committed,
       (d->'spent'->>'amount')::numeric AS spent,
       d->'allocated'->>'currency' AS currency
FROM records a
CROSS JOIN LATERAL (SELECT convert_from(a.data, 'UTF8')::jsonb AS d) j
LEFT JOIN records b ON b.org_id = a.org_id AND b.kind = 'budget'
     AND b.id = split_part(a.id, '/', 1) AND b.data IS NOT NULL
LEFT JOIN LATERAL (
     SELECT e AS l FROM jsonb_array_elements(convert_from(b.data, 'UTF8')::jsonb->'lines') e
     WHERE e->>'id' = d->>'line') ln ON true
WHERE a.kind = 'budget_account' AND a.data IS NOT NULL;

CREATE VIEW cpdkit_ledger AS
SELECT r.org_id, split_part(r.id, '/', 1) AS budget_id, d->>'line' AS line_id,
       (d->>'seq')::bigint AS seq, d->>'kind' AS kind,
       (d->'amount'->>'amount')::numeric AS amount, d->'amount'->>'currency' AS currency,
       (d->>'settles')::bigint AS settles,
       d->'cause'->>'action' AS action, d->'cause'->>'ref' AS ref,
       d->'cause'->>'by' AS by, (d->'cause'->>'on')::date AS on_date
FROM records r, LATERAL (SELECT convert_from(r.data, 'UTF8')::jsonb AS d) j
WHERE r.kind = 'ledger_entry' AND r.data IS NOT NULL;

-- +goose Down
DROP VIEW cpdkit_ledger;
DROP VIEW cpdkit_budget_lines;
DROP VIEW cpdkit_activity_topics;
DROP VIEW cpdkit_activities;
DROP VIEW cpdkit_people;
