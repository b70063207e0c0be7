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
