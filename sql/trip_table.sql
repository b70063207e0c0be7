-- The trip table: its layout, its locks, the staging table, the probe and the merge (trip_table.cpp).
-- Each section, from its `-- name:` line to the next, is one statement,
-- looked up by that name (sql.hpp).

-- name: advisory_lock
-- A lock between taxi-etl runs, until the end of the transaction, keyed on
-- a text naming what it guards ($1: a table, a table and a file, a
-- partition's name), so that it works before that exists.
SELECT pg_advisory_xact_lock(hashtextextended($1, 0));

-- name: create_pickup_index
-- The merge finds a row's id through its pickup (see merge_staging.sql),
-- and an incremental transform reads one pickup month through it.
SET LOCAL maintenance_work_mem = '256MB';
CREATE INDEX IF NOT EXISTS {index} ON {table} ({pickup}, unique_row_id);

-- name: create_probe
-- The pickup and id of every row of a file loaded before, to find out
-- whether the table still holds them all (see load.cpp). Private to the
-- session and dropped with the transaction, as the staging table is.
CREATE TEMP TABLE taxi_etl_probe (
    pickup timestamp,
    unique_row_id text
) ON COMMIT DROP;

-- name: create_schema
CREATE SCHEMA {schema};

-- name: create_staging
-- One staging table per run: TEMP tables are private to the session, so
-- concurrent runs cannot see each other's, and the server drops it when the
-- transaction ends or the connection is lost, even after kill -9.
-- unique_row_id comes computed from the client, or NULL where the client
-- left it to the merge.
CREATE TEMP TABLE {staging} (
    unique_row_id text,
    {column_definitions}
) ON COMMIT DROP;

-- name: days_without_rows
-- Of the given pickup days ($1, a timestamp[] literal), those in which the
-- table holds no row yet: one probe of the (pickup, id) index each.
SELECT coalesce(array_agg(day), '{{}}')::text
FROM unnest($1::timestamp[]) AS day
WHERE NOT EXISTS (
    SELECT 1 FROM {table}
    WHERE {pickup} >= day AND {pickup} < day + interval '1 day'
);

-- name: drop_probe
DROP TABLE pg_temp.taxi_etl_probe;

-- name: lock_target_table
-- Also keeps the course's own flow (whose MERGE takes ROW EXCLUSIVE) from
-- merging into the table at the same time; readers are not blocked.
LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE;

-- name: merge_held_days
-- Inserts the staged rows of the pickup days in $3 but not in $2 (days of
-- which the table holds rows) whose id the table does not hold yet. Rows
-- repeated inside the file are all inserted, as the course's MERGE does.
--
-- The table's rows of those days are read first, day by day through the
-- pickup index, and hashed, as probe_missing.sql does. Looking each staged
-- row up instead costs an index probe in every partition; and without
-- statistics on the staging table the planner hashed the whole table,
-- five times slower (bench/README.md, "Figures behind the code").
-- $1 is the file name.
WITH loaded AS MATERIALIZED (
    SELECT loaded.{pickup} AS pickup, loaded.unique_row_id
    FROM unnest($3::timestamp[]) AS days (day)
    JOIN {table} AS loaded
      ON loaded.{pickup} >= days.day AND loaded.{pickup} < days.day + interval '1 day'
    WHERE NOT days.day = ANY ($2::timestamp[])
)
INSERT INTO {table} (unique_row_id, filename, {columns})
SELECT staged.unique_row_id, $1, {columns}
FROM (
    SELECT coalesce(unique_row_id, {row_id}) AS unique_row_id, {columns}
    FROM {staging}
    WHERE date_trunc('day', {pickup}) = ANY ($3::timestamp[])
      AND NOT date_trunc('day', {pickup}) = ANY ($2::timestamp[])
    OFFSET 0 -- keeps the planner from computing the ids twice (join and insert)
) AS staged
WHERE NOT EXISTS (
    SELECT 1 FROM loaded
    WHERE loaded.pickup = staged.{pickup}
      AND loaded.unique_row_id = staged.unique_row_id
);

-- name: merge_new_days
-- Inserts the staged rows of the pickup days in $2, of which the table held
-- no row just before (checked under the table's lock): a row can only match
-- a row of its own pickup (the id hashes it), so these need no lookup, and
-- for a new month that is nearly every row; the lookups were about half the
-- merge. Days, not months: a file's rows dated in other months (a few, on
-- a few days) would spoil a whole month. A statement of its own, not an OR
-- in merge_staging.sql: there the planner hashes the whole table for the
-- lookup. $1 is the file name.
INSERT INTO {table} (unique_row_id, filename, {columns})
SELECT coalesce(unique_row_id, {row_id}), $1, {columns}
FROM {staging}
WHERE date_trunc('day', {pickup}) = ANY ($2::timestamp[]);

-- name: merge_null_pickups
-- Inserts the staged rows without a pickup whose id is not among the
-- table's rows without one (rows with the same id have the same pickup).
-- $1 is the file name.
INSERT INTO {table} (unique_row_id, filename, {columns})
SELECT staged.unique_row_id, $1, {columns}
FROM (
    SELECT coalesce(unique_row_id, {row_id}) AS unique_row_id, {columns}
    FROM {staging}
    WHERE {pickup} IS NULL
    OFFSET 0
) AS staged
WHERE NOT EXISTS (
    SELECT 1 FROM {table} AS loaded
    WHERE loaded.{pickup} IS NULL
      AND loaded.unique_row_id = staged.unique_row_id
);

-- name: merge_settings
-- For the statements that attach a new partition or merge a file into the
-- table, until the end of the load's transaction.
-- The planner cannot know how few rows the table holds on the file's pickup
-- days (its estimates were 30 times too high), so it made JIT compile the
-- lookups, which took longer than the lookups themselves, and it sized the
-- hash of those rows past work_mem's default, which spilled it to disk in
-- batches: a reload took four times as long (bench/README.md, "Figures
-- behind the code").
SET LOCAL jit = off;
SET LOCAL work_mem = '64MB';

-- name: merge_staging
-- Inserts every staged row whose id the table does not hold yet. Rows
-- repeated inside the file are all inserted, as the course's MERGE does,
-- because NOT EXISTS looks at the table as it was before this statement.
-- The client computed the ids it was sure of; the rest are computed here
-- with the course's expression. $1 is the file name recorded with each row.
--
-- The id hashes the pickup's text, so two rows with the same id have the
-- same pickup: the lookup goes through the index on (pickup, id), whose
-- entries for one month lie together. A new month finds nothing there at
-- once, and keeping that index up touches only the month's own pages, where
-- an index on the id alone scatters every row across the whole index.
--
-- Rows of the days in $2 are left out: merge_new_days.sql inserted them.
INSERT INTO {table} (unique_row_id, filename, {columns})
SELECT staged.unique_row_id, $1, {columns}
FROM (
    SELECT coalesce(unique_row_id, {row_id}) AS unique_row_id, {columns}
    FROM {staging}
    OFFSET 0 -- keeps the planner from computing the ids twice (join and insert)
) AS staged
WHERE NOT coalesce(date_trunc('day', staged.{pickup}) = ANY ($2::timestamp[]), false)
AND NOT EXISTS (
    SELECT 1 FROM {table} AS loaded
    WHERE loaded.{pickup} = staged.{pickup}
      AND loaded.unique_row_id = staged.unique_row_id
)
AND (staged.{pickup} IS NOT NULL OR NOT EXISTS (
    SELECT 1 FROM {table} AS loaded
    WHERE loaded.{pickup} IS NULL
      AND loaded.unique_row_id = staged.unique_row_id
));

-- name: probe_missing
-- How many rows of the probe (the pickup and id of each row of a file
-- loaded before) the table does not hold, by pickup and id as
-- merge_staging.sql looks rows up, or by id among the rows without a
-- pickup. $1 holds the probe's pickup days.
--
-- The table's rows of those days are read from the (pickup, id) index,
-- day by day, and hashed: faster than looking each probe row up in the
-- index, and far faster than the plan the planner picks by itself
-- (hashing the whole table); bench/README.md, "Figures behind the code".
WITH loaded AS MATERIALIZED (
    SELECT loaded.{pickup} AS pickup, loaded.unique_row_id
    FROM unnest($1::date[]) AS days (day)
    JOIN {table} AS loaded
      ON loaded.{pickup} >= days.day AND loaded.{pickup} < days.day + 1
)
SELECT count(*)
FROM pg_temp.taxi_etl_probe AS probe
WHERE NOT EXISTS (
    SELECT 1 FROM loaded
    WHERE loaded.pickup = probe.pickup
      AND loaded.unique_row_id = probe.unique_row_id
)
AND (probe.pickup IS NOT NULL OR NOT EXISTS (
    SELECT 1 FROM {table} AS loaded
    WHERE loaded.{pickup} IS NULL
      AND loaded.unique_row_id = probe.unique_row_id
));

-- name: record_pending_months
-- The pickup months of the file's rows in {rows} (the staging table, or the
-- table a first load filled), for the next incremental transform.
-- $1 taxi, $2 target schema.
INSERT INTO taxi_etl.pending_months (taxi, target_schema, month)
SELECT DISTINCT $1::text, $2::text, date_trunc('month', {pickup})
FROM {rows}
WHERE {pickup} IS NOT NULL;

-- name: record_pending_months_listed
-- The pickup months the client saw while streaming, for the next
-- incremental transform. $1 taxi, $2 target schema, $3 the months as a
-- timestamp[] literal.
INSERT INTO taxi_etl.pending_months (taxi, target_schema, month)
SELECT $1::text, $2::text, unnest($3::timestamp[]);

-- name: schema_exists
SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1);

-- name: table_columns
-- The columns of table $2 in schema $1; no rows if there is no such table.
-- By name from the catalog tables, not with to_regclass(), whose cache may
-- not yet see a table another run created while we waited for the lock.
SELECT a.attname, format_type(a.atttypid, a.atttypmod)
FROM pg_attribute AS a
JOIN pg_class AS c ON c.oid = a.attrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1
  AND c.relname = $2
  AND a.attnum > 0
  AND NOT a.attisdropped
ORDER BY a.attnum;

-- name: table_layout
-- The kind of relation $2 in schema $1: 'p' partitioned (taxi-etl's),
-- 'r' plain (the course's, or an older taxi-etl's); no row if missing.
SELECT c.relkind
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1
  AND c.relname = $2;

-- name: try_advisory_lock
-- The lock of advisory_lock.sql without waiting: false if another session
-- holds it.
SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0));
