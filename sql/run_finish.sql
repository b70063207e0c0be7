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
