-- partition_drop_held.sql for the rows without a pickup: matched by id
-- among the table's rows without one, as merge_staging.sql does.
DELETE FROM {partition} AS new
WHERE new.{pickup} IS NULL
  AND new.unique_row_id IN (
      SELECT loaded.unique_row_id FROM {table} AS loaded WHERE loaded.{pickup} IS NULL
  );
