-- What the last load of each file of a taxi and schema recorded (version 3
-- on; {relfilenode} is NULL::oid before version 4). $1 taxi, $2 schema.
SELECT file_name, table_oid, {relfilenode}, partition_rows, file_rows
FROM taxi_etl.loaded_files
WHERE taxi = $1 AND target_schema = $2;
