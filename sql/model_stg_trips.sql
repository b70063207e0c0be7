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
