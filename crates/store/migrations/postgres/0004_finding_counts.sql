-- How many findings there are per minute of event time and per value of the fields the console
-- filters on most, so that `totalSize` of a broad filter is a sum over few rows instead of a
-- count over a million (src/counts.rs). A finding without a container counts under the empty
-- name and image, as the filter reads it.
--
-- Writers only ever append rows (`fresh`): several writers store findings at once, and adding
-- to shared rows would make them wait on each other. A count is the sum of every row of its
-- key. From time to time one writer folds the fresh rows into one settled row per key (under an
-- advisory lock; the settled rows are unique per key).
-- Rebuilt from the findings whenever this migration runs.
DROP TABLE IF EXISTS finding_counts;
CREATE TABLE finding_counts (
    bucket_ns       BIGINT NOT NULL,
    parent          TEXT NOT NULL,
    category        TEXT NOT NULL,
    module_name     TEXT NOT NULL,
    state           TEXT NOT NULL,
    severity        TEXT NOT NULL,
    mute            TEXT NOT NULL,
    container_name  TEXT NOT NULL,
    container_image TEXT NOT NULL,
    n               BIGINT NOT NULL,
    fresh           BOOLEAN NOT NULL DEFAULT true
);
CREATE UNIQUE INDEX finding_counts_settled ON finding_counts (bucket_ns, parent, category,
    module_name, state, severity, mute, container_name, container_image) WHERE NOT fresh;
INSERT INTO finding_counts (bucket_ns, parent, category, module_name, state, severity, mute,
    container_name, container_image, n, fresh)
SELECT event_time_ns - (((event_time_ns % 60000000000) + 60000000000) % 60000000000),
       parent, category, module_name, state, severity, mute,
       COALESCE(container_name, ''), COALESCE(container_image, ''), count(*), false
FROM findings
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
