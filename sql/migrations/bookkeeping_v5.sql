-- taxi-etl's own schema, version 5: where each schema's zone lookup came
-- from, so that a transform given another --zones-url loads it.

-- The source as shown (redact_url: no user name, password or query), whether
-- that is the whole of it (false: what was left out cannot be compared with
-- nor fetched again), the zones it held, and when it was loaded. No row: a
-- lookup loaded before version 5, or by someone else (the course's dbt seed).
CREATE TABLE taxi_etl.zone_lookups (
    target_schema text PRIMARY KEY,
    source text NOT NULL,
    source_whole boolean NOT NULL,
    zones bigint NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO taxi_etl.schema_version (version) VALUES (5);
