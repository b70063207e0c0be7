SELECT coalesce(max(version), 0) FROM taxi_etl.schema_version;
