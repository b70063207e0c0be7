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
