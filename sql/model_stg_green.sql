-- stg_green_tripdata as the course's dbt project (taxi_rides_ny) builds it,
-- with a deterministic choice of the row kept per (vendorid, pickup): the
-- smallest unique_row_id, then filename. The filter on pickups narrows it
-- to the months an incremental run rebuilds (or is empty).
SELECT
    md5(coalesce(cast(vendorid AS text), '_dbt_utils_surrogate_key_null_') || '-' ||
        coalesce(cast(lpep_pickup_datetime AS text), '_dbt_utils_surrogate_key_null_')) AS tripid,
    cast(vendorid AS integer) AS vendorid,
    cast(ratecodeid AS integer) AS ratecodeid,
    cast(pulocationid AS integer) AS pickup_locationid,
    cast(dolocationid AS integer) AS dropoff_locationid,
    cast(lpep_pickup_datetime AS timestamp) AS pickup_datetime,
    cast(lpep_dropoff_datetime AS timestamp) AS dropoff_datetime,
    store_and_fwd_flag,
    cast(passenger_count AS integer) AS passenger_count,
    cast(trip_distance AS numeric) AS trip_distance,
    cast(trip_type AS integer) AS trip_type,
    cast(fare_amount AS numeric) AS fare_amount,
    cast(extra AS numeric) AS extra,
    cast(mta_tax AS numeric) AS mta_tax,
    cast(tip_amount AS numeric) AS tip_amount,
    cast(tolls_amount AS numeric) AS tolls_amount,
    cast(ehail_fee AS numeric) AS ehail_fee,
    cast(improvement_surcharge AS numeric) AS improvement_surcharge,
    cast(total_amount AS numeric) AS total_amount,
    coalesce(cast(payment_type AS integer), 0) AS payment_type,
    CASE coalesce(cast(payment_type AS integer), 0)
        WHEN 1 THEN 'Credit card' WHEN 2 THEN 'Cash' WHEN 3 THEN 'No charge'
        WHEN 4 THEN 'Dispute' WHEN 5 THEN 'Unknown' WHEN 6 THEN 'Voided trip'
        ELSE 'EMPTY'
    END AS payment_type_description
FROM (
    SELECT *,
           row_number() OVER (PARTITION BY vendorid, lpep_pickup_datetime
                              ORDER BY unique_row_id, filename) AS rn
    FROM {table}
    WHERE vendorid IS NOT NULL {where}
) AS tripdata
WHERE rn = 1
