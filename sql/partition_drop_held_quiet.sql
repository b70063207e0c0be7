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
