-- In the load's transaction: the version of the source just loaded (or
-- found unchanged) and its partition's row count. Empty texts are NULL.
INSERT INTO taxi_etl.loaded_files AS f
    (taxi, target_schema, file_name, table_oid, etag, last_modified, length, mtime_ns,
     partition_rows, file_rows)
VALUES ($1, $2, $3, $4::regclass::oid, nullif($5, ''), nullif($6, ''),
        nullif($7, '')::bigint, nullif($8, '')::bigint, nullif($9, '')::bigint, $10)
ON CONFLICT (taxi, target_schema, file_name) DO UPDATE
SET table_oid = excluded.table_oid, etag = excluded.etag,
    last_modified = excluded.last_modified, length = excluded.length,
    mtime_ns = excluded.mtime_ns, partition_rows = excluded.partition_rows,
    file_rows = excluded.file_rows,
    loaded_at = now();
