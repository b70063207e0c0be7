-- What the last load of a file into this very table ($4, a regclass text)
-- recorded; no row when the table was created again since.
SELECT coalesce(etag, ''), coalesce(last_modified, ''), coalesce(length::text, ''),
       coalesce(mtime_ns::text, ''), coalesce(partition_rows::text, ''), file_rows
FROM taxi_etl.loaded_files
WHERE taxi = $1 AND target_schema = $2 AND file_name = $3
  AND table_oid = $4::regclass::oid;
