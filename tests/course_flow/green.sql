-- The course's flow for one green month. Reads the CSV from psql's stdin.
-- psql variable: file (e.g. green_tripdata_2019-01.csv).
\set ON_ERROR_STOP on

CREATE TABLE IF NOT EXISTS green_tripdata (
    unique_row_id          text,
    filename               text,
    VendorID               text,
    lpep_pickup_datetime   timestamp,
    lpep_dropoff_datetime  timestamp,
    store_and_fwd_flag     text,
    RatecodeID             text,
    PULocationID           text,
    DOLocationID           text,
    passenger_count        integer,
    trip_distance          double precision,
    fare_amount            double precision,
    extra                  double precision,
    mta_tax                double precision,
    tip_amount             double precision,
    tolls_amount           double precision,
    ehail_fee              double precision,
    improvement_surcharge  double precision,
    total_amount           double precision,
    payment_type           integer,
    trip_type              integer,
    congestion_surcharge   double precision
);

CREATE TABLE IF NOT EXISTS green_tripdata_staging (LIKE green_tripdata);

TRUNCATE TABLE green_tripdata_staging;

\copy green_tripdata_staging (VendorID, lpep_pickup_datetime, lpep_dropoff_datetime, store_and_fwd_flag, RatecodeID, PULocationID, DOLocationID, passenger_count, trip_distance, fare_amount, extra, mta_tax, tip_amount, tolls_amount, ehail_fee, improvement_surcharge, total_amount, payment_type, trip_type, congestion_surcharge) FROM pstdin WITH (FORMAT csv, HEADER true, DELIMITER ',')

UPDATE green_tripdata_staging
SET
  unique_row_id = md5(
    COALESCE(CAST(VendorID AS text), '') ||
    COALESCE(CAST(lpep_pickup_datetime AS text), '') ||
    COALESCE(CAST(lpep_dropoff_datetime AS text), '') ||
    COALESCE(PULocationID, '') ||
    COALESCE(DOLocationID, '') ||
    COALESCE(CAST(fare_amount AS text), '') ||
    COALESCE(CAST(trip_distance AS text), '')
  ),
  filename = :'file';

MERGE INTO green_tripdata AS T
USING green_tripdata_staging AS S
ON T.unique_row_id = S.unique_row_id
WHEN NOT MATCHED THEN
  INSERT (
    unique_row_id, filename, VendorID, lpep_pickup_datetime, lpep_dropoff_datetime,
    store_and_fwd_flag, RatecodeID, PULocationID, DOLocationID, passenger_count,
    trip_distance, fare_amount, extra, mta_tax, tip_amount, tolls_amount, ehail_fee,
    improvement_surcharge, total_amount, payment_type, trip_type, congestion_surcharge
  )
  VALUES (
    S.unique_row_id, S.filename, S.VendorID, S.lpep_pickup_datetime, S.lpep_dropoff_datetime,
    S.store_and_fwd_flag, S.RatecodeID, S.PULocationID, S.DOLocationID, S.passenger_count,
    S.trip_distance, S.fare_amount, S.extra, S.mta_tax, S.tip_amount, S.tolls_amount, S.ehail_fee,
    S.improvement_surcharge, S.total_amount, S.payment_type, S.trip_type, S.congestion_surcharge
  );
