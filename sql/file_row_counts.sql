-- The rows the table holds of each file of $1 (a text array), in one scan
-- (of only their partitions, in a table partitioned by file). Needs only
-- SELECT on the table. Files without rows are absent.
SELECT filename, count(*) FROM {table} WHERE filename = ANY($1::text[]) GROUP BY filename;
