-- Questions the course asks of its models, answered on the tables that
-- `taxi-etl transform` builds. Run with: psql -f examples/queries.sql

-- Trips per service type and year (the course's fact_trips counts).
SELECT service_type,
       extract(year FROM pickup_datetime)::int AS year,
       count(*) AS trips
FROM fact_trips
WHERE pickup_datetime >= '2019-01-01' AND pickup_datetime < '2021-01-01'
GROUP BY 1, 2
ORDER BY 1, 2;

-- Revenue per zone and month, the ten largest of 2020 for green.
SELECT revenue_zone, revenue_month::date AS month, revenue_monthly_total_amount,
       total_monthly_trips
FROM dm_monthly_zone_revenue
WHERE service_type = 'Green'
  AND revenue_month >= '2020-01-01' AND revenue_month < '2021-01-01'
ORDER BY revenue_monthly_total_amount DESC
LIMIT 10;

-- The share of each payment type, per service type.
SELECT service_type, payment_type_description, count(*) AS trips,
       round(100.0 * count(*) / sum(count(*)) OVER (PARTITION BY service_type), 1) AS percent
FROM fact_trips
GROUP BY 1, 2
ORDER BY 1, 3 DESC;

-- Rows loaded per file, as the course's homework counts them (by file,
-- not by pickup date).
SELECT filename, count(*) AS rows
FROM green_tripdata
GROUP BY filename
ORDER BY filename;
