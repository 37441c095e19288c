-- Which nations may see what an ingest brought in (a national sensor's feed may be
-- restricted); empty = every coalition nation. Records with their own releasability
-- (reports, zones) are further restricted by it.
ALTER TABLE ingests ADD COLUMN releasability VARCHAR[] DEFAULT [];
