-- The newest runs first. $1 taxi ('' for all), $2 how many.
SELECT run_id,
       to_char(started_at, 'YYYY-MM-DD HH24:MI:SS') AS started,
       taxi,
       file_name AS file,
       status,
       rows_read,
       rows_inserted,
       rows_present,
       bytes_downloaded,
       round(extract(epoch FROM finished_at - started_at)::numeric, 1) AS seconds,
       labels,
       exit_code,
       error
FROM taxi_etl.runs
WHERE $1 = '' OR taxi = $1
ORDER BY run_id DESC
LIMIT $2::bigint;
