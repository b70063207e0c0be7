-- The course's flow for one yellow month. Reads the CSV from psql's stdin.
-- psql variable: file (e.g. yellow_tripdata_2019-01.csv).
\set ON_ERROR_STOP on

CREATE TABLE IF NOT EXISTS yellow_tripdata (
    unique_row_id          text,
    filename               text,
    VendorID               text,
    tpep_pickup_datetime   timestamp,
    tpep_dropoff_datetime  timestamp,
    passenger_count        integer,
    trip_distance          double precision,
    RatecodeID             text,
    store_and_fwd_flag     text,
    PULocationID           text,
    DOLocationID           text,
    payment_type           integer,
    fare_amount            double precision,
    extra                  double precision,
    mta_tax                double precision,
    tip_amount             double precision,
    tolls_amount           double precision,
    improvement_surcharge  double precision,
    total_amount           double precision,
    congestion_surcharge   double precision
);

CREATE TABLE IF NOT EXISTS yellow_tripdata_staging (LIKE yellow_tripdata);

TRUNCATE TABLE yellow_tripdata_staging;

\copy yellow_tripdata_staging (VendorID, tpep_pickup_datetime, tpep_dropoff_datetime, passenger_count, trip_distance, RatecodeID, store_and_fwd_flag, PULocationID, DOLocationID, payment_type, fare_amount, extra, mta_tax, tip_amount, tolls_amount, improvement_surcharge, total_amount, congestion_surcharge) FROM pstdin WITH (FORMAT csv, HEADER true, DELIMITER ',')

UPDATE yellow_tripdata_staging
SET
  unique_row_id = md5(
    COALESCE(CAST(VendorID AS text), '') ||
    COALESCE(CAST(tpep_pickup_datetime AS text), '') ||
    COALESCE(CAST(tpep_dropoff_datetime AS text), '') ||
    COALESCE(PULocationID, '') ||
    COALESCE(DOLocationID, '') ||
    COALESCE(CAST(fare_amount AS text), '') ||
    COALESCE(CAST(trip_distance AS text), '')
  ),
  filename = :'file';

MERGE INTO yellow_tripdata AS T
USING yellow_tripdata_staging AS S
ON T.unique_row_id = S.unique_row_id
WHEN NOT MATCHED THEN
  INSERT (
    unique_row_id, filename, VendorID, tpep_pickup_datetime, tpep_dropoff_datetime,
    passenger_count, trip_distance, RatecodeID, store_and_fwd_flag, PULocationID,
    DOLocationID, payment_type, fare_amount, extra, mta_tax, tip_amount, tolls_amount,
    improvement_surcharge, total_amount, congestion_surcharge
  )
  VALUES (
    S.unique_row_id, S.filename, S.VendorID, S.tpep_pickup_datetime, S.tpep_dropoff_datetime,
    S.passenger_count, S.trip_distance, S.RatecodeID, S.store_and_fwd_flag, S.PULocationID,
    S.DOLocationID, S.payment_type, S.fare_amount, S.extra, S.mta_tax, S.tip_amount, S.tolls_amount,
    S.improvement_surcharge, S.total_amount, S.congestion_surcharge
  );
