-- The value checks the course's dbt build runs on one staging model, over
-- its rows in scope, materialized in {stg}: rows whose pickup or dropoff
-- zone is not in the lookup, and rows whose payment_type is not 1 to 6.
-- The rows are counted per (pickup, dropoff, payment type) first, a few
-- hundred thousand groups at most, and only those are looked up. The
-- lookup's numeric ids are turned into integers (a zone id that is not a
-- whole number in integer range matches no trip) so none is NULL and
-- NOT IN means "not in the lookup".
WITH zone_ids AS (
    SELECT DISTINCT cast(locationid AS integer) AS locationid
    FROM {zones}
    WHERE locationid = trunc(locationid) AND locationid BETWEEN -2147483648 AND 2147483647
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
