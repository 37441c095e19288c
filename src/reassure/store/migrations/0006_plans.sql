-- Force plans (reassure.force.plans): each solved course of action, its frames
-- (assignments, fill, fill rates, burden, timeline...) as Parquet (types kept), and
-- which one is the plan of record (its sourcing gaps are in the event ledger).

CREATE TABLE force_plans (
    plan_id        VARCHAR PRIMARY KEY,   -- stable: hash of name, settings and inputs
    name           VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,      -- the COA file, or "store"
    created        TIMESTAMPTZ NOT NULL,
    method         VARCHAR NOT NULL,      -- mip or greedy
    status         VARCHAR NOT NULL,
    gap            DOUBLE,                -- relative optimality gap proved
    of_record      BOOLEAN NOT NULL,
    settings       JSON NOT NULL,
    summary        JSON NOT NULL,
    releasability  VARCHAR[] NOT NULL
);

CREATE TABLE force_plan_frames (
    plan_id  VARCHAR NOT NULL,
    frame    VARCHAR NOT NULL,
    parquet  BLOB NOT NULL,
    PRIMARY KEY (plan_id, frame)
);
