-- The zone lookup (zones.cpp).
-- Each section, from its `-- name:` line to the next, is one statement,
-- looked up by that name (sql.hpp).

-- name: zones_copy
COPY {zones_new} (locationid, borough, zone, service_zone) FROM STDIN WITH (FORMAT csv, HEADER true);

-- name: zones_fingerprint
-- Changes whenever any row of the lookup changes: a full rebuild is due.
SELECT coalesce(md5(string_agg(concat_ws('|', locationid, borough, zone, service_zone), ';'
                               ORDER BY locationid, borough, zone, service_zone)), '')
FROM {zones};

-- name: zones_replace
-- Replaces the zone lookup in one transaction (the caller's): the new rows
-- go into a table of their own, which takes the old one's place only once
-- they are all in. Types as the course's dbt seed creates them.
DROP TABLE IF EXISTS {zones_new};
CREATE TABLE {zones_new} (
    locationid numeric,
    borough text,
    zone text,
    service_zone text
);

-- name: zones_swap
DROP TABLE IF EXISTS {zones};
ALTER TABLE {zones_new} RENAME TO {name};
-- The transform that follows joins it at once, before autovacuum would.
ANALYZE {zones};

-- name: zones_differing
-- How many zones the new lookup changes, adds or drops.
SELECT count(*)
FROM {zones} AS old
FULL JOIN {zones_new} AS new ON new.locationid = old.locationid
WHERE (old.locationid, old.borough, old.zone, old.service_zone)
      IS DISTINCT FROM (new.locationid, new.borough, new.zone, new.service_zone);

-- name: zones_record
-- $1 target schema, $2 where its lookup came from (as shown), $3 whether
-- that is all of it, $4 its zones.
INSERT INTO taxi_etl.zone_lookups (target_schema, source, source_whole, zones)
VALUES ($1, $2, $3, $4)
ON CONFLICT (target_schema)
DO UPDATE SET source = excluded.source, source_whole = excluded.source_whole,
              zones = excluded.zones, loaded_at = now();

-- name: zones_recorded
SELECT source, source_whole FROM taxi_etl.zone_lookups WHERE target_schema = $1;
