-- Force generation (reassure.force): the planner's inputs, as the last file of each
-- source gave them (a statement of requirements, the pledges, lift replace the whole
-- set), with the ingest that brought them. Columns as reassure.force.inputs' schemas;
-- tests/force/test_force_store.py checks they agree.

ALTER TABLE nations ADD COLUMN gdp_busd DOUBLE;
ALTER TABLE nations ADD COLUMN population_m DOUBLE;

CREATE TABLE force_requirements (
    requirement_id   VARCHAR PRIMARY KEY,
    objective        VARCHAR NOT NULL,
    capability       VARCHAR NOT NULL,
    quantity         BIGINT NOT NULL,
    base             VARCHAR NOT NULL,
    base_name        VARCHAR NOT NULL,
    sector           VARCHAR,
    country          VARCHAR NOT NULL,
    lon              DOUBLE,
    lat              DOUBLE,
    east_of_dnipro   BOOLEAN,
    near_contact     BOOLEAN NOT NULL,
    tasks            VARCHAR[] NOT NULL,
    "start"          DATE NOT NULL,
    "end"            DATE NOT NULL,
    max_notice_days  BIGINT NOT NULL,
    rotation_months  BIGINT NOT NULL,
    priority         BIGINT NOT NULL,
    lift             VARCHAR NOT NULL,
    troops           BIGINT NOT NULL,
    ingest_id        BIGINT NOT NULL
);

CREATE TABLE force_pledges (
    pledge_id               VARCHAR PRIMARY KEY,
    nation                  VARCHAR NOT NULL,
    unit                    VARCHAR NOT NULL,
    capability              VARCHAR NOT NULL,
    quantity                BIGINT NOT NULL,
    available_from          DATE NOT NULL,
    available_to            DATE NOT NULL,
    notice_days             BIGINT NOT NULL,
    rotations               BIGINT NOT NULL,
    caveats                 VARCHAR[] NOT NULL,
    home_base               VARCHAR NOT NULL,
    cost_meur_per_rotation  DOUBLE NOT NULL,
    ingest_id               BIGINT NOT NULL
);

CREATE TABLE force_lift (
    lift_id        VARCHAR PRIMARY KEY,
    provider       VARCHAR NOT NULL,   -- a nation, or POOL
    mode           VARCHAR NOT NULL,   -- air, sea, rail
    loads_per_day  DOUBLE NOT NULL,
    users          VARCHAR[] NOT NULL, -- for a POOL; empty: every nation
    ingest_id      BIGINT NOT NULL
);

CREATE TABLE force_transit (
    nation     VARCHAR NOT NULL,
    mode       VARCHAR NOT NULL,
    days       DOUBLE NOT NULL,
    ingest_id  BIGINT NOT NULL,
    PRIMARY KEY (nation, mode)
);
