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
