-- The data checks the course's dbt build runs, as (check, rows failing,
-- severity), over the staging rows and the revenue rows in scope (all of
-- them, or the months an incremental run rebuilt).
WITH green AS ({stg_green}), yellow AS ({stg_yellow})
SELECT 'stg_green_tripdata.tripid unique', (SELECT count(*) - count(DISTINCT tripid) FROM green), 'error'
UNION ALL
SELECT 'stg_green_tripdata.tripid not null', (SELECT count(*) FROM green WHERE tripid IS NULL), 'error'
UNION ALL
SELECT 'stg_yellow_tripdata.tripid unique', (SELECT count(*) - count(DISTINCT tripid) FROM yellow), 'error'
UNION ALL
SELECT 'stg_yellow_tripdata.tripid not null', (SELECT count(*) FROM yellow WHERE tripid IS NULL), 'error'
UNION ALL
SELECT 'pickup_locationid in taxi_zone_lookup',
       (SELECT count(*) FROM (SELECT pickup_locationid FROM green UNION ALL SELECT pickup_locationid FROM yellow) AS t
        WHERE NOT EXISTS (SELECT 1 FROM {zones} AS z WHERE z.locationid = t.pickup_locationid)), 'warn'
UNION ALL
SELECT 'dropoff_locationid in taxi_zone_lookup',
       (SELECT count(*) FROM (SELECT dropoff_locationid FROM green UNION ALL SELECT dropoff_locationid FROM yellow) AS t
        WHERE NOT EXISTS (SELECT 1 FROM {zones} AS z WHERE z.locationid = t.dropoff_locationid)), 'warn'
UNION ALL
SELECT 'payment_type in 1..6',
       (SELECT count(*) FROM (SELECT payment_type FROM green UNION ALL SELECT payment_type FROM yellow) AS t
        WHERE payment_type NOT BETWEEN 1 AND 6), 'warn'
UNION ALL
SELECT 'dm_monthly_zone_revenue.revenue_monthly_total_amount not null',
       (SELECT count(*) FROM ({dm_scope}) AS dm WHERE revenue_monthly_total_amount IS NULL), 'error';
