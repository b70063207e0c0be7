-- Inserts every staged row whose id the table does not hold yet. Rows
-- repeated inside the file are all inserted, as the course's MERGE does,
-- because NOT EXISTS looks at the table as it was before this statement.
-- $1 is the file name recorded with each row.
INSERT INTO {table} (unique_row_id, filename, {columns})
SELECT staged.unique_row_id, $1, {columns}
FROM (
    SELECT {row_id} AS unique_row_id, {columns}
    FROM {staging}
    OFFSET 0 -- keeps the planner from computing the md5 twice (join and insert)
) AS staged
WHERE NOT EXISTS (
    SELECT 1 FROM {table} AS loaded
    WHERE loaded.unique_row_id = staged.unique_row_id
)
-- Inserting in id order fills the index page by page instead of at random.
ORDER BY staged.unique_row_id;
