-- The pickup and id of every row of a file loaded before, to find out
-- whether the table still holds them all (see load.cpp). Private to the
-- session and dropped with the transaction, as the staging table is.
CREATE TEMP TABLE taxi_etl_probe (
    pickup timestamp,
    unique_row_id text
) ON COMMIT DROP;
