-- Source properties, one row per (finding, key), so that `source_properties.KEY` filters use an
-- index instead of parsing every stored envelope. Values are the text the filter compares:
-- strings as they are, numbers as their decimal text, booleans as true/false; JSON nulls are
-- left out (the filter reads a missing property as ''). Filled for findings stored before this
-- migration.
CREATE TABLE finding_properties (
    key   TEXT NOT NULL,
    value TEXT NOT NULL,
    name  TEXT NOT NULL,
    PRIMARY KEY (key, value, name)
) WITHOUT ROWID;
INSERT OR IGNORE INTO finding_properties (key, value, name)
SELECT p.key,
       CASE p.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(p.value AS TEXT) END,
       f.name
FROM findings f, json_each(f.envelope, '$.finding.sourceProperties') p
WHERE p.type <> 'null';
-- One index fewer on every insert: a state filter selects most findings (ACTIVE) or very few,
-- and both are served by walking the event-time index.
DROP INDEX IF EXISTS findings_state_time;
