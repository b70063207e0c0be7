-- $1 run id. The run goes on on a new connection (the old one was lost):
-- its row names the new backend, so that runs_mark_interrupted.sql sees it
-- alive, and is 'running' again if another run marked it interrupted while
-- it had no backend.
UPDATE taxi_etl.runs
SET backend_pid = pg_backend_pid(),
    backend_start = (SELECT backend_start FROM pg_stat_activity
                     WHERE pid = pg_backend_pid()),
    status = 'running',
    finished_at = NULL,
    exit_code = NULL,
    error = NULL
WHERE run_id = $1::bigint;
