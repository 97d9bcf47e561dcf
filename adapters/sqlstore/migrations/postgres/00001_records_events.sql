-- cpdkit's first schema: per organisation, a counter row (the last audit
-- event's Seq, kept gapless in the writing transaction), the records, and
-- the append-only audit events. Every primary key starts with org_id and
-- no query crosses organisations, so the tables can be distributed by
-- org_id. Text that is compared or ordered uses the C collation (byte
-- order); record data is bytea, so its bytes are kept exactly.

-- +goose Up
CREATE TABLE orgs (
    org_id   text COLLATE "C" NOT NULL,
    last_seq bigint NOT NULL DEFAULT 0,
    CONSTRAINT orgs_pkey PRIMARY KEY (org_id),
    CONSTRAINT orgs_org_id_check CHECK (org_id <> ''),
    CONSTRAINT orgs_last_seq_check CHECK (last_seq >= 0)
);

CREATE TABLE records (
    org_id  text COLLATE "C" NOT NULL,
    kind    text COLLATE "C" NOT NULL,
    id      text COLLATE "C" NOT NULL,
    version bigint NOT NULL,
    owner   text COLLATE "C" NOT NULL DEFAULT '',
    state   text COLLATE "C" NOT NULL DEFAULT '',
    data    bytea,
    CONSTRAINT records_pkey PRIMARY KEY (org_id, kind, id),
    CONSTRAINT records_org_id_fkey FOREIGN KEY (org_id) REFERENCES orgs (org_id),
    CONSTRAINT records_kind_check CHECK (kind <> ''),
    CONSTRAINT records_id_check CHECK (id <> ''),
    CONSTRAINT records_version_check CHECK (version > 0)
);
CREATE INDEX records_owner_idx ON records (org_id, kind, owner, id);
CREATE INDEX records_state_idx ON records (org_id, kind, state, id);

CREATE TABLE events (
    org_id text COLLATE "C" NOT NULL,
    seq    bigint NOT NULL,
    at     timestamptz NOT NULL,
    actor  text COLLATE "C" NOT NULL DEFAULT '',
    action text COLLATE "C" NOT NULL DEFAULT '',
    kind   text COLLATE "C" NOT NULL,
    id     text COLLATE "C" NOT NULL,
    owner  text COLLATE "C" NOT NULL DEFAULT '',
    before bytea,
    after  bytea,
    CONSTRAINT events_pkey PRIMARY KEY (org_id, seq),
    CONSTRAINT events_org_id_fkey FOREIGN KEY (org_id) REFERENCES orgs (org_id),
    CONSTRAINT events_seq_check CHECK (seq > 0),
    CONSTRAINT events_kind_check CHECK (kind <> ''),
    CONSTRAINT events_id_check CHECK (id <> '')
);
CREATE INDEX events_kind_idx ON events (org_id, kind, seq);
CREATE INDEX events_id_idx ON events (org_id, id, seq);
CREATE INDEX events_owner_idx ON events (org_id, owner, seq);

-- +goose Down
DROP TABLE events;
DROP TABLE records;
DROP TABLE orgs;
