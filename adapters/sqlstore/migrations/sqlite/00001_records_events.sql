-- cpdkit's first schema: per organisation, a counter row (the last audit
-- event's Seq, kept gapless in the writing transaction), the records, and
-- the append-only audit events. Every primary key starts with org_id and
-- no query crosses organisations. Tables are STRICT, so a column holds only
-- its declared type; TEXT compares with the BINARY collation (byte order);
-- record data is a BLOB, so its bytes are kept exactly. Event times are
-- UTC, RFC 3339 with microseconds.

-- +goose Up
CREATE TABLE orgs (
    org_id   TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT orgs_pkey PRIMARY KEY (org_id),
    CONSTRAINT orgs_org_id_check CHECK (org_id <> ''),
    CONSTRAINT orgs_last_seq_check CHECK (last_seq >= 0)
) STRICT;

CREATE TABLE records (
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
CREATE INDEX records_owner_idx ON records (org_id, kind, owner, id);
CREATE INDEX records_state_idx ON records (org_id, kind, state, id);

CREATE TABLE events (
    org_id TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL DEFAULT '',
    kind   TEXT NOT NULL,
    id     TEXT NOT NULL,
    owner  TEXT NOT NULL DEFAULT '',
    before BLOB,
    after  BLOB,
    CONSTRAINT events_pkey PRIMARY KEY (org_id, seq),
    CONSTRAINT events_org_id_fkey FOREIGN KEY (org_id) REFERENCES orgs (org_id),
    CONSTRAINT events_seq_check CHECK (seq > 0),
    CONSTRAINT events_kind_check CHECK (kind <> ''),
    CONSTRAINT events_id_check CHECK (id <> '')
) STRICT;
CREATE INDEX events_kind_idx ON events (org_id, kind, seq);
CREATE INDEX events_id_idx ON events (org_id, id, seq);
CREATE INDEX events_owner_idx ON events (org_id, owner, seq);

-- +goose Down
DROP TABLE events;
DROP TABLE records;
DROP TABLE orgs;
