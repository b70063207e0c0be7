-- A file's partition: created, filled, stripped of held rows, attached (partition.cpp).
-- Each section, from its `-- name:` line to the next, is one statement,
-- looked up by that name (sql.hpp).

-- name: create_trip_table
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

-- name: file_has_rows
-- Whether the table holds rows of file $1: in the DEFAULT partition, where
-- the course's MERGE puts them, once no partition of the file exists.
SELECT EXISTS (SELECT 1 FROM {table} WHERE filename = $1);

-- name: file_partition
-- The partition of table $2 of schema $1 (partitioned by filename) that is
-- bound to file $3 alone, as SQL text; no row for a plain table, or a file
-- without a partition of its own (its rows are in the DEFAULT partition).
-- Found by its bound, not its name (which may have needed a suffix). The
-- bound holds no column, so pg_get_expr() needs no relation (and no lock on
-- it, which another session may hold). It writes the bound's value as a
-- plain literal: quotes doubled, a backslash as it is (quote_literal()
-- would write E'a\\b' for it).
SELECT quote_ident(n.nspname) || '.' || quote_ident(part.relname)
FROM pg_inherits AS i
JOIN pg_class AS part ON part.oid = i.inhrelid
JOIN pg_class AS parent ON parent.oid = i.inhparent
JOIN pg_namespace AS n ON n.oid = parent.relnamespace
WHERE n.nspname = $1
  AND parent.relname = $2
  AND pg_get_expr(part.relpartbound, 0) = 'FOR VALUES IN (''' || replace($3, '''', '''''') || ''')';

-- name: filename_default_drop
ALTER TABLE {table} ALTER COLUMN filename DROP DEFAULT;

-- name: fill_row_ids
-- The ids the client was not sure of, computed with the course's expression
-- after a first load's COPY.
UPDATE {table} SET unique_row_id = {row_id} WHERE unique_row_id IS NULL;

-- name: partition_attach
-- The new partition joins the table. Its CHECK proves the bound, so only
-- the DEFAULT partition is scanned (for rows of this file: none, or the
-- load would have merged instead), which the course's MERGE alone fills.
ALTER TABLE {table} ATTACH PARTITION {partition} FOR VALUES IN ({file});

-- name: partition_create
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

-- name: partition_days
-- The pickup days of the rows of a new partition, when the client was not
-- sure of them.
SELECT coalesce(array_agg(DISTINCT {pickup}::date), '{{}}')::text FROM {partition};

-- name: partition_drop_held
-- Deletes from the new partition (not attached yet) the rows whose id the
-- table already holds: the course's MERGE would not insert them. Rows
-- repeated inside the file all stay. A row can only match a row of its own
-- pickup (the id hashes it), so only the table's rows of the file's pickup
-- days ($1) are read, through the pickup index: for a new month, the few
-- rows of other files dated in it. Each is looked up in the new partition's
-- index (OFFSET 0 keeps the lookup a nested loop): joined as a whole, the
-- planner sorted or hashed every row of the new partition.
WITH loaded AS MATERIALIZED (
    SELECT DISTINCT loaded.{pickup} AS pickup, loaded.unique_row_id
    FROM unnest($1::date[]) AS days (day)
    JOIN {table} AS loaded
      ON loaded.{pickup} >= days.day AND loaded.{pickup} < days.day + 1
)
DELETE FROM {partition}
WHERE ctid = ANY (ARRAY(
    SELECT held.ctid
    FROM loaded
    CROSS JOIN LATERAL (
        SELECT new.ctid
        FROM {partition} AS new
        WHERE new.{pickup} = loaded.pickup
          AND new.unique_row_id = loaded.unique_row_id
        OFFSET 0
    ) AS held
));

-- name: partition_drop_held_null
-- partition_drop_held.sql for the rows without a finite pickup (NULL, or
-- an infinity, whose day partition_drop_held.sql cannot range over):
-- matched by id among the table's rows with the same pickup, as
-- merge_staging.sql does.
DELETE FROM {partition} AS new
WHERE (new.{pickup} IS NULL OR new.{pickup} IN ('infinity', '-infinity'))
  AND EXISTS (
      SELECT 1 FROM {table} AS loaded
      WHERE (loaded.{pickup} IS NULL OR loaded.{pickup} IN ('infinity', '-infinity'))
        AND loaded.{pickup} IS NOT DISTINCT FROM new.{pickup}
        AND loaded.unique_row_id = new.unique_row_id
  );

-- name: partition_drop_held_quiet
-- partition_drop_held.sql for the file's quiet days ($1, see
-- split_days() of partition.cpp): the new partition's few rows of those days are
-- taken first (MATERIALIZED: else the planner looked every row of the file
-- up, then kept those of the days), then each is looked up in the table by
-- its pickup and id (LIMIT 1 keeps it a lookup per row, through each
-- partition's pickup index).
WITH quiet AS MATERIALIZED (
    SELECT new.ctid AS row, new.{pickup} AS pickup, new.unique_row_id
    FROM unnest($1::date[]) AS days (day)
    JOIN {partition} AS new
      ON new.{pickup} >= days.day AND new.{pickup} < days.day + 1
)
DELETE FROM {partition}
WHERE ctid = ANY (ARRAY(
    SELECT quiet.row
    FROM quiet
    CROSS JOIN LATERAL (
        SELECT 1 FROM {table} AS loaded
        WHERE loaded.{pickup} = quiet.pickup
          AND loaded.unique_row_id = quiet.unique_row_id
        LIMIT 1
    ) AS held
));

-- name: partition_index
-- The index of create_trip_table.sql, built in one sort over the new
-- partition's rows; ATTACH adopts it.
SET LOCAL maintenance_work_mem = '256MB';
CREATE INDEX ON {partition} ({pickup});

-- name: partition_name_hash
-- A short hash of file name $1, to tell its partition's name apart.
SELECT left(md5($1), 8);

-- name: relation_exists
-- Whether schema $1 has a relation (table, index, view...) named $2.
SELECT EXISTS (
    SELECT 1
    FROM pg_class AS c
    JOIN pg_namespace AS n ON n.oid = c.relnamespace
    WHERE n.nspname = $1
      AND c.relname = $2
);
