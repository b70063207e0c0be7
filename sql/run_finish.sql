-- $1 run id, $2 status, $3 rows read, $4 inserted, $5 already present,
-- $6 bytes downloaded, $7 exit code, $8 error message ('' for none: also
-- for the counts, which a failed run does not have).
UPDATE taxi_etl.runs
SET status = $2,
    rows_read = nullif($3, '')::bigint,
    rows_inserted = nullif($4, '')::bigint,
    rows_present = nullif($5, '')::bigint,
    bytes_downloaded = nullif($6, '')::bigint,
    exit_code = $7::integer,
    error = nullif($8, ''),
    finished_at = now()
WHERE run_id = $1::bigint;
