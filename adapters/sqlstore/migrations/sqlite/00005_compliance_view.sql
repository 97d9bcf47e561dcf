-- The stored compliance status as one row per person and requirement, as
-- in the PostgreSQL schema (which explains how a status record's cells and
-- the compliance_policy record of its policy's fingerprint make the rows).
-- SQLite has no split function, so the view reads the cells as a JSON
-- array, made by quoting them ('c1,;m,2' becomes '["c1,","m,2"]': a cell
-- holds only letters, digits, '-' and ','), and takes the cell at the
-- requirement's index. Dates are ISO 8601 text, as in the other views.

-- +goose Up
CREATE VIEW cpdkit_compliance AS
SELECT org_id, person_id, name, team, job_role, line_manager, leaving,
       position, requirement_id, requirement_name,
       CASE substr(cell, 1, 1)
           WHEN 'c' THEN 'compliant' WHEN 'd' THEN 'due_soon' WHEN 'p' THEN 'pending'
           WHEN 'l' THEN 'planned' WHEN 'o' THEN 'overdue' WHEN 'm' THEN 'missing'
           WHEN 'e' THEN 'exempt' WHEN 'n' THEN 'not_applicable' END AS status,
       CASE WHEN instr(cell, ',') > 2
           THEN date(CAST(substr(cell, 2, instr(cell, ',') - 2) AS INTEGER) * 86400, 'unixepoch') END AS valid_until,
       CASE WHEN length(cell) > instr(cell, ',')
           THEN date(CAST(substr(cell, instr(cell, ',') + 1) AS INTEGER) * 86400, 'unixepoch') END AS due_by,
       evaluated_on, next_change, policy_id, policy
FROM (SELECT s.org_id, s.id AS person_id,
             json_extract(s.d, '$.name') AS name, json_extract(s.d, '$.team') AS team,
             json_extract(s.d, '$.job_role') AS job_role, json_extract(s.d, '$.line_manager') AS line_manager,
             json_extract(s.d, '$.leaving') AS leaving,
             r.key + 1 AS position, json_extract(r.value, '$.id') AS requirement_id,
             COALESCE(json_extract(r.value, '$.name'), json_extract(r.value, '$.id')) AS requirement_name,
             json_extract('["' || replace(json_extract(s.d, '$.cells'), ';', '","') || '"]', '$[' || r.key || ']') AS cell,
             json_extract(s.d, '$.on') AS evaluated_on, json_extract(s.d, '$.next_change') AS next_change,
             p.state AS policy_id, json_extract(s.d, '$.policy') AS policy
      FROM (SELECT org_id, id, CAST(data AS TEXT) AS d FROM records
            WHERE kind = 'status' AND data IS NOT NULL) s
      JOIN records p ON p.org_id = s.org_id AND p.kind = 'compliance_policy'
           AND p.id = json_extract(s.d, '$.policy') AND p.data IS NOT NULL
      JOIN json_each(CAST(p.data AS TEXT), '$.requirements') r);

-- +goose Down
DROP VIEW cpdkit_compliance;
