-- The stored compliance status as one row per person and requirement, for
-- the reporting tools that read the views of migration 00004.
--
-- A status record (kind 'status', one per person) keeps its items in the
-- string "cells": one cell per requirement, in the order of the policy it
-- was evaluated against, separated by ';'. A cell is the status's letter,
-- then the last valid day and, after a comma, the day due by, each a count
-- of days since 1970-01-01 or empty for none ('c20878,' is compliant until
-- 2027-03-01). The requirements themselves are not in the status: its
-- "policy" is the policy's fingerprint, and cpd writes, in the same
-- transaction as the first status under a fingerprint, a record of kind
-- 'compliance_policy' with that fingerprint as its ID that lists the
-- policy's requirements, by id and name, in that order. The view joins
-- each status to its policy's record and pairs the n-th requirement with
-- the n-th cell.
--
-- Each row is the status as stored, evaluated on evaluated_on and true
-- until next_change (null: until a record changes); Service.RefreshStatuses,
-- run daily, rewrites the stale ones. After a policy change a status keeps
-- its old policy's requirements (policy and policy_id say which) until it
-- is rewritten. Leavers keep their rows, with leaving set. Statuses are
-- the stable names of compliance.Status (compliant, due_soon, pending,
-- planned, overdue, missing, exempt, not_applicable).

-- +goose Up
CREATE VIEW cpdkit_compliance AS
SELECT s.org_id, s.id AS person_id,
       sd->>'name' AS name, sd->>'team' AS team, sd->>'job_role' AS job_role,
       sd->>'line_manager' AS line_manager, (sd->>'leaving')::date AS leaving,
       req.n::integer AS position, req.r->>'id' AS requirement_id,
       COALESCE(req.r->>'name', req.r->>'id') AS requirement_name,
       CASE left(c.cell, 1)
           WHEN 'c' THEN 'compliant' WHEN 'd' THEN 'due_soon' WHEN 'p' THEN 'pending'
           WHEN 'l' THEN 'planned' WHEN 'o' THEN 'overdue' WHEN 'm' THEN 'missing'
           WHEN 'e' THEN 'exempt' WHEN 'n' THEN 'not_applicable' END AS status,
       DATE '1970-01-01' + NULLIF(split_part(substr(c.cell, 2), ',', 1), '')::integer AS valid_until,
       DATE '1970-01-01' + NULLIF(split_part(substr(c.cell, 2), ',', 2), '')::integer AS due_by,
       (sd->>'on')::date AS evaluated_on, (sd->>'next_change')::date AS next_change,
       p.state AS policy_id, sd->>'policy' AS policy
FROM records s
CROSS JOIN LATERAL (SELECT convert_from(s.data, 'UTF8')::jsonb AS sd) j
JOIN records p ON p.org_id = s.org_id AND p.kind = 'compliance_policy'
     AND p.id = sd->>'policy' AND p.data IS NOT NULL
CROSS JOIN LATERAL jsonb_array_elements(convert_from(p.data, 'UTF8')::jsonb->'requirements')
     WITH ORDINALITY AS req(r, n)
CROSS JOIN LATERAL (SELECT split_part(sd->>'cells', ';', req.n::integer) AS cell) c
WHERE s.kind = 'status' AND s.data IS NOT NULL;

-- +goose Down
DROP VIEW cpdkit_compliance;
