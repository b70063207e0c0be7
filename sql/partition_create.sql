-- A new file's partition, a table of its own until partition_attach.sql.
-- Created in the load's transaction, so COPY can write it frozen; the
-- default fills filename without the client sending it (dropped after the
-- COPY: the course's table has none); the CHECK is the partition's bound,
-- so that ATTACH need not scan the rows to prove it.
CREATE TABLE {partition} (
    unique_row_id text,
    filename text DEFAULT {file} CHECK (filename IS NOT NULL AND filename = {file}),
    {column_definitions}
);
