-- Read-only views for the reporting tools a provider already uses, as in
-- the PostgreSQL schema: each reads one kind's JSON into columns. SQLite
-- has no date or decimal type: dates are ISO 8601 text (YYYY-MM-DD, which
-- sorts and compares as dates), and hours, FTE and money are NUMERIC
-- (exact to the penny for any amount a budget holds). Every view keeps
-- org_id. The views hold no data and take no writes; cpdkit never reads
-- them.

-- +goose Up
CREATE VIEW cpdkit_people AS
SELECT org_id, id AS person_id,
       json_extract(d, '$.name') AS name, json_extract(d, '$.email') AS email,
       json_extract(d, '$.job_role') AS job_role, json_extract(d, '$.team') AS team,
       json_extract(d, '$.line_manager') AS line_manager,
       json_extract(d, '$.employment') AS employment,
       json_extract(d, '$.start') AS start_date, json_extract(d, '$.resigned_on') AS resigned_on,
       json_extract(d, '$.leaving') AS leaving, CAST(json_extract(d, '$.fte') AS NUMERIC) AS fte
FROM (SELECT org_id, id, CAST(data AS TEXT) AS d FROM records
      WHERE kind = 'person' AND data IS NOT NULL);

CREATE VIEW cpdkit_activities AS
SELECT org_id, id AS activity_id, json_extract(d, '$.person') AS person_id,
       json_extract(d, '$.title') AS title, json_extract(d, '$.kind') AS kind,
       json_extract(d, '$.aspect') AS aspect, json_extract(d, '$.necessity') AS necessity,
       json_extract(d, '$.source') AS source, json_extract(d, '$.state') AS state,
       CAST(json_extract(d, '$.hours') AS NUMERIC) AS hours,
       json_extract(d, '$.start') AS start_date, json_extract(d, '$.end') AS end_date,
       json_extract(d, '$.completed') AS completed, json_extract(d, '$.valid_until') AS valid_until,
       json_extract(d, '$.provider') AS provider, json_extract(d, '$.external_ref') AS external_ref,
       json_extract(d, '$.funding.budget') AS budget_id, json_extract(d, '$.funding.line') AS budget_line
FROM (SELECT org_id, id, CAST(data AS TEXT) AS d FROM records
      WHERE kind = 'activity' AND data IS NOT NULL);

CREATE VIEW cpdkit_activity_topics AS
SELECT r.org_id, r.id AS activity_id, t.value AS topic
FROM records r, json_each(CAST(r.data AS TEXT), '$.topics') t
WHERE r.kind = 'activity' AND r.data IS NOT NULL;

CREATE VIEW cpdkit_budget_lines AS
SELECT a.org_id, substr(a.id, 1, instr(a.id, '/') - 1) AS budget_id,
       json_extract(a.d, '$.line') AS line_id,
       json_extract(l.value, '$.name') AS name, json_extract(l.value, '$.kind') AS line_kind,
       json_extract(l.value, '$.holder') AS holder,
       COALESCE(json_extract(a.d, '$.enforcement'), 'stop') AS enforcement,
       CAST(json_extract(a.d, '$.allocated.amount') AS NUMERIC) AS allocated,
       CAST(json_extract(a.d, '$.committed.amount') AS NUMERIC) AS committed,
       CAST(json_extract(a.d, '$.spent.amount') AS NUMERIC) AS spent,
       json_extract(a.d, '$.allocated.currency') AS currency
FROM (SELECT org_id, id, CAST(data AS TEXT) AS d FROM records
      WHERE kind = 'budget_account' AND data IS NOT NULL) a
LEFT JOIN records b ON b.org_id = a.org_id AND b.kind = 'budget'
     AND b.id = substr(a.id, 1, instr(a.id, '/') - 1) AND b.data IS NOT NULL
LEFT JOIN json_each(CAST(b.data AS TEXT), '$.lines') l
     ON json_extract(l.value, '$.id') = json_extract(a.d, '$.line');

CREATE VIEW cpdkit_ledger AS
SELECT org_id, substr(id, 1, instr(id, '/') - 1) AS budget_id,
       json_extract(d, '$.line') AS line_id, json_extract(d, '$.seq') AS seq,
       json_extract(d, '$.kind') AS kind,
       CAST(json_extract(d, '$.amount.amount') AS NUMERIC) AS amount,
       json_extract(d, '$.amount.currency') AS currency,
       json_extract(d, '$.settles') AS settles,
       json_extract(d, '$.cause.action') AS action, json_extract(d, '$.cause.ref') AS ref,
       json_extract(d, '$.cause.by') AS by, json_extract(d, '$.cause.on') AS on_date
FROM (SELECT org_id, id, CAST(data AS TEXT) AS d FROM records
      WHERE kind = 'ledger_entry' AND data IS NOT NULL);

-- +goose Down
DROP VIEW cpdkit_ledger;
DROP VIEW cpdkit_budget_lines;
DROP VIEW cpdkit_activity_topics;
DROP VIEW cpdkit_activities;
DROP VIEW cpdkit_people;
