-- The course's models written straight from SPEC section 8, the dbt way
-- (everything rebuilt over the whole tables), with the deterministic
-- tie-break. The transform tests compare taxi-etl's models with these.
-- psql: -v schema=public (where the trip tables and the lookup are);
-- builds ref.stg_green, ref.stg_yellow, ref.fact_trips, ref.dm.
\set ON_ERROR_STOP on
DROP SCHEMA IF EXISTS ref CASCADE;
CREATE SCHEMA ref;

CREATE VIEW ref.stg_green AS
WITH tripdata AS (
    SELECT *, row_number() OVER (PARTITION BY vendorid, lpep_pickup_datetime
                                 ORDER BY unique_row_id, filename) AS rn
    FROM :"schema".green_tripdata
    WHERE vendorid IS NOT NULL
)
SELECT md5(coalesce(cast(vendorid AS text), '_dbt_utils_surrogate_key_null_') || '-' ||
           coalesce(cast(lpep_pickup_datetime AS text), '_dbt_utils_surrogate_key_null_')) AS tripid,
       vendorid::integer AS vendorid, ratecodeid::integer AS ratecodeid,
       pulocationid::integer AS pickup_locationid, dolocationid::integer AS dropoff_locationid,
       lpep_pickup_datetime AS pickup_datetime, lpep_dropoff_datetime AS dropoff_datetime,
       store_and_fwd_flag, passenger_count::integer AS passenger_count,
       trip_distance::numeric AS trip_distance, trip_type::integer AS trip_type,
       fare_amount::numeric AS fare_amount, extra::numeric AS extra, mta_tax::numeric AS mta_tax,
       tip_amount::numeric AS tip_amount, tolls_amount::numeric AS tolls_amount,
       ehail_fee::numeric AS ehail_fee, improvement_surcharge::numeric AS improvement_surcharge,
       total_amount::numeric AS total_amount,
       coalesce(payment_type::integer, 0) AS payment_type,
       CASE coalesce(payment_type::integer, 0)
           WHEN 1 THEN 'Credit card' WHEN 2 THEN 'Cash' WHEN 3 THEN 'No charge'
           WHEN 4 THEN 'Dispute' WHEN 5 THEN 'Unknown' WHEN 6 THEN 'Voided trip'
           ELSE 'EMPTY' END AS payment_type_description
FROM tripdata WHERE rn = 1;

CREATE VIEW ref.stg_yellow AS
WITH tripdata AS (
    SELECT *, row_number() OVER (PARTITION BY vendorid, tpep_pickup_datetime
                                 ORDER BY unique_row_id, filename) AS rn
    FROM :"schema".yellow_tripdata
    WHERE vendorid IS NOT NULL
)
SELECT md5(coalesce(cast(vendorid AS text), '_dbt_utils_surrogate_key_null_') || '-' ||
           coalesce(cast(tpep_pickup_datetime AS text), '_dbt_utils_surrogate_key_null_')) AS tripid,
       vendorid::integer AS vendorid, ratecodeid::integer AS ratecodeid,
       pulocationid::integer AS pickup_locationid, dolocationid::integer AS dropoff_locationid,
       tpep_pickup_datetime AS pickup_datetime, tpep_dropoff_datetime AS dropoff_datetime,
       store_and_fwd_flag, passenger_count::integer AS passenger_count,
       trip_distance::numeric AS trip_distance, 1 AS trip_type,
       fare_amount::numeric AS fare_amount, extra::numeric AS extra, mta_tax::numeric AS mta_tax,
       tip_amount::numeric AS tip_amount, tolls_amount::numeric AS tolls_amount,
       0::numeric AS ehail_fee, improvement_surcharge::numeric AS improvement_surcharge,
       total_amount::numeric AS total_amount,
       coalesce(payment_type::integer, 0) AS payment_type,
       CASE coalesce(payment_type::integer, 0)
           WHEN 1 THEN 'Credit card' WHEN 2 THEN 'Cash' WHEN 3 THEN 'No charge'
           WHEN 4 THEN 'Dispute' WHEN 5 THEN 'Unknown' WHEN 6 THEN 'Voided trip'
           ELSE 'EMPTY' END AS payment_type_description
FROM tripdata WHERE rn = 1;

CREATE TABLE ref.fact_trips AS
WITH green AS (SELECT *, 'Green' AS service_type FROM ref.stg_green),
     yellow AS (SELECT *, 'Yellow' AS service_type FROM ref.stg_yellow),
     trips AS (SELECT * FROM green UNION ALL SELECT * FROM yellow),
     zones AS (SELECT locationid, borough, zone FROM :"schema".taxi_zone_lookup
               WHERE borough <> 'Unknown')
SELECT t.tripid, t.vendorid, t.service_type, t.ratecodeid,
       t.pickup_locationid, p.borough AS pickup_borough, p.zone AS pickup_zone,
       t.dropoff_locationid, d.borough AS dropoff_borough, d.zone AS dropoff_zone,
       t.pickup_datetime, t.dropoff_datetime, t.store_and_fwd_flag, t.passenger_count,
       t.trip_distance, t.trip_type, t.fare_amount, t.extra, t.mta_tax, t.tip_amount,
       t.tolls_amount, t.ehail_fee, t.improvement_surcharge, t.total_amount,
       t.payment_type, t.payment_type_description
FROM trips AS t
JOIN zones AS p ON t.pickup_locationid = p.locationid
JOIN zones AS d ON t.dropoff_locationid = d.locationid;

CREATE TABLE ref.dm AS
SELECT pickup_zone AS revenue_zone, date_trunc('month', pickup_datetime) AS revenue_month,
       service_type,
       sum(fare_amount) AS revenue_monthly_fare, sum(extra) AS revenue_monthly_extra,
       sum(mta_tax) AS revenue_monthly_mta_tax, sum(tip_amount) AS revenue_monthly_tip_amount,
       sum(tolls_amount) AS revenue_monthly_tolls_amount,
       sum(ehail_fee) AS revenue_monthly_ehail_fee,
       sum(improvement_surcharge) AS revenue_monthly_improvement_surcharge,
       sum(total_amount) AS revenue_monthly_total_amount,
       count(tripid) AS total_monthly_trips, avg(passenger_count) AS avg_monthly_passenger_count,
       avg(trip_distance) AS avg_monthly_trip_distance
FROM ref.fact_trips
GROUP BY 1, 2, 3;
