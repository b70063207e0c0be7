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
