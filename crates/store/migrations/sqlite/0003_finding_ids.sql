-- Integer finding ids for the property side table. A property row held the finding's name (about
-- 80 bytes); it now holds the finding's id, which makes the table about a quarter of the size and
-- inserts about a third faster. The id is an explicit INTEGER PRIMARY KEY, so VACUUM keeps it
-- (SQLite may renumber implicit rowids). Findings are never deleted one by one, so ids are not
-- reused. Existing findings keep their rowid as their id.
CREATE TABLE findings_v3 (
    id                    INTEGER PRIMARY KEY,
    name                  TEXT NOT NULL UNIQUE,
    parent                TEXT NOT NULL,
    finding_id            TEXT NOT NULL,
    category              TEXT NOT NULL,
    module_name           TEXT NOT NULL,
    state                 TEXT NOT NULL,
    severity              TEXT NOT NULL,
    mute                  TEXT NOT NULL,
    event_time_ns         INTEGER NOT NULL,
    create_time_ns        INTEGER NOT NULL,
    resource_name         TEXT NOT NULL,
    resource_type         TEXT NOT NULL,
    resource_display_name TEXT NOT NULL,
    project_display_name  TEXT NOT NULL,
    container_name        TEXT,
    container_image       TEXT,
    envelope              TEXT NOT NULL
);
INSERT INTO findings_v3 (id, name, parent, finding_id, category, module_name, state, severity, mute,
    event_time_ns, create_time_ns, resource_name, resource_type, resource_display_name,
    project_display_name, container_name, container_image, envelope)
SELECT rowid, name, parent, finding_id, category, module_name, state, severity, mute,
    event_time_ns, create_time_ns, resource_name, resource_type, resource_display_name,
    project_display_name, container_name, container_image, envelope
FROM findings ORDER BY rowid;
CREATE TABLE finding_properties_v3 (
    key   TEXT NOT NULL,
    value TEXT NOT NULL,
    id    INTEGER NOT NULL,
    PRIMARY KEY (key, value, id)
) WITHOUT ROWID;
INSERT INTO finding_properties_v3 (key, value, id)
SELECT p.key, p.value, f.id FROM finding_properties p JOIN findings_v3 f ON f.name = p.name;
DROP TABLE finding_properties;
DROP TABLE findings;
ALTER TABLE findings_v3 RENAME TO findings;
ALTER TABLE finding_properties_v3 RENAME TO finding_properties;
CREATE INDEX findings_event_time ON findings (event_time_ns DESC, name);
CREATE INDEX findings_category_time ON findings (category, event_time_ns DESC);
CREATE INDEX findings_severity_time ON findings (severity, event_time_ns DESC);
CREATE INDEX findings_resource_time ON findings (resource_name, event_time_ns DESC);
-- No parent index any more: a host has one source, so `parent = ?` matches every finding and is
-- served by walking the event-time index; the index cost a seventh of every insert.
