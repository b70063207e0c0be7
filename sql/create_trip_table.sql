-- The columns of the course's flow (unquoted names, no constraints), split
-- into one partition per file (see partition_create.sql): each month is
-- then written like a first load. The DEFAULT partition takes the rows no
-- file's partition holds, so the course's own MERGE still works on it. The
-- index on the pickup serves the merge's lookups, the reload's probe and
-- the transform; each partition brings its own, built in one sort.
CREATE TABLE {table} (
    unique_row_id text,
    filename text,
    {column_definitions}
) PARTITION BY LIST (filename);
CREATE TABLE {default_partition} PARTITION OF {table} DEFAULT;
CREATE INDEX {index} ON {table} ({pickup});
