-- Lines an ingest read that are no record (a blank line, a comment, another NMEA
-- sentence, a CSV header...), by reason: with the ingest's records they count every line
-- of a file of lines, lines = n_decoded + n_rejected + sum(n) (see store/ingest.py).
-- A reason no line had has no row. releasability is the ingest's, so that an export of
-- this table is filtered like one of ingests.
CREATE TABLE ingest_skips (
    ingest_id      BIGINT NOT NULL,
    reason         VARCHAR NOT NULL,
    n              BIGINT NOT NULL,
    releasability  VARCHAR[] NOT NULL,
    PRIMARY KEY (ingest_id, reason)
);
