-- Ceasefire monitors' reports (reassure.land.reports), one row per report.
CREATE TABLE land_reports (
    report_id         VARCHAR PRIMARY KEY,
    observed_at       TIMESTAMPTZ NOT NULL,
    lon               DOUBLE NOT NULL,
    lat               DOUBLE NOT NULL,
    team              VARCHAR NOT NULL,
    reporting_nation  VARCHAR NOT NULL,
    category          VARCHAR NOT NULL,
    weapon_class      VARCHAR NOT NULL,
    description       VARCHAR NOT NULL,
    releasability     VARCHAR[] NOT NULL,
    line              BIGINT NOT NULL,
    ingest_id         BIGINT NOT NULL
);
