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
