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
