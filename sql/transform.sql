-- The analytics models and their checks (transform.cpp).
-- Each section, from its `-- name:` line to the next, is one statement,
-- looked up by that name (sql.hpp).

-- name: transform_consume
-- Forgets the pending months this transform has rebuilt ($1: their ids,
-- comma-separated); months recorded by loads that committed meanwhile stay.
DELETE FROM taxi_etl.pending_months WHERE id = ANY (string_to_array($1, ',')::bigint[]);

-- name: transform_lock
-- One transform at a time per schema.
SELECT pg_advisory_xact_lock(hashtextextended('taxi-etl transform ' || $1, 0));

-- name: transform_pending
-- The pickup months loads have touched since the last transform, of the
-- kinds that have models. $1 target schema, $2 those kinds' names (an
-- array).
SELECT id, taxi, to_char(month, 'YYYY-MM-DD')
FROM taxi_etl.pending_months
WHERE target_schema = $1 AND taxi = ANY ($2::text[])
ORDER BY id;

-- name: transform_settings
-- Settings for the transform's session, on top of session_settings.
-- Its statements are long scans and sorts whose cost estimates send them to
-- JIT compilation, which took longer than it saved (bench/README.md).
SET jit = off;
-- More memory for the sorts of the staging models and of the tripid
-- checks' hashes: fewer and smaller spills to temporary files.
SET work_mem = '64MB';

-- name: transform_state
-- $1 target schema: the zone fingerprint the models were built with.
SELECT zones_fingerprint FROM taxi_etl.transform_state WHERE target_schema = $1;

-- name: transform_state_save
INSERT INTO taxi_etl.transform_state (target_schema, zones_fingerprint)
VALUES ($1, $2)
ON CONFLICT (target_schema)
DO UPDATE SET zones_fingerprint = excluded.zones_fingerprint, transformed_at = now();
