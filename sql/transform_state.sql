-- $1 target schema: the zone fingerprint the models were built with.
SELECT zones_fingerprint FROM taxi_etl.transform_state WHERE target_schema = $1;
