-- The status records again, in a table of their own, for the
-- organisation views, which read every person's status (Tx.Scan of kind
-- 'status').
--
-- In records, a status lies among its person's activities and the other
-- records, and moves on every rewrite: 100,000 statuses lay on 83,000
-- pages, each read for one row (BenchmarkOrgMatrixPostgres, 2.2 GB of
-- records). In statuses they fill about 4,000, which stay in the shared
-- buffers. A row trigger on records keeps statuses equal to records' rows
-- of kind 'status', in the same transaction, whatever writes them (Put,
-- PutMany's COPY, UpdateMany, Delete, or SQL by hand); the WHEN clauses
-- let every other kind's writes pass without calling it. Nothing writes
-- statuses but the trigger, and nothing but Scan reads it: records stays
-- the record, with its checks, indexes and audit events unchanged.
-- fillfactor leaves room on each page, so that a status's rewrite stays
-- on its page (a HOT update, no index entry).

-- +goose Up
CREATE TABLE statuses (
    org_id text COLLATE "C" NOT NULL,
    id     text COLLATE "C" NOT NULL,
    data   bytea,
    CONSTRAINT statuses_pkey PRIMARY KEY (org_id, id)
) WITH (fillfactor = 70);

-- +goose StatementBegin
CREATE FUNCTION cpdkit_status_copy() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
    AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM statuses WHERE org_id = OLD.org_id AND id = OLD.id;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF OLD.kind = 'status' AND (NEW.kind <> 'status' OR NEW.org_id <> OLD.org_id OR NEW.id <> OLD.id) THEN
            DELETE FROM statuses WHERE org_id = OLD.org_id AND id = OLD.id;
        END IF;
    END IF;
    IF NEW.kind = 'status' THEN
        INSERT INTO statuses (org_id, id, data) VALUES (NEW.org_id, NEW.id, NEW.data)
            ON CONFLICT (org_id, id) DO UPDATE SET data = EXCLUDED.data;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER records_status_insert AFTER INSERT ON records
    FOR EACH ROW WHEN (NEW.kind = 'status') EXECUTE FUNCTION cpdkit_status_copy();
CREATE TRIGGER records_status_update AFTER UPDATE ON records
    FOR EACH ROW WHEN (OLD.kind = 'status' OR NEW.kind = 'status') EXECUTE FUNCTION cpdkit_status_copy();
CREATE TRIGGER records_status_delete AFTER DELETE ON records
    FOR EACH ROW WHEN (OLD.kind = 'status') EXECUTE FUNCTION cpdkit_status_copy();

INSERT INTO statuses (org_id, id, data)
SELECT org_id, id, data FROM records WHERE kind = 'status' ORDER BY org_id, id;
ANALYZE statuses;

-- +goose Down
DROP TRIGGER records_status_delete ON records;
DROP TRIGGER records_status_update ON records;
DROP TRIGGER records_status_insert ON records;
DROP FUNCTION cpdkit_status_copy();
DROP TABLE statuses;
