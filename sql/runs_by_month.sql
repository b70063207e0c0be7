-- Per month of a taxi and schema (from the course's file names): whether a
-- run loaded it, the rows those runs inserted, and the newest run's status
-- (exit code 3 is a month that was not published, not a failure; a
-- 'running' run whose backend is gone is shown as interrupted, see runs_list).
-- $1 taxi, $2 target schema.
SELECT substring(file_name FROM '_(\d{4}-\d{2})\.csv$') AS month,
       bool_or(status = 'succeeded') AS loaded,
       coalesce(sum(rows_inserted) FILTER (WHERE status = 'succeeded'), 0) AS rows,
       (array_agg(CASE WHEN exit_code = 3 THEN 'not published'
                       WHEN status = 'running' AND NOT pg_is_in_recovery() AND NOT EXISTS (
                           SELECT 1 FROM pg_stat_activity AS a
                           WHERE a.pid = r.backend_pid
                             AND (a.backend_start IS NULL
                                  OR a.backend_start = r.backend_start))
                       THEN 'interrupted' ELSE status END
                  ORDER BY run_id DESC))[1] AS last_status
FROM taxi_etl.runs AS r
WHERE taxi = $1 AND target_schema = $2
  AND file_name ~ '_\d{4}-\d{2}\.csv$'
GROUP BY 1
ORDER BY 1;
