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
