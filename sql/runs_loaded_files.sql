-- The files of a taxi and schema that some run has loaded: the newest such
-- run, its end, and the rows the runs inserted (for a file loaded before
-- taxi_etl.loaded_files existed). $1 taxi, $2 target schema.
SELECT file_name, max(run_id), to_char(max(finished_at), 'YYYY-MM-DD HH24:MI'),
       coalesce(sum(rows_inserted), 0)
FROM taxi_etl.runs
WHERE taxi = $1 AND target_schema = $2 AND status = 'succeeded'
GROUP BY file_name
ORDER BY file_name;
