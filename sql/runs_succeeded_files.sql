-- The files of a taxi and schema that some run has loaded, with the first
-- run that did. $1 taxi, $2 target schema.
SELECT file_name, min(run_id), to_char(min(finished_at), 'YYYY-MM-DD HH24:MI')
FROM taxi_etl.runs
WHERE taxi = $1 AND target_schema = $2 AND status = 'succeeded'
GROUP BY file_name;
