-- taxi-etl's own schema, version 1: the history of runs.
CREATE SCHEMA IF NOT EXISTS taxi_etl;

CREATE TABLE taxi_etl.schema_version (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- One row per load, like an orchestrator's list of executions.
CREATE TABLE taxi_etl.runs (
    run_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    taxi text NOT NULL,
    target_schema text NOT NULL,
    file_name text NOT NULL,
    source text NOT NULL,            -- the URL without secrets, or the path
    labels jsonb NOT NULL,           -- taxi, file, and backfill for backfill runs
    status text NOT NULL
        CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
    rows_read bigint,
    rows_inserted bigint,
    rows_present bigint,
    bytes_downloaded bigint,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    exit_code integer,
    error text,
    -- The backend that runs the load: a 'running' row whose backend is gone
    -- belongs to a run that was killed.
    backend_pid integer NOT NULL,
    backend_start timestamptz,
    client_host text,
    client_pid integer,
    taxi_etl_version text NOT NULL
);

CREATE INDEX runs_file_idx ON taxi_etl.runs (taxi, target_schema, file_name);
CREATE INDEX runs_running_idx ON taxi_etl.runs (run_id) WHERE status = 'running';

INSERT INTO taxi_etl.schema_version (version) VALUES (1);
