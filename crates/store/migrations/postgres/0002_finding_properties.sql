-- Source properties, one row per (finding, key), so that `source_properties.KEY` filters use an
-- index instead of reading every stored envelope. Values are the text `->>` gives (strings as
-- they are, numbers as decimal text, booleans as true/false); JSON nulls are left out (the
-- filter reads a missing property as ''). The index holds a 256-character prefix of the value:
-- a B-tree entry is limited to about 2.7 KB and property values (command lines) can be longer.
CREATE TABLE finding_properties (
    name  TEXT NOT NULL,
    key   TEXT NOT NULL,
    value TEXT NOT NULL
);
CREATE INDEX finding_properties_key_value ON finding_properties (key, left(value, 256));
INSERT INTO finding_properties (name, key, value)
SELECT f.name, p.key, p.value
FROM findings f, jsonb_each_text(f.envelope->'finding'->'sourceProperties') p
WHERE p.value IS NOT NULL;
-- One index fewer on every insert: a state filter selects most findings (ACTIVE) or very few,
-- and both are served by walking the event-time index.
DROP INDEX IF EXISTS findings_state_time;
