-- The value checks the course's dbt build runs on one staging model, over
-- its rows in scope, materialized in {stg}: rows whose pickup or dropoff
-- zone is not in the lookup, and rows whose payment_type is not 1 to 6.
-- The rows are counted per (pickup, dropoff, payment type) first, a few
-- hundred thousand groups at most, and only those are looked up, by the
-- lookup's ids as integers (see expr_zone_integer_id.sql); the NULLs
-- are left out so that NOT IN means "not in the lookup".
WITH zone_ids AS (
    SELECT locationid
    FROM (SELECT DISTINCT {zone_id} AS locationid FROM {zones}) AS ids
    WHERE locationid IS NOT NULL
),
per_value AS (
    SELECT pickup_locationid, dropoff_locationid, payment_type, count(*) AS n
    FROM {stg}
    GROUP BY 1, 2, 3
)
SELECT
    coalesce(sum(n) FILTER (WHERE pickup_locationid IS NULL
                            OR pickup_locationid NOT IN (SELECT locationid FROM zone_ids)), 0),
    coalesce(sum(n) FILTER (WHERE dropoff_locationid IS NULL
                            OR dropoff_locationid NOT IN (SELECT locationid FROM zone_ids)), 0),
    coalesce(sum(n) FILTER (WHERE payment_type NOT BETWEEN 1 AND 6), 0)
FROM per_value;
