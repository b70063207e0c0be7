-- taxi-etl's own schema, version 3: what a reload needs to know that a file
-- is unchanged without reading it.

-- One row per file loaded into a table, written in the load's transaction
-- (never ahead of the data): the validators of the version of the source
-- that was read, and the row count of the file's partition when the table
-- has one. table_oid ties the row to the table it describes: a table
-- dropped and created again has another oid, so its old rows do not count.
CREATE TABLE taxi_etl.loaded_files (
    taxi text NOT NULL,
    target_schema text NOT NULL,
    file_name text NOT NULL,
    table_oid oid NOT NULL,
    etag text,             -- HTTP, as sent, quotes included
    last_modified text,    -- HTTP, as sent
    length bigint,         -- Content-Length, or a local file's size
    mtime_ns bigint,       -- a local file's modification time
    file_rows bigint NOT NULL, -- the rows the file had
    partition_rows bigint, -- NULL: no partition of its own (a plain table)
    loaded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (taxi, target_schema, file_name)
);

INSERT INTO taxi_etl.schema_version (version) VALUES (3);
