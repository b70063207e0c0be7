INSERT INTO taxi_etl.transform_state (target_schema, zones_fingerprint)
VALUES ($1, $2)
ON CONFLICT (target_schema)
DO UPDATE SET zones_fingerprint = excluded.zones_fingerprint, transformed_at = now();
