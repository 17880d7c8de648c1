-- The envelope is kept as the exact JSON text Shrike wrote, not as jsonb: nothing queries inside
-- it (property filters use finding_properties, the free-text search reads it as text), and
-- parsing it into jsonb on every insert was the largest single cost of ingestion. New rows are
-- compressed with lz4 where the server has it (a fifth of pglz's cost).
ALTER TABLE findings ALTER COLUMN envelope TYPE text USING envelope::text;
DO $$
BEGIN
    ALTER TABLE findings ALTER COLUMN envelope SET COMPRESSION lz4;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'lz4 compression not available (%); envelopes keep the default', SQLERRM;
END
$$;
-- One index fewer on every insert, as in the SQLite store: a fleet reports under one or a few
-- sources, so `parent = …` selects most findings and walking the event-time index serves it.
DROP INDEX IF EXISTS findings_parent_time;
