-- The value checks the course's dbt build runs on one staging model, over
-- its rows in scope, materialized in {stg}: rows whose pickup or dropoff
-- zone is not in the lookup, and rows whose payment_type is not 1 to 6.
-- Each row's ids are looked up in a hash of the lookup's ids as integers
-- (see expr_zone_integer_id.sql), built once; the NULLs are left out so
-- that NOT IN means "not in the lookup". The ids are not a materialized
-- CTE, which would keep the scan from running in parallel workers.
-- (Counting the rows per pickup, dropoff and payment type first, to look
-- up only those groups, took longer: bench/README.md.)
WITH zone_ids AS NOT MATERIALIZED (
    SELECT locationid
    FROM (SELECT {zone_id} AS locationid FROM {zones}) AS ids
    WHERE locationid IS NOT NULL
)
SELECT
    count(*) FILTER (WHERE pickup_locationid IS NULL
                     OR pickup_locationid NOT IN (SELECT locationid FROM zone_ids)),
    count(*) FILTER (WHERE dropoff_locationid IS NULL
                     OR dropoff_locationid NOT IN (SELECT locationid FROM zone_ids)),
    count(*) FILTER (WHERE payment_type NOT BETWEEN 1 AND 6)
FROM {stg};
