-- A run left 'running' whose backend no longer exists was killed (kill -9,
-- a crash, a lost connection) before it could record its outcome. Its
-- transaction was rolled back by the server, so nothing of it was merged.
UPDATE taxi_etl.runs AS r
SET status = 'interrupted',
    finished_at = now(),
    error = 'the run ended without recording its outcome (killed, or its connection was lost)'
WHERE r.status = 'running'
  AND NOT EXISTS (
      SELECT 1 FROM pg_stat_activity AS a
      WHERE a.pid = r.backend_pid
        AND (a.backend_start IS NULL OR a.backend_start = r.backend_start)
  )
RETURNING r.run_id;
