-- What a reload compares: the recorded load and the partition's ids (reload_check.cpp).
-- Each section, from its `-- name:` line to the next, is one statement,
-- looked up by that name (sql.hpp).

-- name: loaded_file_get
-- What the last load of a file into this very table ($4, a regclass text)
-- recorded; no row when the table was created again since.
SELECT coalesce(etag, ''), coalesce(last_modified, ''), coalesce(length::text, ''),
       coalesce(mtime_ns::text, ''), coalesce(partition_rows::text, ''), file_rows
FROM taxi_etl.loaded_files
WHERE taxi = $1 AND target_schema = $2 AND file_name = $3
  AND table_oid = $4::regclass::oid;

-- name: loaded_file_record
-- In the load's transaction: the version of the source just loaded (or
-- found unchanged), its partition's row count, and the relfilenode of the
-- relation that holds its rows (as file_relations in loaded_months.sql).
-- What is not known ($5-$9) is NULL.
INSERT INTO taxi_etl.loaded_files AS f
    (taxi, target_schema, file_name, table_oid, etag, last_modified, length, mtime_ns,
     partition_rows, file_rows, relfilenode)
VALUES ($1, $2, $3, $4::regclass::oid, $5, $6, $7::bigint, $8::bigint, $9::bigint,
        $10::bigint,
        (SELECT coalesce(part.relfilenode, CASE WHEN t.relkind = 'r' THEN t.relfilenode END)
         FROM pg_class AS t
         LEFT JOIN (pg_inherits AS i JOIN pg_class AS part ON part.oid = i.inhrelid)
             ON i.inhparent = t.oid
            AND pg_get_expr(part.relpartbound, 0) = 'FOR VALUES IN (''' || replace($3, '''', '''''') || ''')'
         WHERE t.oid = $4::regclass::oid))
ON CONFLICT (taxi, target_schema, file_name) DO UPDATE
SET table_oid = excluded.table_oid, etag = excluded.etag,
    last_modified = excluded.last_modified, length = excluded.length,
    mtime_ns = excluded.mtime_ns, partition_rows = excluded.partition_rows,
    file_rows = excluded.file_rows, relfilenode = excluded.relfilenode,
    loaded_at = now();

-- name: partition_id_digest
-- The order-independent digest of a partition's ids: the row count, the
-- ids present, and the sums of each md5's two 64-bit halves (signed, summed
-- exactly as numeric), as the client computes them over the file.
SELECT count(*), count(unique_row_id),
       coalesce(sum(('x' || substr(unique_row_id, 1, 16))::bit(64)::bigint), 0),
       coalesce(sum(('x' || substr(unique_row_id, 17, 16))::bit(64)::bigint), 0)
FROM {partition};
