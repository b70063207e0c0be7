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
