-- The run history and the taxi_etl schema's bookkeeping (history.cpp, and the modules that read it).
-- Each section, from its `-- name:` line to the next, is one statement,
-- looked up by that name (sql.hpp).

-- name: bookkeeping_exists
-- Read from the catalog tables rather than with to_regclass(): after waiting
-- for bookkeeping_lock, the session's catalog cache may still say that the
-- schema does not exist, while a fresh snapshot sees the other run's commit.
SELECT EXISTS (
    SELECT 1
    FROM pg_class AS c
    JOIN pg_namespace AS n ON n.oid = c.relnamespace
    WHERE n.nspname = 'taxi_etl' AND c.relname = 'schema_version'
);

-- name: bookkeeping_lock
-- Serialises the creation and upgrades of the taxi_etl schema.
SELECT pg_advisory_xact_lock(hashtextextended('taxi-etl bookkeeping', 0));

-- name: bookkeeping_version
SELECT coalesce(max(version), 0) FROM taxi_etl.schema_version;

-- name: run_finish
-- $1 run id, $2 status, $3 rows read, $4 inserted, $5 already present,
-- $6 bytes downloaded, $7 exit code, $8 error message (NULL for none; the
-- counts are NULL for a failed run, which does not have them).
UPDATE taxi_etl.runs
SET status = $2,
    rows_read = $3::bigint,
    rows_inserted = $4::bigint,
    rows_present = $5::bigint,
    bytes_downloaded = $6::bigint,
    exit_code = $7::integer,
    error = $8,
    finished_at = now()
WHERE run_id = $1::bigint;

-- name: run_reattach
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

-- name: run_start
-- $1 taxi, $2 target schema, $3 file name, $4 source, $5 'true' for a
-- backfill run, $6 client host, $7 client pid, $8 taxi-etl version.
INSERT INTO taxi_etl.runs (taxi, target_schema, file_name, source, labels, status,
                           backend_pid, backend_start, client_host, client_pid,
                           taxi_etl_version)
VALUES ($1::text, $2::text, $3::text, $4::text,
        jsonb_build_object('taxi', $1::text, 'file', $3::text)
            || CASE WHEN $5::boolean THEN '{"backfill": "true"}'::jsonb ELSE '{}' END,
        'running',
        pg_backend_pid(),
        (SELECT backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()),
        $6, $7::integer, $8)
RETURNING run_id;

-- name: runs_by_month
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

-- name: runs_list
-- The newest runs first, filtered (history_filter.hpp): $1 taxi ('' for
-- all), $2 how many (NULL: all), $3 statuses, comma separated ('' for all),
-- $4 target schema ('' for all), $5 a LIKE pattern of the file name ('' for
-- all), $6 a date: started on or after its midnight in the session's time
-- zone (NULL: any), $7 seconds: started at most that long ago (NULL: any).
-- A 'running' run whose backend is gone is shown as interrupted (as
-- runs_mark_interrupted would record it: a reader writes nothing), and
-- --status filters on what is shown; on a standby, where the primary's
-- backends are not visible, it is shown as it is. The first thirteen
-- columns are those history always had, in their order, for the scripts that
-- read them; started_at and finished_at are ISO 8601 with the zone's offset.
SELECT *
FROM (
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
           error,
           target_schema AS schema,
           source,
           to_char(started_at, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM') AS started_at,
           to_char(finished_at, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM') AS finished_at,
           client_host,
           client_pid,
           taxi_etl_version
    FROM taxi_etl.runs AS r
    WHERE ($1 = '' OR taxi = $1)
      AND ($4 = '' OR target_schema = $4)
      AND ($5 = '' OR file_name LIKE $5)
      AND ($6::date IS NULL OR started_at >= $6::date::timestamptz)
      AND ($7::bigint IS NULL OR started_at >= now() - make_interval(secs => $7::bigint))
) AS shown
WHERE $3 = '' OR status = ANY (string_to_array($3, ','))
ORDER BY run_id DESC
LIMIT $2::bigint;

-- name: runs_loaded_files
-- The files of a taxi and schema that some run has loaded: the newest such
-- run, its end, and the rows the runs inserted (for a file loaded before
-- taxi_etl.loaded_files existed). $1 taxi, $2 target schema.
SELECT file_name, max(run_id), to_char(max(finished_at), 'YYYY-MM-DD HH24:MI'),
       coalesce(sum(rows_inserted), 0)
FROM taxi_etl.runs
WHERE taxi = $1 AND target_schema = $2 AND status = 'succeeded'
GROUP BY file_name
ORDER BY file_name;

-- name: runs_mark_interrupted
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

-- name: runs_none
-- runs_list's columns and no row: where the taxi_etl schema does not exist
-- (a reader creates nothing). $1 to $7 as runs_list.
SELECT NULL::bigint AS run_id, NULL::text AS started, NULL::text AS taxi, NULL::text AS file,
       NULL::text AS status, NULL::bigint AS rows_read, NULL::bigint AS rows_inserted,
       NULL::bigint AS rows_present, NULL::bigint AS bytes_downloaded,
       NULL::numeric AS seconds, NULL::jsonb AS labels, NULL::integer AS exit_code,
       NULL::text AS error, NULL::text AS schema, NULL::text AS source,
       NULL::text AS started_at, NULL::text AS finished_at, NULL::text AS client_host,
       NULL::integer AS client_pid, NULL::text AS taxi_etl_version
WHERE $1::text IS NULL AND $2::bigint IS NULL AND $3::text IS NULL AND $4::text IS NULL
  AND $5::text IS NULL AND $6::date IS NULL AND $7::bigint IS NULL;

-- name: run_loaded_file
-- Whether a run has loaded file $3 of taxi $1 into schema $2 (the runs
-- index on taxi, schema and file answers it).
SELECT EXISTS (
    SELECT 1 FROM taxi_etl.runs
    WHERE taxi = $1 AND target_schema = $2 AND file_name = $3 AND status = 'succeeded'
);
