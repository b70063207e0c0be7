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
