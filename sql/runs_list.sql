-- The newest runs first. $1 taxi ('' for all), $2 how many. A 'running'
-- run whose backend is gone is shown as interrupted (as runs_mark_interrupted
-- would record it: a reader writes nothing); on a standby, where the
-- primary's backends are not visible, it is shown as it is.
SELECT run_id,
       to_char(started_at, 'YYYY-MM-DD HH24:MI:SS') AS started,
       taxi,
       file_name AS file,
       CASE WHEN status = 'running' AND NOT pg_is_in_recovery() AND NOT EXISTS (
                SELECT 1 FROM pg_stat_activity AS a
                WHERE a.pid = r.backend_pid
                  AND (a.backend_start IS NULL OR a.backend_start = r.backend_start))
            THEN 'interrupted' ELSE status END AS status,
       rows_read,
       rows_inserted,
       rows_present,
       bytes_downloaded,
       round(extract(epoch FROM finished_at - started_at)::numeric, 1) AS seconds,
       labels,
       exit_code,
       error
FROM taxi_etl.runs AS r
WHERE $1 = '' OR taxi = $1
ORDER BY run_id DESC
LIMIT $2::bigint;
