-- runs_list's columns and no row: where the taxi_etl schema does not exist
-- (a reader creates nothing). $1, $2 as runs_list.
SELECT NULL::bigint AS run_id, NULL::text AS started, NULL::text AS taxi, NULL::text AS file,
       NULL::text AS status, NULL::bigint AS rows_read, NULL::bigint AS rows_inserted,
       NULL::bigint AS rows_present, NULL::bigint AS bytes_downloaded,
       NULL::numeric AS seconds, NULL::jsonb AS labels, NULL::integer AS exit_code,
       NULL::text AS error
WHERE $1::text IS NULL AND $2::bigint IS NULL;
