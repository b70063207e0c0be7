-- The statements of transform_checks.cpp.
-- Each section, from its `-- name:` line to the next, is one statement,
-- looked up by that name (sql.hpp).

-- name: expr_zone_integer_id
-- A zone id of the lookup (numeric) as the integer that trips' zone ids
-- are compared with, computed once per zone instead of casting every trip's
-- id to numeric: NULL when it is not a whole number in integer range, as
-- such an id equals no integer id.
CASE WHEN locationid = trunc(locationid) AND locationid BETWEEN -2147483648 AND 2147483647
     THEN cast(locationid AS integer)
END

-- name: transform_check_revenue
-- The error check on the revenue model, over its rows in scope: all
-- of them ($1 true), or those of service type $2 in the pickup months $3
-- (an array) that an incremental run rebuilt.
SELECT count(*)
FROM {dm}
WHERE revenue_monthly_total_amount IS NULL
  AND ($1::boolean OR (service_type = $2 AND revenue_month = ANY ($3::timestamp[])));

-- name: transform_check_tripids
-- The tripid checks the course's dbt build runs on one staging model, over
-- its rows in scope (all of them, or the months an incremental run
-- rebuilt), already materialized in {stg}: rows sharing a tripid (as dbt's
-- unique test finds them), and rows without one.
--
-- One pass counts the tripids and their distinct 64-bit hashes (a sort of
-- plain integers, where grouping millions of 32-character texts spills to
-- disk). When they are as many, no two tripids are equal, and the rows
-- sharing one are not looked for: the filter on the summary is decided
-- once, before that second scan.
WITH summary AS MATERIALIZED (
    SELECT count(tripid) AS with_tripid,
           count(DISTINCT hashtextextended(tripid, 0)) AS distinct_hashes,
           count(*) - count(tripid) AS without_tripid
    FROM {stg}
)
SELECT
    (SELECT coalesce(sum(n), 0)
     FROM (SELECT count(*) AS n FROM {stg}
           WHERE (SELECT with_tripid > distinct_hashes FROM summary)
               AND tripid IS NOT NULL
           GROUP BY tripid HAVING count(*) > 1) AS duplicated),
    (SELECT without_tripid FROM summary);

-- name: transform_check_values
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

-- The failing rows of each check, over the same rows in scope as its count
-- above: what a failed check shows a few of, and what --store-failures
-- keeps (transform_failures.cpp). Each has the row's id and the offending
-- values, in a stable order.

-- name: transform_failures_unique
-- The tripids that more than one row has, as dbt's unique test finds them.
SELECT tripid, count(*) AS n_records
FROM {stg}
WHERE tripid IS NOT NULL
GROUP BY tripid
HAVING count(*) > 1
ORDER BY tripid;

-- name: transform_failures_not_null
-- The rows without a tripid, named by what the tripid is made of.
SELECT vendorid, pickup_datetime, tripid
FROM {stg}
WHERE tripid IS NULL
ORDER BY vendorid, pickup_datetime;

-- name: transform_failures_zone
-- The rows whose zone id ({column}) is not in the lookup, as in
-- transform_check_values.
WITH zone_ids AS NOT MATERIALIZED (
    SELECT locationid
    FROM (SELECT {zone_id} AS locationid FROM {zones}) AS ids
    WHERE locationid IS NOT NULL
)
SELECT tripid, {column}
FROM {stg}
WHERE {column} IS NULL OR {column} NOT IN (SELECT locationid FROM zone_ids)
ORDER BY tripid;

-- name: transform_failures_payment
SELECT tripid, payment_type
FROM {stg}
WHERE payment_type NOT BETWEEN 1 AND 6
ORDER BY tripid;

-- name: transform_failures_revenue
-- The revenue rows in scope without a total: all ($1 true), or those of
-- the service types and months an incremental run rebuilt ($2, an array of
-- "Green 2019-01-01").
SELECT revenue_zone, revenue_month, service_type, revenue_monthly_total_amount
FROM {dm}
WHERE revenue_monthly_total_amount IS NULL
  AND ($1::boolean
       OR service_type || ' ' || to_char(revenue_month, 'YYYY-MM-DD') = ANY ($2::text[]))
ORDER BY revenue_zone, revenue_month, service_type;
