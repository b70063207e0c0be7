-- The statements of transform_models.cpp.
-- Each section, from its `-- name:` line to the next, is one statement,
-- looked up by that name (sql.hpp).

-- name: expr_in_month
-- A timestamp column in the month that starts on the day a parameter holds,
-- as a range on the column itself, so that an index on it finds the rows.
({column} >= {month}::timestamp AND {column} < {month}::timestamp + interval '1 month')

-- name: expr_service_months
-- A model's rows of service type $1 in the months an incremental run
-- rebuilds (expr_in_month over the rows' month column, for $2...).
service_type = $1 AND ({months})

-- name: fact_trips_index
-- Lets an incremental run find the rows of one service type's months
-- without reading the rest: green and yellow rows share the months, and the
-- service type is checked in the index. Pickup first: building it then
-- sorts timestamps, where (service_type, pickup_datetime), the index of
-- earlier versions that this one replaces, compared service types by
-- collation first and took twice as long (bench/README.md, "Figures
-- behind the code").
DROP INDEX IF EXISTS {schema}.fact_trips_service_pickup_idx;
CREATE INDEX IF NOT EXISTS fact_trips_pickup_service_idx
    ON {fact_trips} (pickup_datetime, service_type);

-- name: model_dim_zones
-- dim_zones: the zone lookup, with the course's renaming of 'Boro Zone'.
SELECT locationid, borough, zone, replace(service_zone, 'Boro', 'Green') AS service_zone
FROM {zones}

-- name: model_dm_monthly_zone_revenue
-- dm_monthly_zone_revenue: revenue per pickup zone, month and service type,
-- of the fact rows the condition selects (true: all, or expr_service_months).
SELECT
    pickup_zone AS revenue_zone,
    date_trunc('month', pickup_datetime) AS revenue_month,
    service_type,
    sum(fare_amount) AS revenue_monthly_fare,
    sum(extra) AS revenue_monthly_extra,
    sum(mta_tax) AS revenue_monthly_mta_tax,
    sum(tip_amount) AS revenue_monthly_tip_amount,
    sum(tolls_amount) AS revenue_monthly_tolls_amount,
    sum(ehail_fee) AS revenue_monthly_ehail_fee,
    sum(improvement_surcharge) AS revenue_monthly_improvement_surcharge,
    sum(total_amount) AS revenue_monthly_total_amount,
    count(tripid) AS total_monthly_trips,
    avg(passenger_count) AS avg_monthly_passenger_count,
    avg(trip_distance) AS avg_monthly_trip_distance
FROM {fact_trips}
WHERE {where}
GROUP BY 1, 2, 3

-- name: model_fact_trips
-- fact_trips: the staged trips (the staging columns and a service_type)
-- whose pickup and dropoff zones are known, with their boroughs and zones.
-- The zones' ids as integers (see expr_zone_integer_id.sql), so the
-- joins hash integers. Not filtered on in a WHERE: the planner cannot
-- estimate such a filter, and taking it for one row it joined every trip
-- to the zones in a nested loop. Not materialized: a scan of a
-- materialized CTE cannot run in parallel workers, and the join can.
WITH known_zones AS NOT MATERIALIZED (
    SELECT {zone_id} AS locationid, borough, zone
    FROM {dim_zones}
    WHERE borough <> 'Unknown'
)
SELECT
    trips.tripid, trips.vendorid, trips.service_type, trips.ratecodeid,
    trips.pickup_locationid, pickup_zone.borough AS pickup_borough,
    pickup_zone.zone AS pickup_zone,
    trips.dropoff_locationid, dropoff_zone.borough AS dropoff_borough,
    dropoff_zone.zone AS dropoff_zone,
    trips.pickup_datetime, trips.dropoff_datetime, trips.store_and_fwd_flag,
    trips.passenger_count, trips.trip_distance, trips.trip_type, trips.fare_amount,
    trips.extra, trips.mta_tax, trips.tip_amount, trips.tolls_amount, trips.ehail_fee,
    trips.improvement_surcharge, trips.total_amount, trips.payment_type,
    trips.payment_type_description
FROM ({trips}) AS trips
JOIN known_zones AS pickup_zone ON trips.pickup_locationid = pickup_zone.locationid
JOIN known_zones AS dropoff_zone ON trips.dropoff_locationid = dropoff_zone.locationid

-- name: model_service_trips
-- One kind's staging rows in scope, with the service type fact_trips
-- labels them with (a parameter).
SELECT *, {service_type}::text AS service_type FROM {scope}

-- name: model_stg_trips
-- stg_green_tripdata and stg_yellow_tripdata as the course's dbt project
-- (taxi_rides_ny) builds them, with a deterministic choice of the row kept
-- per (vendorid, pickup): the smallest unique_row_id, then filename. The
-- kind gives the pickup and dropoff columns, and trip_type and ehail_fee
-- (yellow has neither: 1 and 0). The filter on pickups narrows it to the
-- months an incremental run rebuilds (or is empty).
--
-- Written as DISTINCT ON over a projection, not row_number() over the raw
-- rows: the same rows come out, but the casts (float8 to numeric is the
-- dearest part) then run in the parallel workers below the sort instead of
-- in one process after it. The sort keys come first in the projection, so
-- comparing two rows does not walk every column before them, and the
-- vendorid and unique_row_id keys compare bytewise (COLLATE "C"): the same
-- groups, and the same order for the hexadecimal md5 ids, without strcoll.
SELECT
    tripid, vendorid, ratecodeid, pickup_locationid, dropoff_locationid,
    pickup_datetime, dropoff_datetime, store_and_fwd_flag, passenger_count,
    trip_distance, trip_type, fare_amount, extra, mta_tax, tip_amount,
    tolls_amount, ehail_fee, improvement_surcharge, total_amount, payment_type,
    payment_type_description
FROM (
    SELECT DISTINCT ON (dedup_vendorid, pickup_datetime) *
    FROM (
        SELECT
            vendorid COLLATE "C" AS dedup_vendorid,
            cast({pickup} AS timestamp) AS pickup_datetime,
            unique_row_id COLLATE "C" AS dedup_row_id,
            filename AS dedup_filename,
            md5(coalesce(cast(vendorid AS text), '_dbt_utils_surrogate_key_null_') || '-' ||
                coalesce(cast({pickup} AS text), '_dbt_utils_surrogate_key_null_')) AS tripid,
            cast(vendorid AS integer) AS vendorid,
            cast(ratecodeid AS integer) AS ratecodeid,
            cast(pulocationid AS integer) AS pickup_locationid,
            cast(dolocationid AS integer) AS dropoff_locationid,
            cast({dropoff} AS timestamp) AS dropoff_datetime,
            store_and_fwd_flag,
            cast(passenger_count AS integer) AS passenger_count,
            cast(trip_distance AS numeric) AS trip_distance,
            cast({trip_type} AS integer) AS trip_type,
            cast(fare_amount AS numeric) AS fare_amount,
            cast(extra AS numeric) AS extra,
            cast(mta_tax AS numeric) AS mta_tax,
            cast(tip_amount AS numeric) AS tip_amount,
            cast(tolls_amount AS numeric) AS tolls_amount,
            cast({ehail_fee} AS numeric) AS ehail_fee,
            cast(improvement_surcharge AS numeric) AS improvement_surcharge,
            cast(total_amount AS numeric) AS total_amount,
            coalesce(cast(payment_type AS integer), 0) AS payment_type,
            CASE coalesce(cast(payment_type AS integer), 0)
                WHEN 1 THEN 'Credit card' WHEN 2 THEN 'Cash' WHEN 3 THEN 'No charge'
                WHEN 4 THEN 'Dispute' WHEN 5 THEN 'Unknown' WHEN 6 THEN 'Voided trip'
                ELSE 'EMPTY'
            END AS payment_type_description
        FROM {table}
        WHERE vendorid IS NOT NULL {where}
    ) AS projected
    ORDER BY dedup_vendorid, pickup_datetime, dedup_row_id, dedup_filename
) AS tripdata

-- name: transform_months_delete
-- A model's rows in the months an incremental run rebuilds (the condition:
-- expr_service_months).
DELETE FROM {model} WHERE {rows};

-- name: transform_months_insert
-- A model's rows for the months an incremental run rebuilds.
INSERT INTO {model}
{rows};

-- name: transform_scope_create
-- A kind's staging rows in scope for this run (model_stg_trips),
-- computed once for the models and the checks to read. CREATE TABLE AS,
-- unlike INSERT, may run in parallel; unlogged rather than temporary,
-- because parallel workers cannot read a temporary table. Created and
-- dropped (transform_scope_drop) in the transform's transaction, so no
-- other session ever sees it, and a rollback or crash takes it away.
CREATE UNLOGGED TABLE {scope} AS
{rows};

-- name: transform_scope_drop
DROP TABLE {scope};

-- name: transform_sort_default
SET LOCAL enable_sort TO DEFAULT;

-- name: transform_sort_off
-- The revenue model groups by zone, month and service type: a few thousand
-- groups, but the planner, with no statistics on the month expression,
-- expects millions and sorts every fact row; hashing them is faster. SET
-- LOCAL would last to the end of the transaction: transform_sort_default
-- sets it back after the statement (on an error, the rollback does).
SET LOCAL enable_sort = off;

-- name: transform_table_analyze
-- Without statistics the planner takes a new table for twice its size:
-- with dim_zones it sorted every trip to merge-join it.
ANALYZE {table};

-- name: transform_table_create
-- A model's table from its query; the row count is the command's,
-- not a count(*) that would read the table once more.
CREATE TABLE {table} AS
{rows};

-- name: transform_table_drop
DROP TABLE IF EXISTS {table};

-- name: transform_view_replace
-- A staging model's view (model_stg_trips over all the rows).
DROP VIEW IF EXISTS {view};
CREATE VIEW {view} AS
{rows};
