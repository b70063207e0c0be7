-- taxi-etl's own schema, version 2: what incremental transforms need.

-- The pickup months each load touched, recorded in the load's transaction;
-- a transform rebuilds those months and deletes the rows it consumed.
CREATE TABLE taxi_etl.pending_months (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    taxi text NOT NULL,
    target_schema text NOT NULL,
    month timestamp NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pending_months_schema_idx ON taxi_etl.pending_months (target_schema);

-- Per schema: the zone lookup the models were last built with (a change
-- means a full rebuild), and when.
CREATE TABLE taxi_etl.transform_state (
    target_schema text PRIMARY KEY,
    zones_fingerprint text NOT NULL,
    transformed_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO taxi_etl.schema_version (version) VALUES (2);
