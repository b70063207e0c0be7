-- Lets an incremental run find the rows of one service type's months
-- without reading the rest: green and yellow rows share the months. Also
-- added to models built before the index existed.
CREATE INDEX IF NOT EXISTS fact_trips_service_pickup_idx
    ON {fact_trips} (service_type, pickup_datetime);
