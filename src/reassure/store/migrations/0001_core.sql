-- Core tables every domain shares. Timestamps are UTC (TIMESTAMPTZ).
CREATE TABLE schema_version (
    version     INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    applied_at  TIMESTAMPTZ NOT NULL
);

CREATE SEQUENCE ingest_seq START 1;

-- One row per ingest run. The same file twice is a no-op (see store/ingest.py), except
-- that a source whose records replace older ones (zones, nations) may load an older
-- file again after a newer one.
CREATE TABLE ingests (
    ingest_id    BIGINT PRIMARY KEY DEFAULT nextval('ingest_seq'),
    source       VARCHAR NOT NULL,
    path         VARCHAR NOT NULL,
    sha256       VARCHAR NOT NULL,
    n_read       BIGINT NOT NULL,
    n_decoded    BIGINT NOT NULL,
    n_rejected   BIGINT NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ NOT NULL,
    CHECK (n_read = n_decoded + n_rejected)
);

-- Every record an ingest could not decode, with the reason and the raw text.
CREATE TABLE rejects (
    ingest_id  BIGINT NOT NULL,
    source     VARCHAR NOT NULL,
    line       BIGINT,
    reason     VARCHAR NOT NULL,
    raw        VARCHAR
);

CREATE TABLE nations (
    nation      VARCHAR PRIMARY KEY,   -- ISO-3166 alpha-3
    name        VARCHAR NOT NULL,
    lead        BOOLEAN NOT NULL,
    role        VARCHAR NOT NULL,      -- contributor, lead, host
    liaison     VARCHAR,
    caveats     VARCHAR[] NOT NULL
);

CREATE TABLE users (
    user_id       VARCHAR PRIMARY KEY,
    nation        VARCHAR NOT NULL,
    roles         VARCHAR[] NOT NULL,
    token_sha256  VARCHAR NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE zones (
    zone_id        VARCHAR PRIMARY KEY,
    name           VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,
    objective      VARCHAR NOT NULL,
    floor_ft       DOUBLE,
    ceiling_ft     DOUBLE,
    valid_from     TIMESTAMPTZ,
    valid_to       TIMESTAMPTZ,
    releasability  VARCHAR[] NOT NULL,  -- empty = every coalition nation
    properties     JSON,
    geometry       GEOMETRY NOT NULL,
    ingest_id      BIGINT
);

-- The one event ledger (see reassure.events for the schema and rules).
CREATE TABLE events (
    event_id       VARCHAR PRIMARY KEY,
    objective      VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,
    subject        VARCHAR NOT NULL,
    start_time     TIMESTAMPTZ NOT NULL,
    end_time       TIMESTAMPTZ NOT NULL,
    zone_id        VARCHAR,
    severity       VARCHAR NOT NULL,
    confidence     DOUBLE NOT NULL,
    status         VARCHAR NOT NULL,
    title          VARCHAR NOT NULL,
    detector       VARCHAR NOT NULL,
    evidence       JSON NOT NULL,
    releasability  VARCHAR[] NOT NULL,
    geometry       GEOMETRY
);
