-- The pickup months of the file's rows in {rows} (the staging table, or the
-- table a first load filled), for the next incremental transform.
-- $1 taxi, $2 target schema.
INSERT INTO taxi_etl.pending_months (taxi, target_schema, month)
SELECT DISTINCT $1::text, $2::text, date_trunc('month', {pickup})
FROM {rows}
WHERE {pickup} IS NOT NULL;
