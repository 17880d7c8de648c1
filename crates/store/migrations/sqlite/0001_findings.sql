-- Findings, one row per finding name. Columns the filter language and the console query are
-- stored apart; the whole SCC envelope is kept as JSON so nothing is lost.
CREATE TABLE findings (
    name                  TEXT PRIMARY KEY,
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
CREATE INDEX findings_event_time ON findings (event_time_ns DESC, name);
CREATE INDEX findings_category_time ON findings (category, event_time_ns DESC);
CREATE INDEX findings_severity_time ON findings (severity, event_time_ns DESC);
CREATE INDEX findings_state_time ON findings (state, event_time_ns DESC);
CREATE INDEX findings_resource_time ON findings (resource_name, event_time_ns DESC);
CREATE INDEX findings_parent_time ON findings (parent, event_time_ns DESC);
