-- How many findings there are per minute of event time and per value of the fields the console
-- filters on most, kept as findings are stored and changed, so that `totalSize` of a broad
-- filter is a sum over hundreds of rows instead of a count over a million (src/counts.rs). A
-- finding without a container counts under the empty name and image, as the filter reads it.
-- Rebuilt from the findings whenever this migration runs.
DROP TABLE IF EXISTS finding_counts;
CREATE TABLE finding_counts (
    bucket_ns       INTEGER NOT NULL,
    parent          TEXT NOT NULL,
    category        TEXT NOT NULL,
    module_name     TEXT NOT NULL,
    state           TEXT NOT NULL,
    severity        TEXT NOT NULL,
    mute            TEXT NOT NULL,
    container_name  TEXT NOT NULL,
    container_image TEXT NOT NULL,
    n               INTEGER NOT NULL,
    PRIMARY KEY (bucket_ns, parent, category, module_name, state, severity, mute, container_name,
        container_image)
) WITHOUT ROWID;
INSERT INTO finding_counts (bucket_ns, parent, category, module_name, state, severity, mute,
    container_name, container_image, n)
SELECT event_time_ns - (((event_time_ns % 60000000000) + 60000000000) % 60000000000),
       parent, category, module_name, state, severity, mute,
       COALESCE(container_name, ''), COALESCE(container_image, ''), count(*)
FROM findings
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
