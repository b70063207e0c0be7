-- Which files the table still holds (loaded_months.cpp).
-- Each section, from its `-- name:` line to the next, is one statement,
-- looked up by that name (sql.hpp).

-- name: file_relations
-- Per file of $2 (a text array): the relfilenode of the relation that holds
-- its rows in table $1 (an oid) now: its own partition, or the plain table;
-- NULL for a partitioned table without a partition of the file.
SELECT f.name, coalesce(part.relfilenode, CASE WHEN t.relkind = 'r' THEN t.relfilenode END)
FROM unnest($2::text[]) AS f(name)
JOIN pg_class AS t ON t.oid = $1::oid
LEFT JOIN (pg_inherits AS i JOIN pg_class AS part ON part.oid = i.inhrelid)
    ON i.inhparent = t.oid
   AND pg_get_expr(part.relpartbound, 0) = 'FOR VALUES IN (''' || replace(f.name, '''', '''''') || ''')';

-- name: file_row_counts
-- The rows the table holds of each file of $1 (a text array), in one scan
-- (of only their partitions, in a table partitioned by file). Needs only
-- SELECT on the table. Files without rows are absent.
SELECT filename, count(*) FROM {table} WHERE filename = ANY($1::text[]) GROUP BY filename;

-- name: loaded_files_read
-- What the last load of each file of a taxi and schema recorded (version 3
-- on; {relfilenode} is NULL::oid before version 4). $1 taxi, $2 schema.
SELECT file_name, table_oid, {relfilenode}, partition_rows, file_rows
FROM taxi_etl.loaded_files
WHERE taxi = $1 AND target_schema = $2;

-- name: table_now
-- Table $2 of schema $1 as it is now: its oid, 'p' (partitioned) or 'r',
-- and its relfilenode. From the catalog: needs no privilege on it.
SELECT c.oid, c.relkind, c.relfilenode
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p');
